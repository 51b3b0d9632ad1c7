"""Turning an answer into a durable review record with the question's next FSRS card, and a note
into a note kept on its question."""

from __future__ import annotations

from datetime import datetime

from fsrs import Card, Rating

from quiz.kinds import Response
from quiz.scheduling.fsrs import Scheduling, card_from_dict, card_to_dict, rating_for
from quiz.store.progress import ProgressStore
from quiz.store.question_notes import MAX_NOTE_CHARACTERS, QuestionNote
from quiz.store.review import Review, new_event_id


def checked_remark(text: str) -> str:
    """A note as it is kept: trailing blanks and line breaks dropped; ValueError when too long."""
    text = text.rstrip()
    if len(text) > MAX_NOTE_CHARACTERS:
        raise ValueError(f"a note holds at most {MAX_NOTE_CHARACTERS:,} characters (this one has {len(text):,})")
    return text


def keep_on_question(
    store: ProgressStore | None,
    *,
    key: str,
    text: str,
    keep: bool,
    session_id: str,
    item: int,
    when: datetime,
) -> QuestionNote | None:
    """Keep a session's note on its question too (`keep`), or take off the one this very question of
    this session kept before (`keep` unticked, or the note emptied); a note kept from elsewhere is only
    ever replaced, never removed from here. Returns the event recorded, if one was needed."""
    if store is None:
        return None
    current = store.question_note(key)
    from_here = current is not None and current.session == session_id and current.item == item
    if keep and text:
        if current is not None and current.text == text:
            return None
        note = QuestionNote(new_event_id(), when, key, text, session_id, item)
    elif from_here:
        note = QuestionNote(new_event_id(), when, key, "", session_id, item)
    else:
        return None
    store.record_question_note(note)
    return note


CRAM = "cram"  # the mode of answers given in cram: counted, never scheduled (quiz.session.cram)


def current_card(store: ProgressStore | None, key: str) -> Card | None:
    history = store.history.get(key) if store else None
    return card_from_dict(history.card) if history else None


def review_record(
    scheduling: Scheduling,
    *,
    key: str,
    card: Card | None,
    response: Response,
    correct: bool,
    when: datetime,
    duration_ms: int,
    mode: str,
    session_id: str,
    rating: Rating | None = None,
    amends: bool = False,
    kind: str = "choice",
    item: int | None = None,
    review_id: str | None = None,
) -> Review:
    """A new review and the card after it. Its id is `review_id`, else a new unique one. A cram
    answer (`mode` "cram") is kept but schedules nothing: its card after is the card before."""
    rating = rating if rating is not None else rating_for(correct)
    review_id = review_id or new_event_id()
    if mode == CRAM:
        if card is None:
            raise ValueError("cram asks only questions that have a schedule already")
        after = card
    else:
        after = scheduling.review(key, card, rating, when, duration_ms, review_id)
    return Review(
        review_id,
        when,
        key,
        response,
        correct,
        int(rating),
        duration_ms,
        mode,
        session_id,
        card_to_dict(after),
        item,
        amends,
        kind,
        retention=None if mode == CRAM else scheduling.desired_retention,
    )

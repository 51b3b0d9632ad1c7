"""Turning an answer into a durable review record with the question's next FSRS card."""

from __future__ import annotations

from datetime import datetime

from fsrs import Card, Rating

from quiz.kinds import Response
from quiz.scheduling.fsrs import Scheduling, card_from_dict, card_to_dict, rating_for
from quiz.store.progress import ProgressStore
from quiz.store.review import Review, new_event_id


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
    """A new review and the card after it. Its id is `review_id`, else a new unique one."""
    rating = rating if rating is not None else rating_for(correct)
    review_id = review_id or new_event_id()
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
    )

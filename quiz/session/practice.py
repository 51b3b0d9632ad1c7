"""Practice (tutor mode) and reviews: every answer is final, recorded at once, and explained."""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass, field

from fsrs import Card, Rating

from quiz.clock import Clock
from quiz.errors import NoQuestionsError, StoreWriteError
from quiz.kinds import Presentation, Response, kind_of
from quiz.library import Entry
from quiz.models import Profile, Question
from quiz.scheduling.fsrs import Scheduling
from quiz.session.common import SessionFinishedError, new_session_id, place
from quiz.session.recording import checked_remark, current_card, keep_on_question, review_record
from quiz.session.strikes import StrikeChange, toggle_strike, unstruck_by
from quiz.store.pending import Placed
from quiz.store.progress import ProgressStore
from quiz.store.question_notes import QuestionNote
from quiz.store.results import ItemResult, SessionResult
from quiz.store.review import attempt_id

KEPT_ON_ANSWER = "every answer before this one is recorded; answer this question again once it is fixed"
KEPT_ON_FINISH = "every answer is recorded; only the session's summary is missing, so finish it again"


@dataclass(frozen=True)
class Feedback:
    correct: bool
    response: Response  # what was answered, as the question's kind writes it
    explanation: str | None
    references: tuple[str, ...]


@dataclass
class _Answered:
    response: Response
    correct: bool
    seconds: float
    card_before: Card | None
    guessed: bool = False


@dataclass
class PracticeSession:
    entries: list[Entry]
    clock: Clock
    scheduling: Scheduling
    store: ProgressStore | None = None
    title: str = "Practice"
    kind: str = "practice"  # or "review"
    seed: int = 0
    profile: Profile | None = None  # an exam in tutor mode: the profile it was drawn from
    session_id: str = field(default_factory=new_session_id)
    result: SessionResult | None = None

    def __post_init__(self) -> None:
        if not self.entries:
            raise NoQuestionsError("no questions to practise with these choices")
        rng = random.Random(self.seed)
        self.items: list[Placed] = [place(e, rng) for e in self.entries]
        self.index = 0
        self.answers: dict[int, _Answered] = {}
        # kept in memory and with the attempt when the session finishes (practice saves no state
        # between answers); a note kept on its question is written at once
        self.struck: dict[int, frozenset[int]] = {}
        self.remarks: dict[int, str] = {}
        self._started_at = self.clock.now()
        self._started = self.clock.monotonic()
        self._shown = self._started

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def entry(self) -> Entry:
        return self.entries[self.index]

    @property
    def question(self) -> Question:
        """The current question as asked (a drill's generated version is fixed by its variant)."""
        return self.entry.variant(self.items[self.index].variant)

    @property
    def presentation(self) -> Presentation:
        """How the current question is shown (its kind's arrangement, e.g. the choices' order)."""
        return self.items[self.index].presentation

    @property
    def answered(self) -> bool:
        return self.index in self.answers

    @property
    def answered_count(self) -> int:
        return len(self.answers)

    @property
    def correct_count(self) -> int:
        return sum(a.correct for a in self.answers.values())

    @property
    def elapsed(self) -> float:
        return self.clock.monotonic() - self._started

    @property
    def is_last(self) -> bool:
        return self.index >= self.total - 1

    def struck_now(self) -> frozenset[int]:
        """The current question's struck-out options (indexes in the bank file's order)."""
        return self.struck.get(self.index, frozenset())

    def toggle_strike(self, position: int, response: Response) -> StrikeChange:
        """Strike out (or restore) the choice shown at `position` while `response` is picked but not
        given yet; the change's response is what stays picked. CannotStrikeError: it has no choices."""
        self._running()
        if self.answered:
            raise ValueError("this question is answered: strike-outs are for choosing")
        change = toggle_strike(self.question, self.presentation, self.struck_now(), response, position)
        self._set_struck(change.struck)
        return change

    def picking(self, response: Response) -> None:
        """`response` is picked (not given yet): a struck choice it picks is restored."""
        self._set_struck(unstruck_by(self.question, self.struck_now(), response))

    def _set_struck(self, struck: frozenset[int]) -> None:
        if struck:
            self.struck[self.index] = struck
        else:
            self.struck.pop(self.index, None)

    def remark(self) -> str:
        return self.remarks.get(self.index, "")

    def kept_note(self) -> QuestionNote | None:
        return self.store.question_note(self.entry.key) if self.store is not None else None

    def set_remark(self, text: str, *, keep: bool = False) -> None:
        """The user's note on the current question ("" removes it), kept with the session's attempt
        when it finishes; with `keep`, also kept on the question now, for later study."""
        self._running()
        text = checked_remark(text)
        keep_on_question(
            self.store,
            key=self.entry.key,
            text=text,
            keep=keep,
            session_id=self.session_id,
            item=self.index,
            when=self.clock.now(),
        )
        if text:
            self.remarks[self.index] = text
        else:
            self.remarks.pop(self.index, None)

    def answer(self, response: Response) -> Feedback:
        """Answer the current question; final and recorded at once."""
        self._running()
        if self.answered:
            raise ValueError("this question is already answered")
        question = self.question
        kind = kind_of(question)
        kind.check_response(response)
        if not kind.is_complete(response):
            raise ValueError("give a whole answer first")
        self.picking(response)
        seconds = self.clock.monotonic() - self._shown
        card_before = current_card(self.store, self.entry.key)
        answered = _Answered(response, kind.grade(question, response), seconds, card_before)
        self._record(self.index, answered, amends=False)  # on disk first: a failed write answers nothing
        self.answers[self.index] = answered
        return self.feedback()

    def feedback(self) -> Feedback:
        answered = self.answers[self.index]
        question = self.question
        return Feedback(answered.correct, answered.response, question.explanation, question.references)

    def mark_guess(self) -> bool:
        """Say a correct answer was a guess: its review is re-rated Hard. Returns whether it applied."""
        answered = self.answers.get(self.index)
        if answered is None or not answered.correct or answered.guessed:
            return False
        self._record(self.index, dataclasses.replace(answered, guessed=True), amends=True)
        answered.guessed = True
        return True

    def next(self) -> bool:
        """Move to the next question; False when this was the last one (then call `finish`)."""
        self._running()
        if self.is_last:
            return False
        self.index += 1
        self._shown = self.clock.monotonic()
        return True

    def finish(self) -> SessionResult:
        """End the session (answered questions only count) and store it as an attempt."""
        if self.result is not None:
            return self.result
        items = tuple(self._item_result(i, a) for i, a in sorted(self.answers.items()))
        result = SessionResult(
            session_id=self.session_id,
            kind=self.kind,
            title=self.title,
            profile_id=self.profile.id if self.profile else None,
            started_at=self._started_at,
            finished_at=self.clock.now(),
            time_used=self.elapsed,
            timed_out=False,
            pass_percent=self.profile.pass_percent if self.profile else None,
            items=items,
            tutor=self.profile is not None,
        )
        if self.store is not None and items:
            try:
                result = dataclasses.replace(result, id=attempt_id(self.session_id))
                self.store.record_attempt(result, action="record the finished session")
            except StoreWriteError as error:
                raise error.but_kept(KEPT_ON_FINISH) from error.cause
        self.result = result  # finished only once it is on disk
        return result

    def _item_result(self, index: int, answered: _Answered) -> ItemResult:
        placed = self.items[index]
        question = self.entries[index].variant(placed.variant)
        kind = kind_of(question)
        return ItemResult(
            key=placed.key,
            domain=question.domain,
            response=answered.response,
            answer=kind.answer_key(question),
            correct=answered.correct,
            flagged=False,
            seconds=answered.seconds,
            variant=placed.variant,
            presentation=placed.presentation,
            kind=kind.name,
            struck=tuple(sorted(self.struck.get(index, ()))),
            remark=self.remarks.get(index, ""),
        )

    def _running(self) -> None:
        if self.result is not None:
            raise SessionFinishedError("this session has finished")

    def _record(self, index: int, answered: _Answered, *, amends: bool) -> None:
        record = review_record(
            self.scheduling,
            key=self.items[index].key,
            card=answered.card_before,
            response=answered.response,
            correct=answered.correct,
            when=self.clock.now(),
            duration_ms=round(answered.seconds * 1000),
            mode=self.kind,
            session_id=self.session_id,
            rating=Rating.Hard if answered.guessed else None,
            amends=amends,
            kind=self.items[index].kind,
        )
        if self.store is not None:
            try:
                self.store.record_reviews([record], action="record your answer")
            except StoreWriteError as error:
                raise error.but_kept(KEPT_ON_ANSWER) from error.cause

"""Practice (tutor mode) and reviews: every answer is final, recorded at once, and explained."""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass, field
from typing import Any

from fsrs import Card, Rating

from quiz.clock import Clock
from quiz.errors import StoreWriteError
from quiz.library import Entry
from quiz.models import Question
from quiz.scheduler import Scheduling
from quiz.session.common import Placed, SessionFinishedError, new_session_id, place
from quiz.session.recording import current_card, review_record
from quiz.session.results import ItemResult, SessionResult
from quiz.store.progress import ProgressStore

KEPT_ON_ANSWER = "every answer before this one is recorded; answer this question again once it is fixed"
KEPT_ON_FINISH = "every answer is recorded; only the session's summary is missing, so finish it again"


@dataclass(frozen=True)
class Feedback:
    correct: bool
    chosen: frozenset[int]  # display positions
    correct_positions: frozenset[int]  # display positions of the right answer(s)
    explanation: str | None
    references: tuple[str, ...]


@dataclass
class _Answered:
    chosen: tuple[int, ...]  # bank-order indexes
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
    limit_seconds: float | None = None
    session_id: str = field(default_factory=new_session_id)
    result: SessionResult | None = None

    def __post_init__(self) -> None:
        if not self.entries:
            raise ValueError("no questions to practise with these choices")
        rng = random.Random(self.seed)
        self.items: list[Placed] = [place(e, rng) for e in self.entries]
        self.index = 0
        self.answers: dict[int, _Answered] = {}
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

    def choices(self) -> list[str]:
        question = self.question
        return [question.choices[i] for i in self.items[self.index].order]

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
    def remaining(self) -> float | None:
        if self.limit_seconds is None:
            return None
        return max(0.0, self.limit_seconds - self.elapsed)

    @property
    def is_last(self) -> bool:
        return self.index >= self.total - 1

    def answer(self, positions: set[int] | frozenset[int]) -> Feedback:
        """Answer the current question with the chosen display positions; final and recorded at once."""
        self._running()
        if self.answered:
            raise ValueError("this question is already answered")
        order = self.items[self.index].order
        chosen = tuple(sorted(order[p] for p in positions if 0 <= p < len(order)))
        if not chosen:
            raise ValueError("choose at least one answer")
        question = self.question
        correct = set(chosen) == set(question.correct)
        seconds = self.clock.monotonic() - self._shown
        card_before = current_card(self.store, self.entry.key)
        answered = _Answered(chosen, correct, seconds, card_before)
        self._record(self.index, answered, amends=False)  # on disk first: a failed write answers nothing
        self.answers[self.index] = answered
        return self.feedback()

    def feedback(self) -> Feedback:
        answered = self.answers[self.index]
        order = self.items[self.index].order
        question = self.question
        return Feedback(
            correct=answered.correct,
            chosen=frozenset(order.index(i) for i in answered.chosen),
            correct_positions=frozenset(order.index(i) for i in question.correct),
            explanation=question.explanation,
            references=question.references,
        )

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
        items = tuple(
            ItemResult(
                key=self.items[i].key,
                domain=self.entries[i].domain,
                chosen=a.chosen,
                correct_answer=tuple(sorted(self.entries[i].variant(self.items[i].variant).correct)),
                flagged=False,
                seconds=a.seconds,
                variant=self.items[i].variant,
                order=self.items[i].order,
            )
            for i, a in sorted(self.answers.items())
        )
        result = SessionResult(
            session_id=self.session_id, kind=self.kind, title=self.title, profile_id=None,
            started_at=self._started_at, finished_at=self.clock.now(), time_used=self.elapsed,
            timed_out=self.remaining == 0.0, pass_percent=None, items=items,
        )
        if self.store is not None and items:
            try:
                self.store.record_attempt(result.to_dict(), action="record the finished session")
            except StoreWriteError as error:
                raise error.but_kept(KEPT_ON_FINISH) from error.cause
        self.result = result  # finished only once it is on disk
        return result

    def _running(self) -> None:
        if self.result is not None:
            raise SessionFinishedError("this session has finished")
        if self.remaining == 0.0:
            self.finish()
            raise SessionFinishedError("time is up")

    def _record(self, index: int, answered: _Answered, *, amends: bool) -> None:
        record: dict[str, Any] = review_record(
            self.scheduling,
            key=self.items[index].key,
            card=answered.card_before,
            chosen=answered.chosen,
            correct=answered.correct,
            when=self.clock.now(),
            duration_ms=round(answered.seconds * 1000),
            mode=self.kind,
            session_id=self.session_id,
            rating=Rating.Hard if answered.guessed else None,
            amends=amends,
        )
        if self.store is not None:
            try:
                self.store.record_reviews([record], action="record your answer")
            except StoreWriteError as error:
                raise error.but_kept(KEPT_ON_ANSWER) from error.cause

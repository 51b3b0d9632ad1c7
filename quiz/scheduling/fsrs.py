"""Spaced repetition with the `fsrs` package (FSRS-6): one card per question key.

`fsrs` itself is imported when a card is first scheduled, read or rated, not at start-up: Home
shows due counts from the store's own due dates, so drawing it needs none of it (5 ms saved).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from quiz.scheduling.exam_plan import ExamPlan, cap_for_exam

if TYPE_CHECKING:
    from fsrs import Card, Rating

    from quiz.scheduling.seeded import SeededScheduler
    from quiz.store.progress import KeyHistory
    from quiz.store.review import Review

DEFAULT_RETENTION = 0.9


def rating_for(correct: bool, *, guessed: bool = False) -> Rating:
    """Wrong -> Again; correct -> Good, or Hard when the user says it was a guess."""
    from fsrs import Rating

    if not correct:
        return Rating.Again
    return Rating.Hard if guessed else Rating.Good


def card_id_for(key: str) -> int:
    # stable across runs and machines, and it avoids fsrs.Card()'s 1 ms sleep for a time-based id
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=7).digest(), "big")


class Scheduling:
    def __init__(
        self,
        desired_retention: float = DEFAULT_RETENTION,
        *,
        fuzzing: bool = True,
        plan: ExamPlan | None = None,
        parameters: Sequence[float] | None = None,
    ) -> None:
        """`parameters`: FSRS-6's 21 weights (fitted to the user's reviews: quiz.scheduling.optimize);
        None: fsrs's defaults."""
        self.desired_retention = desired_retention
        self.fuzzing = fuzzing
        self.fitted = tuple(parameters) if parameters is not None else None
        self.plan = plan  # with an exam date, intervals are capped so every card comes back in the final week
        self._scheduler: SeededScheduler | None = None
        self._for_retention: dict[float, SeededScheduler] = {}  # replaying reviews made for another one

    @property
    def scheduler(self) -> SeededScheduler:
        """The FSRS scheduler, made (and `fsrs` imported) when something first schedules or reads a card."""
        if self._scheduler is None:
            from fsrs.scheduler import DEFAULT_PARAMETERS

            from quiz.scheduling.seeded import SeededScheduler

            self._scheduler = SeededScheduler(
                parameters=self.fitted if self.fitted is not None else DEFAULT_PARAMETERS,
                desired_retention=self.desired_retention,
                enable_fuzzing=self.fuzzing,
            )
        return self._scheduler

    def _scheduler_for(self, retention: float | None) -> SeededScheduler:
        """The scheduler aiming at `retention` (None or the one in force: `scheduler`), with the same
        parameters, so a review replays with the retention it was made for."""
        if retention is None or retention == self.desired_retention:
            return self.scheduler
        found = self._for_retention.get(retention)
        if found is None:
            from quiz.scheduling.seeded import SeededScheduler

            found = self._for_retention[retention] = SeededScheduler(
                parameters=self.scheduler.parameters, desired_retention=retention, enable_fuzzing=self.fuzzing
            )
        return found

    def new_card(self, key: str, when: datetime) -> Card:
        from fsrs import Card

        return Card(card_id=card_id_for(key), due=when)

    def review(
        self,
        key: str,
        card: Card | None,
        rating: Rating,
        when: datetime,
        duration_ms: int | None,
        review_id: str = "",
        retention: float | None = None,
    ) -> Card:
        """The card after one review; its fuzz is seeded by the key and `review_id`. `retention`:
        the desired retention the review was made for (None: the one in force)."""
        if when.tzinfo is None or when.utcoffset() != UTC.utcoffset(None):
            raise ValueError("review times must be timezone-aware UTC")
        when = when.astimezone(UTC)
        current = card if card is not None else self.new_card(key, when)
        scheduler = self._scheduler_for(retention)
        reviewed = scheduler.review_seeded(current, rating, when, duration_ms, f"{key}\0{review_id}")
        reviewed.due = cap_for_exam(reviewed.due, when, reviewed.card_id, self.plan)
        return reviewed

    def replay(self, key: str, reviews: Iterable[Review]) -> Card | None:
        """A key's card from its reviews, in order, with these parameters: the card the store keeps
        is a cache of this. An amending review (an answer marked as a guess) replaces the one before."""
        last: Card | None = None
        for card in self.cards_after(key, reviews):
            last = card
        return last

    def cards_after(self, key: str, reviews: Iterable[Review]) -> Iterator[Card | None]:
        """The key's card after each of its reviews, in order (as `replay` gives the last): None
        only after a cram answer given before any schedule."""
        from fsrs import Rating

        card: Card | None = None
        before: Card | None = None
        for review in reviews:
            if review.mode == "cram":
                yield card  # cram answers schedule nothing (quiz.session.recording.CRAM)
                continue
            if review.amends:
                card = before
            before = card
            card = self.review(key, card, Rating(review.rating), review.time, review.ms, review.id, review.retention)
            yield card

    @property
    def parameters(self) -> tuple[float, ...]:
        return tuple(float(w) for w in self.scheduler.parameters)

    def retrievability(self, card: Card, when: datetime) -> float:
        return float(self.scheduler.get_card_retrievability(card, when))

    def with_retention(self, desired_retention: float, *, fuzzing: bool) -> Scheduling:
        """The same scheduling (its parameters, its exam plan) aiming at another retention."""
        return Scheduling(desired_retention, fuzzing=fuzzing, plan=self.plan, parameters=self.fitted)


def card_to_dict(card: Card) -> dict[str, Any]:
    return dict(card.to_dict())


def card_from_dict(data: dict[str, Any]) -> Card:
    from fsrs import Card

    return Card.from_dict(data)  # type: ignore[arg-type]


def stored_card(history: KeyHistory) -> Card:
    """A question's card as the store reads it: due when the store says (an exam date set after the
    card was scheduled brings it forward: ProgressStore.set_due_rule)."""
    card = card_from_dict(history.card)
    card.due = history.due
    return card

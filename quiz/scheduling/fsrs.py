"""Spaced repetition with the `fsrs` package (FSRS-6): one card per question key."""

from __future__ import annotations

import copy
import hashlib
import random
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from fsrs import Card, Rating, Scheduler
from fsrs.scheduler import FUZZ_RANGES

from quiz.scheduling.exam_plan import ExamPlan, cap_for_exam

if TYPE_CHECKING:
    from quiz.store.progress import KeyHistory
    from quiz.store.review import Review

DEFAULT_RETENTION = 0.9


def rating_for(correct: bool, *, guessed: bool = False) -> Rating:
    """Wrong -> Again; correct -> Good, or Hard when the user says it was a guess."""
    if not correct:
        return Rating.Again
    return Rating.Hard if guessed else Rating.Good


def card_id_for(key: str) -> int:
    # stable across runs and machines, and it avoids fsrs.Card()'s 1 ms sleep for a time-based id
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=7).digest(), "big")


class SeededScheduler(Scheduler):
    """FSRS with its interval fuzz drawn from a generator seeded by the card's key and the review's
    id, not from the process's random state: replaying a key's reviews gives exactly the due dates
    the live run gave. (fsrs draws fuzz from the module's `random()`; the range is its own.)"""

    def review_seeded(self, card: Card, rating: Rating, when: datetime, duration_ms: int | None, seed: str) -> Card:
        self._fuzz = random.Random(seed)
        reviewed, _log = self.review_card(card, rating, when, duration_ms)
        return reviewed

    def _get_fuzzed_interval(self, *, interval: timedelta) -> timedelta:
        interval_days = interval.days
        if interval_days < 2.5:  # as fsrs: no fuzz below 2.5 days
            return interval
        delta = 1.0
        for fuzz_range in FUZZ_RANGES:
            delta += fuzz_range["factor"] * max(min(float(interval_days), fuzz_range["end"]) - fuzz_range["start"], 0.0)
        min_ivl = max(2, round(interval_days - delta))
        max_ivl = min(round(interval_days + delta), self.maximum_interval)
        min_ivl = min(min_ivl, max_ivl)
        draw = getattr(self, "_fuzz", random).random()
        return timedelta(days=min(round(draw * (max_ivl - min_ivl + 1) + min_ivl), self.maximum_interval))


class Scheduling:
    def __init__(
        self, desired_retention: float = DEFAULT_RETENTION, *, fuzzing: bool = True, plan: ExamPlan | None = None
    ) -> None:
        self.scheduler = SeededScheduler(desired_retention=desired_retention, enable_fuzzing=fuzzing)
        self.plan = plan  # with an exam date, intervals are capped so every card comes back in the final week

    def new_card(self, key: str, when: datetime) -> Card:
        return Card(card_id=card_id_for(key), due=when)

    def review(
        self,
        key: str,
        card: Card | None,
        rating: Rating,
        when: datetime,
        duration_ms: int | None,
        review_id: str = "",
    ) -> Card:
        """The card after one review; its fuzz is seeded by the key and `review_id`."""
        if when.tzinfo is None or when.utcoffset() != UTC.utcoffset(None):
            raise ValueError("review times must be timezone-aware UTC")
        when = when.astimezone(UTC)
        current = card if card is not None else self.new_card(key, when)
        reviewed = self.scheduler.review_seeded(current, rating, when, duration_ms, f"{key}\0{review_id}")
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
        card: Card | None = None
        before: Card | None = None
        for review in reviews:
            if review.mode == "cram":
                yield card  # cram answers schedule nothing (quiz.session.recording.CRAM)
                continue
            if review.amends:
                card = before
            before = card
            card = self.review(key, card, Rating(review.rating), review.time, review.ms, review.id)
            yield card

    def retrievability(self, card: Card, when: datetime) -> float:
        return float(self.scheduler.get_card_retrievability(card, when))

    def with_retention(self, desired_retention: float, *, fuzzing: bool) -> Scheduling:
        """The same scheduling (its parameters, its exam plan) aiming at another retention."""
        twin = copy.copy(self)
        twin.scheduler = SeededScheduler(
            parameters=self.scheduler.parameters,
            desired_retention=desired_retention,
            learning_steps=self.scheduler.learning_steps,
            relearning_steps=self.scheduler.relearning_steps,
            maximum_interval=self.scheduler.maximum_interval,
            enable_fuzzing=fuzzing,
        )
        return twin


def card_to_dict(card: Card) -> dict[str, Any]:
    return dict(card.to_dict())


def card_from_dict(data: dict[str, Any]) -> Card:
    return Card.from_dict(data)  # type: ignore[arg-type]


def stored_card(history: KeyHistory) -> Card:
    """A question's card as the store reads it: due when the store says (an exam date set after the
    card was scheduled brings it forward: ProgressStore.set_due_rule)."""
    card = card_from_dict(history.card)
    card.due = history.due
    return card

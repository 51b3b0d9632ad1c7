"""Spaced repetition with the `fsrs` package (FSRS-6): one card per question key."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from fsrs import Card, Rating, Scheduler

from quiz.plan import ExamPlan, cap_for_exam

DEFAULT_RETENTION = 0.9


def rating_for(correct: bool, *, guessed: bool = False) -> Rating:
    """Wrong -> Again; correct -> Good, or Hard when the user says it was a guess."""
    if not correct:
        return Rating.Again
    return Rating.Hard if guessed else Rating.Good


def card_id_for(key: str) -> int:
    # stable across runs and machines, and it avoids fsrs.Card()'s 1 ms sleep for a time-based id
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=7).digest(), "big")


class Scheduling:
    def __init__(
        self, desired_retention: float = DEFAULT_RETENTION, *, fuzzing: bool = True, plan: ExamPlan | None = None
    ) -> None:
        self.scheduler = Scheduler(desired_retention=desired_retention, enable_fuzzing=fuzzing)
        self.plan = plan  # with an exam date, intervals are capped so every card comes back in the final week

    def new_card(self, key: str, when: datetime) -> Card:
        return Card(card_id=card_id_for(key), due=when)

    def review(
        self, key: str, card: Card | None, rating: Rating, when: datetime, duration_ms: int | None
    ) -> Card:
        if when.tzinfo is None or when.utcoffset() != UTC.utcoffset(None):
            raise ValueError("review times must be timezone-aware UTC")
        when = when.astimezone(UTC)
        current = card if card is not None else self.new_card(key, when)
        reviewed, _log = self.scheduler.review_card(current, rating, when, duration_ms)
        reviewed.due = cap_for_exam(reviewed.due, when, reviewed.card_id, self.plan)
        return reviewed

    def retrievability(self, card: Card, when: datetime) -> float:
        return float(self.scheduler.get_card_retrievability(card, when))


def card_to_dict(card: Card) -> dict[str, Any]:
    return dict(card.to_dict())


def card_from_dict(data: dict[str, Any]) -> Card:
    return Card.from_dict(data)  # type: ignore[arg-type]

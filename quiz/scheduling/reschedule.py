"""Every question's card rebuilt by replaying its reviews with the scheduling in force (after its
FSRS parameters change): deterministic, since each review's fuzz is seeded by its key and id."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from quiz.scheduling.fsrs import Scheduling, card_to_dict
from quiz.store.review import Review


def rescheduled_cards(
    scheduling: Scheduling, reviews: Iterable[Review], resets: Mapping[str, datetime] | None = None
) -> dict[str, dict[str, Any]]:
    """key -> its card after replaying its reviews (those after its latest reset), oldest first."""
    by_key: dict[str, list[Review]] = {}
    for review in sorted(reviews, key=lambda r: r.time):
        reset = resets.get(review.key) if resets else None
        if reset is None or review.time > reset:
            by_key.setdefault(review.key, []).append(review)
    cards = {}
    for key, history in by_key.items():
        card = scheduling.replay(key, history)
        if card is not None:
            cards[key] = card_to_dict(card)
    return cards

"""Every question's card rebuilt by replaying its reviews with the scheduling in force (after its
FSRS parameters change): deterministic, since each review's fuzz is seeded by its key and id."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from quiz.scheduling.fsrs import Scheduling, card_to_dict
from quiz.store.review import Review


def histories(reviews: Iterable[Review], resets: Mapping[str, datetime] | None = None) -> dict[str, list[Review]]:
    """key -> its reviews after its latest reset (it started again then), oldest first; reviews of
    the same moment keep the log's order (a merge writes the log in the merged order)."""
    by_key: dict[str, list[Review]] = {}
    for review in sorted(reviews, key=lambda r: r.time):
        reset = resets.get(review.key) if resets else None
        if reset is None or review.time > reset:
            by_key.setdefault(review.key, []).append(review)
    return by_key


def rescheduled_cards(
    scheduling: Scheduling, reviews: Iterable[Review], resets: Mapping[str, datetime] | None = None
) -> dict[str, dict[str, Any]]:
    """key -> its card after replaying its reviews (`histories`)."""
    cards = {}
    for key, history in histories(reviews, resets).items():
        card = scheduling.replay(key, history)
        if card is not None:
            cards[key] = card_to_dict(card)
    return cards

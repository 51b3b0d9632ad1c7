"""FSRS's scheduler with its interval fuzz made reproducible (imported only when a card is scheduled)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from fsrs import Card, Rating, Scheduler
from fsrs.scheduler import FUZZ_RANGES


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

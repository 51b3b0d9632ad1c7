"""Today's study: the reviews due by the end of the local day, most overdue first, then the day's
new questions (what the exam-date plan asks for, else the daily number in settings), less the new
ones already seen today."""

from __future__ import annotations

import random
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, tzinfo

from quiz.library import Entry, Library
from quiz.scheduling.exam_plan import day_end, local_date
from quiz.store.progress import ProgressStore


@dataclass(frozen=True)
class Today:
    due: list[Entry]
    new: list[Entry]
    new_wanted: int  # new questions the day asks for in all
    new_seen_today: int  # of those, already answered for the first time today

    @property
    def entries(self) -> list[Entry]:
        return [*self.due, *self.new]


def new_seen_today(store: ProgressStore, now: datetime, tz: tzinfo | None = None) -> int:
    """Questions whose very first answer was given today (local time)."""
    first: dict[str, datetime] = {}
    for review in store.reviews:
        first.setdefault(review.key, review.time)
    today = local_date(now, tz)
    return sum(1 for moment in first.values() if local_date(moment, tz) == today)


def todays_entries(
    library: Library,
    store: ProgressStore,
    now: datetime,
    rng: random.Random,
    *,
    new_per_day: int,
    pool: Collection[Entry],
    tz: tzinfo | None = None,
) -> Today:
    """`pool`: where new questions come from (the plan's blueprint, or every bank question)."""
    due = library.available(store.due_keys(day_end(now, tz), library.entries.keys()))
    seen = new_seen_today(store, now, tz)
    unseen = sorted(
        (e for e in pool if e.key not in store.history and not e.is_generated and e.key not in library.set_aside),
        key=lambda e: e.key,
    )
    rng.shuffle(unseen)
    return Today(due, unseen[: max(new_per_day - seen, 0)], new_per_day, seen)

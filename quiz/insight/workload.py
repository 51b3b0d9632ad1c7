"""What is due (now, and by the end of the local day) -- the one definition every screen uses -- and
today's suggested workload toward a dated exam."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo

from quiz.library import Library
from quiz.models import Profile
from quiz.scheduling.exam_plan import ExamPlan, day_end, local_date
from quiz.session.blueprint import eligible
from quiz.store.progress import ProgressStore


@dataclass(frozen=True)
class DueCounts:
    """Questions due for review. `now`: due at this moment (what Review due offers). `by_end_of_today`:
    due before the next local midnight, overdue ones included (so it includes `now`)."""

    now: int
    by_end_of_today: int

    @property
    def later_today(self) -> int:
        """Not due yet, but due before the end of today."""
        return self.by_end_of_today - self.now


def due_counts(store: ProgressStore, keys: Iterable[str], now: datetime, tz: tzinfo | None = None) -> DueCounts:
    """What is due among `keys` (the questions still loaded), now and by the end of the local day."""
    end = day_end(now, tz)
    wanted = set(keys)
    due = [entry.due for key, entry in store.history.items() if key in wanted]
    return DueCounts(now=sum(1 for d in due if d <= now), by_end_of_today=sum(1 for d in due if d < end))


@dataclass(frozen=True)
class Workload:
    """What an exam date asks of each day until then."""

    days_left: int
    due_today: int  # reviews due by the end of today (local time), overdue included: DueCounts.by_end_of_today
    unseen: int  # blueprint questions never answered
    new_per_day: int  # new questions a day to have seen them all before the exam


def workload(
    plan: ExamPlan, profile: Profile, library: Library, store: ProgressStore, now: datetime, tz: tzinfo | None = None
) -> Workload:
    days_left = (plan.exam_date - local_date(now, tz)).days
    pool = eligible(library, profile)
    unseen = sum(1 for entry in pool if entry.key not in store.history)
    # keep the last day for rest and reviews: new material is spread over the days before it
    study_days = max(days_left - 1, 1)
    due = due_counts(store, library.entries.keys(), now, tz).by_end_of_today
    return Workload(days_left, due, unseen, math.ceil(unseen / study_days) if days_left > 0 else 0)

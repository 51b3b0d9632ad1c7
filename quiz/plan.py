"""Planning toward a dated exam: days left, today's suggested workload, and the final-week rule; and
the one definition of what is due (now, and by the end of the local day) that every screen uses."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from quiz.blueprint import eligible
from quiz.library import Library
from quiz.models import Profile
from quiz.store.progress import ProgressStore

FINAL_WEEK = timedelta(days=7)


@dataclass(frozen=True)
class ExamPlan:
    exam_date: date
    profile_id: str

    def exam_start(self) -> datetime:
        """The exam day's start, in UTC (the scheduler works in UTC)."""
        return datetime.combine(self.exam_date, time.min, tzinfo=UTC)


def local_date(moment: datetime, tz: tzinfo | None = None) -> date:
    """The calendar day of `moment` in `tz` (default: this machine's local time, DST included)."""
    return moment.astimezone(tz).date()


def day_end(now: datetime, tz: tzinfo | None = None) -> datetime:
    """The end of the day holding `now`: the next midnight in `tz` (default: local time), in UTC."""
    tomorrow = local_date(now, tz) + timedelta(days=1)
    midnight = datetime.combine(tomorrow, time.min, tzinfo=tz) if tz is not None else (
        datetime.combine(tomorrow, time.min).astimezone())  # a naive time is read as local time
    return midnight.astimezone(UTC)


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
    days_left: int
    due_today: int  # reviews due by the end of today (local time), overdue included: DueCounts.by_end_of_today
    unseen: int  # blueprint questions never answered
    new_per_day: int  # new questions a day to have seen them all before the exam


def workload(plan: ExamPlan, profile: Profile, library: Library, store: ProgressStore, now: datetime,
             tz: tzinfo | None = None) -> Workload:
    days_left = (plan.exam_date - local_date(now, tz)).days
    pool = eligible(library, profile)
    unseen = sum(1 for entry in pool if entry.key not in store.history)
    # keep the last day for rest and reviews: new material is spread over the days before it
    study_days = max(days_left - 1, 1)
    due = due_counts(store, library.entries.keys(), now, tz).by_end_of_today
    return Workload(days_left, due, unseen, math.ceil(unseen / study_days) if days_left > 0 else 0)


def cap_for_exam(due: datetime, reviewed: datetime, card_id: int, plan: ExamPlan | None) -> datetime:
    """Keep every card in play for the final week: a card reviewed before that week whose next review
    would fall after the exam is brought forward into the final week (spread over its days by card,
    so they do not all land on one day)."""
    if plan is None:
        return due
    exam = plan.exam_start()
    final_week = exam - FINAL_WEEK
    if reviewed >= final_week or due < exam:
        return due
    return final_week + timedelta(days=card_id % 6)

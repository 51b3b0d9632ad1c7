"""Planning toward a dated exam: days left, today's suggested workload, and the final-week rule."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from quiz.blueprint import eligible
from quiz.library import Library
from quiz.models import Profile
from quiz.store.progress import ProgressStore

FINAL_WEEK = timedelta(days=7)


@dataclass(frozen=True)
class ExamPlan:
    exam_date: date
    profile_id: str

    def to_settings(self) -> dict[str, Any]:
        return {"exam_date": self.exam_date.isoformat(), "plan_profile": self.profile_id}

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> ExamPlan | None:
        try:
            return cls(date.fromisoformat(settings["exam_date"]), str(settings.get("plan_profile") or "ciip"))
        except (KeyError, TypeError, ValueError):
            return None

    def exam_start(self) -> datetime:
        """The exam day's start, in UTC (the scheduler works in UTC)."""
        return datetime.combine(self.exam_date, time.min, tzinfo=UTC)


@dataclass(frozen=True)
class Workload:
    days_left: int
    due_today: int
    unseen: int  # blueprint questions never answered
    new_per_day: int  # new questions a day to have seen them all before the exam


def workload(plan: ExamPlan, profile: Profile, library: Library, store: ProgressStore, now: datetime) -> Workload:
    days_left = (plan.exam_date - now.astimezone().date()).days
    pool = eligible(library, profile)
    unseen = sum(1 for entry in pool if entry.key not in store.history)
    # keep the last day for rest and reviews: new material is spread over the days before it
    study_days = max(days_left - 1, 1)
    due = len(store.due_keys(now, library.entries.keys()))
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

"""An exam date in the schedule: the final-week rule that keeps every card in play before the exam, and
the local calendar day (its date and its end) that due dates and plans are counted in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

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
    midnight = (
        datetime.combine(tomorrow, time.min, tzinfo=tz)
        if tz is not None
        else (datetime.combine(tomorrow, time.min).astimezone())
    )  # a naive time is read as local time
    return midnight.astimezone(UTC)


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

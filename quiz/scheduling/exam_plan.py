"""An exam date in the schedule: its rule (no interval runs past the exam, and every card comes back in
the final week), and the local calendar day (its date and its end) that due dates and plans are counted in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

FINAL_WEEK = timedelta(days=7)


@dataclass(frozen=True)
class ExamPlan:
    """The exam the user is studying for: its date and its profile."""

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
    """The exam date's rule for a due date the scheduler gives, the same live and on replay (it is
    applied to every review's card, after the fuzz):

    1. No interval runs past the exam: a card reviewed before the exam day is due by the exam day's
       start at the latest (the longest interval is the time left to the exam).
    2. Every card comes back in the final week: a card reviewed before that week whose next review
       would fall on or after the exam day comes back in the final week instead, on one of its first
       six days by card (so they do not all land on one day).

    From the exam day's start on, the date limits nothing."""
    if plan is None:
        return due
    exam = plan.exam_start()
    if reviewed >= exam or due < exam:
        return due
    final_week = exam - FINAL_WEEK
    if reviewed < final_week:
        return final_week + timedelta(days=card_id % 6)
    return exam


def due_rule(plan: ExamPlan | None) -> Callable[[dict[str, Any], datetime], datetime] | None:
    """The rule for a stored card's due date (fsrs's card as a dict): a card given its interval before
    the exam date was set follows the date too. None without a plan."""
    if plan is None:
        return None
    exam = plan.exam_start()

    def rule(card: dict[str, Any], due: datetime) -> datetime:
        last = card.get("last_review")
        if due < exam or not last:
            return due  # most cards: nothing to parse
        return cap_for_exam(due, datetime.fromisoformat(last), int(card["card_id"]), plan)

    return rule

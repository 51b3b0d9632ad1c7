"""Desired retention, chosen knowingly: what each choice costs (reviews and minutes a day) and gives
(the share of the blueprint recalled on the exam day), simulated from the user's own cards, answer
times and exam-date plan (quiz.scheduling.simulate runs it)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from quiz.insight.workload import workload
from quiz.library import Library
from quiz.scheduling.exam_plan import local_date
from quiz.scheduling.fsrs import Scheduling, stored_card
from quiz.scheduling.simulate import (
    HORIZON_DAYS,
    RETENTIONS,
    Group,
    RetentionOutcome,
    SimulationStart,
    simulate_retentions,
)
from quiz.session.blueprint import eligible
from quiz.store.progress import ProgressStore

DEFAULT_REVIEW_SECONDS = 30.0  # an answer to a question seen before, until you have answered some
DEFAULT_NEW_SECONDS = 60.0  # a first answer (reading the question and its explanation), likewise
LONGEST_ANSWER_SECONDS = 300.0  # a longer recorded time counts as this much: a break, not thinking
MAX_DAYS = 3650  # how far `days` may reach


@dataclass(frozen=True)
class AnswerTime:
    """Seconds for one answer: the mean of `answers` recorded times, or the default when 0."""

    seconds: float
    answers: int

    def to_json(self) -> dict[str, Any]:
        return {"seconds": round(self.seconds, 1), "answers": self.answers, "default": self.answers == 0}


@dataclass(frozen=True)
class RetentionReport:
    current: float  # the desired retention in use
    outcomes: list[RetentionOutcome]  # one per retention compared, lowest first
    start: date  # the first day simulated (today, local time)
    days: int
    target: date  # the day recall is predicted for
    exam_day: bool  # the target is the planned exam's day
    blueprint: str | None  # the profile whose blueprint recall is predicted for (None: every bank question)
    studied: int  # questions with a card (suspended ones left out)
    unseen: int  # questions not seen yet that the days could introduce
    new_per_day: int
    new_days: int
    new_from_plan: bool  # new_per_day is the exam plan's (else the daily_new setting)
    review_time: AnswerTime
    new_time: AnswerTime
    first_right: float  # the chance assumed for a first answer to be right
    first_answers: int  # the first answers it comes from

    @property
    def retentions(self) -> list[float]:
        return [outcome.retention for outcome in self.outcomes]

    def outcome(self, retention: float) -> RetentionOutcome:
        return min(self.outcomes, key=lambda outcome: abs(outcome.retention - retention))

    def to_json(self) -> dict[str, Any]:
        return {
            "current_retention": self.current,
            "start": self.start.isoformat(),
            "days": self.days,
            "recall_date": self.target.isoformat(),
            "recall_on_exam_day": self.exam_day,
            "blueprint": self.blueprint,
            "studied_questions": self.studied,
            "unseen_questions": self.unseen,
            "new_per_day": self.new_per_day,
            "new_days": self.new_days,
            "new_per_day_from": "exam plan" if self.new_from_plan else "daily_new setting",
            "review_time": self.review_time.to_json(),
            "new_time": self.new_time.to_json(),
            "first_answer_right": round(self.first_right, 3),
            "first_answers": self.first_answers,
            "retentions": [
                {
                    "retention": outcome.retention,
                    "current": abs(outcome.retention - self.current) < 1e-9,
                    "reviews_per_day": round(outcome.reviews_per_day, 1),
                    "new_per_day": round(outcome.new_per_day, 1),
                    "busiest_day": outcome.busiest_day,
                    "minutes_per_day": round(outcome.minutes_per_day, 1),
                    "recall_percent": None if outcome.recall is None else round(outcome.recall * 100, 1),
                    "reviews_each_day": [round(day, 2) for day in outcome.reviews],
                    "new_each_day": [round(day, 2) for day in outcome.new],
                    "runs": outcome.runs,
                }
                for outcome in self.outcomes
            ],
        }


def answer_times(store: ProgressStore) -> tuple[AnswerTime, AnswerTime]:
    """Mean seconds for an answer to a question seen before, and for a first answer, from the
    recorded times (each counted at most LONGEST_ANSWER_SECONDS; a time of 0 was not recorded)."""
    seen: set[str] = set()
    review_times: list[float] = []
    first_times: list[float] = []
    for review in store.reviews:
        if review.amends:
            continue  # the same answer again, marked as a guess
        first = review.key not in seen
        seen.add(review.key)
        if review.ms > 0:
            (first_times if first else review_times).append(min(review.ms / 1000, LONGEST_ANSWER_SECONDS))
    return _mean(review_times, DEFAULT_REVIEW_SECONDS), _mean(first_times, DEFAULT_NEW_SECONDS)


def _mean(values: list[float], default: float) -> AnswerTime:
    return AnswerTime(sum(values) / len(values), len(values)) if values else AnswerTime(default, 0)


def first_answer_rate(store: ProgressStore) -> tuple[float, int]:
    """The chance of a first answer being right: the share of first answers right, counted as if
    there were one right and one wrong more (so with none it is one in two), and how many there are."""
    seen: set[str] = set()
    right = 0
    for review in store.reviews:
        if review.key in seen or review.amends:
            continue
        seen.add(review.key)
        right += review.correct
    return (right + 1) / (len(seen) + 2), len(seen)


def retention_simulation(
    library: Library,
    store: ProgressStore,
    scheduling: Scheduling,
    now: datetime,
    *,
    days: int | None = None,
    retentions: Sequence[float] = RETENTIONS,
    seed: int = 0,
    tz: tzinfo | None = None,
) -> Callable[[], RetentionReport]:
    """The simulation for `retentions` and the retention in use, in two steps: this reads the store
    now (quickly); the function it returns does the slow part and reads nothing that can change
    meanwhile, so it may run in a thread.

    With an exam date ahead, the days run from today to the exam's eve, with the plan's new questions
    a day from its profile's blueprint, and recall is predicted for the exam day; without one, over
    `days` (default HORIZON_DAYS) with `daily_new` new questions a day from every bank, and recall at
    its end. `days` given with an exam date ahead simulates that many days instead, recall at their end."""
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise ValueError(f"days must be from 1 to {MAX_DAYS}, not {days}")
    today = local_date(now, tz)
    plan = scheduling.plan
    exam = plan if plan is not None and plan.exam_date > today else None
    profile = library.profiles.get(plan.profile_id if plan is not None else "ciip") or library.profiles.get("ciip")
    new_days: int | None = None  # every day
    from_plan = False
    if exam is not None and profile is not None and profile.id == exam.profile_id:  # as today's study has it
        load = workload(exam, profile, library, store, now, tz)
        new_pool, new_per_day, new_days = eligible(library, profile), load.new_per_day, max(load.days_left - 1, 1)
        from_plan = True
    else:
        new_pool, new_per_day = list(library.entries.values()), store.settings.daily_new
    exam_day = exam is not None and days is None
    if exam is not None and days is None:
        days = (exam.exam_date - today).days
        target = datetime.combine(exam.exam_date, time(12), tzinfo=UTC)  # the readiness forecast's exam moment
        target_day = exam.exam_date
    else:
        days = days or HORIZON_DAYS
        target = now + timedelta(days=days)
        target_day = local_date(target, tz)
    new_days = days if new_days is None else min(new_days, days)
    if profile is not None:
        group_of = {entry.key: entry.domain.value for entry in eligible(library, profile)}
        counts = dict.fromkeys(group_of.values(), 0)
        for group in group_of.values():
            counts[group] += 1
        groups = {d.value: Group(weight, counts.get(d.value, 0)) for d, weight in profile.domains.items()}
    else:  # no blueprint: every bank question counts alike
        group_of = {key: "all" for key, entry in library.entries.items() if not entry.is_generated}
        groups = {"all": Group(1.0, len(group_of))}
    suspended = store.states.suspended
    cards = [
        (stored_card(history), group_of.get(key))
        for key, history in store.history.items()
        if key in library.entries and key not in suspended
    ]
    unseen = [
        group_of.get(entry.key)
        for entry in new_pool
        if entry.key not in store.history and not entry.is_generated and entry.key not in suspended
    ]
    review_time, new_time = answer_times(store)
    first_right, first_answers = first_answer_rate(store)
    start = SimulationStart(
        now=now,
        days=days,
        cards=cards,
        new=unseen,
        new_per_day=new_per_day,
        new_days=new_days,
        first_right=first_right,
        groups=groups,
        target=target,
        review_seconds=review_time.seconds,
        new_seconds=new_time.seconds,
        tz=tz,
    )
    current = float(scheduling.desired_retention)
    compared = sorted({*retentions, current})

    def run() -> RetentionReport:
        return RetentionReport(
            current=current,
            outcomes=simulate_retentions(start, scheduling, compared, seed=seed),
            start=today,
            days=days,
            target=target_day,
            exam_day=exam_day,
            blueprint=profile.title if profile is not None else None,
            studied=len(cards),
            unseen=len(unseen),
            new_per_day=new_per_day,
            new_days=new_days,
            new_from_plan=from_plan,
            review_time=review_time,
            new_time=new_time,
            first_right=first_right,
            first_answers=first_answers,
        )

    return run

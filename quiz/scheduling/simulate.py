"""What a desired retention costs and what it gives: the user's own FSRS cards run forward day by day.

fsrs-rs-python's `simulate` models a fresh deck; this starts from the cards as they are. Each day
(the first one today, then a day apart at the same time) every card due by the end of that local day
is answered once, by a learner who is right with the probability FSRS gives (its retrievability at
that moment), and rescheduled by FSRS with the chosen retention and the exam date's rule, as the app
would (no fuzz: it averages out). Then the day's new questions get their first answer, right with the
learner's own first-answer rate. A question is answered at most once a day: a learning step of
minutes comes back the next day, as it does for someone who studies once a day.

Every outcome is drawn from a generator seeded from `seed`, so a run is reproducible; the same seeds
for every retention compare them on the same luck. A small deck's single run is noisy: it is run
several times and averaged (runs_for).
"""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from copy import copy
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from fsrs import Card, Rating

from quiz.scheduling.exam_plan import cap_for_exam, day_end
from quiz.scheduling.fsrs import Scheduling

RETENTIONS = (0.80, 0.85, 0.90, 0.95)  # the choices compared, with the current setting
HORIZON_DAYS = 90  # how far ahead without an exam date
ENOUGH_CARDS = 2_000  # a smaller deck is run several times (other seeds) and averaged, as if this many
MAX_RUNS = 16


@dataclass(frozen=True)
class Group:
    """A part of the blueprint recall is predicted for (a domain): its weight and its questions."""

    weight: float
    questions: int


@dataclass(frozen=True)
class SimulationStart:
    """Everything the simulation reads, taken from the store at once (so it can run in a thread)."""

    now: datetime
    days: int  # days simulated, today the first
    cards: Sequence[tuple[Card, str | None]]  # each studied question's card now, its group (None: off the blueprint)
    new: Sequence[str | None]  # the group of each question not seen yet, in the order they are introduced
    new_per_day: int
    new_days: int  # new questions are introduced on this many days, the first ones
    first_right: float  # the chance that a new question's first answer is right
    groups: Mapping[str, Group]
    target: datetime  # when recall is predicted (the exam day, or the end of the horizon)
    review_seconds: float  # one answer to a question seen before
    new_seconds: float  # one first answer
    tz: tzinfo | None = None  # where a day ends (default: this machine's local time)


@dataclass(frozen=True)
class RetentionOutcome:
    retention: float
    reviews: tuple[float, ...]  # answers to questions seen before, each day (the mean over the runs)
    new: tuple[float, ...]  # first answers, each day (likewise)
    review_seconds: float
    new_seconds: float
    recall: float | None  # the blueprint's share recalled at the target, by group weight; None: no blueprint
    runs: int = 1  # seeded runs averaged

    @property
    def days(self) -> int:
        return len(self.reviews)

    @property
    def reviews_per_day(self) -> float:
        return sum(self.reviews) / self.days if self.days else 0.0

    @property
    def new_per_day(self) -> float:
        return sum(self.new) / self.days if self.days else 0.0

    @property
    def busiest_day(self) -> int:
        """The most questions (reviews and new) on one day."""
        return round(max((r + n for r, n in zip(self.reviews, self.new, strict=True)), default=0))

    @property
    def minutes_per_day(self) -> float:
        seconds = sum(self.reviews) * self.review_seconds + sum(self.new) * self.new_seconds
        return seconds / 60 / self.days if self.days else 0.0


def runs_for(start: SimulationStart) -> int:
    """Seeded runs to average: one for a deck of ENOUGH_CARDS or more, more for a smaller one (whose
    single run is noisy), at most MAX_RUNS; the cost stays about that of one run of ENOUGH_CARDS."""
    cards = len(start.cards) + min(len(start.new), start.new_per_day * start.new_days)
    return max(1, min(MAX_RUNS, math.ceil(ENOUGH_CARDS / max(cards, 1))))


def simulate(
    start: SimulationStart, scheduling: Scheduling, retention: float, *, seed: int = 0, runs: int = 1
) -> RetentionOutcome:
    """`start` run with `scheduling`'s parameters and exam plan, aiming at `retention`: the mean of
    `runs` runs, each with its own seed drawn from `seed`."""
    twin = scheduling.with_retention(retention, fuzzing=False)
    results = [_run(start, twin, random.Random(seed * 1_000 + run)) for run in range(runs)]
    recalls = [recall for _reviews, _new, recall in results if recall is not None]
    return RetentionOutcome(
        retention,
        tuple(sum(day) / runs for day in zip(*(reviews for reviews, _new, _recall in results), strict=True)),
        tuple(sum(day) / runs for day in zip(*(new for _reviews, new, _recall in results), strict=True)),
        start.review_seconds,
        start.new_seconds,
        sum(recalls) / len(recalls) if recalls else None,
        runs,
    )


def _run(start: SimulationStart, twin: Scheduling, rng: random.Random) -> tuple[list[int], list[int], float | None]:
    """One run: the reviews and the new questions of each day, and the recall at the end."""
    scheduler, plan = twin.scheduler, twin.plan
    review_card, recall_of = scheduler.review_card, scheduler.get_card_retrievability
    draw = rng.random
    days = start.days
    ends = [day_end(start.now + timedelta(days=day), start.tz) for day in range(days)]
    due_on: list[list[int]] = [[] for _ in range(days)]  # the cards answered on each day, by index
    cards = [copy(card) for card, _group in start.cards]  # the start's own are left as they are
    groups = [group for _card, group in start.cards]
    for index, card in enumerate(cards):
        if card.last_review is not None:  # a card scheduled before the exam date was set follows it too
            card.due = cap_for_exam(card.due, card.last_review, card.card_id, plan)
        day = bisect_right(ends, card.due)  # overdue: today
        if day < days:
            due_on[day].append(index)
    waiting = list(start.new)
    rng.shuffle(waiting)
    waiting.reverse()  # popped from the end
    reviews, new = [0] * days, [0] * days

    def answer(index: int, right: bool, when: datetime, today: int) -> None:
        reviewed, _log = review_card(cards[index], Rating.Good if right else Rating.Again, when)
        reviewed.due = cap_for_exam(reviewed.due, when, reviewed.card_id, plan)
        cards[index] = reviewed
        day = max(bisect_right(ends, reviewed.due), today + 1)  # once a day
        if day < days:
            due_on[day].append(index)

    for today in range(days):
        moment = start.now + timedelta(days=today)
        for index in due_on[today]:
            card = cards[index]
            when = max(moment, card.due)
            answer(index, draw() < recall_of(card, when), when, today)
        reviews[today] = len(due_on[today])
        if today < start.new_days:
            for _ in range(min(start.new_per_day, len(waiting))):
                cards.append(Card(card_id=len(cards), due=moment))  # an id of its own: fsrs would sleep 1 ms for one
                groups.append(waiting.pop())
                answer(len(cards) - 1, draw() < start.first_right, moment, today)
                new[today] += 1
    return reviews, new, _recall(start, cards, groups, twin, start.target)


def _recall(
    start: SimulationStart, cards: list[Card], groups: list[str | None], scheduling: Scheduling, when: datetime
) -> float | None:
    """Each group's questions recalled at `when` (FSRS retrievability; a question never seen: none),
    averaged by the groups' weights."""
    recalled = dict.fromkeys(start.groups, 0.0)
    for card, group in zip(cards, groups, strict=True):
        if group is not None and group in recalled:
            recalled[group] += scheduling.retrievability(card, when)
    weighted = [(g.weight, recalled[name] / g.questions) for name, g in start.groups.items() if g.questions > 0]
    total = sum(weight for weight, _share in weighted)
    return sum(weight * share for weight, share in weighted) / total if total > 0 else None


def simulate_retentions(
    start: SimulationStart, scheduling: Scheduling, retentions: Sequence[float], *, seed: int = 0
) -> list[RetentionOutcome]:
    """Each retention, lowest first, on the same seeds (so they differ by the retention, not by luck),
    averaged over `runs_for(start)` runs."""
    runs = runs_for(start)
    return [simulate(start, scheduling, retention, seed=seed, runs=runs) for retention in sorted(set(retentions))]

"""Readiness: the exam score to expect on a given day, by domain, weighted by a profile's blueprint.

The model credits only knowledge you have shown; everything else is guessing:

- A question whose latest answer was right counts with its FSRS retrievability on that day plus the
  guessing floor of the remaining probability (1/k for a k-choice item, 1/(2^k - 1) for select-all).
- A question whose latest answer was wrong counts at its guessing floor until it is answered right
  (FSRS's recall just after an Again rating says you saw the answer, not that you know it).
- A question never seen counts with the knowledge share `k` of its domain: chance = floor + (1 - floor) k.
  `k` is estimated from first attempts, corrected for guessing (each first attempt contributes
  `correct - floor` of evidence out of `1 - floor` possible). The domains are pooled: the estimate over
  all domains starts from "no knowledge shown" (SHOWN_PRIOR_WEIGHT of evidence at k = 0), and each
  domain's estimate is shrunk toward that pooled one (DOMAIN_PRIOR_WEIGHT), so a domain with few
  answers borrows from the others. Someone with no right answer, and a newcomer, therefore forecast
  exactly the guessing floor; the forecast never rests on an assumed prior accuracy.

A domain's expectation is the mean over the questions the exam could draw from it; the exam's is the
blueprint-weighted mean, shown with the range an exam of that length really spreads over.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo

from fsrs import Card

from quiz.domains import Domain
from quiz.kinds import kind_of
from quiz.library import Entry, Library
from quiz.models import Profile
from quiz.scheduling.exam_plan import day_end
from quiz.scheduling.fsrs import Scheduling, card_from_dict, rating_for, stored_card
from quiz.session.blueprint import allocate, eligible
from quiz.store.progress import KeyHistory, ProgressStore

SHOWN_PRIOR_WEIGHT = 3.0  # pooled knowledge starts at "none shown", worth about four 4-choice answers
DOMAIN_PRIOR_WEIGHT = 6.0  # a domain's estimate is pulled toward the pooled one by about eight answers
RANGE_Z = 1.2816  # an 80% range
PROJECTION_RUNS = 4  # seeded runs averaged by project_plan (the mean over ~700 questions is stable)


@dataclass(frozen=True)
class DomainForecast:
    domain: Domain
    questions_on_exam: int
    pool: int
    seen: int
    expected: float  # 0..1

    def gain(self, exam_questions: int) -> float:
        """Points (0..1 of the exam) gained if this domain were fully mastered."""
        return self.questions_on_exam / exam_questions * (1 - self.expected) if exam_questions else 0.0


@dataclass(frozen=True)
class PlanAssumption:
    """What a plan projection assumes: every review as it falls due for `study_days` days, and
    `new_per_day` new questions a day until `new_questions` have been answered."""

    study_days: int
    new_per_day: int
    new_questions: int


@dataclass(frozen=True)
class Readiness:
    profile_id: str
    title: str
    when: datetime
    questions: int
    expected: float  # 0..1
    low: float
    high: float
    pass_percent: float | None
    domains: list[DomainForecast]
    floor: float = 0.0  # the score of guessing every question (blueprint-weighted)
    plan: PlanAssumption | None = None  # set on a plan projection (project_plan): what it assumes you do

    @property
    def focus(self) -> list[DomainForecast]:
        """The three domains whose improvement would raise the score most."""
        ranked = sorted(self.domains, key=lambda d: -d.gain(self.questions))
        return [d for d in ranked if d.gain(self.questions) > 0][:3]


def guess_floor(entry: Entry) -> float:
    question = entry.question
    return kind_of(question).guess_floor(question)


@dataclass(frozen=True)
class Evidence:
    """Knowledge shown on first attempts, corrected for guessing: `shown` is the sum of
    (correct - floor), `possible` the sum of (1 - floor); `shown / possible` estimates the share known."""

    shown: float = 0.0
    possible: float = 0.0
    answered: int = 0
    correct: int = 0

    def add(self, correct: bool, floor: float) -> Evidence:
        return Evidence(
            self.shown + (float(correct) - floor),
            self.possible + (1 - floor),
            self.answered + 1,
            self.correct + correct,
        )


def first_attempt_evidence(library: Library, store: ProgressStore) -> dict[Domain, Evidence]:
    """Each question's first answer, per domain (an unanswered exam item is a wrong first answer)."""
    seen: set[str] = set()
    evidence = {d: Evidence() for d in Domain}
    for review in store.reviews:
        key = review.key
        if key in seen or review.amends:
            continue
        seen.add(key)
        entry = library.entries.get(key)
        if entry is None:
            continue
        evidence[entry.domain] = evidence[entry.domain].add(review.correct, guess_floor(entry))
    return evidence


def knowledge_shares(evidence: dict[Domain, Evidence]) -> dict[Domain, float]:
    """The share of an unseen question's content known, per domain, pooled across domains and
    starting from "none shown" (see the module docstring). 0 when no first answer was right."""
    shown = sum(e.shown for e in evidence.values())
    possible = sum(e.possible for e in evidence.values())
    pooled = _share(shown, possible + SHOWN_PRIOR_WEIGHT)
    return {
        d: _share(e.shown + DOMAIN_PRIOR_WEIGHT * pooled, e.possible + DOMAIN_PRIOR_WEIGHT) for d, e in evidence.items()
    }


def _share(shown: float, possible: float) -> float:
    return min(1.0, max(0.0, shown / possible)) if possible > 0 else 0.0


def chance_right(
    entry: Entry, history: KeyHistory | None, knowledge: float, scheduling: Scheduling, when: datetime
) -> float:
    """The chance of answering `entry` right at `when` (see the module docstring)."""
    floor = guess_floor(entry)
    if history is None:
        return floor + (1 - floor) * knowledge
    if not history.last_correct:
        return floor
    recall = scheduling.retrievability(card_from_dict(history.card), when)
    return recall + (1 - recall) * floor


def predict(
    library: Library, store: ProgressStore, scheduling: Scheduling, profile: Profile, when: datetime
) -> Readiness:
    """The expected score at `when` if nothing more is studied (forgetting only)."""
    knowledge = knowledge_shares(first_attempt_evidence(library, store))
    return _readiness(
        library,
        profile,
        when,
        lambda entry: chance_right(entry, store.history.get(entry.key), knowledge[entry.domain], scheduling, when),
        lambda entry: entry.key in store.history,
    )


def project_plan(
    library: Library,
    store: ProgressStore,
    scheduling: Scheduling,
    profile: Profile,
    *,
    start: datetime,
    exam: datetime,
    study_days: int,
    new_per_day: int,
    new_days: int,
    runs: int = PROJECTION_RUNS,
    seed: int = 0,
    tz: tzinfo | None = None,
) -> Readiness:
    """The expected score at `exam` if the plan is followed: on each of `study_days` days (the first at
    `start`, then a day apart) every question of the profile due by the end of that day is answered
    once, and on the first `new_days` of them `new_per_day` unseen questions are answered for the
    first time. Answers are drawn from the same model `predict` uses (FSRS recall plus guessing for a
    seen question, the domain's shown knowledge for a new one) and scheduled by FSRS, as the app
    would; the result is the mean over `runs` seeded runs, so it is deterministic."""
    return plan_projection(
        library,
        store,
        scheduling,
        profile,
        start=start,
        exam=exam,
        study_days=study_days,
        new_per_day=new_per_day,
        new_days=new_days,
        runs=runs,
        seed=seed,
        tz=tz,
    )()


def plan_projection(
    library: Library,
    store: ProgressStore,
    scheduling: Scheduling,
    profile: Profile,
    *,
    start: datetime,
    exam: datetime,
    study_days: int,
    new_per_day: int,
    new_days: int,
    runs: int = PROJECTION_RUNS,
    seed: int = 0,
    tz: tzinfo | None = None,
) -> Callable[[], Readiness]:
    """`project_plan` in two steps: this reads the store now (quickly); the function it returns does
    the slow part and reads nothing that can change meanwhile, so it may run in a thread."""
    replay = scheduling.with_retention(scheduling.desired_retention, fuzzing=False)  # its parameters too
    knowledge = knowledge_shares(first_attempt_evidence(library, store))
    pool = eligible(library, profile)
    initial = {
        entry.key: (stored_card(history), history.last_correct)
        for entry in pool
        if (history := store.history.get(entry.key)) is not None
    }

    def run() -> Readiness:
        totals = dict.fromkeys((entry.key for entry in pool), 0.0)
        seen_keys: set[str] = set()
        for number in range(runs):
            rng = random.Random(seed * 7919 + number)
            cards = dict(initial)  # fsrs never changes a card in place: review_card returns a new one
            unseen = [entry for entry in pool if entry.key not in cards]
            rng.shuffle(unseen)
            for day in range(study_days):
                moment = start + timedelta(days=day)
                end = day_end(moment, tz)
                for entry in pool:
                    if entry.key in cards and cards[entry.key][0].due < end:
                        card = cards[entry.key][0]
                        when = max(moment, card.due)
                        right = rng.random() < _recall_chance(entry, card, replay, when)
                        cards[entry.key] = (replay.review(entry.key, card, rating_for(right), when, None), right)
                if day < new_days:
                    for entry in unseen[:new_per_day]:
                        floor = guess_floor(entry)
                        right = rng.random() < floor + (1 - floor) * knowledge[entry.domain]
                        cards[entry.key] = (replay.review(entry.key, None, rating_for(right), moment, None), right)
                    del unseen[:new_per_day]
            seen_keys = set(cards)
            for entry in pool:
                state = cards.get(entry.key)
                if state is None:
                    floor = guess_floor(entry)
                    totals[entry.key] += floor + (1 - floor) * knowledge[entry.domain]
                else:
                    totals[entry.key] += (
                        _recall_chance(entry, state[0], replay, exam) if state[1] else (guess_floor(entry))
                    )
        introduced = min(sum(1 for entry in pool if entry.key not in initial), new_per_day * new_days)
        readiness = _readiness(
            library,
            profile,
            exam,
            lambda entry: totals[entry.key] / runs if runs else 0.0,
            lambda entry: entry.key in seen_keys,
        )
        return replace(readiness, plan=PlanAssumption(study_days, new_per_day, introduced))

    return run


def _recall_chance(entry: Entry, card: Card, scheduling: Scheduling, when: datetime) -> float:
    recall = scheduling.retrievability(card, when)
    return recall + (1 - recall) * guess_floor(entry)


def _readiness(
    library: Library, profile: Profile, when: datetime, chance: Callable[[Entry], float], seen: Callable[[Entry], bool]
) -> Readiness:
    pools: dict[Domain, list[Entry]] = {d: [] for d in profile.domains}
    for entry in eligible(library, profile):
        pools[entry.domain].append(entry)
    on_exam = allocate(profile.questions, profile.domains, {d: len(p) for d, p in pools.items()})
    forecasts = []
    floors = {}
    for domain, pool in pools.items():
        expected = sum(chance(entry) for entry in pool) / len(pool) if pool else 0.0
        floors[domain] = sum(guess_floor(entry) for entry in pool) / len(pool) if pool else 0.0
        forecasts.append(DomainForecast(domain, on_exam[domain], len(pool), sum(1 for e in pool if seen(e)), expected))
    total = sum(f.questions_on_exam for f in forecasts)
    expected = sum(f.questions_on_exam * f.expected for f in forecasts) / total if total else 0.0
    floor = sum(f.questions_on_exam * floors[f.domain] for f in forecasts) / total if total else 0.0
    variance = sum(f.questions_on_exam * f.expected * (1 - f.expected) for f in forecasts)
    spread = math.sqrt(variance) / total if total else 0.0
    return Readiness(
        profile_id=profile.id,
        title=profile.title,
        when=when,
        questions=total,
        expected=expected,
        low=max(0.0, expected - RANGE_Z * spread),
        high=min(1.0, expected + RANGE_Z * spread),
        pass_percent=profile.pass_percent,
        domains=forecasts,
        floor=floor,
    )

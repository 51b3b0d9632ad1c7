"""Readiness: the exam score to expect on a given day, by domain, weighted by a profile's blueprint.

For a question already studied, the chance of answering it is its FSRS retrievability on that day
plus the guessing floor of the remaining probability (1/k for a k-choice item). For a question never
seen, it is the domain's accuracy on first attempts (shrunk toward a prior while there is little
data). A domain's expectation is the mean over the questions the exam could draw from it; the exam's
is the blueprint-weighted mean, shown with the range an exam of that length really spreads over.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from quiz.blueprint import allocate, eligible
from quiz.domains import Domain
from quiz.library import Entry, Library
from quiz.models import Profile
from quiz.scheduler import Scheduling, card_from_dict
from quiz.store.progress import ProgressStore

PRIOR_ACCURACY = 0.55  # a newcomer's first-attempt accuracy on 4-choice items before any data
PRIOR_WEIGHT = 4.0  # how many answers the prior is worth
RANGE_Z = 1.2816  # an 80% range


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

    @property
    def focus(self) -> list[DomainForecast]:
        """The three domains whose improvement would raise the score most."""
        ranked = sorted(self.domains, key=lambda d: -d.gain(self.questions))
        return [d for d in ranked if d.gain(self.questions) > 0][:3]


def guess_floor(entry: Entry) -> float:
    question = entry.question
    k = len(question.choices)
    return 1 / (2**k - 1) if question.is_multi else 1 / k


def first_attempt_accuracy(library: Library, store: ProgressStore) -> dict[Domain, tuple[int, int]]:
    """(correct, answered) on each question's first answer, per domain."""
    seen: set[str] = set()
    correct: Counter[Domain] = Counter()
    answered: Counter[Domain] = Counter()
    for review in store.reviews:
        key = str(review.get("key"))
        if key in seen or review.get("amends"):
            continue
        seen.add(key)
        entry = library.entries.get(key)
        if entry is None:
            continue
        answered[entry.domain] += 1
        correct[entry.domain] += bool(review.get("correct"))
    return {d: (correct[d], answered[d]) for d in Domain}


def predict(library: Library, store: ProgressStore, scheduling: Scheduling, profile: Profile,
            when: datetime) -> Readiness:
    pools: dict[Domain, list[Entry]] = {d: [] for d in profile.domains}
    for entry in eligible(library, profile):
        pools[entry.domain].append(entry)
    on_exam = allocate(profile.questions, profile.domains, {d: len(p) for d, p in pools.items()})
    first = first_attempt_accuracy(library, store)
    forecasts = []
    for domain, pool in pools.items():
        right, answered = first[domain]
        unseen = (right + PRIOR_ACCURACY * PRIOR_WEIGHT) / (answered + PRIOR_WEIGHT)
        chances = []
        seen = 0
        for entry in pool:
            history = store.history.get(entry.key)
            if history is None:
                chances.append(unseen)
                continue
            seen += 1
            recall = scheduling.retrievability(card_from_dict(history.card), when)
            floor = guess_floor(entry)
            chances.append(recall + (1 - recall) * floor)
        expected = sum(chances) / len(chances) if chances else 0.0
        forecasts.append(DomainForecast(domain, on_exam[domain], len(pool), seen, expected))
    total = sum(f.questions_on_exam for f in forecasts)
    expected = sum(f.questions_on_exam * f.expected for f in forecasts) / total if total else 0.0
    variance = sum(f.questions_on_exam * f.expected * (1 - f.expected) for f in forecasts)
    spread = math.sqrt(variance) / total if total else 0.0
    return Readiness(
        profile_id=profile.id, title=profile.title, when=when, questions=total, expected=expected,
        low=max(0.0, expected - RANGE_Z * spread), high=min(1.0, expected + RANGE_Z * spread),
        pass_percent=profile.pass_percent, domains=forecasts,
    )

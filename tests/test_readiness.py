"""The readiness predictor, validated on simulated learners whose true recall is known."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from quiz.blueprint import allocate, eligible
from quiz.clock import ManualClock
from quiz.domains import Domain
from quiz.library import Entry, Library
from quiz.models import Profile
from quiz.readiness import predict
from quiz.scheduler import Scheduling
from quiz.session.recording import current_card, review_record
from quiz.store.progress import ProgressStore
from tests.factories import CIIP_WEIGHTS, make_library, make_profile

START = ManualClock().now()


@dataclass
class Memory:
    stability: float  # days
    since: datetime


class SyntheticLearner:
    """Knows a share of each domain beforehand; forgets along a power curve (not FSRS's own), gains
    stability with each success and relearns from the explanation after a miss. Its chance of a right
    answer at any moment is known exactly, which is what the predictor is judged against."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.ability = {d: rng.uniform(0.25, 0.85) for d in Domain}
        self.memory: dict[str, Memory] = {}

    def recall(self, key: str, when: datetime) -> float:
        memory = self.memory[key]
        days = (when - memory.since).total_seconds() / 86400
        return (1 + days / (9 * memory.stability)) ** -1.0

    def chance(self, entry: Entry, when: datetime) -> float:
        if entry.key not in self.memory:
            known = self.ability[entry.domain]
            return known + (1 - known) / 4
        recall = self.recall(entry.key, when)
        return recall + (1 - recall) / 4

    def answer(self, entry: Entry, when: datetime) -> bool:
        memory = self.memory.get(entry.key)
        if memory is None:
            knows = self.rng.random() < self.ability[entry.domain]
            correct = knows or self.rng.random() < 0.25
            self.memory[entry.key] = Memory(20.0 if knows else 1.0, when)
            return correct
        knows = self.rng.random() < self.recall(entry.key, when)
        correct = knows or self.rng.random() < 0.25
        memory.stability = memory.stability * 2.5 if knows else max(0.5, memory.stability * 0.3)
        memory.since = when
        return correct


def simulate(seed: int, folder: Path, days: int, new_per_day: int) -> tuple[Library, ProgressStore, SyntheticLearner]:
    rng = random.Random(seed)
    library = make_library(dict.fromkeys(Domain, 40))
    learner = SyntheticLearner(rng)
    scheduling = Scheduling(fuzzing=False)
    store = ProgressStore.open(folder, START)
    unseen = sorted(library.entries)
    rng.shuffle(unseen)
    for day in range(days):
        when = START + timedelta(days=day)
        todays = store.due_keys(when) + [unseen.pop() for _ in range(min(new_per_day, len(unseen)))]
        for n, key in enumerate(todays):
            moment = when + timedelta(minutes=n)
            correct = learner.answer(library.entries[key], moment)
            store.record_reviews([review_record(
                scheduling, key=key, card=current_card(store, key), chosen=[0] if correct else [1],
                correct=correct, when=moment, duration_ms=20_000, mode="practice", session_id=f"day{day}",
            )])
    return library, store, learner


def true_score(library: Library, learner: SyntheticLearner, profile: Profile, when: datetime) -> float:
    pools: dict[Domain, list[Entry]] = {d: [] for d in profile.domains}
    for entry in eligible(library, profile):
        pools[entry.domain].append(entry)
    counts = allocate(profile.questions, profile.domains, {d: len(p) for d, p in pools.items()})
    total = sum(counts.values())
    return sum(counts[d] * sum(learner.chance(e, when) for e in pool) / len(pool) for d, pool in pools.items()) / total


def test_predictions_match_simulated_learners_within_five_points(tmp_path: Path) -> None:
    profile = make_profile(questions=100, domains=CIIP_WEIGHTS)
    errors = []
    for seed in range(6):
        library, store, learner = simulate(seed, tmp_path / f"learner{seed}", days=30, new_per_day=10)
        today = START + timedelta(days=30)
        for when in (today, today + timedelta(days=14)):
            predicted = predict(library, store, Scheduling(fuzzing=False), profile, when)
            actual = true_score(library, learner, profile, when)
            errors.append(abs(predicted.expected - actual) * 100)
            assert predicted.low <= predicted.expected <= predicted.high
        store.close()
    mean_error = sum(errors) / len(errors)
    print(f"readiness mean error {mean_error:.2f} points: {[round(e, 1) for e in errors]}")
    assert mean_error <= 5.0, f"mean error {mean_error:.1f} points: {[round(e, 1) for e in errors]}"


def test_a_newcomer_gets_the_prior_and_the_focus_follows_the_blueprint(tmp_path: Path) -> None:
    library = make_library(dict.fromkeys(Domain, 10))
    with ProgressStore.open(tmp_path, START) as store:
        readiness = predict(library, store, Scheduling(fuzzing=False), make_profile(questions=50), START)
    assert abs(readiness.expected - 0.55) < 1e-9
    assert readiness.low < 0.55 < readiness.high
    assert [d.domain for d in readiness.focus] == [Domain.IMAGE_MANAGEMENT, Domain.INFORMATION_TECHNOLOGY,
                                                     Domain.IMAGING_INFORMATICS]


def test_forgetting_lowers_the_forecast_toward_the_guessing_floor(tmp_path: Path) -> None:
    library, store, _ = simulate(3, tmp_path, days=10, new_per_day=40)
    profile = make_profile(questions=100)
    now = START + timedelta(days=10)
    soon = predict(library, store, Scheduling(fuzzing=False), profile, now).expected
    later = predict(library, store, Scheduling(fuzzing=False), profile, now + timedelta(days=365)).expected
    assert later < soon and later > 0.25
    store.close()

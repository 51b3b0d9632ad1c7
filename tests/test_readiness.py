"""The readiness predictor, validated on simulated learners whose true recall is known."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.clock import ManualClock
from quiz.domains import Domain
from quiz.insight.readiness import PlanAssumption, guess_floor, predict, project_plan
from quiz.library import Entry, Library
from quiz.models import Profile
from quiz.scheduling.exam_plan import day_end
from quiz.scheduling.fsrs import Scheduling
from quiz.session.blueprint import allocate, eligible
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
        return float((1 + days / (9 * memory.stability)) ** -1.0)  # float ** float is typed Any (it may be complex)

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
            store.record_reviews(
                [
                    review_record(
                        scheduling,
                        key=key,
                        card=current_card(store, key),
                        response=[0] if correct else [1],
                        correct=correct,
                        when=moment,
                        duration_ms=20_000,
                        mode="practice",
                        session_id=f"day{day}",
                    )
                ]
            )
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


def test_a_newcomer_gets_the_guessing_floor_and_the_focus_follows_the_blueprint(tmp_path: Path) -> None:
    library = make_library(dict.fromkeys(Domain, 10))
    with ProgressStore.open(tmp_path, START) as store:
        readiness = predict(library, store, Scheduling(fuzzing=False), make_profile(questions=50), START)
    assert abs(readiness.expected - 0.25) < 1e-9 and readiness.floor == 0.25  # no knowledge shown yet
    assert readiness.low < 0.25 < readiness.high
    assert [d.domain for d in readiness.focus] == [
        Domain.IMAGE_MANAGEMENT,
        Domain.INFORMATION_TECHNOLOGY,
        Domain.IMAGING_INFORMATICS,
    ]


def test_forgetting_lowers_the_forecast_toward_the_guessing_floor(tmp_path: Path) -> None:
    library, store, _ = simulate(3, tmp_path, days=10, new_per_day=40)
    profile = make_profile(questions=100)
    now = START + timedelta(days=10)
    soon = predict(library, store, Scheduling(fuzzing=False), profile, now).expected
    later = predict(library, store, Scheduling(fuzzing=False), profile, now + timedelta(days=365)).expected
    assert later < soon and later > 0.25
    store.close()


def guessing_only(library: Library, profile: Profile) -> float:
    """The score of someone who knows nothing and guesses every question (blueprint-weighted)."""
    pools: dict[Domain, list[Entry]] = {d: [] for d in profile.domains}
    for entry in eligible(library, profile):
        pools[entry.domain].append(entry)
    counts = allocate(profile.questions, profile.domains, {d: len(p) for d, p in pools.items()})
    total = sum(counts.values())
    return sum(counts[d] * sum(guess_floor(e) for e in pool) / len(pool) for d, pool in pools.items() if pool) / total


def wrong(store: ProgressStore, key: str, when: datetime, scheduling: Scheduling, chosen: list[int]) -> None:
    store.record_reviews(
        [
            review_record(
                scheduling,
                key=key,
                card=current_card(store, key),
                response=chosen,
                correct=False,
                when=when,
                duration_ms=0,
                mode="exam",
                session_id="x",
            )
        ]
    )


def test_one_wrong_answer_predicts_the_guessing_floor_not_a_prior(tmp_path: Path) -> None:
    library = make_library(dict.fromkeys(Domain, 10))
    profile = make_profile(questions=50)
    scheduling = Scheduling(fuzzing=False)
    with ProgressStore.open(tmp_path, START) as store:
        wrong(store, sorted(library.entries)[0], START, scheduling, [])
        readiness = predict(library, store, scheduling, profile, START + timedelta(minutes=1))
    assert readiness.expected <= 0.25 + 1e-9


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_nothing_answered_right_never_forecasts_above_guessing(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    library = make_library(dict.fromkeys(Domain, 6), multi_every=3)
    keys = sorted(library.entries)
    profile = make_profile(questions=data.draw(st.integers(10, 60)))
    scheduling = Scheduling(fuzzing=False)
    floor = guessing_only(library, profile)
    answers = data.draw(
        st.lists(
            st.tuples(st.sampled_from(keys), st.integers(0, 60 * 24 * 20), st.lists(st.integers(0, 3), max_size=2)),
            max_size=40,
        )
    )
    with ProgressStore.open(tmp_path_factory.mktemp("s"), START) as store:
        for key, minutes, chosen in sorted(answers, key=lambda a: a[1]):
            wrong(store, key, START + timedelta(minutes=minutes), scheduling, chosen)
        last = START + timedelta(days=21)
        for when in (last, last + timedelta(days=data.draw(st.integers(0, 400)))):
            assert predict(library, store, scheduling, profile, when).expected <= floor + 1e-9


def test_a_question_last_answered_wrong_counts_at_its_floor_until_answered_right(tmp_path: Path) -> None:
    library = make_library({Domain.OPERATIONS: 1})
    profile = make_profile(questions=1, domains={Domain.OPERATIONS: 1})
    key = next(iter(library.entries))
    scheduling = Scheduling(fuzzing=False)
    with ProgressStore.open(tmp_path, START) as store:
        when = START
        for days in (0, 2, 6, 15):  # well learned
            when = START + timedelta(days=days)
            store.record_reviews(
                [
                    review_record(
                        scheduling,
                        key=key,
                        card=current_card(store, key),
                        response=[0],
                        correct=True,
                        when=when,
                        duration_ms=0,
                        mode="practice",
                        session_id="x",
                    )
                ]
            )
        assert predict(library, store, scheduling, profile, when).expected > 0.9
        wrong(store, key, when, scheduling, [1])
        assert predict(library, store, scheduling, profile, when + timedelta(minutes=5)).expected == 0.25
        store.record_reviews(
            [
                review_record(
                    scheduling,
                    key=key,
                    card=current_card(store, key),
                    response=[0],
                    correct=True,
                    when=when + timedelta(minutes=10),
                    duration_ms=0,
                    mode="practice",
                    session_id="x",
                )
            ]
        )
        assert predict(library, store, scheduling, profile, when + timedelta(minutes=11)).expected > 0.9


def follow_plan(
    library: Library,
    store: ProgressStore,
    learner: SyntheticLearner,
    start: datetime,
    *,
    study_days: int,
    new_per_day: int,
    new_days: int,
) -> None:
    """The learner keeps to the plan the way project_plan assumes: each day every question due by the
    end of that day once (at its due time if later), then that day's new questions."""
    scheduling = Scheduling(fuzzing=False)
    unseen = [key for key in sorted(library.entries) if key not in store.history]
    random.Random(99).shuffle(unseen)
    for day in range(study_days):
        moment = start + timedelta(days=day)
        end = day_end(moment, UTC)
        due = sorted((history.due, key) for key, history in store.history.items() if history.due < end)
        new = [
            (moment + timedelta(minutes=n), key) for n, key in enumerate(unseen[:new_per_day] if day < new_days else [])
        ]
        del unseen[: len(new)]
        for when, key in sorted([(max(moment, d), k) for d, k in due] + new):
            correct = learner.answer(library.entries[key], when)
            store.record_reviews(
                [
                    review_record(
                        scheduling,
                        key=key,
                        card=current_card(store, key),
                        response=[0] if correct else [1],
                        correct=correct,
                        when=when,
                        duration_ms=20_000,
                        mode="practice",
                        session_id=f"plan{day}",
                    )
                ]
            )


def test_the_plan_projection_matches_simulated_learners_who_follow_it(tmp_path: Path) -> None:
    profile = make_profile(questions=100, domains=CIIP_WEIGHTS)
    errors, no_study_errors = [], []
    for seed in range(6):
        library, store, learner = simulate(seed, tmp_path / f"learner{seed}", days=20, new_per_day=10)
        today = START + timedelta(days=20)
        exam = today + timedelta(days=21, hours=3)
        plan = dict(study_days=21, new_per_day=10, new_days=20)
        projected = project_plan(
            library, store, Scheduling(fuzzing=False), profile, start=today, exam=exam, tz=UTC, **plan
        )
        no_study = predict(library, store, Scheduling(fuzzing=False), profile, exam)
        follow_plan(library, store, learner, today, **plan)
        actual = true_score(library, learner, profile, exam)
        errors.append((projected.expected - actual) * 100)
        no_study_errors.append((no_study.expected - actual) * 100)
        assert projected.low <= projected.expected <= projected.high and projected.plan == PlanAssumption(21, 10, 200)
        store.close()
    mean_error = sum(abs(e) for e in errors) / len(errors)
    print(
        f"plan projection mean error {mean_error:.2f} points: {[round(e, 1) for e in errors]}; "
        f"no-study forecast: {[round(e, 1) for e in no_study_errors]}"
    )
    assert mean_error <= 5.0, f"mean error {mean_error:.1f} points: {[round(e, 1) for e in errors]}"


def test_a_plan_without_study_days_is_the_no_study_forecast(tmp_path: Path) -> None:
    library, store, _ = simulate(1, tmp_path, days=8, new_per_day=15)
    profile = make_profile(questions=100)
    exam = START + timedelta(days=30)
    scheduling = Scheduling(fuzzing=False)
    idle = project_plan(
        library,
        store,
        scheduling,
        profile,
        start=START + timedelta(days=8),
        exam=exam,
        study_days=0,
        new_per_day=10,
        new_days=0,
    )
    assert abs(idle.expected - predict(library, store, scheduling, profile, exam).expected) < 1e-12
    store.close()

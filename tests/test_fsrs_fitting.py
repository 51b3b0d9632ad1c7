"""The pieces of `quiz optimize` below the CLI: the reviews as FSRS data, the health check, the
stored fit (checked on load) and rescheduling by replay."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from benchmarks.learners import DEFAULTS, FORGETS_FASTER, learner_reviews
from quiz.clock import ManualClock
from quiz.domains import Domain
from quiz.scheduling.fsrs import Scheduling
from quiz.scheduling.health import MIN_CARDS, MIN_REVIEWS, health_check
from quiz.scheduling.optimize import fit
from quiz.scheduling.reschedule import rescheduled_cards
from quiz.scheduling.review_items import Rated, elapsed_days, rated_sequences, review_items
from quiz.session.recording import review_record
from quiz.store.fsrs_parameters import FSRS_PARAMETERS, FittedParameters, check_fitted
from quiz.store.progress import ProgressStore
from quiz.store.review import Review
from quiz.study import Study
from tests.factories import make_library

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def review(
    key: str, when: datetime, rating: int, *, mode: str = "practice", amends: bool = False, n: int = 0
) -> Review:
    from fsrs import Rating

    scheduling = Scheduling(fuzzing=False)
    return review_record(
        scheduling,
        key=key,
        card=scheduling.new_card(key, when) if mode == "cram" else None,  # cram asks only scheduled questions
        response=[0],
        correct=rating > 1,
        when=when,
        duration_ms=1000,
        mode=mode,
        session_id="s",
        rating=Rating(rating),
        amends=amends,
        review_id=f"{key}-{n}",
    )


# the reviews as FSRS data ------------------------------------------------------------------------
def test_elapsed_days_are_whole_24_hour_periods() -> None:
    assert elapsed_days(T0, T0 + timedelta(hours=23, minutes=59)) == 0
    assert elapsed_days(T0, T0 + timedelta(hours=24)) == 1
    late = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)
    assert elapsed_days(late, late + timedelta(hours=1)) == 0  # the next calendar day, not a day later
    assert elapsed_days(T0, T0 - timedelta(days=2)) == 0


def test_cram_answers_are_left_out_and_an_amend_replaces_the_rating_before() -> None:
    reviews = [
        review("b/q1", T0, 3, n=1),
        review("b/q1", T0 + timedelta(days=2), 3, n=2),
        review("b/q1", T0 + timedelta(days=2, seconds=5), 2, amends=True, n=3),
        review("b/q1", T0 + timedelta(days=3), 1, mode="cram", n=4),
        review("b/q1", T0 + timedelta(days=6), 1, n=5),
    ]
    (sequence,) = rated_sequences(reviews).values()
    assert [(r.time, r.rating) for r in sequence] == [(T0, 3), (T0 + timedelta(days=2), 2), (T0 + timedelta(days=6), 1)]
    items = review_items(rated_sequences(reviews))
    shown = "FSRSReview {{ rating: {}, delta_t: {} }}".format  # fsrs-rs's reviews show their fields only so
    assert [[repr(r) for r in item.item.reviews] for item in items] == [
        [shown(3, 0), shown(2, 2)],
        [shown(3, 0), shown(2, 2), shown(1, 4)],
    ]
    assert [item.recalled for item in items] == [True, False]


def test_reviews_before_a_reset_are_not_fsrs_data() -> None:
    reviews = [review("b/q1", T0, 1, n=1), review("b/q1", T0 + timedelta(days=3), 3, n=2)]
    sequences = rated_sequences(reviews, {"b/q1": T0 + timedelta(days=1)})
    assert sequences == {"b/q1": [Rated(T0 + timedelta(days=3), 3)]}


# the health check ------------------------------------------------------------------------------
def sequences_of(questions: int, reviews_each: int, *, rating: int = 3, gap_days: int = 2) -> dict[str, list[Rated]]:
    return {
        f"b/q{n}": [
            Rated(T0 + timedelta(days=gap_days * k), 1 if k % 4 == 1 and rating != 3 else rating)
            for k in range(reviews_each)
        ]
        for n in range(questions)
    }


def test_health_refuses_below_the_minimum_reviews_and_questions_reviewed_again() -> None:
    few_reviews = health_check(sequences_of(MIN_CARDS, 3))  # 300 reviews
    assert not few_reviews.enough
    assert few_reviews.reviews == 3 * MIN_CARDS and few_reviews.cards_reviewed_again == MIN_CARDS
    assert any("Too few reviews" in w for w in few_reviews.warnings)
    refusal = few_reviews.refusal()
    assert refusal is not None and "400" in refusal and "100" in refusal and "default" in refusal

    same_day = health_check(sequences_of(MIN_REVIEWS, 2, gap_days=0))  # 800 reviews, none a day apart
    assert not same_day.enough and same_day.cards_reviewed_again == 0
    assert any("later day" in w for w in same_day.warnings)

    enough = health_check(sequences_of(MIN_CARDS, 5, rating=2))
    assert enough.enough and enough.refusal() is None


def test_health_warns_when_almost_every_repeat_answer_is_good() -> None:
    all_good = health_check(sequences_of(MIN_CARDS, 5))
    assert all_good.enough and all_good.good_share == 1.0
    assert any("Almost every repeat answer is Good" in w for w in all_good.warnings)
    mixed = health_check(sequences_of(MIN_CARDS, 5, rating=2))
    assert not any("Good" in w for w in mixed.warnings)


def test_a_fit_is_refused_and_nothing_fitted_below_the_minimum() -> None:
    outcome = fit(sequences_of(MIN_CARDS - 1, 5, rating=2), DEFAULTS)
    assert outcome.report is None and outcome.health.refusal() is not None


# the stored fit --------------------------------------------------------------------------------
def stored(**changes: Any) -> dict[str, Any]:
    data = FittedParameters(FORGETS_FASTER, date(2026, 3, 2), 5000, 0.49, 0.03, 0.52, 0.09).to_json()
    return {**data, **changes}


def test_a_stored_fit_round_trips() -> None:
    assert check_fitted(stored()) is None
    assert FittedParameters.from_json(stored()).parameters == FORGETS_FASTER


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"parameters": list(DEFAULTS[:20])}, "21 finite numbers"),
        ({"parameters": [*DEFAULTS[:20], math.nan]}, "21 finite numbers"),
        ({"parameters": [*DEFAULTS[:20], "0.1"]}, "21 finite numbers"),
        ({"parameters": [-5.0, *DEFAULTS[1:]]}, "outside FSRS's range"),
        ({"fitted_on": "yesterday"}, "fitted_on"),
        ({"reviews": -1}, "reviews"),
        ({"log_loss": math.inf}, "log_loss"),
    ],
)
def test_a_bad_stored_fit_is_reported_and_the_defaults_used(tmp_path: Path, changes: dict[str, Any], said: str) -> None:
    assert said in (check_fitted(stored(**changes)) or "")
    settings = {"kind": "settings", "schema_version": 2, "data": {FSRS_PARAMETERS: stored(**changes), "daily_new": 7}}
    (tmp_path / "settings.json").write_text(json.dumps(settings, allow_nan=True))
    with ProgressStore.open(tmp_path, T0) as store:
        assert store.settings.fsrs_parameters is None and store.settings.daily_new == 7
        assert any(FSRS_PARAMETERS in str(damage) and said in str(damage) for damage in store.damages)
        study = Study(make_library({Domain.OPERATIONS: 1}), store, clock=ManualClock(T0))
        assert study.scheduling.parameters == DEFAULTS


def test_a_good_stored_fit_schedules_every_answer(tmp_path: Path) -> None:
    settings = {"kind": "settings", "schema_version": 2, "data": {FSRS_PARAMETERS: stored()}}
    (tmp_path / "settings.json").write_text(json.dumps(settings))
    with ProgressStore.open(tmp_path, T0) as store:
        assert store.damages == []
        study = Study(make_library({Domain.OPERATIONS: 1}), store, clock=ManualClock(T0))
        assert study.scheduling.parameters == pytest.approx(FORGETS_FASTER)
        with_other_retention = study.scheduling.with_retention(0.8, fuzzing=False)
        assert with_other_retention.parameters == study.scheduling.parameters


# rescheduling ----------------------------------------------------------------------------------
def seeded_store(folder: Path) -> Study:
    reviews = learner_reviews(FORGETS_FASTER, seed=1)  # a log the fit wins on (tests/test_optimize_gate.py)
    clock = ManualClock(reviews[-1].time + timedelta(hours=1))
    store = ProgressStore.open(folder, clock.now())
    store.record_reviews(reviews)
    return Study(make_library({Domain.OPERATIONS: 1}), store, clock=clock)


def test_rescheduling_replays_the_same_cards_every_time(tmp_path: Path) -> None:
    study = seeded_store(tmp_path)
    faster = Scheduling(parameters=FORGETS_FASTER)
    first = rescheduled_cards(faster, study.store.reviews, study.store.states.resets)
    again = rescheduled_cards(Scheduling(parameters=FORGETS_FASTER), list(reversed(study.store.reviews)))
    assert first == again
    # with the parameters the reviews were scheduled with, the replay is the card each review kept
    defaults = rescheduled_cards(Scheduling(), study.store.reviews)
    assert defaults == {key: history.card for key, history in study.store.history.items()}
    assert first != defaults
    study.close()


def test_using_a_fit_reschedules_every_card_and_keeps_it_after_reopening(tmp_path: Path) -> None:
    study = seeded_store(tmp_path)
    before = {key: dict(history.card) for key, history in study.store.history.items()}
    outcome = study.fsrs_fit()()
    assert outcome.report is not None and outcome.report.switch
    saved = study.use_fit(outcome.report)
    assert saved is not None and saved.reviews == outcome.report.trained_on
    assert saved.log_loss == outcome.report.fitted.log_loss
    assert saved.replaced_log_loss == outcome.report.current.log_loss
    expected = rescheduled_cards(Scheduling(parameters=saved.parameters), study.store.reviews)
    assert {key: history.card for key, history in study.store.history.items()} == expected != before
    study.close()

    with ProgressStore.open(tmp_path, study.clock.now()) as store:
        assert store.damages == []
        assert store.settings.fsrs_parameters == saved
        assert {key: history.card for key, history in store.history.items()} == expected
        assert all(h.due == datetime.fromisoformat(expected[k]["due"]) for k, h in store.history.items())
        reopened = Study(make_library({Domain.OPERATIONS: 1}), store, clock=study.clock)
        reopened.reset_fsrs_parameters()
        assert store.settings.fsrs_parameters is None
        assert {key: history.card for key, history in store.history.items()} == before


def test_a_rescheduled_card_gives_way_to_a_later_answer(tmp_path: Path) -> None:
    study = seeded_store(tmp_path)
    outcome = study.fsrs_fit()()
    assert outcome.report is not None
    study.use_fit(outcome.report)
    key = next(iter(study.store.history))
    later = review_record(
        study.scheduling,
        key=key,
        card=None,
        response=[0],
        correct=True,
        when=study.clock.now(),
        duration_ms=1000,
        mode="practice",
        session_id="later",
        review_id="later-1",
    )
    study.store.record_reviews([later])
    study.close()
    with ProgressStore.open(tmp_path, study.clock.now()) as store:
        assert store.history[key].card == later.card  # the later answer's card, not the rebuilt one


def test_a_damaged_rescheduled_card_is_reported_and_its_last_reviews_card_used(tmp_path: Path) -> None:
    study = seeded_store(tmp_path)
    outcome = study.fsrs_fit()()
    assert outcome.report is not None
    study.use_fit(outcome.report)
    study.close()
    path = tmp_path / "rescheduled.json"
    document = json.loads(path.read_text())
    first, second = list(document["data"]["cards"])[:2]
    document["data"]["cards"][first]["card"]["due"] = "not a time"
    path.write_text(json.dumps(document))
    with ProgressStore.open(tmp_path, study.clock.now()) as store:
        (damage,) = store.damages
        assert "rescheduled card" in str(damage) and first in str(damage)
        cached = next(r for r in reversed(store.reviews) if r.key == first).card
        assert store.history[first].card == cached  # the card its last review kept
        assert store.history[second].card == document["data"]["cards"][second]["card"]  # the others still apply


def test_the_health_line_gives_no_share_of_good_without_repeat_answers() -> None:
    from quiz.insight.fitting import health_lines
    from quiz.scheduling.health import Health

    (none_yet,) = health_lines(Health(2, 2, 0, 0, 0.0, ()))
    assert none_yet.endswith("no repeat answers yet.") and "%" not in none_yet
    (some,) = health_lines(Health(500, 120, 110, 300, 0.8, ()))
    assert some.endswith("80% of repeat answers Good.")

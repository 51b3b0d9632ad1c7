"""The fit's gate, both ways, on simulated learners (benchmarks.learners): a learner who forgets
faster than FSRS's defaults gets the fitted parameters, since they predict the held-out later reviews
better; a learner whose memory is the defaults' keeps the defaults."""

from __future__ import annotations

import pytest

from benchmarks.learners import DEFAULTS, FORGETS_FASTER, learner_reviews
from quiz.scheduling.optimize import FitReport, fit, split_by_time
from quiz.scheduling.review_items import rated_sequences, review_items


def fitted(true_parameters: tuple[float, ...], seed: int) -> FitReport:
    outcome = fit(rated_sequences(learner_reviews(true_parameters, seed=seed)), DEFAULTS)
    assert outcome.report is not None
    return outcome.report


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_learner_who_forgets_faster_gets_the_fitted_parameters(seed: int) -> None:
    report = fitted(FORGETS_FASTER, seed)
    assert report.switch, report.reason
    assert report.fitted.log_loss < report.current.log_loss - 2 * report.standard_error
    assert report.fitted.rmse_bins <= report.current.rmse_bins
    assert report.chosen == report.fitted_parameters
    # the fit moved towards the learner: a lower first stability for Good than the default's
    assert report.fitted_parameters[2] < DEFAULTS[2]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_learner_drawn_from_the_defaults_keeps_them(seed: int) -> None:
    report = fitted(DEFAULTS, seed)
    assert not report.switch, report.reason
    assert report.chosen == DEFAULTS
    assert "stay" in report.reason


def test_the_fit_is_the_same_every_run() -> None:
    first, second = fitted(FORGETS_FASTER, 1), fitted(FORGETS_FASTER, 1)
    assert first.fitted_parameters == second.fitted_parameters
    assert first.fitted == second.fitted


def test_the_split_trains_on_earlier_reviews_and_scores_later_ones() -> None:
    items = review_items(rated_sequences(learner_reviews(DEFAULTS, questions=200, days=40, seed=4)))
    train, held_out = split_by_time(items)
    assert train and held_out
    assert max(item.time for item in train) <= min(item.time for item in held_out)
    assert all(item.last_interval >= 1 for item in held_out)  # same-day learning steps are not scored
    assert all(item.item.long_term_review_cnt() > 0 for item in train)  # what fsrs-rs can train on


def test_on_a_real_users_log_the_fit_barely_differs_and_the_defaults_stay() -> None:
    from tests.test_fsrs_engines_agree import log_sequences

    outcome = fit(log_sequences(), DEFAULTS)
    assert outcome.health.reviews == 12_580 and outcome.health.warnings == ()
    report = outcome.report
    assert report is not None and not report.switch
    assert abs(report.loss_gain) < 2 * report.standard_error  # within the noise of 1,319 later reviews

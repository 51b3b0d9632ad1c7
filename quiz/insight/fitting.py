"""The FSRS fit in words, as plain lines shared by `quiz optimize` and the Stats screen's dialog, and
as JSON for `quiz optimize --json`."""

from __future__ import annotations

from typing import Any

from quiz.scheduling.health import Health
from quiz.scheduling.optimize import FitOutcome, FitReport, Scores
from quiz.store.fsrs_parameters import FittedParameters

ABOUT = (
    "Log loss: how surprised the parameters were by what you answered (lower is better). "
    "RMSE(bins): how far predicted recall is from the recall seen, over reviews grouped by prediction "
    "(lower is better)."
)


def in_use_line(fitted: FittedParameters | None) -> str:
    if fitted is None:
        return "In use: FSRS's default parameters."
    return (
        f"In use: parameters fitted on {fitted.fitted_on.isoformat()} to {fitted.reviews:,} reviews "
        f"(log loss {fitted.log_loss:.4f} against {fitted.replaced_log_loss:.4f}, RMSE(bins) "
        f"{fitted.rmse_bins:.4f} against {fitted.replaced_rmse_bins:.4f} for the ones they replaced)."
    )


def health_lines(health: Health) -> list[str]:
    lines = [
        f"Your reviews: {health.reviews:,} answers to {health.questions:,} questions; "
        f"{health.cards_reviewed_again:,} questions answered again on a later day; "
        + (f"{health.good_share:.0%} of repeat answers Good." if health.repeat_reviews else "no repeat answers yet.")
    ]
    lines += [f"Warning: {warning}" for warning in health.warnings]
    return lines


def _scores(name: str, scores: Scores) -> str:
    return f"  {name:<22} log loss {scores.log_loss:.4f}   RMSE(bins) {scores.rmse_bins:.4f}"


def report_lines(report: FitReport) -> list[str]:
    return [
        f"Fitted to your earlier {report.trained_on:,} reviews, scored on {report.held_out:,} later ones "
        f"(in {report.seconds:.2f} s):",
        _scores("parameters in use", report.current),
        _scores("fitted parameters", report.fitted),
        f"Verdict: {'switch to the fitted parameters' if report.switch else 'keep the parameters in use'}: "
        f"{report.reason}.",
    ]


def outcome_lines(outcome: FitOutcome) -> list[str]:
    lines = health_lines(outcome.health)
    if outcome.report is None:
        return [*lines, outcome.health.refusal() or "Not enough reviews a day or more apart to score a fit."]
    return [*lines, *report_lines(outcome.report)]


def _scores_json(scores: Scores) -> dict[str, Any]:
    return {"log_loss": scores.log_loss, "rmse_bins": scores.rmse_bins, "reviews": scores.reviews}


def outcome_json(outcome: FitOutcome, *, saved: bool) -> dict[str, Any]:
    health = outcome.health
    data: dict[str, Any] = {
        "health": {
            "reviews": health.reviews,
            "questions": health.questions,
            "cards_reviewed_again": health.cards_reviewed_again,
            "good_share": health.good_share,
            "warnings": list(health.warnings),
            "enough": health.enough,
        },
        "refused": outcome.report is None,
        "saved": saved,
    }
    report = outcome.report
    if report is None:
        data["reason"] = health.refusal() or "not enough reviews a day or more apart to score a fit"
        return data
    data.update(
        {
            "trained_on": report.trained_on,
            "held_out": report.held_out,
            "current": {**_scores_json(report.current), "parameters": list(report.current_parameters)},
            "fitted": {**_scores_json(report.fitted), "parameters": list(report.fitted_parameters)},
            "loss_gain": report.loss_gain,
            "standard_error": report.standard_error,
            "switch": report.switch,
            "reason": report.reason,
            "seconds": report.seconds,
        }
    )
    return data

"""Fit FSRS-6's parameters to the user's reviews (fsrs-rs, the engine Anki uses) and keep them only
when they predict the user's later reviews better than the parameters in use.

The split is by time: the parameters are fitted on the reviews before TRAIN_SHARE of them (by
review time) and both sets are scored on the rest, each review predicted from the question's
history before it. Only reviews at least a day after the previous one are scored (same-day repeats
are learning steps, not tests of memory). The fit is kept when its log loss is lower by more than
two standard errors of the per-review loss difference and its RMSE(bins) is not higher; the report
says which set won and why. Deterministic: fsrs-rs trains with a fixed seed."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from fsrs_rs_python import FSRS, FSRSItem

from quiz.scheduling.health import Health, health_check
from quiz.scheduling.review_items import Rated, ReviewItem, review_items

TRAIN_SHARE = 0.8
BINS = 20  # RMSE(bins): predictions grouped in bins of 0.05 of predicted recall
CLAMP = 1e-4  # a predicted recall of exactly 0 or 1 would give an infinite loss
Progress = Callable[[str, float], None]  # (what is being done, share done 0..1)


@dataclass(frozen=True)
class Scores:
    log_loss: float  # mean of -log(predicted chance of what happened): lower is better
    rmse_bins: float  # predicted recall against the recall seen, bin by bin: lower is better
    reviews: int  # held-out reviews scored


@dataclass(frozen=True)
class FitReport:
    health: Health
    trained_on: int  # reviews the fit learned from (items: a review with its history)
    held_out: int  # reviews scored
    current_parameters: tuple[float, ...]
    fitted_parameters: tuple[float, ...]
    current: Scores
    fitted: Scores
    loss_gain: float  # mean per-review log loss of current minus fitted (> 0: the fit predicts better)
    standard_error: float  # of that mean
    switch: bool
    reason: str
    seconds: float

    @property
    def chosen(self) -> tuple[float, ...]:
        return self.fitted_parameters if self.switch else self.current_parameters


@dataclass(frozen=True)
class FitOutcome:
    """A refusal (`report` None, `health.refusal()` says why) or a fit with its verdict."""

    health: Health
    report: FitReport | None


def split_by_time(
    items: Sequence[ReviewItem], train_share: float = TRAIN_SHARE
) -> tuple[list[ReviewItem], list[ReviewItem]]:
    """Items are in review-time order: the earlier share trains, the later is held out. Only
    items with a review a day or more after an earlier one can train fsrs-rs, and only items whose
    predicted review came a day or more after the one before are scored."""
    cut = int(len(items) * train_share)
    train = [item for item in items[:cut] if item.item.long_term_review_cnt() > 0]
    held_out = [item for item in items[cut:] if item.last_interval > 0]
    return train, held_out


def predicted_recall(parameters: Sequence[float], items: Sequence[ReviewItem]) -> list[float]:
    """Each item's chance of recall at its last review, from the memory state of its history before it."""
    model = FSRS(list(parameters))
    states = model.memory_state_batch([FSRSItem(item.item.reviews[:-1]) for item in items])
    decay = -parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    recalls = []
    for item, state in zip(items, states, strict=True):
        recall = (1 + factor * item.last_interval / state.stability) ** decay
        recalls.append(min(max(recall, CLAMP), 1 - CLAMP))
    return recalls


def review_losses(recalls: Sequence[float], items: Sequence[ReviewItem]) -> list[float]:
    return [-math.log(r if item.recalled else 1 - r) for r, item in zip(recalls, items, strict=True)]


def rmse_bins(recalls: Sequence[float], items: Sequence[ReviewItem]) -> float:
    bins: dict[int, list[tuple[float, float]]] = {}
    for recall, item in zip(recalls, items, strict=True):
        bins.setdefault(min(int(recall * BINS), BINS - 1), []).append((recall, 1.0 if item.recalled else 0.0))
    squared = sum(
        len(pairs) * (statistics.fmean(p for p, _ in pairs) - statistics.fmean(s for _, s in pairs)) ** 2
        for pairs in bins.values()
    )
    return math.sqrt(squared / len(recalls))


def score(parameters: Sequence[float], items: Sequence[ReviewItem]) -> tuple[Scores, list[float]]:
    recalls = predicted_recall(parameters, items)
    losses = review_losses(recalls, items)
    return Scores(statistics.fmean(losses), rmse_bins(recalls, items), len(items)), losses


def fit(
    sequences: Mapping[str, list[Rated]],
    current_parameters: Sequence[float],
    *,
    train_share: float = TRAIN_SHARE,
    progress: Progress | None = None,
) -> FitOutcome:
    """Fit, score both sets on the held-out reviews and decide (see the module's docstring)."""
    started = time.perf_counter()
    say = progress or (lambda _what, _done: None)
    say("checking your reviews", 0.0)
    health = health_check(sequences)
    if not health.enough:
        return FitOutcome(health, None)
    items = review_items(sequences)
    train, held_out = split_by_time(items, train_share)
    if not train or len(held_out) < 2:
        return FitOutcome(health, None)
    current = tuple(float(w) for w in current_parameters)
    say(f"fitting to {len(train):,} reviews", 0.2)
    fitted = tuple(float(w) for w in FSRS(list(current)).compute_parameters([item.item for item in train]))
    say(f"scoring both on {len(held_out):,} later reviews", 0.8)
    current_scores, current_losses = score(current, held_out)
    fitted_scores, fitted_losses = score(fitted, held_out)
    gains = [c - f for c, f in zip(current_losses, fitted_losses, strict=True)]
    gain = statistics.fmean(gains)
    standard_error = statistics.stdev(gains) / math.sqrt(len(gains))
    switch, reason = verdict(current_scores, fitted_scores, gain, standard_error)
    say("done", 1.0)
    report = FitReport(
        health,
        len(train),
        len(held_out),
        current,
        fitted,
        current_scores,
        fitted_scores,
        gain,
        standard_error,
        switch,
        reason,
        time.perf_counter() - started,
    )
    return FitOutcome(health, report)


def verdict(current: Scores, fitted: Scores, gain: float, standard_error: float) -> tuple[bool, str]:
    if gain <= 2 * standard_error:
        return False, (
            f"the fitted parameters do not predict your later reviews clearly better (log loss "
            f"{fitted.log_loss:.4f} against {current.log_loss:.4f}; a gain must exceed two standard errors, "
            f"{2 * standard_error:.4f}), so the parameters in use stay"
        )
    if fitted.rmse_bins > current.rmse_bins:
        return False, (
            f"the fitted parameters have a lower log loss but a higher RMSE(bins) ({fitted.rmse_bins:.4f} "
            f"against {current.rmse_bins:.4f}), so the parameters in use stay"
        )
    return True, (
        f"the fitted parameters predict your later reviews better (log loss {fitted.log_loss:.4f} against "
        f"{current.log_loss:.4f}, more than two standard errors, and RMSE(bins) {fitted.rmse_bins:.4f} against "
        f"{current.rmse_bins:.4f}), so the fitted parameters win"
    )

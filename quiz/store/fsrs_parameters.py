"""FSRS parameters fitted to the user's reviews (`quiz optimize`), kept in settings.json under one key,
FSRS_PARAMETERS, with when they were fitted, from how many reviews, and the held-out scores of the
fit and of the parameters it replaced. Checked on load: anything but 21 finite numbers within
FSRS's bounds is reported and dropped, so the defaults apply."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from quiz.store.settings import FSRS_PARAMETERS

__all__ = ["COUNT", "FSRS_PARAMETERS", "FittedParameters", "check_fitted"]
COUNT = 21  # FSRS-6's (fsrs.scheduler's bounds have as many: imported only when a fit is checked)
SCORES = ("log_loss", "rmse_bins", "replaced_log_loss", "replaced_rmse_bins")


@dataclass(frozen=True)
class FittedParameters:
    parameters: tuple[float, ...]
    fitted_on: date
    reviews: int  # reviews the fit learned from
    log_loss: float  # the fit's, on the held-out reviews
    rmse_bins: float
    replaced_log_loss: float  # the replaced parameters', on the same reviews
    replaced_rmse_bins: float

    def to_json(self) -> dict[str, Any]:
        return {
            "parameters": list(self.parameters),
            "fitted_on": self.fitted_on.isoformat(),
            "reviews": self.reviews,
            "log_loss": self.log_loss,
            "rmse_bins": self.rmse_bins,
            "replaced_log_loss": self.replaced_log_loss,
            "replaced_rmse_bins": self.replaced_rmse_bins,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FittedParameters:
        """From a value `check_fitted` passed."""
        return cls(
            tuple(float(w) for w in data["parameters"]),
            date.fromisoformat(data["fitted_on"]),
            int(data["reviews"]),
            *(float(data[name]) for name in SCORES),
        )


def _number(value: Any) -> bool:
    return type(value) in (int, float) and math.isfinite(value)


def check_fitted(value: Any) -> str | None:
    """What is wrong with a stored fit, in words; None when it can be used."""
    if not isinstance(value, dict):
        return "is not an object"
    from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

    parameters = value.get("parameters")
    if not isinstance(parameters, list) or len(parameters) != COUNT or not all(_number(w) for w in parameters):
        return f"parameters are not {COUNT} finite numbers"
    for n, (w, low, high) in enumerate(zip(parameters, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True)):
        if not low <= w <= high:
            return f"parameter {n} ({w:g}) is outside FSRS's range {low:g} to {high:g}"
    try:
        date.fromisoformat(value.get("fitted_on"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "fitted_on is not a date (YYYY-MM-DD)"
    if type(value.get("reviews")) is not int or value["reviews"] < 0:
        return "reviews is not a whole number"
    for name in SCORES:
        if not _number(value.get(name)):
            return f"{name} is not a finite number"
    return None

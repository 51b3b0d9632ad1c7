"""The user's settings (settings.json), typed; a value this version does not know is kept as it is."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quiz.store.fsrs_parameters import FittedParameters

DEFAULT_RETENTION = 0.9
FSRS_PARAMETERS = "fsrs_parameters"  # the stored fit (quiz.store.fsrs_parameters), read only when there is one
DEFAULT_DAILY_NEW = 20
KNOWN = ("desired_retention", "theme", "exam_date", "plan_profile", "daily_new", FSRS_PARAMETERS)


@dataclass(frozen=True)
class Settings:
    desired_retention: float = DEFAULT_RETENTION
    theme: str | None = None  # a Textual theme the user picked; None: follow the terminal
    exam_date: date | None = None
    plan_profile: str | None = None
    daily_new: int = DEFAULT_DAILY_NEW  # new questions in today's study when no exam date is set
    fsrs_parameters: FittedParameters | None = None  # fitted by `quiz optimize`; None: FSRS's defaults
    other: dict[str, Any] = field(default_factory=dict)  # written by a newer version: kept

    def changed(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        data = dict(self.other)
        if self.desired_retention != DEFAULT_RETENTION:
            data["desired_retention"] = self.desired_retention
        if self.theme is not None:
            data["theme"] = self.theme
        if self.exam_date is not None:
            data["exam_date"] = self.exam_date.isoformat()
        if self.plan_profile is not None:
            data["plan_profile"] = self.plan_profile
        if self.daily_new != DEFAULT_DAILY_NEW:
            data["daily_new"] = self.daily_new
        if self.fsrs_parameters is not None:
            data[FSRS_PARAMETERS] = self.fsrs_parameters.to_json()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Settings:
        """From checked settings (quiz.store.checks drops a bad value, so its default applies)."""
        exam_date = data.get("exam_date")
        fitted = data.get(FSRS_PARAMETERS)
        if fitted is not None:
            from quiz.store.fsrs_parameters import FittedParameters
        return cls(
            desired_retention=float(data.get("desired_retention", DEFAULT_RETENTION)),
            theme=data.get("theme"),
            exam_date=date.fromisoformat(exam_date) if exam_date else None,
            plan_profile=data.get("plan_profile"),
            daily_new=int(data.get("daily_new", DEFAULT_DAILY_NEW)),
            fsrs_parameters=FittedParameters.from_json(fitted) if fitted is not None else None,
            other={k: v for k, v in data.items() if k not in KNOWN},
        )

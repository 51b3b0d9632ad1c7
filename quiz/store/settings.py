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
# Settings that follow the user between machines (`quiz sync`): the latest change wins, by its time.
SYNCED = ("desired_retention", "exam_date", "plan_profile", "daily_new", FSRS_PARAMETERS)
# Settings of this machine alone, never synced: the look, where the sync folder is, who this device is.
PER_DEVICE = ("theme", "sync_folder", "device_id")
KNOWN = (
    "desired_retention",
    "theme",
    "exam_date",
    "plan_profile",
    "daily_new",
    FSRS_PARAMETERS,
    *PER_DEVICE[1:],
    "changed_at",
)


@dataclass(frozen=True)
class Settings:
    """The user's settings (settings.json), each checked when read."""

    desired_retention: float = DEFAULT_RETENTION
    theme: str | None = None  # a Textual theme the user picked; None: follow the terminal
    exam_date: date | None = None
    plan_profile: str | None = None
    daily_new: int = DEFAULT_DAILY_NEW  # new questions in today's study when no exam date is set
    fsrs_parameters: FittedParameters | None = None  # fitted by `quiz optimize`; None: FSRS's defaults
    sync_folder: str | None = None  # the folder progress is synced through (`quiz sync --folder`)
    device_id: str | None = None  # this machine's name in that folder, made once
    changed_at: dict[str, str] = field(default_factory=dict)  # a synced setting -> when it was last set here
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
        if self.sync_folder is not None:
            data["sync_folder"] = self.sync_folder
        if self.device_id is not None:
            data["device_id"] = self.device_id
        if self.changed_at:
            data["changed_at"] = dict(self.changed_at)
        return data

    def synced_values(self) -> dict[str, Any]:
        """The synced settings as settings.json holds them (a default one is absent)."""
        data = self.to_json()
        return {name: data[name] for name in SYNCED if name in data}

    def with_synced(self, name: str, value: Any) -> Settings:
        """These settings with one synced setting as another machine wrote it (None: its default)."""
        data = self.to_json()
        data.pop(name, None)
        if value is not None:
            data[name] = value
        return Settings.from_json(data)

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
            sync_folder=data.get("sync_folder"),
            device_id=data.get("device_id"),
            changed_at=dict(data.get("changed_at", {})),
            other={k: v for k, v in data.items() if k not in KNOWN},
        )

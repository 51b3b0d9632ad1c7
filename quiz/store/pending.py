"""The exam in progress (session.json), typed: what was drawn, how each question is shown, the
answers, flags, struck-out choices and the user's own remarks so far, and the time used. Rewritten
on every change, so it stays small: the questions themselves are in the exam's own copy
(exam-<id>.json), written once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from quiz.kinds.base import Presentation, Response


@dataclass(frozen=True)
class Placed:
    """A question as placed in a session: its key, how its kind presents it this time (opaque JSON,
    e.g. the order of a multiple-choice item's choices) and, for a drill, which version was asked."""

    key: str
    presentation: Presentation
    variant: int = 0  # which generated version of a drill; 0 for bank questions
    kind: str = "choice"

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {"key": self.key, "presentation": self.presentation}
        if self.variant:
            data["variant"] = self.variant
        if self.kind != "choice":
            data["type"] = self.kind
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Placed:
        return cls(data["key"], data["presentation"], int(data.get("variant", 0)), str(data.get("type", "choice")))


@dataclass
class PendingExam:
    """Everything needed to resume an exam."""

    session_id: str
    title: str
    profile_id: str | None
    pass_percent: float | None
    limit_seconds: float | None
    seed: int
    started_at: str
    items: list[Placed]
    answers: dict[int, Response]  # position -> the response, as its question's kind writes it
    flagged: set[int]
    seconds: list[float]
    current: int = 0
    elapsed: float = 0.0  # running time before the current run of the app
    notes: tuple[str, ...] = ()  # the app's notices about the exam (how it was drawn), not the user's
    struck: dict[int, frozenset[int]] = field(default_factory=dict)  # position -> struck-out options
    remarks: dict[int, str] = field(default_factory=dict)  # position -> the user's note on it

    @property
    def answered(self) -> int:
        return len(self.answers)

    def to_json(self, items: list[dict[str, object]] | None = None) -> dict[str, Any]:
        """`items`: the items already in their saved form (they never change while an exam runs)."""
        return {
            "kind": "exam",
            "session_id": self.session_id,
            "title": self.title,
            "profile_id": self.profile_id,
            "pass_percent": self.pass_percent,
            "limit_seconds": self.limit_seconds,
            "seed": self.seed,
            "started_at": self.started_at,
            "items": items if items is not None else [p.to_json() for p in self.items],
            "answers": {str(k): v for k, v in sorted(self.answers.items())},
            "flagged": sorted(self.flagged),
            "seconds": [round(s, 3) for s in self.seconds],
            "current": self.current,
            "elapsed": round(self.elapsed, 3),
            "notes": list(self.notes),
            "struck": {str(k): sorted(v) for k, v in sorted(self.struck.items()) if v},
            "remarks": {str(k): v for k, v in sorted(self.remarks.items()) if v},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PendingExam:
        """From a checked session (quiz.store.checks)."""
        return cls(
            session_id=data["session_id"],
            title=data["title"],
            profile_id=data.get("profile_id"),
            pass_percent=data.get("pass_percent"),
            limit_seconds=data.get("limit_seconds"),
            seed=int(data["seed"]),
            started_at=data["started_at"],
            items=[Placed.from_json(i) for i in data["items"]],
            answers={int(k): v for k, v in data.get("answers", {}).items()},
            flagged=set(data.get("flagged", [])),
            seconds=[float(s) for s in data["seconds"]],
            current=int(data.get("current", 0)),
            elapsed=float(data.get("elapsed", 0.0)),
            notes=tuple(data.get("notes", ())),
            struck={int(k): frozenset(v) for k, v in data.get("struck", {}).items() if v},
            remarks={int(k): v for k, v in data.get("remarks", {}).items() if v},
        )

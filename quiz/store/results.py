"""What a finished session produced (one line of attempts.jsonl, typed): the score overall and by
domain, and every item."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from quiz.domains import Domain
from quiz.kinds.base import Presentation, Response, kind_named


@dataclass(frozen=True)
class ItemResult:
    """One question of a finished session. Its response, right answer and presentation are opaque
    values its kind reads (for multiple choice: choice indexes in the bank file's order, and the
    order the choices were shown in)."""

    key: str
    domain: Domain
    response: Response  # None when unanswered
    answer: Response  # the right response, so the result reads without the question
    correct: bool
    flagged: bool
    seconds: float
    variant: int = 0  # which generated version of a drill was asked
    presentation: Presentation = field(default_factory=dict)  # as shown; {} for results saved before it was kept
    kind: str = "choice"
    struck: tuple[int, ...] = ()  # options struck out (indexes in the bank file's order, like `response`)
    remark: str = ""  # the user's own note on the question in this session

    @property
    def is_correct(self) -> bool:
        return self.correct

    @property
    def answered(self) -> bool:
        return kind_named(self.kind).is_answered(self.response)


@dataclass(frozen=True)
class DomainScore:
    domain: Domain
    correct: int
    total: int

    @property
    def percent(self) -> float:
        return 100.0 * self.correct / self.total if self.total else 0.0


@dataclass(frozen=True)
class SessionResult:
    session_id: str
    kind: str  # "exam", "practice" or "review"
    title: str
    profile_id: str | None
    started_at: datetime
    finished_at: datetime
    time_used: float  # seconds the session was running (paused time excluded)
    timed_out: bool
    pass_percent: float | None
    items: tuple[ItemResult, ...]
    id: str = ""  # the event's id once recorded (quiz.store.review.new_event_id)
    limit_seconds: float | None = None  # the exam's time limit (None: untimed, or not kept before)
    tutor: bool = False  # an exam taken in tutor mode: each answer marked and explained at once, no clock

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def score(self) -> int:
        return sum(item.is_correct for item in self.items)

    @property
    def percent(self) -> float:
        return 100.0 * self.score / self.total if self.total else 0.0

    @property
    def passed(self) -> bool | None:
        return None if self.pass_percent is None else self.percent >= self.pass_percent

    @property
    def answered(self) -> int:
        return sum(item.answered for item in self.items)

    @property
    def time_per_answer(self) -> float:
        """Seconds per answered question (time spent on blanks is not spread over the answers)."""
        return self.time_used / self.answered if self.answered else 0.0

    @property
    def seconds_per_question(self) -> float:
        """The time used, spread over every question (answered or not)."""
        return self.time_used / self.total if self.total else 0.0

    @property
    def allowed_per_question(self) -> float | None:
        """The time limit spread over the questions (None when untimed)."""
        return self.limit_seconds / self.total if self.limit_seconds is not None and self.total else None

    def slowest(self, count: int = 5) -> list[int]:
        """Positions of the `count` questions that took longest, longest first (ties: earlier first);
        none that took under half a second (it reads as 0 s)."""
        timed = [position for position, item in enumerate(self.items) if item.seconds >= 0.5]
        return sorted(timed, key=lambda position: (-self.items[position].seconds, position))[:count]

    @property
    def domains(self) -> list[DomainScore]:
        """Per-domain scores, in the outline's domain order, for domains present in the session."""
        scores = []
        for domain in Domain:
            items = [i for i in self.items if i.domain == domain]
            if items:
                scores.append(DomainScore(domain, sum(i.is_correct for i in items), len(items)))
        return scores

    @property
    def weakest(self) -> list[DomainScore]:
        """The three lowest-scoring domains with something missed (ties: more questions first)."""
        missed = [d for d in self.domains if d.correct < d.total]
        return sorted(missed, key=lambda d: (d.percent, -d.total))[:3]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "session_id": self.session_id,
            "kind": self.kind,
            "title": self.title,
            "profile_id": self.profile_id,
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat(),
            "time_used": round(self.time_used, 3),
            "timed_out": self.timed_out,
            "pass_percent": self.pass_percent,
            "score": self.score,
            "total": self.total,
            "percent": round(self.percent, 2),
            "items": [_item_to_dict(i) for i in self.items],
            **({"limit_seconds": self.limit_seconds} if self.limit_seconds is not None else {}),
            **({"tutor": True} if self.tutor else {}),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SessionResult:
        return cls(
            session_id=data["session_id"],
            kind=data["kind"],
            title=data["title"],
            profile_id=data.get("profile_id"),
            started_at=datetime.fromisoformat(data["started_at"]),
            finished_at=datetime.fromisoformat(data["finished_at"]),
            time_used=float(data["time_used"]),
            timed_out=bool(data.get("timed_out", False)),
            pass_percent=data.get("pass_percent"),
            items=tuple(_item_from_dict(i) for i in data["items"]),
            id=data.get("id", ""),
            limit_seconds=data.get("limit_seconds"),
            tutor=bool(data.get("tutor", False)),
        )


def _item_to_dict(item: ItemResult) -> dict[str, Any]:
    data: dict[str, Any] = {
        "key": item.key,
        "domain": item.domain.value,
        "response": item.response,
        "answer": item.answer,
        "correct": item.correct,
        "flagged": item.flagged,
        "seconds": round(item.seconds, 3),
    }
    if item.kind != "choice":
        data["type"] = item.kind
    if item.variant:
        data["variant"] = item.variant
    if item.presentation:
        data["presentation"] = item.presentation
    if item.struck:
        data["struck"] = sorted(item.struck)
    if item.remark:
        data["remark"] = item.remark
    return data


def _item_from_dict(data: dict[str, Any]) -> ItemResult:
    kind = kind_named(data.get("type", "choice"))
    response = data.get("response")
    return ItemResult(
        key=data["key"],
        domain=Domain(data["domain"]),
        response=response if kind.is_answered(response) else None,
        answer=data.get("answer"),
        correct=bool(data.get("correct", False)),
        flagged=bool(data.get("flagged", False)),
        seconds=float(data.get("seconds", 0.0)),
        variant=int(data.get("variant", 0)),
        presentation=data.get("presentation") or {},
        kind=kind.name,
        struck=tuple(sorted(data.get("struck", ()))),
        remark=data.get("remark", ""),
    )

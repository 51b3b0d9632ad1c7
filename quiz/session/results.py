"""What a finished session produced: the score overall and by domain, and every item."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from quiz.domains import Domain
from quiz.models import LETTERS


def letters(indexes: tuple[int, ...]) -> str:
    return ", ".join(LETTERS[i] for i in sorted(indexes)) or "-"


@dataclass(frozen=True)
class ItemResult:
    key: str
    domain: Domain
    chosen: tuple[int, ...]  # choice indexes in the bank file's order; empty when unanswered
    correct_answer: tuple[int, ...]
    flagged: bool
    seconds: float
    variant: int = 0  # which generated version of a drill was asked
    order: tuple[int, ...] = ()  # the choices as shown: display position -> file index; () = file order

    def shown(self, count: int) -> tuple[int, ...]:
        """The order the choices were shown in (file order for results saved before it was kept)."""
        return self.order if sorted(self.order) == list(range(count)) else tuple(range(count))

    @property
    def is_correct(self) -> bool:
        return set(self.chosen) == set(self.correct_answer)

    @property
    def answered(self) -> bool:
        return bool(self.chosen)


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
            "items": [
                {
                    "key": i.key,
                    "domain": i.domain.value,
                    "chosen": list(i.chosen),
                    "correct_answer": list(i.correct_answer),
                    "correct": i.is_correct,
                    "flagged": i.flagged,
                    "seconds": round(i.seconds, 3),
                    **({"variant": i.variant} if i.variant else {}),
                    **({"order": list(i.order)} if i.order else {}),
                }
                for i in self.items
            ],
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
            items=tuple(
                ItemResult(
                    key=i["key"],
                    domain=Domain(i["domain"]),
                    chosen=tuple(i["chosen"]),
                    correct_answer=tuple(i["correct_answer"]),
                    flagged=bool(i.get("flagged", False)),
                    seconds=float(i.get("seconds", 0.0)),
                    variant=int(i.get("variant", 0)),
                    order=tuple(i.get("order", ())),
                )
                for i in data["items"]
            ),
        )

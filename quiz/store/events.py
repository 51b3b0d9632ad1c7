"""What a user did to a question itself rather than answer it (question_events.jsonl): suspend it
(never asked again until unsuspended), bury it (not asked until a given moment, e.g. tomorrow) or
reset its schedule (it starts again as a new question; its answers stay in the history). Each is
an event with its own id, so replaying a history or merging two machines' keeps every one once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

ACTIONS = frozenset({"suspend", "unsuspend", "bury", "unbury", "reset"})


@dataclass(frozen=True)
class QuestionEvent:
    """A suspend, bury or reset of one question (or its undoing), as logged."""

    id: str
    time: datetime
    key: str  # bank/question
    action: str  # one of ACTIONS
    until: datetime | None = None  # a bury's end

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "time": self.time.isoformat(), "key": self.key, "action": self.action}
        if self.until is not None:
            data["until"] = self.until.isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> QuestionEvent:
        until = data.get("until")
        return cls(
            data["id"],
            datetime.fromisoformat(data["time"]),
            data["key"],
            data["action"],
            datetime.fromisoformat(until) if until else None,
        )


def _aware(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False


def check_event(record: dict[str, Any]) -> str | None:
    for name in ("id", "key"):
        if not isinstance(record.get(name), str) or not record[name]:
            return f"question event: {name} is missing or not a text"
    if record.get("action") not in ACTIONS:
        return f"question event: action {record.get('action')!r} is not one of {', '.join(sorted(ACTIONS))}"
    if not _aware(record.get("time")):
        return "question event: time is not a date and time with its offset"
    if record["action"] == "bury" and not _aware(record.get("until")):
        return "question event: a bury has no end (until) with its offset"
    return None


@dataclass
class QuestionStates:
    """The events folded: which questions are suspended, buried until when, and reset when."""

    suspended: set[str]
    buried: dict[str, datetime]
    resets: dict[str, datetime]  # the latest reset of each key

    @classmethod
    def of(cls, events: list[QuestionEvent]) -> QuestionStates:
        states = cls(set(), {}, {})
        for event in sorted(events, key=lambda e: e.time):
            states.apply(event)
        return states

    def apply(self, event: QuestionEvent) -> None:
        if event.action == "suspend":
            self.suspended.add(event.key)
        elif event.action == "unsuspend":
            self.suspended.discard(event.key)
        elif event.action == "bury" and event.until is not None:
            self.buried[event.key] = event.until
        elif event.action == "unbury":
            self.buried.pop(event.key, None)
        elif event.action == "reset":
            self.resets[event.key] = event.time

    def set_aside(self, now: datetime) -> set[str]:
        """The keys no session may ask now: suspended, or buried until later."""
        return self.suspended | {key for key, until in self.buried.items() if until > now}

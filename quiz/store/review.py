"""One answer in reviews.jsonl, typed: what was asked, what was answered, how it was rated, and the
question's FSRS card after it (a cache: the card is what replaying the key's reviews gives)."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from quiz.kinds.base import Response


def new_event_id() -> str:
    """A unique id for a recorded event (a review, an attempt), so that two copies of one history
    (a restored backup, another machine) never count an event twice."""
    return uuid.uuid4().hex[:20]


def attempt_id(session_id: str) -> str:
    """A session is recorded once, as one attempt: its id follows from the session's."""
    return f"{session_id}.attempt"


def content_id(record: dict[str, Any], prefix: str = "v1") -> str:
    """The id of a record written before events had ids: from its content, the same on every machine."""
    digest = hashlib.sha256(json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode())
    return f"{prefix}-{digest.hexdigest()[:17]}"


@dataclass(slots=True)  # not frozen: a frozen dataclass sets each field through object.__setattr__, and
class Review:  # a start builds 100,000 of these
    """One answer to one question, as reviews.jsonl keeps it."""

    id: str
    time: datetime
    key: str  # bank/question
    response: Response  # as the question's kind writes it; None when unanswered (an exam's blank)
    correct: bool
    rating: int  # FSRS: 1 Again, 2 Hard, 3 Good, 4 Easy
    ms: int  # time taken
    mode: str  # exam, practice or review
    session: str
    card: dict[str, Any]  # the FSRS card after this review
    item: int | None = None  # the question's position in its exam (exam reviews)
    amends: bool = False  # a correction of the key's previous review (an answer marked as a guess)
    kind: str = "choice"
    # merged from another machine (`quiz sync`): its device and its place in that device's log
    device: str | None = None
    seq: int = 0
    # the desired retention its interval was worked out for, so a replay on any machine gives the
    # same card whatever the retention is now (None: recorded before it was kept, the current one)
    retention: float | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "time": self.time.isoformat(),
            "key": self.key,
            "response": self.response,
            "correct": self.correct,
            "rating": self.rating,
            "ms": self.ms,
            "mode": self.mode,
            "session": self.session,
            "card": self.card,
        }
        if self.item is not None:
            data["item"] = self.item
        if self.amends:
            data["amends"] = True
        if self.kind != "choice":
            data["type"] = self.kind
        if self.device is not None:
            data["device"] = self.device
            data["seq"] = self.seq
        if self.retention is not None:
            data["retention"] = self.retention
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Review:
        """From a checked record (quiz.store.checks)."""
        get = data.get
        device = get("device")
        return cls(
            data["id"],
            _moment(data["time"]),
            data["key"],
            data["response"],
            data["correct"],
            data["rating"],
            get("ms", 0),
            get("mode", ""),
            data["session"],
            data["card"],
            get("item"),
            get("amends", False),
            get("type", "choice"),
            device,
            data["seq"] if device is not None else 0,
            get("retention"),
        )


_moment = datetime.fromisoformat

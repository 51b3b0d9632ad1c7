"""Pieces shared by exam and practice sessions."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from typing import Any

from quiz.kinds import Presentation, kind_of
from quiz.library import Entry


class SessionFinishedError(Exception):
    """The session was already submitted (by the user or by the clock)."""


class SessionPausedError(Exception):
    """The exam is paused: nothing changes until its clock runs again."""


@dataclass(frozen=True)
class Placed:
    """A question as placed in a session: its key, how its kind presents it this time (opaque JSON,
    e.g. the order of a multiple-choice item's choices) and, for a drill, which version was asked."""

    key: str
    presentation: Presentation
    variant: int = 0  # which generated version of a drill; 0 for bank questions
    kind: str = "choice"

    def to_dict(self) -> dict[str, object]:
        # the presentation's fields sit beside the key, as the first version wrote {"key", "order"}
        data: dict[str, object] = {"key": self.key, **self.presentation}
        if self.variant:
            data["variant"] = self.variant
        if self.kind != "choice":
            data["type"] = self.kind
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Placed:
        presentation = {name: value for name, value in data.items() if name not in ("key", "variant", "type")}
        return cls(data["key"], presentation, int(data.get("variant", 0)), str(data.get("type", "choice")))


def place(entry: Entry, rng: random.Random) -> Placed:
    variant = rng.randrange(1, 2**31) if entry.is_generated else 0
    question = entry.variant(variant)
    kind = kind_of(question)
    return Placed(entry.key, kind.present(question, rng), variant, kind.name)


def new_session_id() -> str:
    # not from the seeded generator: two exams drawn with the same seed are still two attempts
    return uuid.uuid4().hex[:16]

"""Pieces shared by exam and practice sessions."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from typing import Any

from quiz.library import Entry


class SessionFinishedError(Exception):
    """The session was already submitted (by the user or by the clock)."""


class SessionPausedError(Exception):
    """The exam is paused: nothing changes until its clock runs again."""


@dataclass(frozen=True)
class Placed:
    """A question as placed in a session: its key and the order its choices are shown in."""

    key: str
    order: tuple[int, ...]  # display position -> choice index in the bank file (or generated question)
    variant: int = 0  # which generated version of a drill; 0 for bank questions

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"key": self.key, "order": list(self.order)}
        if self.variant:
            data["variant"] = self.variant
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Placed:
        return cls(data["key"], tuple(data["order"]), int(data.get("variant", 0)))


def place(entry: Entry, rng: random.Random) -> Placed:
    variant = rng.randrange(1, 2**31) if entry.is_generated else 0
    question = entry.variant(variant)
    order = list(range(len(question.choices)))
    if question.shuffle:
        rng.shuffle(order)
    return Placed(entry.key, tuple(order), variant)


def new_session_id() -> str:
    # not from the seeded generator: two exams drawn with the same seed are still two attempts
    return uuid.uuid4().hex[:16]

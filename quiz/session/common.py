"""Pieces shared by exam and practice sessions."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass

from quiz.library import Entry


class SessionFinishedError(Exception):
    """The session was already submitted (by the user or by the clock)."""


@dataclass(frozen=True)
class Placed:
    """A question as placed in a session: its key and the order its choices are shown in."""

    key: str
    order: tuple[int, ...]  # display position -> choice index in the bank file

    def to_dict(self) -> dict[str, object]:
        return {"key": self.key, "order": list(self.order)}


def place(entry: Entry, rng: random.Random) -> Placed:
    order = list(range(len(entry.question.choices)))
    if entry.question.shuffle:
        rng.shuffle(order)
    return Placed(entry.key, tuple(order))


def new_session_id() -> str:
    # not from the seeded generator: two exams drawn with the same seed are still two attempts
    return uuid.uuid4().hex[:16]

"""Pieces shared by exam and practice sessions."""

from __future__ import annotations

import random
import uuid

from quiz.kinds import kind_of
from quiz.library import Entry
from quiz.store.pending import Placed


class SessionFinishedError(Exception):
    """The session was already submitted (by the user or by the clock)."""


class SessionPausedError(Exception):
    """The exam is paused: nothing changes until its clock runs again."""


def place(entry: Entry, rng: random.Random) -> Placed:
    variant = rng.randrange(1, 2**31) if entry.is_generated else 0
    question = entry.variant(variant)
    kind = kind_of(question)
    return Placed(entry.key, kind.present(question, rng), variant, kind.name)


def new_session_id() -> str:
    # not from the seeded generator: two exams drawn with the same seed are still two attempts
    return uuid.uuid4().hex[:16]

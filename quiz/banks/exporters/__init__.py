"""Converters from banks to other formats (issue 18): each takes loaded banks and returns the bytes
of the file and a loss for every question the format could not carry whole (what it lost: its
exhibits, references, case scenario...), or left out (why), so nothing is lost silently."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Loss:
    bank: str
    question_id: str
    detail: str  # what the format could not carry, or why the question was left out
    left_out: bool = False  # True: the question is not in the file at all

    def to_dict(self) -> dict[str, Any]:
        return {"bank": self.bank, "id": self.question_id, "detail": self.detail, "left_out": self.left_out}


@dataclass
class Exported:
    content: bytes
    losses: list[Loss] = field(default_factory=list)
    count: int = 0  # questions written

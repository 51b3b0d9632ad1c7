"""Small text helpers shared by screens."""

from __future__ import annotations

from quiz.models import Question
from quiz.text import printable


def bar(percent: float, width: int = 20) -> str:
    filled = round(width * max(0.0, min(percent, 100.0)) / 100)
    return "█" * filled + "░" * (width - filled)


def first_line(question: Question) -> str:
    """The stem's first line with words, as shown (control characters visible): a question's name in
    a list."""
    for line in printable(question.question).split("\n"):
        if line.strip():
            return line.strip()
    return ""

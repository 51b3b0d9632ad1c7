"""A located, plain-words description of something wrong in a bank or profile file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    path: Path
    message: str
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    bank: str | None = None
    question: str | None = None

    def __str__(self) -> str:
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        context = []
        if self.bank:
            context.append(f"bank {self.bank}")
        if self.question:
            context.append(f"question {self.question}")
        prefix = f"{where}: " + (", ".join(context) + ": " if context else "")
        return prefix + self.message


class SourceError(Exception):
    """A file could not be turned into a bank or profile; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems

"""A located, plain-words description of something wrong (an error) or doubtful (a warning) in a bank
or profile file, and the outcome of checking one file."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Generic, TypeVar

# A file with thousands of mistakes is reported by its first ones: a person fixes those first, and
# thousands of lines would bury every other file's problems.
MAX_PROBLEMS_PER_FILE = 50

Value = TypeVar("Value")


class Severity(StrEnum):
    ERROR = "error"  # the file is refused
    WARNING = "warning"  # the file loads, but probably does not show what its author meant


@dataclass(frozen=True)
class Problem:
    """What is wrong with a file, and where: shown as path:line:column and the message."""

    path: Path
    message: str
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    bank: str | None = None
    question: str | None = None
    severity: Severity = Severity.ERROR
    count: int = 1  # how many problems this line stands for: more than 1 for "... and N more"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, bool, int, int]:
        """By file, then line and column; a problem without a line (a summary) last in its file."""
        return str(self.path), self.line is None, self.line or 0, self.column or 0

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
        prefix = f"{where}: " + ("warning: " if not self.is_error else "")
        return prefix + (", ".join(context) + ": " if context else "") + self.message

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "bank": self.bank,
            "question": self.question,
            "severity": self.severity.value,
            "count": self.count,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Problem:
        return cls(
            Path(data["path"]),
            data["message"],
            data["line"],
            data["column"],
            data["bank"],
            data["question"],
            Severity(data["severity"]),
            data["count"],
        )


def first_problems(problems: Iterable[Problem], limit: int = MAX_PROBLEMS_PER_FILE) -> list[Problem]:
    """One file's problems of one severity, sorted; past `limit`, one closing line counts the rest."""
    ordered = sorted(problems, key=Problem.sort_key)
    if len(ordered) <= limit:
        return ordered
    rest = ordered[limit:]
    more = sum(p.count for p in rest)
    severity = rest[0].severity
    noun = "problem" if severity is Severity.ERROR else "warning"
    closing = Problem(
        rest[0].path,
        f"... and {more} more {noun}{'s' if more != 1 else ''} in this file",
        severity=severity,
        count=more,
    )
    return [*ordered[:limit], closing]


@dataclass(frozen=True)
class Checked(Generic[Value]):
    """What checking one file gave: the validated object, or None when the file has errors, and every
    problem found (errors and warnings, each list sorted and capped by `first_problems`)."""

    value: Value | None
    problems: tuple[Problem, ...] = ()

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


class SourceError(Exception):
    """A file could not be turned into a bank or profile; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems

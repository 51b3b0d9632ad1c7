"""Questions, banks and exam profiles as the rest of the app uses them: plain frozen dataclasses.

Files are validated by the pydantic models in `quiz.formats` (the users' contract, and the source of
`quiz schema`), which build these objects. Keeping pydantic out of this module keeps it off the warm
start path: a start with an unchanged bank cache rebuilds these from JSON without importing pydantic.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from quiz.domains import Domain

LETTERS = "ABCDEF"
MAX_CHOICES = len(LETTERS)


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


@dataclass(frozen=True)
class Question:
    """One multiple-choice item. Its progress key is `bank/id`, so ids must never be renamed.

    `answer` is one letter, or a tuple of letters for a select-all-that-apply item."""

    id: str
    domain: Domain
    question: str
    choices: tuple[str, ...]
    answer: str | tuple[str, ...]
    topics: tuple[str, ...] = ()
    difficulty: Difficulty = Difficulty.MEDIUM
    explanation: str | None = None
    references: tuple[str, ...] = ()
    shuffle: bool = True
    correct: frozenset[int] = field(init=False, repr=False, compare=False)
    """Indexes (0-based, in file order) of the correct choices."""

    def __post_init__(self) -> None:
        letters = self.answer if isinstance(self.answer, tuple) else (self.answer,)
        object.__setattr__(self, "correct", frozenset(LETTERS.index(letter) for letter in letters))

    @property
    def is_multi(self) -> bool:
        return isinstance(self.answer, tuple)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Question:
        """From `to_dict` output (the bank cache): trusted, already validated data."""
        answer = data["answer"]
        return cls(
            id=data["id"],
            domain=Domain(data["domain"]),
            question=data["question"],
            choices=tuple(data["choices"]),
            answer=answer if isinstance(answer, str) else tuple(answer),
            topics=tuple(data.get("topics", ())),
            difficulty=Difficulty(data.get("difficulty", Difficulty.MEDIUM)),
            explanation=data.get("explanation"),
            references=tuple(data.get("references", ())),
            shuffle=data.get("shuffle", True),
        )

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "domain": self.domain, "question": self.question, "choices": self.choices,
                "answer": self.answer, "topics": self.topics, "difficulty": self.difficulty,
                "explanation": self.explanation, "references": self.references, "shuffle": self.shuffle}


@dataclass(frozen=True)
class Bank:
    bank: str
    title: str
    questions: tuple[Question, ...]
    description: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Bank:
        return cls(
            bank=data["bank"],
            title=data["title"],
            questions=tuple(Question.from_dict(q) for q in data["questions"]),
            description=data.get("description"),
        )

    def to_dict(self) -> dict[str, Any]:
        return {"bank": self.bank, "title": self.title, "description": self.description,
                "questions": [q.to_dict() for q in self.questions]}


@dataclass(frozen=True)
class Profile:
    """An exam blueprint: how many questions, how long, and how they spread over the domains."""

    id: str
    title: str
    questions: int
    domains: dict[Domain, float]
    minutes: int | None = None
    pass_percent: float | None = None
    topics: tuple[str, ...] = ()
    banks: tuple[str, ...] = ()
    include_drills: bool = False
    notes: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Profile:
        return cls(
            id=data["id"],
            title=data["title"],
            questions=data["questions"],
            domains={Domain(key): float(weight) for key, weight in data["domains"].items()},
            minutes=data.get("minutes"),
            pass_percent=data.get("pass_percent"),
            topics=tuple(data.get("topics", ())),
            banks=tuple(data.get("banks", ())),
            include_drills=data.get("include_drills", False),
            notes=data.get("notes"),
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

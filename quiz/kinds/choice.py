"""Multiple choice: one right answer, or several (select all that apply), picked by letter.

Everything that knows about letters, select-all items and the shuffled order of choices lives here.
A response is the sorted list of the chosen choices' indexes in the bank file's order; a
presentation is `{"order": [...]}`, the display position -> file index mapping the exam showed.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from quiz.kinds.base import Kind, Presentation, Response, register
from quiz.models import Question

LETTERS = "ABCDEF"
MAX_CHOICES = len(LETTERS)


def letter(position: int) -> str:
    return LETTERS[position]


def letters(positions: Iterable[int]) -> str:
    """ "B, D" for positions 1 and 3; "none" for none."""
    return ", ".join(LETTERS[p] for p in sorted(positions)) or "none"


def label(field_name: str, index: int) -> str:
    """How a file's error or warning names one of a question's list items: "choice B", "reference 2"."""
    if field_name == "choices" and index < MAX_CHOICES:
        return f"choice {LETTERS[index]}"
    return f"{field_name}[{index + 1}]"


@dataclass(frozen=True, kw_only=True)
class ChoiceQuestion(Question):
    """`answer` is one letter, or a tuple of letters for a select-all-that-apply item."""

    kind_name: ClassVar[str] = "choice"

    choices: tuple[str, ...]
    answer: str | tuple[str, ...]
    shuffle: bool = True
    correct: frozenset[int] = field(init=False, repr=False, compare=False)
    """Indexes (0-based, in file order) of the correct choices."""

    def __post_init__(self) -> None:
        picked = self.answer if isinstance(self.answer, tuple) else (self.answer,)
        object.__setattr__(self, "correct", frozenset(LETTERS.index(one) for one in picked))

    @property
    def is_multi(self) -> bool:
        return isinstance(self.answer, tuple)

    @classmethod
    def from_fields(cls, data: dict[str, Any], common: dict[str, Any]) -> ChoiceQuestion:
        answer = data["answer"]
        return cls(
            **common,
            choices=tuple(data["choices"]),
            answer=answer if isinstance(answer, str) else tuple(answer),
            shuffle=data.get("shuffle", True),
        )

    def kind_fields(self) -> dict[str, Any]:
        return {"choices": self.choices, "answer": self.answer, "shuffle": self.shuffle}

    def kind_texts(self) -> list[tuple[str, str]]:
        return [(f"choice {LETTERS[i]}", text) for i, text in enumerate(self.choices)]


@dataclass(frozen=True)
class Shown:
    """One question's choices as a screen shows them, and the mapping back to the file."""

    question: ChoiceQuestion
    order: tuple[int, ...]  # display position -> file index

    @classmethod
    def of(cls, question: Question, presentation: Presentation | None) -> Shown:
        assert isinstance(question, ChoiceQuestion)
        order = tuple(presentation["order"]) if presentation else ()
        if sorted(order) != list(range(len(question.choices))):
            order = tuple(range(len(question.choices)))  # results saved before the order was kept
        return cls(question, order)

    @property
    def choices(self) -> list[str]:
        return [self.question.choices[i] for i in self.order]

    @property
    def selects_many(self) -> bool:
        return self.question.is_multi

    def positions(self, response: Response) -> frozenset[int]:
        """The display positions of the choices a response holds."""
        return frozenset(self.order.index(i) for i in (response or []) if i in self.order)

    @property
    def right_positions(self) -> frozenset[int]:
        return frozenset(self.order.index(i) for i in self.question.correct)

    def response(self, positions: Iterable[int]) -> Response:
        """The response for these display positions (None when none)."""
        chosen = sorted({self.order[p] for p in positions if 0 <= p < len(self.order)})
        return chosen or None

    def pick(self, response: Response, position: int) -> Response:
        """Pressing a choice's key: it replaces the answer, or toggles on a select-all item."""
        if not 0 <= position < len(self.order):
            return response
        if self.selects_many:
            return self.response(self.positions(response) ^ {position})
        return self.response({position})


class ChoiceKind(Kind):
    name = "choice"
    question_class = ChoiceQuestion
    strikeable = True

    def present(self, question: Question, rng: random.Random) -> Presentation:
        assert isinstance(question, ChoiceQuestion)
        order = list(range(len(question.choices)))
        if question.shuffle:
            rng.shuffle(order)
        return {"order": order}

    def as_written(self, question: Question) -> Presentation:
        assert isinstance(question, ChoiceQuestion)
        return {"order": list(range(len(question.choices)))}

    def grade(self, question: Question, response: Response) -> bool:
        assert isinstance(question, ChoiceQuestion)
        return bool(response) and set(response) == set(question.correct)

    def guess_floor(self, question: Question) -> float:
        assert isinstance(question, ChoiceQuestion)
        k = len(question.choices)
        # a select-all item is right only as the one right subset among the 2^k - 1 non-empty ones
        return 1 / (2**k - 1) if question.is_multi else 1 / k

    def answer_key(self, question: Question) -> Response:
        assert isinstance(question, ChoiceQuestion)
        return sorted(question.correct)

    def options(self, question: Question) -> tuple[str, ...]:
        assert isinstance(question, ChoiceQuestion)
        return tuple(LETTERS[: len(question.choices)])

    def picked(self, response: Response) -> tuple[int, ...]:
        return tuple(response or ())

    def option_at(self, question: Question, presentation: Presentation, position: int) -> int | None:
        on_screen = Shown.of(question, presentation)
        return on_screen.order[position] if 0 <= position < len(on_screen.order) else None

    def without(self, response: Response, option: int) -> Response:
        kept = [i for i in (response or []) if i != option]
        return kept or None

    def displayed(self, question: Question, presentation: Presentation) -> tuple[str, ...]:
        return tuple(f"{LETTERS[p]}. {text}" for p, text in enumerate(shown(question, presentation).choices))

    def fits(self, question: Question, presentation: Presentation) -> bool:
        return isinstance(question, ChoiceQuestion) and sorted(presentation.get("order", ())) == list(
            range(len(question.choices))
        )

    def check_response(self, response: object, question_size: int | None = None) -> None:
        if response is None:
            return
        size = MAX_CHOICES if question_size is None else question_size
        if (
            not isinstance(response, list)
            or not all(type(i) is int and 0 <= i < size for i in response)
            or len(set(response)) != len(response)
        ):
            raise ValueError(f"{response!r} is not a list of distinct choice indexes below {size}")

    def response_is_sound(self, response: object) -> bool:
        # no exception raised and caught per answer: this runs for each of 100,000 reviews at a start
        if type(response) is not list or len(response) > MAX_CHOICES or len(set(response)) != len(response):
            return False
        return all(type(i) is int and 0 <= i < MAX_CHOICES for i in response)

    def check_presentation(self, presentation: object) -> int:
        order = presentation.get("order") if isinstance(presentation, dict) else None
        if (
            not isinstance(order, list)
            or not all(type(i) is int for i in order)
            or sorted(order) != list(range(len(order)))
            or not 2 <= len(order) <= MAX_CHOICES
        ):
            raise ValueError(f"{presentation!r} is not an order of 2 to {MAX_CHOICES} choices")
        return len(order)

    def check_question(self, data: dict[str, Any]) -> None:
        choices, answer = data.get("choices"), data.get("answer")
        if (
            not isinstance(choices, list)
            or not 2 <= len(choices) <= MAX_CHOICES
            or not all(isinstance(c, str) for c in choices)
        ):
            raise ValueError(f"choices {choices!r} is not a list of 2 to {MAX_CHOICES} strings")
        picked = answer if isinstance(answer, list) else [answer]
        if (
            not picked
            or len(set(picked)) != len(picked)
            or not all(isinstance(x, str) and x in LETTERS[: len(choices)] for x in picked)
        ):
            raise ValueError(f"answer {answer!r} is not among its {len(choices)} choices")
        if not isinstance(data.get("shuffle", True), bool):
            raise ValueError(f"shuffle {data['shuffle']!r} is not true or false")

    def response_text(self, response: Response) -> str:
        return "".join(LETTERS[i] for i in (response or []) if isinstance(i, int) and 0 <= i < MAX_CHOICES)


CHOICE = register(ChoiceKind())


def shown(question: Question, presentation: Presentation | None) -> Shown:
    return Shown.of(question, presentation)


def order_of(presentation: Presentation) -> Sequence[int]:
    """The display order a presentation holds (for tests and tools that press keys by position)."""
    return tuple(presentation["order"])

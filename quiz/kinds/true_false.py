"""True or false: a statement to judge. A response is the JSON boolean picked (None: not answered);
nothing is shuffled, so True is always shown first and the presentation is empty."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, ClassVar

from quiz.kinds.base import Kind, Presentation, Response, register
from quiz.models import Question

SIDES = (True, False)  # as shown: the first key picks True, the second False


@dataclass(frozen=True, kw_only=True)
class TrueFalseQuestion(Question):
    kind_name: ClassVar[str] = "true-false"

    answer: bool

    @classmethod
    def from_fields(cls, data: dict[str, Any], common: dict[str, Any]) -> TrueFalseQuestion:
        return cls(**common, answer=bool(data["answer"]))

    def kind_fields(self) -> dict[str, Any]:
        return {"answer": self.answer}

    def kind_texts(self) -> list[tuple[str, str]]:
        return []  # "True" and "False" are the app's words, not the bank's


def side_text(value: object) -> str:
    return "True" if value is True else "False" if value is False else "none"


class TrueFalseKind(Kind):
    name = "true-false"
    question_class = TrueFalseQuestion
    strikeable = True

    def present(self, question: Question, rng: random.Random) -> Presentation:
        return {}

    def grade(self, question: Question, response: Response) -> bool:
        assert isinstance(question, TrueFalseQuestion)
        return isinstance(response, bool) and response is question.answer

    def guess_floor(self, question: Question) -> float:
        return 0.5

    def answer_key(self, question: Question) -> Response:
        assert isinstance(question, TrueFalseQuestion)
        return question.answer

    def options(self, question: Question) -> tuple[str, ...]:
        return tuple(side_text(side) for side in SIDES)

    def displayed(self, question: Question, presentation: Presentation) -> tuple[str, ...]:
        return self.options(question)

    def picked(self, response: Response) -> tuple[int, ...]:
        return (SIDES.index(response),) if isinstance(response, bool) else ()

    def option_at(self, question: Question, presentation: Presentation, position: int) -> int | None:
        return position if 0 <= position < len(SIDES) else None

    def without(self, response: Response, option: int) -> Response:
        return None if self.picked(response) == (option,) else response

    def fits(self, question: Question, presentation: Presentation) -> bool:
        return isinstance(question, TrueFalseQuestion)

    def check_response(self, response: object, question_size: int | None = None) -> None:
        if response is not None and not isinstance(response, bool):
            raise ValueError(f"{response!r} is not true, false or unanswered")

    def check_presentation(self, presentation: object) -> int:
        if presentation != {}:
            raise ValueError(f"{presentation!r} is not the empty presentation of a true/false item")
        return len(SIDES)

    def check_question(self, data: dict[str, Any]) -> None:
        if not isinstance(data.get("answer"), bool):
            raise ValueError(f"answer {data.get('answer')!r} is not true or false")

    def response_text(self, response: Response) -> str:
        return side_text(response) if isinstance(response, bool) else ""


TRUE_FALSE = register(TrueFalseKind())

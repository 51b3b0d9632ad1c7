"""Short answer: a typed word or phrase, right when it equals one of the accepted answers after
trimming, Unicode NFKC, case folding and collapsing inner spaces."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from quiz.kinds.base import Response, register
from quiz.kinds.typed import TypedKind, normalised
from quiz.models import Question


@dataclass(frozen=True, kw_only=True)
class ShortAnswerQuestion(Question):
    kind_name: ClassVar[str] = "short-answer"

    accept: tuple[str, ...]  # the first is the one shown as the answer

    @classmethod
    def from_fields(cls, data: dict[str, Any], common: dict[str, Any]) -> ShortAnswerQuestion:
        return cls(**common, accept=tuple(data["accept"]))

    def kind_fields(self) -> dict[str, Any]:
        return {"accept": self.accept}

    def kind_texts(self) -> list[tuple[str, str]]:
        return [(f"accepted answer {i + 1}", text) for i, text in enumerate(self.accept)]


class ShortAnswerKind(TypedKind):
    name = "short-answer"
    question_class = ShortAnswerQuestion

    def grade(self, question: Question, response: Response) -> bool:
        assert isinstance(question, ShortAnswerQuestion)
        if not isinstance(response, str):
            return False
        typed = normalised(response)
        return bool(typed) and any(typed == normalised(accepted) for accepted in question.accept)

    def answer_key(self, question: Question) -> Response:
        assert isinstance(question, ShortAnswerQuestion)
        return question.accept[0]

    def check_question(self, data: dict[str, Any]) -> None:
        self.check_texts(data, "accept")


SHORT_ANSWER = register(ShortAnswerKind())

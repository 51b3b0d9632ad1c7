"""The true/false item in a bank file (pydantic): a statement and whether it is true."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from quiz.kinds.format_base import QuestionBase
from quiz.kinds.true_false import TrueFalseQuestion
from quiz.models import Case


class TrueFalseFormat(QuestionBase):
    """A statement to judge true or false (PARCA exams use a few)."""

    type: Literal["true-false"] = Field(description="The kind of question.")
    answer: bool = Field(description="true or false: whether the statement is true.")

    @field_validator("answer", mode="before")
    @classmethod
    def _a_yaml_boolean(cls, value: Any) -> Any:
        # YAML's own true/false only: "yes", 1 or "T" would be guesses at what the author meant
        if not isinstance(value, bool):
            raise PydanticCustomError(
                "answer_not_boolean", "must be true or false (unquoted), not '{value}'", {"value": value}
            )
        return value

    def build(self, cases: dict[str, Case] | None = None) -> TrueFalseQuestion:
        return TrueFalseQuestion(**self.common_fields(cases), answer=self.answer)

"""The multiple-choice item in a bank file (pydantic): choices, the right letter(s), shuffling."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from quiz.kinds.choice import LETTERS, MAX_CHOICES, ChoiceQuestion, label, letter
from quiz.kinds.format_base import QuestionBase, Text, distinct_texts
from quiz.models import Case

Letter = Annotated[str, StringConstraints(pattern=r"^[A-F]$")]


class ChoiceFormat(QuestionBase):
    """A multiple-choice item: one right letter, or a list of them (select all that apply)."""

    type: Literal["choice"] = Field(default="choice", description="The kind of question (default: choice).")
    choices: tuple[Text, ...] = Field(min_length=2, max_length=MAX_CHOICES, description="2 to 6 distinct choices.")
    answer: Letter | list[Letter] = Field(
        description="The correct letter; a list of letters makes the item select-all-that-apply."
    )
    shuffle: bool = Field(default=True, description="false keeps the choice order (e.g. 'All of the above').")

    @field_validator("answer", mode="before")
    @classmethod
    def _normalise_answer(cls, value: Any) -> Any:
        if isinstance(value, str):
            return _letter(value)
        if isinstance(value, list):
            if not value:
                raise PydanticCustomError("answer_empty", "answer list is empty; give at least one letter")
            letters = [_letter(v) for v in value]
            if len(set(letters)) != len(letters):
                raise PydanticCustomError("answer_repeated", "answer list repeats a letter")
            return letters
        raise PydanticCustomError(
            "answer_type", "answer must be a letter (A-F) or a list of letters, not '{value}'", {"value": value}
        )

    @field_validator("choices")
    @classmethod
    def _distinct_choices(cls, choices: tuple[str, ...]) -> tuple[str, ...]:
        return distinct_texts(choices, "choices", letter)

    @field_validator("answer")
    @classmethod
    def _answer_in_range(cls, answer: str | list[str], info: ValidationInfo) -> str | list[str]:
        # a field check, not a model check, so it is reported beside the question's other errors
        # (an unknown field, a bad domain); it needs valid choices, which are checked first
        choices = info.data.get("choices")
        if choices is None:
            return answer
        for position, given in enumerate(answer if isinstance(answer, list) else [answer]):
            if LETTERS.index(given) >= len(choices):
                raise PydanticCustomError(
                    "answer_out_of_range",
                    "answer '{letter}' is out of range: there are {count} choices (A-{last})",
                    {
                        "letter": given,
                        "count": len(choices),
                        "last": LETTERS[len(choices) - 1],
                        "at": (position,) if isinstance(answer, list) else (),
                    },
                )
        return answer

    def build(self, cases: dict[str, Case] | None = None) -> ChoiceQuestion:
        answer = self.answer if isinstance(self.answer, str) else tuple(self.answer)
        return ChoiceQuestion(**self.common_fields(cases), choices=self.choices, answer=answer, shuffle=self.shuffle)

    @classmethod
    def describe_error(cls, kind: str, field: str, value: Any, ctx: dict[str, Any]) -> str | None:
        if field == "choices" and kind == "too_short":
            return f"choices: needs at least 2 choices, got {len(value) if isinstance(value, list) else 0}"
        if field == "choices" and kind == "too_long":
            return f"choices: at most {MAX_CHOICES} choices are allowed, got {ctx.get('actual_length')}"
        return None

    @classmethod
    def item_label(cls, field: str, index: int) -> str:
        return label(field, index)

    @classmethod
    def kind_text_fields(cls, question: dict[str, Any]) -> Iterator[tuple[tuple[str | int, ...], str, object]]:
        choices = question.get("choices")
        for index, value in enumerate(choices if isinstance(choices, list) else []):
            yield ("choices", index), label("choices", index), value


def _letter(value: Any) -> str:
    letter = value.strip().upper() if isinstance(value, str) else value
    if not isinstance(letter, str) or len(letter) != 1 or letter not in LETTERS:
        raise PydanticCustomError("answer_letter", "answer '{value}' is not a choice letter (A-F)", {"value": value})
    return letter

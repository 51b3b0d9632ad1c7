"""The short-answer item in a bank file (pydantic): the answers accepted."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from pydantic import Field, field_validator

from quiz.kinds.format_base import QuestionBase, Text, distinct_texts
from quiz.kinds.short_answer import ShortAnswerQuestion
from quiz.kinds.typed import MAX_TYPED, normalised
from quiz.models import Case


class ShortAnswerFormat(QuestionBase):
    """A typed word or phrase; compared after trimming, Unicode NFKC, case folding and collapsing spaces."""

    type: Literal["short-answer"] = Field(description="The kind of question.")
    accept: tuple[Text, ...] = Field(
        min_length=1, description="The answers accepted (the first is shown as the answer)."
    )

    @field_validator("accept")
    @classmethod
    def _distinct_answers(cls, accept: tuple[str, ...]) -> tuple[str, ...]:
        for answer in accept:
            if len(answer.strip()) > MAX_TYPED:
                raise ValueError(f"an accepted answer is longer than the {MAX_TYPED} characters one can type")
        return distinct_texts(accept, "accepted answers", lambda index: str(index + 1), normalised)

    def build(self, cases: dict[str, Case] | None = None) -> ShortAnswerQuestion:
        return ShortAnswerQuestion(**self.common_fields(cases), accept=tuple(a.strip() for a in self.accept))

    @classmethod
    def item_label(cls, field: str, index: int) -> str:
        return f"accepted answer {index + 1}" if field == "accept" else super().item_label(field, index)

    @classmethod
    def kind_text_fields(cls, question: dict[str, Any]) -> Iterator[tuple[tuple[str | int, ...], str, object]]:
        accept = question.get("accept")
        for index, value in enumerate(accept if isinstance(accept, list) else []):
            yield ("accept", index), f"accepted answer {index + 1}", value

"""The ordering item in a bank file (pydantic): its items, listed in the right order."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from pydantic import Field, field_validator

from quiz.kinds.format_base import QuestionBase, Text, distinct_texts
from quiz.kinds.labels import MAX_PARTS
from quiz.kinds.ordering import OrderingQuestion
from quiz.models import Case


class OrderingFormat(QuestionBase):
    """Items to put in order: written in the right order, shown shuffled."""

    type: Literal["ordering"] = Field(description="The kind of question.")
    items: tuple[Text, ...] = Field(
        min_length=2, max_length=MAX_PARTS, description=f"2 to {MAX_PARTS} distinct items, in the right order."
    )

    @field_validator("items")
    @classmethod
    def _distinct_items(cls, items: tuple[str, ...]) -> tuple[str, ...]:
        return distinct_texts(items, "items", lambda index: str(index + 1))

    def build(self, cases: dict[str, Case] | None = None) -> OrderingQuestion:
        return OrderingQuestion(**self.common_fields(cases), items=self.items)

    @classmethod
    def describe_error(cls, kind: str, field: str, value: Any, ctx: dict[str, Any]) -> str | None:
        if field == "items" and kind in ("too_short", "too_long"):
            return f"items: an ordering item has 2 to {MAX_PARTS} items, got {ctx.get('actual_length')}"
        return None

    @classmethod
    def item_label(cls, field: str, index: int) -> str:
        return f"item {index + 1}" if field == "items" else super().item_label(field, index)

    @classmethod
    def kind_text_fields(cls, question: dict[str, Any]) -> Iterator[tuple[tuple[str | int, ...], str, object]]:
        items = question.get("items")
        for index, value in enumerate(items if isinstance(items, list) else []):
            yield ("items", index), f"item {index + 1}", value

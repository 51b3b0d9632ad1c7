"""The matching item in a bank file (pydantic): left/right pairs, and right entries that match nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal, Self

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from quiz.kinds.format_base import QuestionBase, Text, comparable
from quiz.kinds.labels import MAX_PARTS
from quiz.kinds.matching import MatchingQuestion
from quiz.models import Case


class MatchingFormat(QuestionBase):
    """Match each left entry to one right entry; both columns are shown shuffled."""

    type: Literal["matching"] = Field(description="The kind of question.")
    pairs: dict[Text, Text] = Field(
        min_length=2,
        max_length=MAX_PARTS,
        description=f"2 to {MAX_PARTS} pairs, left entry: the right entry it matches (each right entry once).",
    )
    distractors: tuple[Text, ...] = Field(
        default=(), description=f"Extra right entries that match nothing (at most {MAX_PARTS} right entries in all)."
    )

    @model_validator(mode="after")
    def _distinct_right_entries(self) -> Self:
        seen: dict[str, str] = {}
        for left, right in self.pairs.items():
            key = comparable(right)
            if key in seen:
                raise PydanticCustomError(
                    "repeated_right",
                    "'{first}' and '{second}' are matched to the same right entry '{text}': each right entry "
                    "matches one left entry",
                    {"first": seen[key], "second": left, "text": right, "at": ("pairs", left)},
                )
            seen[key] = left
        lefts = [comparable(left) for left in self.pairs]
        if len(set(lefts)) != len(lefts):
            raise PydanticCustomError("repeated_left", "two left entries are the same text", {"at": ("pairs",)})
        for index, distractor in enumerate(self.distractors):
            key = comparable(distractor)
            if key in seen:
                raise PydanticCustomError(
                    "distractor_matches",
                    "distractor '{text}' is also the right entry of '{left}'",
                    {"text": distractor, "left": seen[key], "at": ("distractors", index)},
                )
            seen[key] = distractor
        total = len(self.pairs) + len(self.distractors)
        if total > MAX_PARTS:
            raise PydanticCustomError(
                "too_many_rights",
                "{total} right entries (pairs and distractors); at most {most} have a key",
                {"total": total, "most": MAX_PARTS, "at": ("distractors",)},
            )
        return self

    def build(self, cases: dict[str, Case] | None = None) -> MatchingQuestion:
        return MatchingQuestion(
            **self.common_fields(cases), pairs=tuple(self.pairs.items()), distractors=self.distractors
        )

    @classmethod
    def describe_error(cls, kind: str, field: str, value: Any, ctx: dict[str, Any]) -> str | None:
        if field == "pairs" and kind in ("too_short", "too_long"):
            return f"pairs: a matching item has 2 to {MAX_PARTS} pairs, got {ctx.get('actual_length')}"
        return None

    @classmethod
    def item_label(cls, field: str, index: int) -> str:
        return f"distractor {index + 1}" if field == "distractors" else super().item_label(field, index)

    @classmethod
    def kind_text_fields(cls, question: dict[str, Any]) -> Iterator[tuple[tuple[str | int, ...], str, object]]:
        pairs = question.get("pairs")
        for left, right in pairs.items() if isinstance(pairs, dict) else ():
            yield ("pairs",), "pair", left
            yield ("pairs", left), f"pair '{left}'", right
        distractors = question.get("distractors")
        for index, value in enumerate(distractors if isinstance(distractors, list) else []):
            yield ("distractors", index), f"distractor {index + 1}", value

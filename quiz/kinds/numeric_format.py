"""The numeric item in a bank file (pydantic): the number, its tolerance and unit."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from quiz.kinds.format_base import QuestionBase
from quiz.kinds.numeric import NumericQuestion
from quiz.models import Case

_PERCENT = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*%\s*$")


class NumericFormat(QuestionBase):
    """A typed number, right within a tolerance (inclusive)."""

    type: Literal["numeric"] = Field(description="The kind of question.")
    answer: int | float = Field(description="The right number.")
    tolerance: int | float | str = Field(
        default=0, description="How far off an answer may be: a number (absolute), or a percentage such as '2%'."
    )
    unit: str | None = Field(default=None, description="The unit, shown after the input and the answer, e.g. TB.")

    @field_validator("answer", mode="before")
    @classmethod
    def _a_number(cls, value: Any) -> Any:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or value != value
            or value
            in (
                float("inf"),
                float("-inf"),
            )
        ):
            raise PydanticCustomError(
                "answer_not_number", "must be a number (unquoted), not '{value}'", {"value": value}
            )
        return value

    @field_validator("tolerance", mode="before")
    @classmethod
    def _a_tolerance(cls, value: Any) -> Any:
        if isinstance(value, str):
            if not _PERCENT.match(value):
                raise PydanticCustomError(
                    "tolerance_text",
                    "'{value}' is not a tolerance: give a number or a percentage such as '2%'",
                    {"value": value},
                )
            return value.strip()
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            raise PydanticCustomError("tolerance_type", "must be a number or a percentage such as '2%'")
        if value < 0:
            raise PydanticCustomError("tolerance_negative", "must not be below zero, got {value}", {"value": value})
        return value

    def build(self, cases: dict[str, Case] | None = None) -> NumericQuestion:
        percent = _PERCENT.match(self.tolerance) if isinstance(self.tolerance, str) else None
        tolerance = decimal_text(percent.group(1)) + "%" if percent is not None else decimal_text(self.tolerance)
        return NumericQuestion(
            **self.common_fields(cases),
            answer=decimal_text(self.answer),
            tolerance=tolerance,
            unit=self.unit.strip() if self.unit and self.unit.strip() else None,
        )


def decimal_text(value: int | float | str) -> str:
    """A number as exact decimal text: 117, 2.5, 0.1 (a float's shortest repr, not its binary value)."""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a number") from None
    return format(number.normalize(), "f")

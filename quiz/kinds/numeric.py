"""Numeric: a typed number, right when it is within the tolerance of the answer (inclusive). The
tolerance is absolute (`1`: 116 to 118 for 117) or relative (`"2%"` of the answer). Numbers are
compared as decimals, so 0.1 + a tolerance of 0.05 is exactly 0.15 at its edge."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from quiz.kinds.base import Response, register
from quiz.kinds.typed import TypedKind
from quiz.models import Question

# digits with an optional sign, decimal point and exponent; thousands may be grouped with commas
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][+-]?\d+)?")


@dataclass(frozen=True, kw_only=True)
class NumericQuestion(Question):
    kind_name: ClassVar[str] = "numeric"

    answer: str  # the number as the bank writes it (a decimal string: no float rounding)
    tolerance: str = "0"  # a decimal string ("1"), or a percentage of the answer ("2%")
    unit: str | None = None

    @classmethod
    def from_fields(cls, data: dict[str, Any], common: dict[str, Any]) -> NumericQuestion:
        return cls(
            **common,
            answer=data["answer"],
            tolerance=data.get("tolerance", "0"),
            unit=data.get("unit"),
        )

    def kind_fields(self) -> dict[str, Any]:
        return {"answer": self.answer, "tolerance": self.tolerance, "unit": self.unit}

    def kind_texts(self) -> list[tuple[str, str]]:
        return [("unit", self.unit)] if self.unit else []

    @property
    def relative(self) -> bool:
        return self.tolerance.endswith("%")

    @property
    def margin(self) -> Decimal:
        """The tolerance in the answer's own terms."""
        tolerance = Decimal(self.tolerance.removesuffix("%"))
        return abs(Decimal(self.answer)) * tolerance / 100 if self.relative else tolerance

    def answer_text(self) -> str:
        """ "117 TB (±1)", "2.5 (±2%)"."""
        unit = f" {self.unit}" if self.unit else ""
        within = ""
        if self.margin:
            within = f" (±{self.tolerance})" if self.relative else f" (±{self.tolerance}{unit})"
        return f"{self.answer}{unit}{within}"


def number_in(text: str, unit: str | None = None) -> Decimal | None:
    """The number a typed answer gives, or None; a trailing unit (the question's, any case) is allowed."""
    text = text.strip().replace("\u2212", "-")
    if unit and text.casefold().endswith(unit.casefold()):
        text = text[: -len(unit)].rstrip()
    if not text or not _NUMBER.fullmatch(text) or not re.search(r"\d", text):
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


class NumericKind(TypedKind):
    name = "numeric"
    question_class = NumericQuestion

    def grade(self, question: Question, response: Response) -> bool:
        assert isinstance(question, NumericQuestion)
        if not isinstance(response, str):
            return False
        value = number_in(response, question.unit)
        return value is not None and abs(value - Decimal(question.answer)) <= question.margin

    def answer_key(self, question: Question) -> Response:
        assert isinstance(question, NumericQuestion)
        return question.answer

    def refusal(self, question: Question, text: str) -> str | None:
        assert isinstance(question, NumericQuestion)
        if not text.strip() or number_in(text, question.unit) is not None:
            return None
        unit = f" (the unit, {question.unit}, may follow)" if question.unit else ""
        return f"'{text.strip()}' is not a number: type digits such as 117 or 2.5{unit}"

    def check_question(self, data: dict[str, Any]) -> None:
        for field in ("answer", "tolerance"):
            value = data.get(field, "0")
            text = value.removesuffix("%") if field == "tolerance" and isinstance(value, str) else value
            try:
                number = Decimal(text) if isinstance(text, str) else None
            except InvalidOperation:
                number = None
            if number is None or not number.is_finite() or (field == "tolerance" and number < 0):
                raise ValueError(f"{field} {value!r} is not a number")
        unit = data.get("unit")
        if unit is not None and not isinstance(unit, str):
            raise ValueError(f"unit {unit!r} is not a text")


NUMERIC = register(NumericKind())

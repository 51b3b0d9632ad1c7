"""What every importer checks the same way: a converted question against the bank format before it
joins the bank, so a source question the format refuses (two choices that read the same, an accepted
answer too long to type) is skipped at its own line instead of making the whole bank fail `quiz
validate`; a text with a NUL (not a text file); numbers as the bank file writes them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from quiz.banks.importers import ReportEntry
from quiz.domains import Domain

_ANY_DOMAIN = Domain.OPERATIONS.value  # the import's --domain is applied later; any valid one checks the rest


def problem_of(question: dict[str, Any]) -> str | None:
    """Why the bank format refuses `question` (its first error, in its words), or None."""
    from pydantic import ValidationError

    from quiz.banks.formats import format_of

    model = format_of(question)
    if model is None:
        return f"unknown type of question {question.get('type')!r}"
    try:
        model.model_validate({"domain": _ANY_DOMAIN, **question})
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"] if not str(part).startswith("function-"))
        message = first["msg"].removeprefix("Value error, ")
        return f"{where}: {message}" if where else message
    return None


def nul_refusal(text: str) -> ReportEntry | None:
    """A text holding a NUL is not a text file (decode refuses it; a parser handed one says so too)."""
    if "\x00" not in text:
        return None
    line = text[: text.index("\x00")].count("\n") + 1
    return ReportEntry(line, "skipped", None, "a NUL character: this is not a text file")


def yaml_number(value: Decimal) -> int | float:
    """A number as the bank file writes it (a YAML int or float: the format takes no quoted number)."""
    return int(value) if value == value.to_integral_value() else float(value)


def number_kept(value: Decimal) -> bool:
    """Whether `yaml_number` keeps every digit of `value` (a float holds about 15 of them)."""
    number = yaml_number(value)
    return isinstance(number, int) or Decimal(repr(number)) == value

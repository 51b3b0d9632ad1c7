"""Turn pydantic validation errors into located problems in plain words."""

from __future__ import annotations

import difflib
import functools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from quiz.banks.formats import TAG_PREFIX, format_of, question_formats
from quiz.banks.problems import Problem
from quiz.banks.yaml_reader import YamlDocument
from quiz.domains import DOMAIN_KEYS
from quiz.kinds.format_base import QuestionBase

# field -> (what the value is called, what is allowed) for pattern-checked fields
_PATTERN_HINTS = {
    "id": ("id", "use lowercase letters, digits, '.', '_' or '-', starting with a letter or digit"),
    "bank": ("bank id", "use lowercase letters, digits and '-', starting with a letter or digit"),
    "topics": ("topic", "tags are lowercase letters, digits and '-'"),
    "banks": ("bank id", "bank ids are lowercase letters, digits and '-'"),
}


# error types raised by our own validators, whose messages already name what they check
_OWN_TYPES = frozenset(
    {
        "answer_empty",
        "answer_repeated",
        "answer_type",
        "answer_letter",
        "answer_out_of_range",
        "duplicate_choice",
        "duplicate_id",
        "explanation_required",
        "reserved_bank_id",
    }
)
# what YAML 1.1 makes of some unquoted words and numbers that were meant as text
_NOT_TEXT = {"int": "a number", "float": "a number", "date": "a date", "datetime": "a date and time"}


def validation_problems(
    error: ValidationError,
    *,
    path: Path,
    document: YamlDocument,
    model: type[BaseModel],
    skip_types: Sequence[str] = (),
) -> list[Problem]:
    """Every error of `error` in plain words, each located (one walk down the parsed nodes) at the
    key or value it is about."""
    data = document.data
    problems = []
    for detail in error.errors(include_url=False):
        if detail["type"] in skip_types or _counts_failed_items(detail):
            continue
        loc = _clean_loc(detail["loc"], data)
        # our own validators name, in ctx["at"], the part of what they checked that is wrong
        at = (detail.get("ctx") or {}).get("at")
        if isinstance(at, tuple | list):
            loc = (*loc, *at)
        elif detail["type"] == "unknown_type":
            loc = (*loc, "type")
        at_key = detail["type"] == "extra_forbidden"
        line, column = document.locate(loc, at_key=at_key) or (None, None)
        problems.append(
            Problem(
                path,
                describe(detail, loc, model, document=document, question_format=_question_format(data, loc)),
                line,
                column,
                bank=bank_id_of(data),
                question=question_id_of(data, loc),
            )
        )
    return problems


def _counts_failed_items(detail: ErrorDetails) -> bool:
    """pydantic counts only the valid items of a list against its minimum length: two choices
    that both failed make "needs at least 2 choices, got 2". The items' own errors say it all."""
    value, ctx = detail.get("input"), detail.get("ctx") or {}
    return detail["type"] == "too_short" and isinstance(value, list) and len(value) >= ctx.get("min_length", 0)


def _question_format(data: Any, loc: Sequence[str | int]) -> type[QuestionBase] | None:
    """The kind format of the question an error is about (None outside questions)."""
    if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int) and isinstance(data, dict):
        questions = data.get("questions")
        if isinstance(questions, list) and loc[1] < len(questions):
            return format_of(questions[loc[1]])
    return None


def describe(
    detail: ErrorDetails,
    loc: Sequence[str | int],
    model: type[BaseModel],
    *,
    document: YamlDocument | None = None,
    question_format: type[QuestionBase] | None = None,
) -> str:
    kind = detail["type"]
    field = _field_label(loc, question_format)
    value = detail.get("input")
    ctx = detail.get("ctx") or {}
    if kind == "missing":
        return f"missing required field '{loc[-1]}'"
    if kind == "unknown_type":
        written = value.get("type") if isinstance(value, dict) else value
        loc = loc[:-1]
        return f"type: {written!r} is not a kind of question; known: {', '.join(question_formats())}"
    in_question = len(loc) > 2 and loc[0] == "questions" and question_format is not None
    if in_question and question_format is not None:
        own = question_format.describe_error(kind, str(loc[-1]), value, ctx)
        if own is not None:
            return own
    if kind == "extra_forbidden":
        key = str(loc[-1])
        known = list((question_format or QuestionBase if "questions" in loc else model).model_fields)
        close = _closest(key, tuple(known))
        hint = f" (did you mean '{close}'?)" if close else f"; known fields: {', '.join(known)}"
        return f"unknown field '{key}'{hint}"
    if kind == "enum" and loc and (loc[-1] == "domain" or "domains" in loc):
        close = _closest(str(value), tuple(DOMAIN_KEYS))
        hint = f"did you mean '{close}'? " if close else ""
        return f"unknown domain {value!r}; {hint}valid domains: {', '.join(DOMAIN_KEYS)}"
    if kind == "enum":
        return f"{field}: {value!r} is not allowed; expected {ctx.get('expected', '')}"
    if kind == "string_pattern_mismatch":
        name = next((p for p in reversed(loc) if isinstance(p, str)), "")
        if name not in _PATTERN_HINTS:
            return f"{field}: must not be blank"
        noun, rule = _PATTERN_HINTS[name]
        return f"{field}: {value!r} is not a valid {noun}; {rule}"
    if kind in ("string_too_short",) or (kind == "too_short" and loc and loc[-1] != "questions"):
        return f"{field}: must not be empty"
    if kind == "too_short" and loc and loc[-1] == "questions":
        return "the bank has no questions"
    read_as = f"{str(value).lower()} (a boolean)" if isinstance(value, bool) else _NOT_TEXT.get(type(value).__name__)
    if kind == "string_type" and document is not None and read_as:
        node = document.node_at(loc)
        if isinstance(node, yaml.ScalarNode) and not node.style:  # written without quotes (C parser: "")
            written = node.value
            return (
                f"{field}: YAML reads {written} as {read_as}, not as text; "
                f'put it in quotes ("{written}") to keep it as text'
            )
    if kind in (
        "string_type",
        "int_type",
        "int_parsing",
        "float_type",
        "float_parsing",
        "bool_type",
        "bool_parsing",
        "list_type",
        "tuple_type",
        "dict_type",
        "model_type",
    ):
        expected = {
            "string_type": "text",
            "int_type": "a whole number",
            "int_parsing": "a whole number",
            "float_type": "a number",
            "float_parsing": "a number",
            "bool_type": "true or false",
            "bool_parsing": "true or false",
            "list_type": "a list",
            "tuple_type": "a list",
            "dict_type": "a mapping",
            "model_type": "a mapping",
        }[kind]
        return f"{field}: expected {expected}, got {_kind_of(value)}"
    message = detail["msg"]
    if kind in _OWN_TYPES:
        return message
    return f"{field}: {message[0].lower()}{message[1:]}" if field else message


@functools.lru_cache(maxsize=1024)
def _closest(word: str, candidates: tuple[str, ...]) -> str | None:
    """The candidate `word` was probably meant to be; cached, since a bank with thousands of errors
    usually repeats the same few misspellings, and each comparison costs a fraction of a millisecond."""
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return close[0] if close else None


def bank_id_of(data: Any) -> str | None:
    bank = data.get("bank") if isinstance(data, dict) else None
    return bank if isinstance(bank, str) else None


def question_id_of(data: Any, loc: Sequence[str | int]) -> str | None:
    if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int) and isinstance(data, dict):
        questions = data.get("questions")
        index = loc[1]
        if isinstance(questions, list) and index < len(questions):
            item = questions[index]
            question_id = item.get("id") if isinstance(item, dict) else None
            return question_id if isinstance(question_id, str) else f"#{index + 1}"
    return None


def _clean_loc(loc: tuple[str | int, ...], data: Any) -> tuple[str | int, ...]:
    """Drop pydantic's internal steps (union members, validator names) that are not keys in the file."""
    clean: list[str | int] = []
    node = data
    for part in loc:
        found, child = _child(node, part)
        if found:
            clean.append(part)
            node = child
        elif isinstance(node, dict) and isinstance(part, str) and not _internal(part):
            clean.append(part)  # a missing or unknown key: keep it so the message can name it
            node = None
    return tuple(clean)


def _child(node: Any, part: str | int) -> tuple[bool, Any]:
    if isinstance(node, dict) and part in node:
        return True, node[part]
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return True, node[part]
    return False, None


def _internal(part: str) -> bool:
    return "[" in part or part.startswith(TAG_PREFIX) or part in ("str", "list", "int", "float", "bool", "dict")


def _field_label(loc: Sequence[str | int], question_format: type[QuestionBase] | None = None) -> str:
    parts = list(loc)
    if len(parts) >= 2 and parts[0] == "questions" and isinstance(parts[1], int):
        parts = parts[2:]
    label = ""
    for index, part in enumerate(parts):
        owner = parts[index - 1] if index else None
        if isinstance(part, int) and isinstance(owner, str) and label.endswith(owner):
            # a list item of a question's field, named as its kind names it ("choice B")
            label = label[: len(label) - len(owner)] + (question_format or QuestionBase).item_label(owner, part)
        elif isinstance(part, int):
            label += f"[{part + 1}]"
        else:
            label += ("." if label else "") + part
    return label


def _kind_of(value: Any) -> str:
    if value is None:
        return "nothing (empty value)"
    if isinstance(value, bool):
        return f"a boolean ({value})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"text ({value!r})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__

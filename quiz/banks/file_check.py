"""Check one bank or profile file: validate it, locate every problem, and find the warnings.

Imports pydantic and YAML: the loader imports this module only when a file is not in the cache.
"""

from __future__ import annotations

import contextlib
import functools
import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from quiz.banks.formats import FORMATS, duplicate_ids
from quiz.banks.problems import Checked, Problem, SourceError, first_problems
from quiz.banks.text_warnings import warnings_about_text
from quiz.banks.validation_messages import bank_id_of, validation_problems
from quiz.banks.yaml_reader import YamlDocument, parse_yaml_bytes
from quiz.models import Bank, Profile

Model = TypeVar("Model", Bank, Profile)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Parsing and validating a bank builds hundreds of thousands of long-lived objects (the data,
    and the node tree kept to locate problems) and no garbage: the cyclic collector, running
    meanwhile, would walk them all again and again for nothing (half the time of a large bank)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check_bytes(path: Path, raw: bytes, model: type[Model], *, shipped: bool = False) -> Checked[Model]:
    """The file's content (already read, bounded) parsed and checked."""
    with collector_paused():
        try:
            document = parse_yaml_bytes(raw, path)
        except SourceError as error:
            return Checked(None, tuple(error.problems))
        return check_document(path, document, model, shipped=shipped)


def validation_context(shipped: bool, folder: Path | None = None) -> dict[str, Any]:
    """What the formats' validators need beyond the file: whether it is shipped, the outline that
    `subtopic:` ids come from (None when the shipped outline is missing), and the bank's folder
    that `file:` exhibits are read from."""
    from quiz.banks.outline import shipped_outline
    from quiz.banks.problems import SourceError as OutlineError

    try:
        outline = shipped_outline()
    except (OutlineError, OSError):
        outline = None
    context: dict[str, Any] = {"shipped": shipped, "outline": outline}
    if folder is not None:
        from quiz.banks.exhibit_files import read_exhibit

        context["read_exhibit"] = functools.partial(read_exhibit, folder)
    return context


def looks_like_profile(data: Any) -> bool:
    return isinstance(data, dict) and "bank" not in data and ("domains" in data or "id" in data)


def check_document(path: Path, document: YamlDocument, model: type[Model], *, shipped: bool = False) -> Checked[Model]:
    data = document.data
    if not isinstance(data, dict):
        what = "empty" if data is None else f"a {type(data).__name__}"
        expected = "bank, title and questions" if model is Bank else "id, title, questions and domains"
        return Checked(None, (Problem(path, f"the file must be a mapping with {expected}; it is {what}", 1, 1),))
    file_format = FORMATS[model]
    value: Model | None = None
    errors: list[Problem] = []
    try:
        context = validation_context(shipped, path.parent)
        value = file_format.model_validate(data, context=context).build()  # type: ignore[assignment]
    except ValidationError as error:
        errors = validation_problems(
            error, path=path, document=document, model=file_format, skip_types=("duplicate_id",)
        )
    if model is Bank:
        # duplicate ids are reported even when other errors stop the model's own check
        errors.extend(_duplicate_id_problems(path, document, data))
    warnings: list[Problem] = warnings_about_text(path, document, bank=model is Bank)
    problems = (*first_problems(errors), *first_problems(warnings))
    return Checked(None if errors else value, problems)


def _duplicate_id_problems(path: Path, document: YamlDocument, data: dict[str, Any]) -> list[Problem]:
    questions = data.get("questions")
    if not isinstance(questions, list):
        return []
    ids = [q.get("id") if isinstance(q, dict) else None for q in questions]
    problems = []
    for index, first in duplicate_ids(ids):
        line, column = document.locate(("questions", index, "id")) or (None, None)
        problems.append(
            Problem(
                path,
                f"question id {ids[index]!r} is already used by question #{first + 1}",
                line,
                column,
                bank=bank_id_of(data),
                question=ids[index],
            )
        )
    return problems

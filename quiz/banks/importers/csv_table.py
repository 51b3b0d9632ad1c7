"""A spreadsheet of questions (CSV, or TSV), one row each under the documented header:
`id, type, question, a, b, c, d, e, f, answer, tolerance, unit, explanation, reference, domain,
topics, difficulty` (any order, any case; only `question` and `answer` or `a` are needed; `g` and
`h` hold the 7th and 8th part of a matching or ordering item).

`type` (empty: choice) says what the row is:
- choice: the choices in a, b, ...; `answer` a letter, or several (`A, C`) for a select-all item;
- select-all: the same, the item a select-all one even with a single right letter;
- true-false: `answer` True or False (T, F), no choices;
- short-answer: the accepted answers in a, b, ... (the first is the one shown); `answer` empty;
- numeric: `answer` the number, `tolerance` a number or a percentage (`2%`), `unit` its unit;
- matching: a pair per cell, `left -> right`; a cell `-> right` is a right entry matching nothing;
- ordering: the items in a, b, ... in the right order.
`id` keeps a question's id (progress is kept by it; a row without one gets a stable id from its
text); `topics` are separated by spaces, commas or semicolons; `reference` holds several,
separated by `;` (a `;` inside one is written `\\;`, a backslash `\\\\`). A cell that the app's own
export protected against spreadsheet formulas (a leading apostrophe before = + - @, a tab or a
line break, or before such an apostrophe) is restored. Spaces around a cell are not kept."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from quiz.banks.importers import QUESTION_ID, Imported, ReportEntry, stable_id
from quiz.banks.importers.checking import nul_refusal, number_kept, problem_of, yaml_number
from quiz.banks.importers.delimited import records
from quiz.domains import DOMAIN_KEYS

PART_COLUMNS = "abcdefgh"
CHOICE_COLUMNS = "abcdef"
COLUMNS = (
    "id",
    "type",
    "question",
    *PART_COLUMNS,
    "answer",
    "tolerance",
    "unit",
    "explanation",
    "reference",
    "domain",
    "topics",
    "difficulty",
)
TYPES = ("choice", "select-all", "true-false", "short-answer", "numeric", "matching", "ordering")
DOMAINS = DOMAIN_KEYS
PROTECTED = re.compile(r"^'(?='*[=+\-@\t\r\n])")
TOPIC = re.compile(r"[a-z0-9][a-z0-9-]*")  # the bank format's topic (quiz.kinds.format_base)
ARROW = "->"


def _cell(value: str | None) -> str:
    return PROTECTED.sub("", (value or "").strip())


def split_references(cell: str) -> list[str]:
    """The references of a `reference` cell: split at each `;` that is not written `\\;`."""
    found: list[str] = []
    current: list[str] = []
    index = 0
    while index < len(cell):
        character = cell[index]
        if character == "\\" and cell[index + 1 : index + 2] in (";", "\\"):
            current.append(cell[index + 1])
            index += 2
            continue
        if character == ";":
            found.append("".join(current))
            current = []
        else:
            current.append(character)
        index += 1
    found.append("".join(current))
    return [reference.strip() for reference in found if reference.strip()]


def parse(text: str, *, tab: bool = False) -> Imported:
    imported = Imported()
    refusal = nul_refusal(text)
    if refusal is not None:
        imported.report.append(refusal)
        return imported
    rows = records(text, "\t" if tab else ",")
    header = next(rows, None)
    if header is None or header.problem:
        why = header.problem if header is not None else "the file is empty"
        imported.report.append(ReportEntry(header.line if header else 1, "skipped", None, f"no header: {why}"))
        return imported
    names = [name.strip().lower() for name in header.cells]
    problem = _header_problem(names)
    if problem:
        imported.report.append(ReportEntry(header.line, "skipped", None, problem))
        return imported
    unknown = [name for name in names if name and name not in COLUMNS]
    if unknown:
        imported.report.append(
            ReportEntry(
                header.line,
                "skipped",
                None,
                f"{'column' if len(unknown) == 1 else 'columns'} {', '.join(unknown)} not read "
                f"(the columns: {', '.join(COLUMNS)})",
            )
        )
    taken: set[str] = set()
    for record in rows:
        if record.problem:
            imported.report.append(ReportEntry(record.line, "skipped", None, record.problem))
            continue
        row = {name: value for name, value in zip(names, record.cells, strict=False) if name in COLUMNS}
        extra = [value for value in record.cells[len(names) :] if value.strip()]
        if not any(_cell(value) for value in row.values()) and not extra:
            continue  # an empty row
        _row(row, record.line, imported, taken, extra)
    return imported


def _header_problem(names: list[str]) -> str:
    missing = [name for name in ("question",) if name not in names]
    if "answer" not in names and "a" not in names:
        missing.append("answer")
    if missing:
        return f"the header lacks {', '.join(missing)} (columns: {', '.join(COLUMNS)})"
    repeated = sorted({name for name in names if name and names.count(name) > 1})
    if repeated:
        return f"the header names {', '.join(repeated)} more than once"
    return ""


class _Refused(Exception):
    """The row cannot be a question; the message says why."""


def _row(row: dict[str, str], line: int, imported: Imported, taken: set[str], extra: list[str]) -> None:
    notes: list[str] = []
    try:
        question = _question(row, notes)
    except _Refused as why:
        imported.report.append(ReportEntry(line, "skipped", None, str(why)))
        return
    refused = problem_of({"id": "x", **question})
    if refused:
        imported.report.append(ReportEntry(line, "skipped", None, f"the bank format refuses it: {refused}"))
        return
    given = _cell(row.get("id"))
    question_id = stable_id(str(question["question"]), taken, given or None)
    if given and question_id != given:
        notes.append(
            f"id {given!r} became {question_id!r}" + (" (it is taken)" if QUESTION_ID.fullmatch(given) else "")
        )
    if extra:
        notes.append(f"{len(extra)} {'cell' if len(extra) == 1 else 'cells'} beyond the header's columns not read")
    imported.questions.append({"id": question_id, **question})
    imported.report.append(ReportEntry(line, "converted" if notes else "imported", question_id, "; ".join(notes)))


def _question(row: dict[str, str], notes: list[str]) -> dict[str, Any]:
    stem = _cell(row.get("question"))
    if not stem:
        raise _Refused("no question text")
    kind = _cell(row.get("type")).lower() or "choice"
    if kind not in TYPES:
        raise _Refused(f"type '{kind}' is not one of {', '.join(TYPES)}")
    parts = [_cell(row.get(column)) for column in PART_COLUMNS]
    while parts and not parts[-1]:
        parts.pop()
    if "" in parts:
        raise _Refused(f"column {PART_COLUMNS[parts.index('')]} is empty between filled ones")
    answer = _cell(row.get("answer"))
    question: dict[str, Any] = {"question": stem, **_kind_fields(kind, parts, answer, row, notes)}
    _common(row, question, notes)
    return question


def _kind_fields(kind: str, parts: list[str], answer: str, row: dict[str, str], notes: list[str]) -> dict[str, Any]:
    unused = [name for name in ("tolerance", "unit") if _cell(row.get(name))] if kind != "numeric" else []
    if unused:
        raise _Refused(
            f"{' and '.join(unused)} {'is' if len(unused) == 1 else 'are'} for a numeric row, not a {kind} one"
        )
    if kind in ("choice", "select-all"):
        return _choice(parts, answer, select_all=kind == "select-all")
    if kind != "true-false" and kind != "numeric" and not parts:
        raise _Refused(f"a {kind} row lists its {_PART_NAMES[kind]} in columns a, b, ...")
    if kind in ("true-false", "numeric") and parts:
        raise _Refused(f"a {kind} row has no choices (columns a, b, ...): its answer is in the answer column")
    if kind in ("short-answer", "matching", "ordering") and answer:
        raise _Refused(f"a {kind} row leaves the answer column empty: its {_PART_NAMES[kind]} are in a, b, ...")
    if kind == "true-false":
        if answer.lower() not in ("true", "false", "t", "f"):
            raise _Refused(f"answer '{answer}' is not True or False")
        return {"type": "true-false", "answer": answer.lower().startswith("t")}
    if kind == "short-answer":
        return {"type": "short-answer", "accept": parts}
    if kind == "numeric":
        return _numeric(answer, row, notes)
    if kind == "ordering":
        return {"type": "ordering", "items": parts}
    return _matching(parts)


_PART_NAMES = {"short-answer": "accepted answers", "matching": "pairs", "ordering": "items"}


def _choice(choices: list[str], answer: str, *, select_all: bool) -> dict[str, Any]:
    if len(choices) < 2:
        raise _Refused("a question needs at least 2 choices, in columns a, b, ... with none empty between them")
    if len(choices) > len(CHOICE_COLUMNS):
        raise _Refused(f"{len(choices)} choices: a question has at most {len(CHOICE_COLUMNS)} (columns a-f)")
    letters = [given.upper() for given in re.findall(r"[A-Za-z]", answer)]
    if not letters:
        raise _Refused("no answer letter")
    wrong = [x for x in letters if x not in CHOICE_COLUMNS.upper()[: len(choices)]]
    if wrong:
        last = CHOICE_COLUMNS[len(choices) - 1].upper()
        raise _Refused(f"answer {', '.join(wrong)} names no choice (the choices are A-{last})")
    keys = sorted(set(letters))
    return {"choices": choices, "answer": keys if select_all or len(keys) > 1 else keys[0]}


def _number(text: str, name: str) -> Decimal:
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise _Refused(f"{name} '{text}' is not a number")
    return number


def _numeric(answer: str, row: dict[str, str], notes: list[str]) -> dict[str, Any]:
    if not answer:
        raise _Refused("a numeric row gives its number in the answer column")
    value = _number(answer, "answer")
    fields: dict[str, Any] = {"type": "numeric", "answer": yaml_number(value)}
    if not number_kept(value):
        notes.append(f"the answer {answer} has more digits than a bank number keeps")
    tolerance = _cell(row.get("tolerance"))
    if tolerance.endswith("%"):
        _number(tolerance[:-1].strip(), "tolerance")
        fields["tolerance"] = tolerance
    elif tolerance:
        fields["tolerance"] = yaml_number(_number(tolerance, "tolerance"))
    unit = _cell(row.get("unit"))
    if unit:
        fields["unit"] = unit
    return fields


def _matching(cells: list[str]) -> dict[str, Any]:
    pairs: dict[str, str] = {}
    distractors: list[str] = []
    for column, cell in zip(PART_COLUMNS, cells, strict=False):
        left, arrow, right = (part.strip() for part in cell.partition(ARROW))
        if not arrow or not right:
            raise _Refused(f"column {column} is not a pair 'left -> right' (or '-> right' for a distractor)")
        if not left:
            distractors.append(right)
        elif left in pairs:
            raise _Refused(f"the left entry '{left}' is in two pairs")
        else:
            pairs[left] = right
    fields: dict[str, Any] = {"type": "matching", "pairs": pairs}
    if distractors:
        fields["distractors"] = distractors
    return fields


def _common(row: dict[str, str], question: dict[str, Any], notes: list[str]) -> None:
    domain = _cell(row.get("domain")).lower()
    if domain:
        if domain not in DOMAINS:
            raise _Refused(f"domain '{domain}' is not one of the ten CIIP domains ({', '.join(DOMAINS)})")
        question["domain"] = domain
    difficulty = _cell(row.get("difficulty")).lower()
    if difficulty:
        if difficulty not in ("easy", "medium", "hard"):
            raise _Refused(f"difficulty '{difficulty}' is not easy, medium or hard")
        question["difficulty"] = difficulty
    topics = [t.lower() for t in re.split(r"[\s,;]+", _cell(row.get("topics"))) if t]
    kept = list(dict.fromkeys(t for t in topics if TOPIC.fullmatch(t)))
    dropped = [t for t in topics if not TOPIC.fullmatch(t)]
    if dropped:
        notes.append(f"topics {', '.join(dropped)} left out (a topic is lowercase letters, digits and -)")
    if kept:
        question["topics"] = kept
    explanation = _cell(row.get("explanation"))
    if explanation:
        question["explanation"] = explanation
    references = split_references(_cell(row.get("reference")))
    if references:
        question["references"] = references

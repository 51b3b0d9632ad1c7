"""A spreadsheet of questions (CSV, or TSV), one row each under the documented header:
`question, a, b, c, d, e, f, answer, explanation, reference, domain, topics, difficulty` (any order,
any case; only question, two choices and answer are needed). `answer` is a letter, or several
(`A, C`) for a select-all item; `topics` are separated by spaces, commas or semicolons; `reference`
may hold several, separated by `;`. A cell that the app's own CSV export protected against
spreadsheet formulas (a leading apostrophe before = + - @) is restored."""

from __future__ import annotations

import csv
import io
import re

from quiz.banks.importers import Imported, ReportEntry, stable_id

CHOICE_COLUMNS = "abcdef"
COLUMNS = ("question", *CHOICE_COLUMNS, "answer", "explanation", "reference", "domain", "topics", "difficulty")
DOMAINS = (
    "clinical-engineering",
    "communications",
    "image-management",
    "imaging-informatics",
    "information-technology",
    "operations",
    "procurement",
    "project-management",
    "systems-management",
    "training-education",
)
PROTECTED = re.compile(r"^'(?=[=+\-@\t\r])")


def _cell(value: str | None) -> str:
    return PROTECTED.sub("", (value or "").strip())


def parse(text: str, *, tab: bool = False) -> Imported:
    imported = Imported()
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter="\t" if tab else ",")
    fields = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    missing = [c for c in ("question", "a", "b", "answer") if c not in fields]
    if missing:
        imported.report.append(
            ReportEntry(1, "skipped", None, f"the header lacks {', '.join(missing)} (columns: {', '.join(COLUMNS)})")
        )
        return imported
    reader.fieldnames = fields
    taken: set[str] = set()
    start = 2
    for row in reader:
        line = start
        start = reader.line_num + 1
        if not any(_cell(v) for v in row.values() if isinstance(v, str)):
            continue  # an empty row
        question = _row(row, line, imported, taken)
        if question is not None:
            imported.questions.append(question)
    return imported


def _row(row: dict[str, str | None], line: int, imported: Imported, taken: set[str]) -> dict[str, object] | None:
    def skip(why: str) -> None:
        imported.report.append(ReportEntry(line, "skipped", None, why))

    stem = _cell(row.get("question"))
    choices = [_cell(row.get(letter)) for letter in CHOICE_COLUMNS]
    while choices and not choices[-1]:
        choices.pop()
    if not stem:
        skip("no question text")
        return None
    if len(choices) < 2 or "" in choices:
        skip("a question needs at least 2 choices, in columns a, b, ... with none empty between them")
        return None
    given = re.findall(r"[A-Za-z]", _cell(row.get("answer")))
    letters = [g.upper() for g in given]
    if not letters:
        skip("no answer letter")
        return None
    wrong = [x for x in letters if CHOICE_COLUMNS.upper().find(x) >= len(choices) or x not in CHOICE_COLUMNS.upper()]
    if wrong:
        skip(
            f"answer {', '.join(wrong)} names no choice (the choices are A-{CHOICE_COLUMNS[len(choices) - 1].upper()})"
        )
        return None
    question: dict[str, object] = {"id": stable_id(stem, taken), "question": stem, "choices": choices}
    question["answer"] = letters[0] if len(letters) == 1 else sorted(set(letters))
    domain = _cell(row.get("domain")).lower()
    if domain:
        if domain not in DOMAINS:
            skip(f"domain '{domain}' is not one of the ten CIIP domains ({', '.join(DOMAINS)})")
            taken.discard(str(question["id"]))
            return None
        question["domain"] = domain
    difficulty = _cell(row.get("difficulty")).lower()
    if difficulty:
        if difficulty not in ("easy", "medium", "hard"):
            skip(f"difficulty '{difficulty}' is not easy, medium or hard")
            taken.discard(str(question["id"]))
            return None
        question["difficulty"] = difficulty
    topics = [t.lower() for t in re.split(r"[\s,;]+", _cell(row.get("topics"))) if t]
    if topics:
        question["topics"] = topics
    explanation = _cell(row.get("explanation"))
    if explanation:
        question["explanation"] = explanation
    references = [r.strip() for r in _cell(row.get("reference")).split(";") if r.strip()]
    if references:
        question["references"] = references
    imported.report.append(ReportEntry(line, "imported", str(question["id"])))
    return question

"""Banks as a spreadsheet (CSV, or TSV) under the header `quiz.banks.importers.csv_table` reads, so a
sheet exported, edited and imported again keeps its questions and their ids: `id, type, question,
a-f (g, h when a matching or ordering item needs them), answer, tolerance, unit, explanation,
reference, domain, topics, difficulty`.

Every kind but none of its parts is lost: choice and select-all (letters), true-false (True/False),
short answer (the accepted answers in a, b, ...), numeric (the number, its tolerance, its unit),
matching (a cell per pair, `left -> right`, and `-> right` per distractor) and ordering (the items
in order). References are separated by `; ` (a `;` inside one written `\\;`, a backslash `\\\\`).
A cell that a spreadsheet would run as a formula (starting with = + - @, a tab or a line break,
or with apostrophes before one) gets a leading apostrophe, which the import takes off again. UTF-8
with a byte-order mark, so Excel reads every character; line ends CRLF, as RFC 4180 has them.

A sheet has no place for a case scenario, exhibits, a subtopic or the shuffle setting: each
question's loss lists what it lost. Spaces around a text are not kept."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence

from quiz.banks.exporters import Exported, Loss
from quiz.banks.exporters.lost import lost_parts
from quiz.kinds.choice import ChoiceQuestion, letters, shown
from quiz.kinds.matching import MatchingQuestion
from quiz.kinds.numeric import NumericQuestion
from quiz.kinds.ordering import OrderingQuestion
from quiz.kinds.short_answer import ShortAnswerQuestion
from quiz.kinds.true_false import TrueFalseQuestion
from quiz.models import Bank, Question

PART_COLUMNS = "abcdefgh"
CARRIES = frozenset({"references", "topics", "difficulty", "domain", "unit"})
FORMULA = re.compile(r"^'*[=+\-@\t\r\n]")
ARROW = "->"
BOM = "\ufeff"


class NotCarried(Exception):
    """The question cannot be written as a row; the message says why."""


def protect(cell: str) -> str:
    """A cell a spreadsheet shows as the text it is, never runs as a formula."""
    return "'" + cell if FORMULA.match(cell) else cell


def join_references(references: Sequence[str]) -> str:
    return "; ".join(r.strip().replace("\\", "\\\\").replace(";", "\\;") for r in references)


def export(banks: Sequence[Bank], *, tab: bool = False) -> Exported:
    rows: list[dict[str, str]] = []
    losses: list[Loss] = []
    for bank in banks:
        for question in bank.questions:
            try:
                rows.append(_row(question))
            except NotCarried as why:
                losses.append(Loss(bank.bank, question.id, str(why), left_out=True))
                continue
            lost = lost_parts(question, CARRIES)
            if lost:
                losses.append(Loss(bank.bank, question.id, "a sheet does not carry " + "; ".join(lost)))
    widest = max((sum(1 for c in PART_COLUMNS if row.get(c)) for row in rows), default=0)
    parts = PART_COLUMNS[: max(6, widest)]
    header = ["id", "type", "question", *parts, "answer", "tolerance", "unit"]
    header += ["explanation", "reference", "domain", "topics", "difficulty"]
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t" if tab else ",", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([protect(row.get(column, "")) for column in header])
    return Exported((BOM + out.getvalue()).encode("utf-8"), losses, len(rows))


def _row(question: Question) -> dict[str, str]:
    row = {
        "id": question.id,
        "question": question.question.strip(),
        "explanation": (question.explanation or "").strip(),
        "reference": join_references(question.references),
        "domain": question.domain.value,
        "topics": " ".join(question.topics),
        "difficulty": question.difficulty.value,
    }
    return row | _kind_cells(question)


def _kind_cells(question: Question) -> dict[str, str]:
    if isinstance(question, ChoiceQuestion):
        answer = letters(question.correct)  # "A, C"
        kind = "select-all" if shown(question, None).selects_many else "choice"
        return {"type": kind, **_parts(question.choices), "answer": answer}
    if isinstance(question, TrueFalseQuestion):
        return {"type": "true-false", "answer": "True" if question.answer else "False"}
    if isinstance(question, ShortAnswerQuestion):
        return {"type": "short-answer", **_parts(question.accept)}
    if isinstance(question, NumericQuestion):
        tolerance = question.tolerance
        return {"type": "numeric", "answer": question.answer, "tolerance": tolerance, "unit": question.unit or ""}
    if isinstance(question, OrderingQuestion):
        return {"type": "ordering", **_parts(question.items)}
    if isinstance(question, MatchingQuestion):
        for left, _ in question.pairs:
            if ARROW in left:
                raise NotCarried(f"the left entry {left!r} holds '->', where a matching cell splits its pair")
        cells = [f"{left.strip()} {ARROW} {right.strip()}" for left, right in question.pairs]
        return {"type": "matching", **_parts([*cells, *(f"{ARROW} {d.strip()}" for d in question.distractors)])}
    raise NotCarried(f"a sheet has no {question.kind_name} question")


def _parts(texts: Sequence[str]) -> dict[str, str]:
    return {column: text.strip() for column, text in zip(PART_COLUMNS, texts, strict=False)}

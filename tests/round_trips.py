"""What the export round trips share: the banks to send through a format (the shipped ones and a
hand-built one of nasty texts), the way back (an import written as a bank file and checked as
`quiz validate` checks it), and a question's fields as far as a format carries them, to compare."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from quiz.banks.importers import Imported, write_bank
from quiz.banks.loader import check_file
from quiz.kinds.choice import ChoiceQuestion
from quiz.kinds.matching import MatchingQuestion
from quiz.kinds.numeric import NumericQuestion
from quiz.kinds.ordering import OrderingQuestion
from quiz.kinds.short_answer import ShortAnswerQuestion
from quiz.kinds.true_false import TrueFalseQuestion
from quiz.models import Bank, Question
from tests.conftest import FIXTURES

SHIPPED = sorted((Path(__file__).parent.parent / "question_banks").glob("*.yaml"))
NASTY = FIXTURES / "export" / "nasty-bank.yaml"


def load(path: Path) -> Bank:
    checked = check_file(path, Bank)
    assert checked.value is not None, [str(p) for p in checked.problems]
    return checked.value


def back_as_bank(imported: Imported, folder: Path, *, bank_id: str, domain: str) -> Bank:
    """The import written as a bank file and read back: it must pass `quiz validate`, warnings too."""
    path = folder / f"{bank_id}.yaml"
    path.write_text(write_bank(imported, bank_id=bank_id, title="Round trip", domain=domain), "utf-8")
    checked = check_file(path, Bank)
    assert checked.value is not None and not checked.problems, [str(p) for p in checked.problems]
    return checked.value


def carried(question: Question, parts: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The question's fields a format carries: its id, kind, texts (spaces around a text are not
    part of it) and key, and those of `parts` (references, topics, difficulty, domain, unit)."""
    fields: dict[str, Any] = {
        "id": question.id,
        "kind": question.kind_name,
        "question": question.question.strip(),
        "explanation": (question.explanation or "").strip() or None,
    }
    if isinstance(question, ChoiceQuestion):
        fields |= {"choices": [c.strip() for c in question.choices], "answer": question.answer}
    elif isinstance(question, TrueFalseQuestion):
        fields["answer"] = question.answer
    elif isinstance(question, ShortAnswerQuestion):
        fields["accept"] = list(question.accept)
    elif isinstance(question, NumericQuestion):
        fields |= {"answer": Decimal(question.answer), "margin": question.margin}
        if "unit" in parts:
            fields |= {"unit": question.unit, "tolerance": question.tolerance}
    elif isinstance(question, MatchingQuestion):
        fields |= {
            "pairs": [(left.strip(), right.strip()) for left, right in question.pairs],
            "distractors": [d.strip() for d in question.distractors],
        }
    elif isinstance(question, OrderingQuestion):
        fields["items"] = [item.strip() for item in question.items]
    for name in ("references", "topics"):
        if name in parts:
            fields[name] = [text.strip() for text in getattr(question, name)]
    if "difficulty" in parts:
        fields["difficulty"] = question.difficulty
    if "domain" in parts:
        fields["domain"] = question.domain
    return fields

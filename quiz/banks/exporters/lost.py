"""What of a question a format cannot carry, in words for the export report: its case scenario,
exhibits, references, topics... Each exporter says which of these its format carries."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

from quiz.domains import Domain
from quiz.kinds.choice import ChoiceQuestion
from quiz.kinds.numeric import NumericQuestion
from quiz.models import Bank, Difficulty, Question

# the names an exporter lists in `carries`
PARTS = ("case", "exhibits", "references", "topics", "difficulty", "subtopic", "domain", "shuffle", "unit")


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}{'' if number == 1 else 's'}"


def usual_domain(bank: Bank) -> Domain | None:
    """The bank's own domain, or the one most of its questions have: a format that names one domain
    per bank (a GIFT category, an Anki deck) carries the questions of that domain."""
    if bank.domain is not None:
        return bank.domain
    counts = Counter(q.domain for q in bank.questions)
    return counts.most_common(1)[0][0] if counts else None


def lost_parts(question: Question, carries: Collection[str], bank_domain: Domain | None = None) -> list[str]:
    """What of `question` a format carrying only `carries` (names from PARTS) leaves behind."""
    lost: list[str] = []
    if question.case is not None and "case" not in carries:
        lost.append(f"its case scenario '{question.case.title}'" + _with_exhibits(len(question.case.exhibits)))
    if question.exhibits and "exhibits" not in carries:
        lost.append(
            f"its own {_count(len(question.exhibits), 'exhibit')}"
            + (f" (and where its answer is read: {', '.join(question.reads)})" if question.reads else "")
        )
    if question.references and "references" not in carries:
        lost.append(f"its {_count(len(question.references), 'reference')}")
    if question.topics and "topics" not in carries:
        lost.append(f"its topics ({', '.join(question.topics)})")
    if question.difficulty is not Difficulty.MEDIUM and "difficulty" not in carries:
        lost.append(f"its difficulty ({question.difficulty.value})")
    if question.subtopic and "subtopic" not in carries:
        lost.append(f"its subtopic ({question.subtopic})")
    if bank_domain is not None and question.domain is not bank_domain and "domain" not in carries:
        lost.append(f"its domain ({question.domain.value}; its bank's questions are {bank_domain.value})")
    if isinstance(question, ChoiceQuestion) and not question.shuffle and "shuffle" not in carries:
        lost.append("shuffle: false (its choices' order is kept in the app)")
    if isinstance(question, NumericQuestion) and question.unit and "unit" not in carries:
        lost.append(f"its unit ({question.unit})")
    return lost


def _with_exhibits(count: int) -> str:
    return f" (with {_count(count, 'exhibit')})" if count else ""

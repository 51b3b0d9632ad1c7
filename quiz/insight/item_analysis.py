"""Item analysis for bank authors (`quiz analyze BANK_ID`): from the local attempts, per question
the share of answers that were right (its difficulty index), how well it tells strong examinees
from weak ones (the point-biserial correlation of the item with the rest of the exam score, over
exam attempts only) and how often each option was chosen. An item that strong examinees miss more
than weak ones (negative discrimination) or whose distractor draws more answers than its key is
flagged: the usual signs of a wrong key or an ambiguous stem."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from quiz.kinds import kind_named
from quiz.library import Library
from quiz.models import Question
from quiz.store.results import SessionResult

MIN_EXAMS = 10  # fewer exam attempts with the item give a correlation too unstable to read


@dataclass(frozen=True)
class ItemAnalysis:
    key: str
    answers: int  # answered items across all attempts
    right: int
    exams: int  # exam attempts containing the item
    discrimination: float | None  # None: fewer than MIN_EXAMS exams, or no spread to correlate
    options: tuple[str, ...] = ()  # labels, in the bank file's order; () for kinds not picked from
    chosen: tuple[int, ...] = ()  # how often each option was chosen
    keyed: tuple[int, ...] = ()  # the options of the right answer
    flags: tuple[str, ...] = field(default=())

    @property
    def share_right(self) -> float | None:
        return self.right / self.answers if self.answers else None


def analyze(library: Library, attempts: Iterable[SessionResult], bank_id: str) -> list[ItemAnalysis]:
    """Every question of the bank, in its file order, with what the attempts say of it."""
    entries = [e for e in library.entries.values() if e.bank_id == bank_id and not e.is_generated]
    entries.sort(key=lambda e: e.position)
    keys = {e.key for e in entries}
    answers: dict[str, list[bool]] = {k: [] for k in keys}
    chosen: dict[str, list[int]] = {}
    pairs: dict[str, list[tuple[bool, float]]] = {k: [] for k in keys}  # (right, rest score) per exam
    for entry in entries:
        question = entry.question
        chosen[entry.key] = [0] * len(kind_named(question.kind_name).options(question))
    for attempt in attempts:
        is_exam = attempt.kind == "exam"
        for item in attempt.items:
            if item.key not in keys:
                continue
            if item.answered:
                answers[item.key].append(item.correct)
                counts = chosen[item.key]
                for index in kind_named(item.kind).picked(item.response):
                    if index < len(counts):
                        counts[index] += 1
            if is_exam and attempt.total > 1:
                rest = (attempt.score - item.correct) / (attempt.total - 1)
                pairs[item.key].append((item.correct, rest))
    return [
        _item(entry.key, entry.question, answers[entry.key], chosen[entry.key], pairs[entry.key]) for entry in entries
    ]


def _item(
    key: str, question: Question, answers: list[bool], chosen: list[int], pairs: list[tuple[bool, float]]
) -> ItemAnalysis:
    kind = kind_named(question.kind_name)
    discrimination = point_biserial(pairs) if len(pairs) >= MIN_EXAMS else None
    keyed = kind.picked(kind.answer_key(question))
    flags: list[str] = []
    if discrimination is not None and discrimination < 0:
        flags.append("negative discrimination: the stronger on the rest of the exam missed it more")
    if chosen and keyed:
        key_count = min(chosen[i] for i in keyed if i < len(chosen))
        options = kind.options(question)
        drawing = [options[i] for i, count in enumerate(chosen) if i not in keyed and count > key_count]
        if drawing:
            flags.append(f"a distractor chosen more often than the key: {', '.join(drawing)}")
    return ItemAnalysis(
        key,
        len(answers),
        sum(answers),
        len(pairs),
        discrimination,
        kind.options(question),
        tuple(chosen),
        keyed,
        tuple(flags),
    )


def point_biserial(pairs: Sequence[tuple[bool, float]]) -> float | None:
    """The correlation of being right on the item with the score on the rest of the exam (the
    item left out, so it does not correlate with itself); None when either side has no spread."""
    n = len(pairs)
    right = [score for correct, score in pairs if correct]
    wrong = [score for correct, score in pairs if not correct]
    if not right or not wrong:
        return None
    scores = [score for _, score in pairs]
    mean = sum(scores) / n
    spread = math.sqrt(sum((s - mean) ** 2 for s in scores) / n)
    if spread == 0:
        return None
    p = len(right) / n
    return (sum(right) / len(right) - sum(wrong) / len(wrong)) / spread * math.sqrt(p * (1 - p))

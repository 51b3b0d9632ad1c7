"""The question browser's rows and search (issue 19): one row per bank question with what the
progress says of it, built once when the browser opens, and a search over them cheap enough to run
at every keystroke.

A search is words and `field:value` terms, all of which must match (`-` before one excludes it,
double quotes keep a phrase together): a word matches the question's text, its choices or parts,
its id, bank and topics; the fields are id, bank, domain, topic, kind, difficulty and is (a state:
new, due, missed, leech, suspended, buried, flagged, noted: a note kept on it)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from quiz.library import Library
from quiz.scheduling.fsrs import Scheduling, card_from_dict
from quiz.store.progress import ProgressStore

STATES = ("new", "due", "missed", "leech", "suspended", "buried", "flagged", "noted")
FIELDS = ("id", "bank", "domain", "topic", "kind", "difficulty", "is")
_TERM = re.compile(r'(-?)(?:(\w+):)?(?:"([^"]*)"?|(\S+))')


@dataclass(frozen=True)
class Row:
    key: str
    bank: str
    id: str
    domain: str
    topics: tuple[str, ...]
    kind: str
    difficulty: str
    stem: str  # the question's first line
    states: frozenset[str]
    recall: float | None  # FSRS retrievability now (None: never answered)
    due: datetime | None
    answers: int
    right: int
    text: str  # every text of it, case-folded, for the search
    discrimination: float | None = None  # item analysis (quiz.insight.item_analysis): None below 10 exams

    @property
    def accuracy(self) -> float | None:
        return self.right / self.answers if self.answers else None


def browse_rows(library: Library, store: ProgressStore, scheduling: Scheduling, now: datetime) -> list[Row]:
    answers: dict[str, list[int]] = {}
    for review in store.reviews:
        if review.amends:
            continue  # a correction of the answer before it: one answer
        counts = answers.setdefault(review.key, [0, 0])
        counts[0] += 1
        counts[1] += review.correct
    flagged = {item.key for attempt in store.attempts for item in attempt.items if item.flagged}
    noted = set(store.noted_keys())
    states_of = store.states
    buried = {key for key, until in states_of.buried.items() if until > now}
    rows = []
    for entry in library.entries.values():
        if entry.is_generated:
            continue
        question = entry.question
        history = store.history.get(entry.key)
        states = set()
        recall = due = None
        if history is None:
            states.add("new")
        else:
            due = history.due
            recall = scheduling.retrievability(card_from_dict(history.card), now)
            if due <= now:
                states.add("due")
            if not history.last_correct:
                states.add("missed")
            if history.is_leech:
                states.add("leech")
        if entry.key in states_of.suspended:
            states.add("suspended")
        if entry.key in buried:
            states.add("buried")
        if entry.key in flagged:
            states.add("flagged")
        if entry.key in noted:
            states.add("noted")
        total, right = answers.get(entry.key, (0, 0))
        texts = [
            question.question,
            question.id,
            entry.bank_id,
            *question.topics,
            *(t for _, t in question.kind_texts()),
        ]
        rows.append(
            Row(
                entry.key,
                entry.bank_id,
                question.id,
                question.domain.value,
                question.topics,
                question.kind_name,
                question.difficulty.value,
                question.question.strip().split("\n", 1)[0],
                frozenset(states),
                recall,
                due,
                total,
                right,
                "\n".join(texts).casefold(),
            )
        )
    rows = _with_discrimination(rows, library, store)
    rows.sort(key=lambda row: row.key)  # the default order, so a search keeps it without sorting
    return rows


def _with_discrimination(rows: list[Row], library: Library, store: ProgressStore) -> list[Row]:
    """Each question's discrimination from the exam attempts, where there are enough of them."""
    import dataclasses

    from quiz.insight.item_analysis import MIN_EXAMS, analyze

    if sum(1 for attempt in store.attempts if attempt.kind == "exam") < MIN_EXAMS:
        return rows  # no question can have one yet
    found: dict[str, float] = {}
    for loaded in library.banks:
        for item in analyze(library, store.attempts, loaded.bank.bank):
            if item.discrimination is not None:
                found[item.key] = item.discrimination
    return [dataclasses.replace(row, discrimination=found[row.key]) if row.key in found else row for row in rows]


@dataclass(frozen=True)
class Term:
    field: str | None
    value: str
    negated: bool

    def matches(self, row: Row) -> bool:
        value = self.value
        if self.field is None:
            found = value in row.text
        elif self.field == "id":
            found = value in row.id
        elif self.field == "bank":
            found = row.bank == value or row.bank.startswith(value)
        elif self.field == "domain":
            found = row.domain.startswith(value)
        elif self.field == "topic":
            found = value in row.topics
        elif self.field == "kind":
            found = row.kind.startswith(value)
        elif self.field == "difficulty":
            found = row.difficulty == value
        else:  # is
            found = value in row.states
        return found != self.negated


def parse_query(query: str) -> tuple[list[Term], list[str]]:
    """The query's terms, and what in it is not understood (an unknown field, a state that is not one)."""
    terms: list[Term] = []
    problems: list[str] = []
    for match in _TERM.finditer(query):
        negated, field, phrase, word = match.groups()
        value = (phrase if phrase is not None else word or "").casefold()
        if field is not None:
            field = field.casefold()
            if field not in FIELDS:
                # not a field: a word with a colon in it (a DICOM tag, a port), searched as it is
                terms.append(Term(None, f"{field}:{value}", bool(negated)))
                continue
            if field == "is" and value not in STATES:
                problems.append(f"is:{value} is not a state ({', '.join(STATES)})")
                continue
        if value:
            terms.append(Term(field, value, bool(negated)))
    return terms, problems


def search(rows: Iterable[Row], terms: Sequence[Term]) -> list[Row]:
    """The rows every term matches (all of them, when there is no term). One pass a term, each over
    what the ones before left, free words as a bare substring test: 20,000 rows at each keystroke."""
    found = list(rows)
    for term in terms:
        value, negated = term.value, term.negated
        if term.field is None:
            found = [row for row in found if (value in row.text) != negated]
        elif term.field == "is":
            found = [row for row in found if (value in row.states) != negated]
        elif term.field == "kind":
            found = [row for row in found if row.kind.startswith(value) != negated]
        elif term.field == "domain":
            found = [row for row in found if row.domain.startswith(value) != negated]
        else:
            found = [row for row in found if term.matches(row)]
    return found


SORTS = {
    "key": lambda r: r.key,
    "domain": lambda r: (r.domain, r.key),
    "kind": lambda r: (r.kind, r.key),
    "difficulty": lambda r: (("easy", "medium", "hard").index(r.difficulty), r.key),
    "recall": lambda r: (r.recall is None, r.recall or 0.0, r.key),
    "due": lambda r: (r.due is None, r.due.timestamp() if r.due else 0.0, r.key),
    "answers": lambda r: (-r.answers, r.key),
    "accuracy": lambda r: (r.accuracy is None, r.accuracy or 0.0, r.key),
    "discrimination": lambda r: (r.discrimination is None, r.discrimination or 0.0, r.key),
}


def narrows(terms: Sequence[Term], before: Sequence[Term]) -> bool:
    """Whether every row `terms` match is among those `before` matched (the last word typed further:
    "arc" after "ar"), so a search as you type can look only at what the last one found."""
    if not before or len(terms) < len(before):
        return False
    *same, last = before
    if list(terms[: len(same)]) != same:
        return False
    grown = terms[len(same)]
    return grown == last or (
        grown.field is None
        and last.field is None
        and not grown.negated
        and not last.negated
        and last.value in grown.value
    )


def sorted_rows(rows: Sequence[Row], column: str, *, reverse: bool = False) -> list[Row]:
    """In this column's order; rows from `browse_rows` (and searches of them) are in key order already."""
    if column == "key":
        return list(reversed(rows)) if reverse else list(rows)
    return sorted(rows, key=SORTS[column], reverse=reverse)

"""Each Moodle question type the bank has a kind for, read from its `<question>` element into that
kind's fields, as Moodle's own importer (question/format/xml/format.php) reads it: multichoice
(one answer, or `<single>false</single>`: the answers with a positive fraction are the right ones),
truefalse, shortanswer (the answers worth 100%), numerical (the answer worth 100% and its
tolerance), matching (a subquestion with no text is an extra answer) and ordering (Moodle's
qtype_ordering: the answers in the right order). What cannot be kept is noted, what has no place in
a bank question raises Skip with the reason."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree.ElementTree import Element

from quiz.banks.importers.html_text import Image, from_html
from quiz.kinds.choice import letter
from quiz.kinds.labels import MAX_PARTS
from quiz.kinds.typed import MAX_TYPED, normalised

FULL = Decimal(100)
CHOICE_LIMIT = 6  # the bank format's limit on choices (quiz.kinds.choice)


class Skip(Exception):
    """The question cannot become a bank question; the message says why."""


def same(text: str) -> str:
    """Texts a person reads as the same (the bank refuses two such choices: format_base.comparable)."""
    return " ".join(text.split()).casefold()


@dataclass
class Reading:
    """One `<question>` being read: the format its text defaults to, and notes on what changed."""

    element: Element
    text_format: str  # the question text's format: the default of its answers' and feedback's
    notes: list[str] = field(default_factory=list)
    html_taken_out: bool = False
    feedback: list[tuple[str, str]] = field(default_factory=list)  # (which answer, its feedback)
    stray_images: int = 0  # images in answers or feedback, which no exhibit can hold

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def rich(self, holder: Element | None, default_format: str | None = None) -> tuple[str, list[Image]]:
        """The text of `<holder format="..."><text>...</text></holder>` in the bank's plain form."""
        if holder is None:
            return "", []
        raw = text_of(holder)
        written = (holder.get("format") or default_format or self.text_format).strip()
        if written == "plain_text":
            return raw.strip(), []
        if written in ("markdown", "wiki_like"):
            self.note(f"{written.replace('_', '-')} text kept as written (its marks show as typed)")
            return raw.strip(), []
        # html, moodle_auto_format, and what Moodle does not know (it reads that as html too)
        converted = from_html(raw, newlines_are_breaks=written == "moodle_auto_format")
        self.html_taken_out = self.html_taken_out or converted.tags_removed
        return converted.text, converted.images

    def answer_text(self, holder: Element) -> str:
        """A choice, an item or a subquestion: rich text, with no image (nothing can show one there)."""
        text, images = self.rich(holder)
        if images:
            self.stray_images += len(images)
        return text

    def answer_feedback(self, answer: Element, label: str) -> None:
        text, images = self.rich(answer.find("feedback"))
        self.stray_images += len(images)
        if text:
            self.feedback.append((label, text))


def text_of(holder: Element) -> str:
    """What `<holder><text>...</text></holder>` holds (old files put the text in the holder itself)."""
    inner = holder.find("text")
    return (inner.text or "") if inner is not None else (holder.text or "")


def plain_of(holder: Element | None) -> str:
    """An answer Moodle keeps as plain text (a short answer, a number, a matching answer)."""
    return text_of(holder).strip() if holder is not None else ""


def flag(value: str | None, default: bool) -> bool:
    """Moodle's trans_single: "false", "0" and "" are false, anything else true."""
    if value is None:
        return default
    return value.strip() not in ("false", "0", "")


def fraction(answer: Element) -> Decimal:
    written = answer.get("fraction", "0").strip() or "0"
    try:
        value = Decimal(written)
    except InvalidOperation:
        raise Skip(f"an answer's fraction '{written}' is not a number") from None
    if not value.is_finite():
        raise Skip(f"an answer's fraction '{written}' is not a number")
    return value


def percent(value: Decimal) -> str:
    return f"{value.normalize():f}%"


def number(value: Decimal) -> int | float:
    """A decimal as the bank file writes numbers (an int when whole: 117, not 117.0)."""
    return int(value) if value == value.to_integral_value() else float(value)


# -- the kinds ------------------------------------------------------------------------------------
def multichoice(reading: Reading) -> dict[str, Any]:
    element = reading.element
    answers = element.findall("answer")
    if len(answers) < 2:
        raise Skip(f"{len(answers)} answer(s): a choice question needs at least 2")
    if len(answers) > CHOICE_LIMIT:
        raise Skip(f"{len(answers)} answers: a bank question has at most {CHOICE_LIMIT} choices")
    choices = [reading.answer_text(answer) for answer in answers]
    fractions = [fraction(answer) for answer in answers]
    for position, text in enumerate(choices):
        if not text:
            raise Skip(f"choice {letter(position)} has no text (an image alone cannot be a choice here)")
        reading.answer_feedback(answers[position], f"{letter(position)}. {text}")
    _distinct(choices, "choices", letter)
    fields: dict[str, Any] = {"choices": choices}
    if flag(element.findtext("single"), default=True):
        full = [i for i, value in enumerate(fractions) if value >= FULL]
        if not full:
            raise Skip("no answer is worth 100%")
        if len(full) > 1:
            raise Skip(
                f"answers {', '.join(letter(i) for i in full)} are each worth 100% in a one-answer question; "
                "a bank choice question has one right answer (or is select-all)"
            )
        partial = [f"{letter(i)} ({percent(v)})" for i, v in enumerate(fractions) if 0 < v < FULL]
        if partial:
            reading.note(f"partial credit not kept ({', '.join(partial)}): the bank's choice has one right answer")
        fields["answer"] = letter(full[0])
    else:
        right = [letter(i) for i, value in enumerate(fractions) if value > 0]
        if not right:
            raise Skip("no answer has a positive fraction in a multiple-answer question")
        fields["answer"] = right
    if not flag(element.findtext("shuffleanswers"), default=False):
        fields["shuffle"] = False  # Moodle reads a missing <shuffleanswers> as false too
    return fields


def truefalse(reading: Reading) -> dict[str, Any]:
    by_text: dict[str, Decimal] = {}
    answers = reading.element.findall("answer")
    for position, answer in enumerate(answers):
        text = plain_of(answer).lower()
        if text not in ("true", "false"):
            # Moodle's old exports wrote localised words, the true answer first
            reading.note(f"answer '{plain_of(answer)}' read as {'true' if position == 0 else 'false'} (by its place)")
            text = "true" if position == 0 else "false"
        by_text.setdefault(text, fraction(answer))
        reading.answer_feedback(answer, text.capitalize())
    if not by_text:
        raise Skip("a true/false question with no answers")
    true, false = by_text.get("true"), by_text.get("false")
    if true is not None and false is not None and (true >= FULL) == (false >= FULL):
        raise Skip(f"'true' is worth {percent(true)} and 'false' {percent(false)}: one of them, not both, must be 100%")
    is_true = true >= FULL if true is not None else not (false is not None and false >= FULL)
    return {"type": "true-false", "answer": is_true}


_WILDCARD = re.compile(r"(?<!\\)\*")


def shortanswer(reading: Reading) -> dict[str, Any]:
    if reading.element.findtext("usecase", "0").strip() not in ("0", ""):
        reading.note("case-sensitive in Moodle; the bank compares answers without case")
    accepted: list[str] = []
    seen: set[str] = set()
    for answer in reading.element.findall("answer"):
        text, worth = plain_of(answer), fraction(answer)
        reading.answer_feedback(answer, text)
        if not text:
            continue
        if worth < FULL:
            if worth > 0:
                reading.note(f"partial-credit answer '{text}' ({percent(worth)}) is not accepted")
            continue
        if _WILDCARD.search(text):
            reading.note(f"wildcard answer '{text}' left out (the bank compares answers exactly)")
            continue
        literal = text.replace("\\*", "*")
        if len(literal) > MAX_TYPED:
            reading.note(f"answer '{literal[:40]}...' left out: longer than the {MAX_TYPED} characters one can type")
            continue
        if normalised(literal) in seen:
            continue  # the same answer once the bank's comparison normalises it
        seen.add(normalised(literal))
        accepted.append(literal)
    if not accepted:
        raise Skip("no answer worth 100% that the bank can accept")
    return {"type": "short-answer", "accept": accepted}


def numerical(reading: Reading) -> dict[str, Any]:
    answers = reading.element.findall("answer")
    full = [a for a in answers if fraction(a) >= FULL]
    if not full:
        raise Skip("no answer is worth 100%")
    chosen = full[0]
    written = plain_of(chosen)
    if written == "*":
        raise Skip("the right answer is '*' (any number): there is nothing to compare")
    try:
        value = Decimal(written)
        tolerance = abs(Decimal(chosen.findtext("tolerance", "0").strip() or "0"))
    except InvalidOperation:
        raise Skip(f"answer '{written}' or its tolerance is not a number") from None
    if not value.is_finite() or not tolerance.is_finite():
        raise Skip(f"answer '{written}' or its tolerance is not a finite number")
    others = [
        f"{plain_of(a)} ({percent(fraction(a))})"
        for a in answers
        if a is not chosen and plain_of(a) and fraction(a) > 0
    ]
    if others:
        reading.note(f"only the first answer worth 100% is kept; not kept: {', '.join(others)}")
    for answer in answers:
        reading.answer_feedback(answer, plain_of(answer) or "any other answer")
    fields: dict[str, Any] = {"type": "numeric", "answer": number(value), "tolerance": number(tolerance)}
    unit = _unit(reading)
    if unit:
        fields["unit"] = unit
    return fields


def _unit(reading: Reading) -> str | None:
    units = reading.element.findall("units/unit")
    base = [plain_of(u.find("unit_name")) for u in units if _multiplier(u) == 1 and plain_of(u.find("unit_name"))]
    others = [plain_of(u.find("unit_name")) for u in units if _multiplier(u) != 1]
    if others:
        reading.note(f"other units not kept: {', '.join(others)} (the bank has one unit)")
    if base and reading.element.findtext("unitgradingtype", "0").strip() not in ("0", ""):
        reading.note("the unit was graded in Moodle; in the bank it is shown and optional")
    return base[0] if base else None


def _multiplier(unit: Element) -> Decimal | None:
    try:
        return Decimal(unit.findtext("multiplier", "1").strip() or "1")
    except InvalidOperation:
        return None


def matching(reading: Reading) -> dict[str, Any]:
    pairs: dict[str, str] = {}
    distractors: list[str] = []
    for sub in reading.element.findall("subquestion"):
        left = reading.answer_text(sub)
        right = plain_of(sub.find("answer"))
        if not left and not right:
            continue  # Moodle ignores a row with neither
        if not right:
            raise Skip(f"subquestion '{left}' has no answer")
        if not left:
            distractors.append(right)
            continue
        if same(left) in {same(x) for x in pairs}:
            raise Skip(f"two subquestions read the same: '{left}'")
        pairs[left] = right
    if not 2 <= len(pairs) <= MAX_PARTS:
        raise Skip(f"{len(pairs)} subquestion(s) with text: a matching item has 2 to {MAX_PARTS}")
    rights = [*pairs.values(), *distractors]
    if len(rights) > MAX_PARTS:
        raise Skip(f"{len(rights)} answers: a matching item has at most {MAX_PARTS} right entries")
    _distinct(rights, "answers", lambda i: f"'{rights[i]}'", shared=True)
    fields: dict[str, Any] = {"type": "matching", "pairs": pairs}
    if distractors:
        fields["distractors"] = distractors
    return fields


def ordering(reading: Reading) -> dict[str, Any]:
    element = reading.element
    answers = element.findall("answer")
    items = [reading.answer_text(answer) for answer in answers]
    items = [item for item in items if item]  # Moodle drops blank items
    if not 2 <= len(items) <= MAX_PARTS:
        raise Skip(f"{len(items)} item(s): an ordering item has 2 to {MAX_PARTS}")
    _distinct(items, "items", lambda i: str(i + 1))
    for position, answer in enumerate(answers):
        reading.answer_feedback(answer, f"item {position + 1}")
    select = element.findtext("selecttype", element.findtext("logical", "RANDOM")).strip().upper()
    count = element.findtext("selectcount", element.findtext("studentsee", "6")).strip()
    if select not in ("ALL", "EXACT") and count.isdigit() and 2 <= int(count) < len(items):
        reading.note(f"Moodle showed {count} of the {len(items)} items at a time; the bank asks for all of them")
    grading = element.findtext("gradingtype", "RELATIVE").strip().upper()
    if grading != "ALL_OR_NOTHING":
        reading.note(f"Moodle gave partial credit ({grading or 'RELATIVE'}); the bank's ordering is right or wrong")
    return {"type": "ordering", "items": items}


def _distinct(texts: list[str], plural: str, name: Callable[[int], str], *, shared: bool = False) -> None:
    seen: dict[str, int] = {}
    for index, text in enumerate(texts):
        if same(text) in seen:
            why = " (in Moodle several subquestions may share an answer; a bank's right entry matches one)"
            raise Skip(f"{plural} {name(seen[same(text)])} and {name(index)} read the same{why if shared else ''}")
        seen[same(text)] = index


READERS: dict[str, Callable[[Reading], dict[str, Any]]] = {
    "multichoice": multichoice,
    "truefalse": truefalse,
    "shortanswer": shortanswer,
    "numerical": numerical,
    "matching": matching,
    "match": matching,
    "ordering": ordering,
}

# what Moodle has that a bank question cannot be, and why
UNSUPPORTED = {
    "essay": "an essay: a person marks it, so it has no key",
    "cloze": "a cloze (embedded answers) question: its answers sit inside its text, which no bank kind holds",
    "multianswer": "a cloze (embedded answers) question: its answers sit inside its text, which no bank kind holds",
    "calculated": "a calculated question: its numbers are drawn from datasets when it is asked",
    "calculatedsimple": "a calculated question: its numbers are drawn from datasets when it is asked",
    "calculatedmulti": "a calculated multichoice question: its numbers are drawn from datasets when it is asked",
    "description": "a description: text with no question and no key",
    "ddwtos": "a drag-and-drop-into-text question: its gaps inside the text have no bank kind",
    "gapselect": "a select-missing-words question: its gaps inside the text have no bank kind",
    "ddimageortext": "a drag-and-drop-onto-image question: no bank kind places things on an image",
    "ddmarker": "a drag-and-drop-markers question: no bank kind places things on an image",
    "random": "a random question: Moodle draws a question from a category when a quiz starts; it holds none",
    "randomsamatch": "a random short-answer matching question: drawn from other questions when a quiz starts",
}

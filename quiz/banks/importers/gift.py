"""Moodle's GIFT format: a question per paragraph, `::name::` optional, then the text with an
answer block `{...}`. Supported: multiple choice (`=` right, `~` wrong), multiple response
(`~%50%` weights: the positive ones are the right answers), true/false (`T`, `TRUE`, `F`, `FALSE`),
short answer (several `=`; partial-credit answers are not accepted), matching (`=left -> right`),
numeric (`#value`, `#value:tolerance`, `#min..max`), per-answer feedback and general feedback
(`####`) into the explanation, escapes (`\\~ \\= \\# \\{ \\} \\:` and `\\\\`), `//` comments,
`$CATEGORY:` lines (reported; the questions take `--domain`), `[plain]`/`[markdown]`/`[html]`/`[moodle]`
text formats (HTML tags taken out, entities decoded: reported as converted), "missing word" items
(the block inside the sentence becomes a blank). Essays and descriptions have no key: skipped."""

from __future__ import annotations

import html
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from quiz.banks.importers import Imported, ReportEntry, stable_id

ESCAPES = {"\\~": "~", "\\=": "=", "\\#": "#", "\\{": "{", "\\}": "}", "\\:": ":", "\\\\": "\\", "\\n": "\n"}
_PLACEHOLDER = "\x00{}\x00"
FORMAT = re.compile(r"^\[(plain|markdown|html|moodle)\]\s*")
CHOICE_LIMIT = 6  # the bank format's limit on choices (quiz.kinds.choice)


def _protect(text: str) -> tuple[str, list[str]]:
    """Escaped characters swapped for placeholders, so they never act as syntax."""
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(ESCAPES[match.group(0)])
        return _PLACEHOLDER.format(len(kept) - 1)

    return re.sub(r"\\[~=#{}:n\\]", keep, text), kept


def _restore(text: str, kept: list[str]) -> str:
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], text)


def _paragraphs(text: str) -> list[tuple[int, list[str]]]:
    paragraphs: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 1
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("//"):
            continue
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            paragraphs.append((start, current))
            current = []
    if current:
        paragraphs.append((start, current))
    return paragraphs


def parse(text: str) -> Imported:
    imported = Imported()
    taken: set[str] = set()
    for line, lines in _paragraphs(text):
        body = "\n".join(lines).strip()
        if body.startswith("$CATEGORY:"):
            imported.report.append(
                ReportEntry(line, "converted", None, f"category {body[10:].strip()!r}: its questions take --domain")
            )
            continue
        try:
            question, converted = _question(body, taken)
        except ValueError as problem:
            imported.report.append(ReportEntry(line, "skipped", None, str(problem)))
            continue
        imported.questions.append(question)
        imported.report.append(
            ReportEntry(line, "converted" if converted else "imported", str(question["id"]), converted)
        )
    return imported


def _text(raw: str, kept: list[str]) -> tuple[str, str]:
    """A text of the file as the bank keeps it, and what was changed to get there ("" when nothing)."""
    raw = raw.strip()
    changed = ""
    match = FORMAT.match(raw)
    if match:
        raw = raw[match.end() :]
        if match.group(1) == "html":
            stripped = re.sub(r"<br\s*/?>", "\n", raw, flags=re.I)
            stripped = re.sub(r"<[^>]+>", "", stripped)
            if stripped != raw:
                changed = "HTML tags taken out"
            raw = stripped
    text = _restore(raw, kept)
    if match and match.group(1) == "html":
        decoded = html.unescape(text)
        if decoded != text:
            changed = (changed + "; " if changed else "") + "HTML entities decoded"
        text = decoded
    return " ".join(text.split()) if "\n" not in text.strip() else text.strip(), changed


def _question(body: str, taken: set[str]) -> tuple[dict[str, Any], str]:
    protected, kept = _protect(body)
    name = None
    named = re.match(r"^::(.*?)::", protected, re.S)
    if named:
        name = _restore(named.group(1), kept).strip()
        protected = protected[named.end() :]
    opening, closing = protected.find("{"), protected.rfind("}")
    if opening < 0:
        raise ValueError("a description (no answer block): it has no key")
    if closing < opening or protected.count("{") != 1 or protected.count("}") != 1:
        raise ValueError("unbalanced braces: one answer block { ... } a question (escape a literal brace as \\{)")
    before, block, after = protected[:opening], protected[opening + 1 : closing], protected[closing + 1 :]
    general = ""
    if "####" in block:
        block, general = block.split("####", 1)
    stem_raw = before + (" … " + after if after.strip() else "")  # the blank (underscores read as Markdown)
    stem, changed = _text(stem_raw, kept)
    if not stem:
        raise ValueError("no question text")
    notes = [changed] if changed else []
    if after.strip():
        notes.append("missing-word item: the answer block became a blank")
    fields, feedback = _answers(block.strip(), kept)
    explanation = " ".join(x for x in [*feedback, _text(general, kept)[0]] if x)
    question: dict[str, Any] = {"id": stable_id(stem, taken, name), **fields}
    question = {"id": question["id"], "question": stem, **{k: v for k, v in question.items() if k != "id"}}
    if explanation:
        question["explanation"] = explanation
    return question, "; ".join(notes)


def _answers(block: str, kept: list[str]) -> tuple[dict[str, Any], list[str]]:
    """The kind's fields from an answer block, and the feedback texts found in it."""
    if not block:
        raise ValueError("an essay (empty answer block): it has no key")
    word = block.split("#", 1)[0].strip().upper()
    if word in ("T", "TRUE", "F", "FALSE"):
        feedback = [_text(part, kept)[0] for part in block.split("#")[1:] if part.strip()]
        return {"type": "true-false", "answer": word.startswith("T")}, feedback[:1]
    if block.startswith("#"):
        return _numeric(block[1:], kept)
    parts = re.findall(r"([=~])((?:[^=~])*)", block)
    if not parts:
        raise ValueError("the answer block holds no answers (= right, ~ wrong)")
    answers = []
    for mark, content in parts:
        content, _, note = content.partition("#")
        weight = None
        percent = re.match(r"^%(-?\d+(?:\.\d+)?)%", content.strip())
        if percent:
            weight = float(percent.group(1))
            content = content.strip()[percent.end() :]
        answers.append((mark, _text(content, kept)[0], weight, _text(note, kept)[0]))
    if all(mark == "=" for mark, *_ in answers) and any("->" in text for _, text, _, _ in answers):
        pairs = {}
        for _, text, _, _ in answers:
            left, arrow, right = text.partition("->")
            if not arrow or not right.strip():
                raise ValueError("a matching pair needs left -> right")
            if left.strip():
                pairs[left.strip()] = right.strip()
        if len(pairs) < 2:
            raise ValueError("a matching item needs at least 2 pairs")
        return {"type": "matching", "pairs": pairs}, []
    if all(mark == "=" for mark, *_ in answers):
        accepted = [text for _, text, weight, _ in answers if weight is None or weight >= 100]
        if not accepted:
            raise ValueError("a short answer needs at least one answer worth 100%")
        return {"type": "short-answer", "accept": accepted}, [n for *_, n in answers if n][:1]
    feedback = [f"{text}: {note}" for _, text, _, note in answers if note]
    choices = [text for _, text, _, _ in answers]
    if len(choices) > CHOICE_LIMIT:
        raise ValueError(f"{len(choices)} answers: a bank question has at most {CHOICE_LIMIT} choices")
    if any(weight is not None for *_, weight, _ in answers):
        keys = [chr(65 + i) for i, (_, _, weight, _) in enumerate(answers) if weight is not None and weight > 0]
        if not keys:
            raise ValueError("no answer has a positive weight")
        return {"choices": choices, "answer": keys if len(keys) > 1 else keys[0]}, feedback
    keys = [chr(65 + i) for i, (mark, *_) in enumerate(answers) if mark == "="]
    if len(keys) != 1:
        raise ValueError(f"{len(keys)} answers marked = in a multiple-choice item: give one (or weights)")
    return {"choices": choices, "answer": keys[0]}, feedback


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _numeric(block: str, kept: list[str]) -> tuple[dict[str, Any], list[str]]:
    first = re.split(r"(?<!^)=", block.strip())[0].strip().lstrip("=")
    first = re.sub(r"^%\d+%", "", first)
    value, _, note = first.partition("#")
    value = _restore(value, kept).strip()
    try:
        if ".." in value:
            low, high = (Decimal(x) for x in value.split(".."))
            middle = (low + high) / 2
            return {"type": "numeric", "answer": _number(middle), "tolerance": _number((high - low) / 2)}, []
        number, _, tolerance = value.partition(":")
        return {
            "type": "numeric",
            "answer": _number(Decimal(number)),
            "tolerance": _number(Decimal(tolerance or "0")),
        }, ([_text(note, kept)[0]] if note.strip() else [])
    except InvalidOperation:
        raise ValueError(f"'{value}' is not a number, value:tolerance or min..max") from None

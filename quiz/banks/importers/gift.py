"""Moodle's GIFT format, read as Moodle's own importer reads it (question/format/gift/format.php): a
question per paragraph, `::name::` optional, then the text with an answer block `{...}`. Supported:
multiple choice (`=` right, `~` wrong; `~%50%` weights on a wrong answer give partial credit, which
is not a right answer), multiple response (no `=`: the answers with a positive weight are the right
ones), true/false (`T`, `TRUE`, `F`, `FALSE`), short answer (several `=`; partial-credit answers are
not accepted; `\\*` is a literal star, a bare `*` a wildcard, which is not typeable: that answer is
left out), matching (`=left -> right`; `= -> right` is a right entry that matches nothing), numeric
(`#value`, `#value:tolerance`, `#min..max`), per-answer feedback and general feedback (`####`) into
the explanation, escapes (`\\~ \\= \\# \\{ \\} \\:`, `\\n` and `\\\\`), `//` comments, `$CATEGORY:`
lines (recorded for each question after them, without the `$course$/top` part), the
`[plain]`/`[markdown]`/`[html]`/`[moodle]` text formats (answers and feedback take the question's;
HTML is taken out and its entities decoded: reported as converted), "missing word" items (the block
inside the sentence becomes a blank). A name that is already a bank id is kept as the id. Essays and
descriptions have no key: skipped, as is any question the bank format refuses."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from quiz.banks.importers import Imported, ReportEntry, stable_id
from quiz.banks.importers.checking import nul_refusal, number_kept, problem_of, yaml_number
from quiz.banks.importers.html_text import html_to_text

ESCAPES = {"\\~": "~", "\\=": "=", "\\#": "#", "\\{": "{", "\\}": "}", "\\:": ":", "\\\\": "\\", "\\n": "\n"}
_PLACEHOLDER = "\x00{}\x00"
FORMAT = re.compile(r"^\[(plain|markdown|html|moodle)\]\s*")
# Moodle's own pattern for an answer's weight (giftanswerweightregex)
WEIGHT = re.compile(r"^%(-*[0-9]{1,2}\.?[0-9]*)%")
CHOICE_LIMIT = 6  # the bank format's limit on choices (quiz.kinds.choice)
# a category path names its context first ($course$, $system$...), then Moodle's "top" category
_CONTEXT = re.compile(r"^\$[a-z]+\$(?:/|$)")


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


def category_path(raw: str) -> str:
    """A `$CATEGORY:` path as the bank names it: "$course$/top/DICOM/Networking" is "DICOM/Networking"."""
    path = _CONTEXT.sub("", raw.strip())
    return re.sub(r"^top(?:/|$)", "", path)


def parse(text: str) -> Imported:
    imported = Imported()
    refusal = nul_refusal(text)  # the escapes' placeholders use NUL
    if refusal is not None:
        imported.report.append(refusal)
        return imported
    taken: set[str] = set()
    category = ""
    for line, lines in _paragraphs(text):
        body = "\n".join(lines).strip()
        if body.startswith("$CATEGORY:"):
            category = category_path(body[10:])
            imported.report.append(
                ReportEntry(line, "converted", None, f"category {category or 'top'!r} for the questions after it")
            )
            continue
        try:
            question, notes = _question(body, taken)
        except ValueError as problem:
            imported.report.append(ReportEntry(line, "skipped", None, str(problem)))
            continue
        refused = problem_of(question)
        if refused:
            taken.discard(str(question["id"]))
            imported.report.append(ReportEntry(line, "skipped", None, f"the bank format refuses it: {refused}"))
            continue
        imported.questions.append(question)
        if category:
            imported.categories[str(question["id"])] = category
        imported.report.append(
            ReportEntry(line, "converted" if notes else "imported", str(question["id"]), "; ".join(notes))
        )
    return imported


def _text(raw: str, kept: list[str], default: str = "moodle") -> tuple[str, list[str]]:
    """A text of the file as the bank keeps it, and what was changed to get there. `default` is the
    format it has when it names none (an answer or a feedback takes its question's)."""
    raw = raw.strip()
    kind = default
    match = FORMAT.match(raw)
    if match:
        raw, kind = raw[match.end() :], match.group(1)
    changes: list[str] = []
    if kind == "html":
        raw, changes = html_to_text(raw)
    return _restore(raw, kept).strip(), changes


def _format_of(raw: str) -> str:
    match = FORMAT.match(raw.strip())
    return match.group(1) if match else "moodle"


def _question(body: str, taken: set[str]) -> tuple[dict[str, Any], list[str]]:
    protected, kept = _protect(body)
    name = None
    named = re.match(r"^::(.*?)::", protected, re.S)
    if named:
        name = _restore(named.group(1), kept).strip()
        protected = protected[named.end() :].strip()
    opening, closing = protected.find("{"), protected.rfind("}")
    if opening < 0 and closing < 0:
        raise ValueError("a description (no answer block): it has no key")
    if opening < 0 or closing < opening or protected.count("{") != 1 or protected.count("}") != 1:
        raise ValueError("unbalanced braces: one answer block { ... } a question (escape a literal brace as \\{)")
    before, block, after = protected[:opening], protected[opening + 1 : closing], protected[closing + 1 :]
    general = ""
    if "####" in block:
        block, general = block.rsplit("####", 1)  # Moodle takes the last one
    # the blank of a missing-word item is an ellipsis (underscores would read as Markdown)
    stem_raw = before.rstrip() + " … " + after.lstrip() if after.strip() else before
    default = _format_of(stem_raw)
    stem, notes = _text(stem_raw, kept)
    if not stem:
        raise ValueError("no question text")
    if after.strip():
        notes.append("missing-word item: the answer block became a blank")
    fields, feedback, answer_notes = _answers(block.strip(), kept, default)
    general_text, general_changes = _text(general, kept, default)
    explanation = " ".join(x for x in [*feedback, general_text] if x)
    question_id = stable_id(stem, taken, name)
    if name and question_id != name:
        notes.append(f"name {name!r} became the id {question_id!r}")
    question: dict[str, Any] = {"id": question_id, "question": stem, **fields}
    if explanation:
        question["explanation"] = explanation
    changes = dict.fromkeys([*notes, *answer_notes, *general_changes])  # each said once, in order
    return question, list(changes)


def _answers(block: str, kept: list[str], default: str) -> tuple[dict[str, Any], list[str], list[str]]:
    """The kind's fields from an answer block, the feedback texts found in it, and what was changed."""
    if not block:
        raise ValueError("an essay (empty answer block): it has no key")
    word = block.split("#", 1)[0].strip().upper()
    if "~" not in block and word in ("T", "TRUE", "F", "FALSE"):
        feedback = [_text(part, kept, default)[0] for part in block.split("#")[1:] if part.strip()]
        return {"type": "true-false", "answer": word.startswith("T")}, feedback[:1], []
    if block.startswith("#"):
        return _numeric(block[1:], kept, default)
    parts = re.findall(r"([=~])([^=~]*)", block)
    if not parts:
        raise ValueError("the answer block holds no answers (= right, ~ wrong)")
    if "~" in block:
        return _choice(parts, kept, default)
    if "->" in block:
        return _matching(parts, kept, default)
    return _short_answer(parts, kept, default)


def _split(content: str, kept: list[str], default: str, weighted: bool) -> tuple[str, float | None, str, list[str]]:
    """One answer: its text, its weight (None: none given), its feedback and what was changed."""
    content, _, note = content.partition("#")
    weight = None
    percent = WEIGHT.match(content.strip()) if weighted else None
    if percent:
        weight = float(re.sub(r"^-+", "-", percent.group(1)))
        content = content.strip()[percent.end() :]
    text, changes = _text(content, kept, default)
    return text, weight, _text(note, kept, default)[0], changes


def _choice(parts: list[tuple[str, str]], kept: list[str], default: str) -> tuple[dict[str, Any], list[str], list[str]]:
    # as Moodle: a `=` answer is right (no weight is read after it); with no `=` at all the item
    # is multiple response, its right answers those of a positive weight
    answers = [(mark, *_split(content, kept, default, weighted=mark == "~")) for mark, content in parts]
    changes = [change for *_, answer_changes in answers for change in answer_changes]
    feedback = [f"{text}: {note}" for _, text, _, note, _ in answers if note]
    choices = [text for _, text, _, _, _ in answers]
    if len(choices) > CHOICE_LIMIT:
        raise ValueError(f"{len(choices)} answers: a bank question has at most {CHOICE_LIMIT} choices")
    if len(choices) < 2:
        raise ValueError("a multiple-choice item needs at least 2 answers")
    if all(mark == "~" for mark, *_ in answers):
        keys = [chr(65 + i) for i, (_, _, weight, _, _) in enumerate(answers) if weight is not None and weight > 0]
        if not keys:
            raise ValueError("no answer has a positive weight")
        return {"choices": choices, "answer": keys}, feedback, changes
    keys = [chr(65 + i) for i, (mark, *_) in enumerate(answers) if mark == "="]
    if len(keys) != 1:
        raise ValueError(f"{len(keys)} answers marked = in a multiple-choice item: give one (or weights)")
    return {"choices": choices, "answer": keys[0]}, feedback, changes


def _matching(
    parts: list[tuple[str, str]], kept: list[str], default: str
) -> tuple[dict[str, Any], list[str], list[str]]:
    pairs: dict[str, str] = {}
    distractors: list[str] = []
    changes: list[str] = []
    for _, content in parts:
        left_raw, arrow, right_raw = content.partition("->")
        if not arrow:
            raise ValueError("a matching pair needs left -> right")
        left, left_changes = _text(left_raw, kept, default)
        right = _restore(right_raw, kept).strip()  # Moodle reads no format on the right side
        changes += left_changes
        if not right:
            raise ValueError(f"the matching pair {left!r} has nothing after ->")
        if left:
            pairs[left] = right
        else:
            distractors.append(right)  # Moodle: an answer with a blank question is an extra wrong answer
    if len(pairs) < 2:
        raise ValueError("a matching item needs at least 2 pairs")
    fields: dict[str, Any] = {"type": "matching", "pairs": pairs}
    if distractors:
        fields["distractors"] = distractors
    return fields, [], changes


def _short_answer(
    parts: list[tuple[str, str]], kept: list[str], default: str
) -> tuple[dict[str, Any], list[str], list[str]]:
    accepted: list[str] = []
    notes: list[str] = []
    feedback: list[str] = []
    for _, content in parts:
        text, weight, note, changes = _split(content, kept, default, weighted=True)
        notes += changes
        if note:
            feedback.append(note)
        if weight is not None and weight < 100:
            continue  # partial credit: not an accepted answer
        if re.search(r"(?<!\\)\*", text):
            notes.append(f"the wildcard answer {text!r} was left out (a typed answer is compared whole)")
            continue
        accepted.append(text.replace("\\*", "*"))  # Moodle's escape for a literal star
    if not accepted:
        raise ValueError("a short answer needs at least one answer worth 100% that is not a wildcard")
    return {"type": "short-answer", "accept": accepted}, feedback[:1], notes


def _decimal(text: str) -> Decimal:
    number = Decimal(text.strip())
    if not number.is_finite():
        raise InvalidOperation(text)
    return number


def _numeric(block: str, kept: list[str], default: str) -> tuple[dict[str, Any], list[str], list[str]]:
    block, _, wrong = block.partition("~")  # as Moodle: what follows a ~ is the feedback for any wrong answer
    wrong_feedback = _text(wrong.partition("#")[2], kept, default)[0]
    first = re.split(r"(?<!^)=", block.strip())[0].strip().lstrip("=")
    first = WEIGHT.sub("", first)
    value, _, note = first.partition("#")
    value = _restore(value, kept).strip()
    try:
        if ".." in value:
            low, high = (_decimal(x) for x in value.split("..", 1))
            answer, tolerance = (low + high) / 2, (high - low) / 2
        else:
            number, _, margin = value.partition(":")
            answer, tolerance = _decimal(number), _decimal(margin or "0")
    except InvalidOperation:
        raise ValueError(f"'{value}' is not a number, value:tolerance or min..max") from None
    notes = [
        f"{name} {number} has more digits than a bank number keeps"
        for name, number in (("the answer", answer), ("the tolerance", tolerance))
        if not number_kept(number)
    ]
    fields = {"type": "numeric", "answer": yaml_number(answer), "tolerance": yaml_number(abs(tolerance))}
    feedback = [text for text in (_text(note, kept, default)[0], wrong_feedback) if text]
    return fields, feedback, notes

"""The fields of one question's Anki note, as the HTML Anki stores. No text from a bank is ever
markup: every text is escaped, so `<b>` shows as those three characters, and `[` is written as an
entity, because Anki reads `[sound:...]` and `[latex]` in a card's HTML as a sound to play or a
formula to draw. Line breaks become `<br>` (the template keeps spaces with `white-space: pre-wrap`);
text exhibits go in `<pre>`, so an HL7 `MSH|^~\\&|` or a DICOM `(0010,0020)` keeps every character.
As on the app's screens (`quiz.text.printable`), a control character shows as its symbol (␛, ␇) and
a tab as spaces; a carriage return (an HL7 segment's end) is a line break, as HTML makes it anyway.

The front never gives the answer away: choices keep the bank's letters (the back names them), while
the items of an ordering question and the right column of a matching one are shuffled, the same way
at every export (a shuffle seeded by the question's bank and id), so exporting again changes nothing
that did not change in the bank."""

from __future__ import annotations

import hashlib
import html
import random
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from quiz.banks.exhibit_files import IMAGE_SUFFIXES, MAX_EXHIBIT_BYTES
from quiz.banks.safe_files import UnreadableFile, read_regular_file
from quiz.kinds.choice import ChoiceQuestion, Shown, letter, letters
from quiz.kinds.labels import part_letter
from quiz.kinds.matching import MatchingQuestion
from quiz.kinds.numeric import NumericQuestion
from quiz.kinds.ordering import OrderingQuestion, shuffled_order
from quiz.kinds.short_answer import ShortAnswerQuestion
from quiz.kinds.true_false import TrueFalseQuestion
from quiz.models import Exhibit, Question
from quiz.text import printable

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class UnknownKind(ValueError):
    """A kind of question this export does not know how to show (the question is left out)."""


def escaped(text: str) -> str:
    """`text` as HTML that shows exactly these characters (and that Anki reads nothing into); the
    trailing line break of a YAML block is not a line, and goes."""
    shown = printable(_LINE_BREAK.sub("\n", text))
    return html.escape(shown, quote=True).replace("[", "&#91;")


def prose(text: str) -> str:
    """Escaped, with its line breaks kept."""
    return escaped(text).replace("\n", "<br>")


def preformatted(text: str) -> str:
    """A text exhibit, every character as written (HTML drops a line break right after `<pre>`,
    so a text that starts with one gets another)."""
    shown = escaped(text)
    lead = "\n" if shown.startswith("\n") else ""
    return f'<pre class="iq-pre">{lead}{shown}</pre>'


def _div(css_class: str, inner: str) -> str:
    return f'<div class="{css_class}">{inner}</div>'


def _lettered(letter: str, text: str) -> str:
    return _div(
        "iq-line", f'<span class="iq-letter">{escaped(letter)}.</span><span class="iq-text">{prose(text)}</span>'
    )


def _hint(text: str) -> str:
    return _div("iq-hint", escaped(text))


def _label(text: str) -> str:
    return _div("iq-label", escaped(text))


@dataclass
class Media:
    """The image files the notes show, by the name each has in the package: named by their content,
    so one image shown by several questions is one file, and two images never share a name in the
    user's media folder (which every deck shares)."""

    files: dict[str, bytes] = field(default_factory=dict)

    def add(self, exhibit: Exhibit) -> str:
        """The media name of an image exhibit's file; ValueError (why, in plain words) when it cannot be read."""
        if not exhibit.file:
            raise ValueError("it names no file")
        path = Path(exhibit.file)
        suffix = path.suffix.lower()
        if suffix not in IMAGE_SUFFIXES:
            raise ValueError(f"{path.name} is not an image ({', '.join(IMAGE_SUFFIXES)})")
        try:
            content = read_regular_file(path, MAX_EXHIBIT_BYTES)
        except UnreadableFile as problem:
            raise ValueError(f"{path.name} cannot be read: {problem}") from None
        name = f"imaging-quiz-{hashlib.sha256(content).hexdigest()[:20]}{suffix}"
        self.files[name] = content
        return name


def exhibits(question: Question, media: Media) -> tuple[str, list[str]]:
    """The Exhibits field (the case's exhibits, then the question's, numbered as the app numbers
    them) and what could not be carried (an image that cannot be read)."""
    parts: list[str] = []
    lost: list[str] = []
    for number, exhibit in enumerate(question.all_exhibits, start=1):
        title = _div("iq-exhibit-title", escaped(f"Exhibit {number}: {exhibit.title}"))
        if exhibit.kind != "image":
            parts.append(_div("iq-exhibit", title + preformatted(exhibit.text)))
            continue
        description = _div("iq-caption iq-text", prose(exhibit.text)) if exhibit.text.strip() else ""
        try:
            name = media.add(exhibit)
        except ValueError as problem:
            lost.append(f"exhibit {number} ({exhibit.title}): the image is not in the package, as {problem}")
            missing = _div("iq-missing", escaped(f"(The image is missing: {problem}.)"))
            parts.append(_div("iq-exhibit", title + missing + description))
            continue
        image = f'<img src="{escaped(name)}" alt="{escaped(exhibit.text.strip() or exhibit.title)}">'
        parts.append(_div("iq-exhibit", title + image + description))
    return "".join(parts), lost


def case(question: Question) -> str:
    if question.case is None:
        return ""
    title = _div("iq-case-title", escaped(f"Case: {question.case.title}"))
    return title + _div("iq-text", prose(question.case.scenario))


def kind_label(question: Question) -> str:
    if isinstance(question, ChoiceQuestion) and Shown.of(question, None).selects_many:
        return "select-all"
    return question.kind_name


def choices_and_answer(question: Question, shuffle_seed: str) -> tuple[str, str]:
    """The Choices field (what the front shows to answer with) and the Answer field (the back's answer)."""
    rng = random.Random(shuffle_seed)
    if isinstance(question, ChoiceQuestion):
        return _choice(question)
    if isinstance(question, TrueFalseQuestion):
        front = _lettered("A", "True") + _lettered("B", "False")
        return front, _label("Answer") + (_lettered("A", "True") if question.answer else _lettered("B", "False"))
    if isinstance(question, ShortAnswerQuestion):
        return _short_answer(question)
    if isinstance(question, NumericQuestion):
        return _numeric(question)
    if isinstance(question, MatchingQuestion):
        return _matching(question, rng)
    if isinstance(question, OrderingQuestion):
        return _ordering(question, rng)
    raise UnknownKind(f"the Anki export cannot show a {question.kind_name!r} question")


def _choice(question: ChoiceQuestion) -> tuple[str, str]:
    shown = Shown.of(question, None)  # in the bank's order, so the letters are the bank's
    hint = _hint("Select all that apply.") if shown.selects_many else ""
    front = hint + "".join(_lettered(letter(i), text) for i, text in enumerate(shown.choices))
    right = sorted(shown.right_positions)
    label = f"Answers: {letters(right)}" if shown.selects_many else "Answer"
    return front, _label(label) + "".join(_lettered(letter(i), shown.choices[i]) for i in right)


def _short_answer(question: ShortAnswerQuestion) -> tuple[str, str]:
    front = _hint("Answer with a word or phrase.")
    back = _label("Answer") + _div("iq-line iq-text", prose(question.accept[0]))
    if len(question.accept) > 1:
        back += _label("Also accepted") + "".join(_div("iq-line iq-text", prose(a)) for a in question.accept[1:])
    return front, back + _hint("Compared without regard to case or extra spaces.")


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _numeric(question: NumericQuestion) -> tuple[str, str]:
    unit = f" ({question.unit})" if question.unit else ""
    front = _hint(f"Answer with a number{unit}.")
    back = _label("Answer") + _div("iq-line iq-text", prose(question.answer_text()))
    if question.margin:
        answer, unit_text = Decimal(question.answer), f" {question.unit}" if question.unit else ""
        within = f"Accepted: {_number(answer - question.margin)} to {_number(answer + question.margin)}{unit_text}"
        back += _div("iq-line iq-text", prose(within))
    return front, back


def _matching(question: MatchingQuestion, rng: random.Random) -> tuple[str, str]:
    rights = question.rights
    pairs = len(question.pairs)
    order = list(range(len(rights)))  # display position -> right entry
    while order[:pairs] == list(range(pairs)):  # never each right entry beside its left one
        rng.shuffle(order)
    letter_of = {entry: part_letter(position) for position, entry in enumerate(order)}
    hint = "Match each numbered entry with a lettered one."
    if question.distractors:
        hint += " Some lettered entries match nothing."
    rows = []
    for row in range(max(pairs, len(rights))):
        left = _numbered(row + 1, question.lefts[row]) if row < pairs else ""
        right = _lettered(letter_of[order[row]], rights[order[row]]) if row < len(rights) else ""
        rows.append(f"<tr><td>{left}</td><td>{right}</td></tr>")
    front = _hint(hint) + f'<table class="iq-match">{"".join(rows)}</table>'
    back = _label("Answer") + "".join(
        _div(
            "iq-line",
            f'<span class="iq-letter">{number}.</span><span class="iq-text">{prose(left)}</span> → '
            f'<span class="iq-letter">{letter_of[number - 1]}.</span><span class="iq-text">{prose(right)}</span>',
        )
        for number, (left, right) in enumerate(question.pairs, start=1)
    )
    if question.distractors:
        back += _label("Matches nothing") + "".join(
            _lettered(letter_of[pairs + i], text) for i, text in enumerate(question.distractors)
        )
    return front, back


def _numbered(number: int, text: str) -> str:
    return _div("iq-line", f'<span class="iq-letter">{number}.</span><span class="iq-text">{prose(text)}</span>')


def _ordering(question: OrderingQuestion, rng: random.Random) -> tuple[str, str]:
    shown = shuffled_order(len(question.items), rng)  # display position -> item (never in order)
    letter_of = {item: part_letter(position) for position, item in enumerate(shown)}
    front = _hint("Put these in order:") + "".join(_lettered(letter_of[item], question.items[item]) for item in shown)
    back = _label(f"The order: {', '.join(letter_of[item] for item in range(len(question.items)))}")
    back += "".join(
        _div(
            "iq-line",
            f'<span class="iq-letter">{place}.</span><span class="iq-letter">{letter_of[place - 1]}.</span>'
            f'<span class="iq-text">{prose(text)}</span>',
        )
        for place, text in enumerate(question.items, start=1)
    )
    return front, back


def references(question: Question) -> str:
    return "".join(_div("iq-line iq-text", prose(reference)) for reference in question.references)

"""Banks as Moodle's GIFT format, written the way Moodle's own exporter writes it
(question/format/gift/format.php) so Moodle imports it, and read back whole by
`quiz.banks.importers.gift`:

- a `$CATEGORY: $course$/top/<bank title>` line before each bank's questions;
- `::id::` names, so importing the file again gives the same ids;
- `[plain]` text: Moodle shows every character as written (no HTML, no Markdown), which is what a
  bank's text is; answers and feedback take the question's format;
- `~ = # { } :` and `\\` escaped with a backslash, line breaks written `\\n`, as Moodle writes them;
- choice (`=` right, `~` wrong), select-all (`~%50%` on the right answers, adding up to 100, and
  `~%-100%` on the wrong ones; all fractions Moodle allows), true/false, short answer (several `=`;
  a star written `\\*`, Moodle's literal star), numeric (`#value:tolerance`; a percentage tolerance is
  written as the absolute margin it gives, and reported), matching (`=left -> right`; a distractor
  is `= -> right`, an answer with a blank question, which Moodle takes as an extra wrong answer),
  the explanation as general feedback (`####`).

GIFT has no ordering question (left out), and no place for a case scenario, exhibits, references,
topics, difficulty, subtopic, unit or shuffle setting: each question's loss lists what it lost.
Moodle trims every text, so spaces around a text are not kept (they are not shown either)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from quiz.banks.exporters import Exported, Loss
from quiz.banks.exporters.lost import lost_parts, usual_domain
from quiz.kinds.choice import ChoiceQuestion, shown
from quiz.kinds.matching import MatchingQuestion
from quiz.kinds.numeric import NumericQuestion
from quiz.kinds.short_answer import ShortAnswerQuestion
from quiz.kinds.true_false import TrueFalseQuestion
from quiz.models import Bank, Question

CARRIES: frozenset[str] = (
    frozenset()
)  # of quiz.banks.exporters.lost.PARTS: none (the category names the bank, not a domain)
_RESERVED = ("\\", "~", "=", "#", "{", "}", ":")
# Moodle's answer-weight pattern and format names: a text starting so would be read as one
_WEIGHT_LIKE = re.compile(r"^%-*[0-9]{1,2}\.?[0-9]*%")
_FORMAT_LIKE = re.compile(r"^\[(?:plain|markdown|html|moodle)\]")


class NotCarried(Exception):
    """The question cannot be written in GIFT at all; the message says why."""


def export(banks: Sequence[Bank]) -> Exported:
    lines = ["// Questions in Moodle's GIFT format, written by imaging-quiz (`quiz export`).", ""]
    losses: list[Loss] = []
    count = 0
    for bank in banks:
        lines += [f"$CATEGORY: $course$/top/{category(bank.title)}", ""]
        domain = usual_domain(bank)
        for question in bank.questions:
            try:
                body = _question(question)
            except NotCarried as why:
                losses.append(Loss(bank.bank, question.id, str(why), left_out=True))
                continue
            lines += [f"// {bank.bank}/{question.id}", body, ""]
            count += 1
            lost = lost_parts(question, CARRIES, domain) + _numeric_note(question)
            if lost:
                losses.append(Loss(bank.bank, question.id, "GIFT does not carry " + "; ".join(lost)))
    return Exported(("\n".join(lines)).encode("utf-8"), losses, count)


def category(title: str) -> str:
    """A bank title as one category of a Moodle path: "/" would start a subcategory (Moodle writes a
    literal slash as "//"), and the line ends at a line break."""
    return " ".join(title.split()).replace("/", "//")


def escape(text: str) -> str:
    """A text as GIFT writes it (Moodle's repchar): reserved characters after a backslash, line
    breaks as \\n, on one line; surrounding spaces dropped, as Moodle drops them on import."""
    text = text.strip().replace("\r\n", "\n").replace("\r", "\n")
    for character in _RESERVED:  # the backslash first, so the escapes' own are not doubled
        text = text.replace(character, "\\" + character)
    return text.replace("\n", "\\n")


def _answer_text(text: str) -> str:
    """An answer's text, kept from being read as a format name: answers take the question's [plain]."""
    written = escape(text)
    return "[plain]" + written if _FORMAT_LIKE.match(written) else written


def _general(question: Question) -> str:
    explanation = (question.explanation or "").strip()
    return f"\t####{_answer_text(explanation)}\n" if explanation else ""


def _question(question: Question) -> str:
    head = f"::{escape(question.id)}::[plain]{escape(question.question)}"
    if isinstance(question, TrueFalseQuestion):
        general = _general(question).strip()
        return f"{head}{{{'TRUE' if question.answer else 'FALSE'}{general}}}"
    if isinstance(question, NumericQuestion):
        general = _general(question).strip()
        return f"{head}{{#{question.answer}:{_margin(question)}{general}}}"
    return f"{head}{{\n{''.join(_answer_lines(question))}{_general(question)}}}"


def _answer_lines(question: Question) -> list[str]:
    if isinstance(question, ChoiceQuestion):
        return _choice_lines(question)
    if isinstance(question, ShortAnswerQuestion):
        return [_short_answer_line(text) for text in question.accept]
    if isinstance(question, MatchingQuestion):
        return _matching_lines(question)
    raise NotCarried(f"GIFT has no {question.kind_name} question")


def _choice_lines(question: ChoiceQuestion) -> list[str]:
    lines = []
    right = Decimal(1) / len(question.correct)  # Moodle's fractions are kept to 7 decimals
    weight = _percent(right.quantize(Decimal("0.0000001")))
    select_all = shown(question, None).selects_many
    for index, text in enumerate(question.choices):
        written = _answer_text(text)
        if select_all:
            mark = f"~%{weight}%" if index in question.correct else "~%-100%"
        elif index in question.correct:
            mark = "="  # Moodle reads no weight after =
        else:
            mark = "~%0%" if _WEIGHT_LIKE.match(written) else "~"
        lines.append(f"\t{mark}{written}\n")
    return lines


def _short_answer_line(text: str) -> str:
    if "->" in text:
        # Moodle takes an answer block with = and -> for a matching item
        raise NotCarried(f"the accepted answer {text!r} holds '->', which GIFT reads as a matching pair")
    written = _answer_text(text.replace("*", "\\*"))  # a bare * is Moodle's wildcard
    return f"\t={'%100%' if _WEIGHT_LIKE.match(written) else ''}{written}\n"


def _matching_lines(question: MatchingQuestion) -> list[str]:
    lines = []
    for left, right in question.pairs:
        if "->" in left:
            raise NotCarried(f"the left entry {left!r} holds '->', where GIFT splits a pair")
        lines.append(f"\t={_answer_text(left)} -> {escape(right)}\n")
    lines += [f"\t= -> {escape(distractor)}\n" for distractor in question.distractors]
    return lines


def _margin(question: NumericQuestion) -> str:
    return format(question.margin.normalize(), "f")


def _percent(fraction: Decimal) -> str:
    return format((fraction * 100).normalize(), "f")


def _numeric_note(question: Question) -> list[str]:
    if isinstance(question, NumericQuestion) and question.relative and question.margin:
        return [f"its tolerance as a percentage ({question.tolerance}: written as ±{_margin(question)})"]
    return []

"""Banks as Moodle XML, the format Moodle's question import reads (question/format/xml/format.php):
a `<quiz>` with a `category` question per bank (`$course$/top/<bank title>`, the bank's id as the
category's idnumber, its description as the category's info), then its questions, each named by
its id (name and idnumber), so importing the file back gives the same ids.

Kinds: choice -> multichoice (one right answer: `<single>true</single>`, 100% and 0%; select-all:
`<single>false</single>`, the right answers share 100% in Moodle's own fraction steps and each
wrong one costs 100%, so only the right set scores full marks), true-false -> truefalse,
short-answer -> shortanswer (case-insensitive, `*` escaped), numeric -> numerical (a percentage
tolerance becomes the absolute one it stands for), matching -> matching (distractors are
subquestions without text), ordering -> ordering (Moodle's qtype_ordering, all-or-nothing).
Topics, difficulty, domain and sub-topic travel as tags (quiz.banks.moodle_tags).

Text is written as `plain_text` wherever it can be: Moodle shows plain text exactly as written (it
escapes it, keeps its line breaks and double spaces), which is the bank's own rule, and it comes
back character for character. Only a question text that must hold exhibits (as `<pre>` blocks, or
images as embedded base64 `<file>`s shown with @@PLUGINFILE@@) or a case scenario is HTML: there
every character of the bank's text is escaped, line breaks become `<br>`, and the spaces, tabs and
carriage returns HTML would swallow are character references, which the importer keeps. What Moodle
has no place for (references, case sets, the exhibits as exhibits, `reads`) is a Loss."""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from quiz.banks.exhibit_files import MAX_EXHIBIT_BYTES
from quiz.banks.exporters import Exported, Loss
from quiz.banks.importers.html_text import PLUGINFILE
from quiz.banks.moodle_tags import tags_of
from quiz.banks.safe_files import UnreadableFile, read_regular_file
from quiz.kinds.choice import ChoiceQuestion, shown
from quiz.kinds.matching import MatchingQuestion
from quiz.kinds.numeric import NumericQuestion
from quiz.kinds.ordering import OrderingQuestion
from quiz.kinds.short_answer import ShortAnswerQuestion
from quiz.kinds.true_false import TrueFalseQuestion
from quiz.models import Bank, Exhibit, Question

# Moodle's grade steps (question_bank::fraction_options), in percent: a right answer of k is 1/k
SHARES = {1: "100", 2: "50", 3: "33.33333", 4: "25", 5: "20", 6: "16.66667"}
WRONG_IN_SELECT_ALL = "-100"
# what XML 1.0 cannot hold at all, not even as a character reference
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_UNSAFE_FILE_CHARACTERS = re.compile(r'[/\\:*?"<>|\x00-\x1f]')


def export(banks: Sequence[Bank]) -> Exported:
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n']
    losses: list[Loss] = []
    count = 0
    for bank in banks:
        parts.append(_category(bank))
        for question in bank.questions:
            writer = _QuestionWriter(question)
            written = writer.write()
            if written is None:
                losses.append(Loss(bank.bank, question.id, writer.left_out, left_out=True))
                continue
            parts.append(written)
            count += 1
            losses.extend(Loss(bank.bank, question.id, detail) for detail in writer.lost)
    parts.append("</quiz>\n")
    return Exported("".join(parts).encode("utf-8"), losses, count)


def _category(bank: Bank) -> str:
    path = "$course$/top/" + _xml_safe(bank.title.strip()).replace("/", "//")
    return (
        '  <question type="category">\n'
        f"    <category>\n      <text>{_escape(path)}</text>\n    </category>\n"
        f'    <info format="plain_text">\n      <text>{_escape(_xml_safe(bank.description or "").strip())}</text>\n'
        "    </info>\n"
        f"    <idnumber>{_escape(bank.bank)}</idnumber>\n"
        "  </question>\n"
    )


def _escape(text: str) -> str:
    """Element content: markup characters escaped, and carriage returns as references (XML would
    read a literal one as a line feed)."""
    return escape(text, {"\r": "&#13;"})


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def html_text(text: str) -> str:
    """The bank's text as HTML that shows it, and that the importer reads back unchanged: every
    character escaped, line breaks as <br>, and what HTML would collapse written as references."""
    lines = []
    for line in text.split("\n"):
        escaped = html.escape(line, quote=False).replace("\r", "&#13;").replace("\t", "&#9;")
        escaped = re.sub(r"^ +| +$", lambda m: "&#32;" * len(m.group()), escaped)
        escaped = re.sub(r" {2,}", lambda m: " " + "&#32;" * (len(m.group()) - 1), escaped)
        lines.append(escaped)
    return "<br>".join(lines)


def _cdata(content: str) -> str:
    return "<![CDATA[" + content.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _fraction_text(value: Decimal) -> str:
    return format(value.normalize(), "f")


class _QuestionWriter:
    def __init__(self, question: Question) -> None:
        self.question = question
        self.lost: list[str] = []
        self.left_out = ""
        self._replaced: set[str] = set()

    # -- text --------------------------------------------------------------------------------
    def clean(self, text: str | None, *, strip: bool = True) -> str:
        """`text` as XML can hold it (Moodle trims every text, so it is trimmed here too, unless the
        spaces and carriage returns at its ends are part of it: an exhibit's HL7 segments end so)."""
        text = (text or "").strip() if strip else (text or "")
        for bad in _NOT_XML.findall(text):
            self._replaced.add(f"U+{ord(bad):04X}")
        return _xml_safe(text)

    def plain(self, holder: str, text: str | None, indent: int, attributes: str = ' format="plain_text"') -> str:
        pad = "  " * indent
        return f"{pad}<{holder}{attributes}>\n{pad}  <text>{_escape(self.clean(text))}</text>\n{pad}</{holder}>\n"

    # -- the question ------------------------------------------------------------------------
    def write(self) -> str | None:
        question = self.question
        body = self._kind()
        if body is None:
            return None
        qtype, lines = body
        penalty = "1.0000000" if qtype == "truefalse" else "0.3333333"
        xml = (
            f'  <question type="{qtype}">\n'
            f"    <name>\n      <text>{_escape(question.id)}</text>\n    </name>\n"
            f"{self._question_text()}"
            f"{self.plain('generalfeedback', question.explanation, 2)}"
            "    <defaultgrade>1.0000000</defaultgrade>\n"
            f"    <penalty>{penalty}</penalty>\n"
            "    <hidden>0</hidden>\n"
            f"    <idnumber>{_escape(question.id)}</idnumber>\n"
            f"{lines}"
            f"{self._tags()}"
            "  </question>\n"
        )
        self._note_losses()
        return xml

    def _question_text(self) -> str:
        question = self.question
        if not question.all_exhibits and question.case is None:
            return self.plain("questiontext", question.question, 2)
        blocks: list[str] = []
        files: list[str] = []
        if question.case is not None:
            blocks.append(f"<p><strong>{html_text(self.clean('Case: ' + question.case.title))}</strong></p>")
            blocks.append(f"<p>{html_text(self.clean(question.case.scenario))}</p>")
        blocks.append(f"<p>{html_text(self.clean(question.question))}</p>")
        names: set[str] = set()
        for number, exhibit in enumerate(question.all_exhibits, start=1):
            if exhibit.kind == "image":
                image = self._image(exhibit, names)
                if image is None:
                    continue
                name, data = image
                blocks.append(f"<p><strong>{html_text(self.clean(f'Exhibit {number}: {exhibit.title}'))}</strong></p>")
                alt = html.escape(self.clean(exhibit.text) or self.clean(exhibit.title))
                blocks.append(
                    f'<p><img src="{PLUGINFILE}{quote(name)}" alt="{alt}" '
                    f'title="{html.escape(self.clean(exhibit.title))}"></p>'
                )
                files.append(
                    f'      <file name={quoteattr(name)} path="/" encoding="base64">'
                    f"{base64.b64encode(data).decode('ascii')}</file>\n"
                )
            else:
                blocks.append(f"<p><strong>{html_text(self.clean(f'Exhibit {number}: {exhibit.title}'))}</strong></p>")
                text = html.escape(self.clean(exhibit.text, strip=False).strip("\n"), quote=False).replace(
                    "\r", "&#13;"
                )
                blocks.append(f"<pre>\n{text}</pre>")
        return (
            '    <questiontext format="html">\n'
            f"      <text>{_cdata(''.join(blocks))}</text>\n"
            f"{''.join(files)}"
            "    </questiontext>\n"
        )

    def _image(self, exhibit: Exhibit, names: set[str]) -> tuple[str, bytes] | None:
        """The image's file name in Moodle (plain, and unique in the question) and its bytes."""
        if exhibit.file is None:
            self.lost.append(f"image exhibit '{exhibit.title}' left out: it names no file")
            return None
        try:
            data = read_regular_file(Path(exhibit.file), MAX_EXHIBIT_BYTES)
        except UnreadableFile as problem:
            self.lost.append(f"image exhibit '{exhibit.title}' left out: {problem}")
            return None
        path = Path(_UNSAFE_FILE_CHARACTERS.sub("_", Path(exhibit.file).name))
        stem = path.stem.lstrip(".") or "image"
        name, number = f"{stem}{path.suffix}", 2
        while name in names:
            name, number = f"{stem}-{number}{path.suffix}", number + 1
        names.add(name)
        return name, data

    def _tags(self) -> str:
        tags = "".join(f"      <tag><text>{_escape(self.clean(tag))}</text></tag>\n" for tag in tags_of(self.question))
        return f"    <tags>\n{tags}    </tags>\n"

    def _note_losses(self) -> None:
        question = self.question
        if question.references:
            self.lost.append(f"references left out (Moodle has no place for them): {'; '.join(question.references)}")
        if question.case is not None:
            self.lost.append(
                f"case '{question.case.id}' ({question.case.title}): its scenario is part of the question text "
                "(Moodle has no case sets)"
            )
        texts = [e for e in question.all_exhibits if e.kind != "image"]
        if texts:
            faults = [e.fault for e in texts if e.fault]
            self.lost.append(
                "exhibits became part of the question text: "
                + ", ".join(f"'{e.title}'" for e in texts)
                + (f" (and the field at fault: {', '.join(faults)})" if faults else "")
            )
        if question.reads:
            self.lost.append(f"reads left out (where the answer is read in the exhibits): {', '.join(question.reads)}")
        if self._replaced:
            self.lost.append(f"characters XML cannot hold ({', '.join(sorted(self._replaced))}) replaced by U+FFFD")

    # -- the kinds ---------------------------------------------------------------------------
    def _kind(self) -> tuple[str, str] | None:
        question = self.question
        if isinstance(question, ChoiceQuestion):
            return "multichoice", self._choice(question)
        if isinstance(question, TrueFalseQuestion):
            return "truefalse", "".join(
                self._answer("100" if value == question.answer else "0", word, 2, "moodle_auto_format")
                for value, word in ((True, "true"), (False, "false"))
            )
        if isinstance(question, ShortAnswerQuestion):
            answers = "".join(
                self._answer("100", accepted.replace("*", "\\*"), 2, "moodle_auto_format")
                for accepted in question.accept
            )
            return "shortanswer", "    <usecase>0</usecase>\n" + answers
        if isinstance(question, NumericQuestion):
            return "numerical", self._numeric(question)
        if isinstance(question, MatchingQuestion):
            return "matching", self._matching(question)
        if isinstance(question, OrderingQuestion):
            return "ordering", self._ordering(question)
        self.left_out = f"kind '{question.kind_name or type(question).__name__}' has no Moodle XML form"
        return None

    def _answer(self, fraction: str, text: str, indent: int, answer_format: str = "plain_text", extra: str = "") -> str:
        pad = "  " * indent
        return (
            f'{pad}<answer fraction="{fraction}" format="{answer_format}">\n'
            f"{pad}  <text>{_escape(self.clean(text))}</text>\n"
            f'{pad}  <feedback format="plain_text">\n{pad}    <text></text>\n{pad}  </feedback>\n'
            f"{extra}"
            f"{pad}</answer>\n"
        )

    def _choice(self, question: ChoiceQuestion) -> str:
        right = len(question.correct)
        select_all = shown(question, None).selects_many
        if select_all:
            fractions = [
                SHARES[right] if i in question.correct else WRONG_IN_SELECT_ALL for i in range(len(question.choices))
            ]
        else:
            fractions = ["100" if i in question.correct else "0" for i in range(len(question.choices))]
        head = (
            f"    <single>{'false' if select_all else 'true'}</single>\n"
            f"    <shuffleanswers>{'true' if question.shuffle else 'false'}</shuffleanswers>\n"
            "    <answernumbering>ABCD</answernumbering>\n"
            "    <showstandardinstruction>1</showstandardinstruction>\n"
        )
        return head + "".join(self._answer(f, text, 2) for f, text in zip(fractions, question.choices, strict=True))

    def _numeric(self, question: NumericQuestion) -> str:
        margin = question.margin
        if question.relative:
            self.lost.append(
                f"tolerance {question.tolerance} written as ±{_fraction_text(margin)} (Moodle's tolerance is absolute)"
            )
        tolerance = f"      <tolerance>{_fraction_text(margin)}</tolerance>\n"
        lines = self._answer("100", question.answer, 2, "moodle_auto_format", tolerance)
        if question.unit:
            lines += (
                "    <units>\n      <unit>\n        <multiplier>1</multiplier>\n"
                f"        <unit_name>{_escape(self.clean(question.unit))}</unit_name>\n      </unit>\n    </units>\n"
            )
        # units optional (unitgradingtype 0) and typed in the answer box (showunits 0); none: 3
        return lines + (
            "    <unitgradingtype>0</unitgradingtype>\n"
            "    <unitpenalty>0.1000000</unitpenalty>\n"
            f"    <showunits>{'0' if question.unit else '3'}</showunits>\n"
            "    <unitsleft>0</unitsleft>\n"
        )

    def _matching(self, question: MatchingQuestion) -> str:
        rows = [*question.pairs, *(("", distractor) for distractor in question.distractors)]
        return "    <shuffleanswers>true</shuffleanswers>\n" + "".join(
            '    <subquestion format="plain_text">\n'
            f"      <text>{_escape(self.clean(left))}</text>\n"
            f"      <answer>\n        <text>{_escape(self.clean(right))}</text>\n      </answer>\n"
            "    </subquestion>\n"
            for left, right in rows
        )

    def _ordering(self, question: OrderingQuestion) -> str:
        head = (
            "    <layouttype>VERTICAL</layouttype>\n"
            "    <selecttype>ALL</selecttype>\n"
            f"    <selectcount>{len(question.items)}</selectcount>\n"
            "    <gradingtype>ALL_OR_NOTHING</gradingtype>\n"
            "    <showgrading>SHOW</showgrading>\n"
            "    <numberingstyle>ABCD</numberingstyle>\n"
        )
        answers = [
            f'    <answer fraction="{position}" format="plain_text">\n'
            f"      <text>{_escape(self.clean(item))}</text>\n    </answer>\n"
            for position, item in enumerate(question.items, start=1)
        ]
        return head + "".join(answers)

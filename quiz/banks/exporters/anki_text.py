"""Banks as Anki's "Notes in Plain Text" (what Anki's File > Import reads, rslib's text/csv): a
header of `#key:value` lines, then a note per line, tab-separated, every cell quoted.

Each question is a Basic note (`#notetype:Basic`: Front, Back) in a deck named after its bank
(`#deck column`), with its guid (`#guid column`) derived from bank and id as genanki.guid_for(bank,
id) derives it, so the notes are the ones the .apkg export makes and importing again updates them
(`#if matches:update current`). Front: the case scenario, the stem, then the choices lettered (the
matching and ordering entries in a fixed shuffled order), then the exhibits as <pre>. Back: the
answer, the explanation, the references. Every text is HTML-escaped (`#html:true`), its line
breaks kept as <br>. Tags (`#tags column`): the topics, and domain::, difficulty::, subtopic:: and
bank:: tags. A flashcard is not graded by typing, and an image exhibit's picture is not in a text
file (its title and description are): that is the one loss reported."""

from __future__ import annotations

import csv
import html
import io
import random
from collections.abc import Sequence

from quiz.banks.exporters import Exported, Loss, anki, anki_fields
from quiz.kinds.choice import ChoiceQuestion, letter, shown
from quiz.kinds.labels import part_letter
from quiz.kinds.matching import MatchingQuestion
from quiz.kinds.numeric import NumericQuestion
from quiz.kinds.ordering import OrderingQuestion, shuffled_order
from quiz.kinds.short_answer import ShortAnswerQuestion
from quiz.kinds.true_false import TrueFalseQuestion
from quiz.models import Bank, Exhibit, Question

HEADER = (
    "#separator:tab",
    "#html:true",
    "#notetype:Basic",
    "#guid column:1",
    "#deck column:2",
    "#tags column:5",
    "#if matches:update current",
)
BREAK = "<br>"


# the same notes as the .apkg export: its guids (so either export updates the other's notes), deck
# names and tags
note_guid = anki.note_guid
deck_name = anki.deck_name
note_tags = anki.tags


def text_html(text: str) -> str:
    """A text as HTML that shows it as written (escaped as the .apkg export escapes it: nothing is
    read as markup, `[sound:]` included), line breaks and runs of spaces kept."""
    return anki_fields.prose(text.strip().replace("\r\n", "\n")).replace("  ", " &nbsp;")


def export(banks: Sequence[Bank]) -> Exported:
    out = io.StringIO()
    out.write("\n".join(HEADER) + "\n")
    writer = csv.writer(out, delimiter="\t", quoting=csv.QUOTE_ALL, lineterminator="\n")
    losses: list[Loss] = []
    count = 0
    for bank in banks:
        for question in bank.questions:
            front, back = front_html(bank, question), back_html(question)
            writer.writerow(
                [note_guid(bank.bank, question.id), deck_name(bank), front, back, " ".join(note_tags(bank, question))]
            )
            count += 1
            images = [e.title for e in question.all_exhibits if e.kind == "image"]
            if images:
                titles = ", ".join(repr(t) for t in images)
                losses.append(
                    Loss(bank.bank, question.id, f"a text file holds no image: the picture of exhibit {titles}")
                )
    return Exported(out.getvalue().encode("utf-8"), losses, count)


def front_html(bank: Bank, question: Question) -> str:
    parts = []
    if question.case is not None:
        parts.append(f"<b>{text_html(question.case.title)}</b>{BREAK}{text_html(question.case.scenario)}")
    parts.append(text_html(question.question))
    shown = _shown(bank, question)
    if shown:
        parts.append(shown)
    parts += [_exhibit(number, e) for number, e in enumerate(question.all_exhibits, start=1)]
    return (BREAK * 2).join(parts)


def _shown(bank: Bank, question: Question) -> str:
    rng = random.Random(f"{bank.bank}/{question.id}")  # the same order at every export
    if isinstance(question, ChoiceQuestion):
        lines = [f"{letter(i)}. {text_html(c)}" for i, c in enumerate(question.choices)]
        if shown(question, None).selects_many:
            lines.append("<i>(Select all that apply.)</i>")
        return BREAK.join(lines)
    if isinstance(question, TrueFalseQuestion):
        return "<i>True or false?</i>"
    if isinstance(question, NumericQuestion) and question.unit:
        return f"<i>(in {text_html(question.unit)})</i>"
    if isinstance(question, MatchingQuestion):
        rights = list(question.rights)
        rng.shuffle(rights)
        lefts = [f"{n}. {text_html(left)}" for n, left in enumerate(question.lefts, start=1)]
        letters = [f"{part_letter(i)}. {text_html(right)}" for i, right in enumerate(rights)]
        return BREAK.join(["<i>Match each entry to one of the lettered ones:</i>", *lefts, "", *letters])
    if isinstance(question, OrderingQuestion):
        order = shuffled_order(len(question.items), rng)  # never shown already in order
        items = [f"{part_letter(n)}. {text_html(question.items[i])}" for n, i in enumerate(order)]
        return BREAK.join(["<i>Put these in order:</i>", *items])
    return ""


def _exhibit(number: int, exhibit: Exhibit) -> str:
    title = f"<b>Exhibit {number}: {text_html(exhibit.title)}</b>"
    if exhibit.kind == "image":
        description = f" {text_html(exhibit.text)}" if exhibit.text.strip() else ""
        return f"{title} <i>(an image, not in this file)</i>{description}"
    body = html.escape(exhibit.text.rstrip("\n").replace("\r\n", "\n")).replace("\n", BREAK)
    return f"{title}<pre>{body}</pre>"


def back_html(question: Question) -> str:
    parts = [_answer(question)]
    if (question.explanation or "").strip():
        parts.append(text_html(question.explanation or ""))
    if question.references:
        parts.append(BREAK.join(["<i>References:</i>", *(text_html(r) for r in question.references)]))
    return (BREAK * 2).join(parts)


def _answer(question: Question) -> str:
    if isinstance(question, ChoiceQuestion):
        return BREAK.join(f"<b>{letter(i)}.</b> {text_html(question.choices[i])}" for i in sorted(question.correct))
    if isinstance(question, TrueFalseQuestion):
        return "<b>True</b>" if question.answer else "<b>False</b>"
    if isinstance(question, ShortAnswerQuestion):
        also = question.accept[1:]
        first = f"<b>{text_html(question.accept[0])}</b>"
        return first + (f"{BREAK}<i>Also accepted:</i> {'; '.join(text_html(a) for a in also)}" if also else "")
    if isinstance(question, NumericQuestion):
        return f"<b>{text_html(question.answer_text())}</b>"
    if isinstance(question, MatchingQuestion):
        lines = [f"{text_html(left)} → <b>{text_html(right)}</b>" for left, right in question.pairs]
        if question.distractors:
            lines.append("<i>Matching nothing:</i> " + "; ".join(text_html(d) for d in question.distractors))
        return BREAK.join(lines)
    if isinstance(question, OrderingQuestion):
        return BREAK.join(f"{n}. {text_html(item)}" for n, item in enumerate(question.items, start=1))
    return ""  # every kind is above; a new one shows its stem and explanation

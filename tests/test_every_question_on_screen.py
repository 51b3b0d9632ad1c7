"""Every shipped question, drawn by the widgets the screens use at 80 columns: stem, every choice (or
item, entry, accepted answer) in full, the verdict with the right answer, the explanation and the
references, as the bank writes them (modulo wrapping), whatever the question's kind. One app draws
them all, a bank per test so the workers share the load."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll

from quiz.kinds import Presentation, Response
from quiz.kinds.choice import ChoiceQuestion, letter, shown
from quiz.kinds.matching import MatchingQuestion
from quiz.kinds.numeric import NumericQuestion
from quiz.kinds.ordering import OrderingQuestion
from quiz.kinds.short_answer import ShortAnswerQuestion
from quiz.kinds.true_false import TrueFalseQuestion
from quiz.library import Entry, Library
from quiz.models import Question
from quiz.session.common import place
from quiz.text import printable
from quiz.tui.widgets.question import ExplanationView, QuestionPanel
from tests.screen_text import screen_text, squashed

LIBRARY = Library.load(drills=False, use_cache=False)
BANKS = sorted({entry.bank_id for entry in LIBRARY.entries.values()})


class Panel(App[None]):
    """The question area of the practice screen, alone."""

    CSS_PATH = "../quiz/tui/quiz.tcss"

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="question-area"):
            yield QuestionPanel(id="question")
            yield ExplanationView(id="feedback")


def wrong_answer(question: Question, presentation: Presentation) -> tuple[Response, list[str], str]:
    """A wrong response to `question`, the texts a person must then read on screen in that order
    (after the stem), and the letters marked right (choice kinds)."""
    if isinstance(question, ChoiceQuestion):
        on_screen = shown(question, presentation)
        wrong = min(set(range(len(on_screen.choices))) - on_screen.right_positions)
        parts = [f"{letter(i)}.{printable(text)}" for i, text in enumerate(on_screen.choices)]
        return on_screen.response({wrong}), parts, "".join(letter(p) for p in sorted(on_screen.right_positions))
    if isinstance(question, TrueFalseQuestion):
        return not question.answer, ["A.True", "B.False"], "A" if question.answer else "B"
    if isinstance(question, OrderingQuestion):
        order = list(reversed(range(len(question.items))))
        items = [printable(question.items[i]) for i in order]
        return order, [*items, "The right order:", *map(printable, question.items)], ""
    if isinstance(question, MatchingQuestion):
        lefts = len(question.pairs)
        rotated = [(i + 1) % lefts for i in range(lefts)]
        left = [printable(question.lefts[i]) for i in presentation["left"]]
        right = [printable(question.rights[i]) for i in presentation["right"]]
        return rotated, [*left, *right], ""
    if isinstance(question, ShortAnswerQuestion):
        label = "Accepted answer: " if len(question.accept) == 1 else "Accepted answers: "
        return "not-any-accepted-answer", [label + printable("; ".join(question.accept))], ""
    assert isinstance(question, NumericQuestion), question.kind_name
    beyond = Decimal(question.answer) + question.margin + 1
    return str(beyond), ["The answer: " + printable(question.answer_text())], ""


async def draw(app: Panel, entry: Entry, rng: random.Random) -> tuple[str, list[str], str]:
    """The question after a wrong answer, as practice shows it; (verdict, texts as shown, right letters)."""
    question = entry.question
    presentation = place(entry, rng).presentation
    response, parts, right = wrong_answer(question, presentation)
    view = await app.query_one(QuestionPanel).show(question, presentation, response, reveal=True)
    verdict = f"✗ Incorrect: the answer is {view.answer_text()}.   Enter: next"
    app.query_one(ExplanationView).show(
        verdict, correct=False, explanation=question.explanation, references=question.references
    )
    return verdict, parts, right


def test_every_shipped_bank_is_drawn() -> None:
    assert len(BANKS) >= 11 and LIBRARY.question_count >= 700


@pytest.mark.parametrize("bank", BANKS)
async def test_every_question_of_the_bank_reads_in_full_at_80_columns(bank: str) -> None:
    rng = random.Random(bank)
    entries = [e for e in LIBRARY.entries.values() if e.bank_id == bank]
    app = Panel()
    async with app.run_test(size=(80, 150)) as pilot:  # tall: the words wrap as at 80x24, all in view
        for entry in entries:
            question = entry.question
            verdict, texts, right = await draw(app, entry, rng)
            await pilot.pause()
            screen = screen_text(app)
            flat = squashed(screen)
            assert squashed(verdict) in flat, entry.key
            parts = [printable(question.question)]
            parts += texts
            parts += [printable(question.explanation or ""), "References: " + "; ".join(question.references)]
            at = 0
            for part in parts:  # each part complete, and in the order a person reads them
                found = flat.find(squashed(part), at)
                assert found >= 0, f"{entry.key}: not drawn in full: {part!r}\n{screen}"
                at = found
            for position in right:
                assert f"✓ {position}." in screen, entry.key

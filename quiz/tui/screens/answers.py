"""Walk a finished session's answers: yours, the right one, the time it took, what you struck out
and noted, the explanation and references."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from quiz.durations import duration_text
from quiz.models import Question
from quiz.store.results import ItemResult, SessionResult
from quiz.text import printable_line
from quiz.tui.actions import bindings
from quiz.tui.literal import literal
from quiz.tui.screens.report import ProblemReportRequested
from quiz.tui.widgets.chrome import KeyBar
from quiz.tui.widgets.question import ExplanationView, QuestionPanel


class AnswerReviewScreen(Screen[None]):
    BINDINGS = bindings("answers")

    def __init__(self, result: SessionResult, questions: list[Question | None]) -> None:
        super().__init__()
        self.result = result
        self.questions = questions  # by position, as asked
        self.mode = "all"
        self.items: list[tuple[int, ItemResult]] = list(enumerate(result.items))
        self.position = 0

    def compose(self) -> ComposeResult:
        yield Static(id="answer-bar")
        with VerticalScroll(id="question-area"):
            yield QuestionPanel(id="question")
            yield Static(id="item-extra")
            yield Static(id="gone")
            yield ExplanationView(id="feedback")
        yield KeyBar()

    async def on_mount(self) -> None:
        self.sub_title = printable_line(f"Answers: {self.result.title}")
        await self._show()

    async def _show(self) -> None:
        bar = self.query_one("#answer-bar", Static)
        extra = self.query_one("#item-extra", Static)
        extra.display = False
        if not self.items:
            bar.update(f"No {self.mode} questions in this session.  a: show all")
            await self.query_one(QuestionPanel).clear()
            self.query_one("#gone", Static).display = False
            self.query_one(ExplanationView).clear()
            return
        number, item = self.items[self.position]
        question = self.questions[number] if number < len(self.questions) else None
        status = "Correct" if item.is_correct else ("Unanswered" if not item.answered else "Wrong")
        flag = "  ⚑ flagged" if item.flagged else ""
        bar.update(
            f"{self.mode.capitalize()}: {self.position + 1} of {len(self.items)}   ·   "
            f"question {number + 1} of {self.result.total}   ·   {status}{flag}"
        )
        bar.set_class(item.is_correct, "-correct")
        bar.set_class(not item.is_correct, "-wrong")
        gone = self.query_one("#gone", Static)
        if question is None:
            await self.query_one(QuestionPanel).clear()
            gone.update(literal(f"This question ({item.key}) is no longer in the loaded banks."))
            gone.display = True
            self.query_one(ExplanationView).clear()
            return
        gone.display = False
        view = await self.query_one(QuestionPanel).show(question, item.presentation, item.response, reveal=True)
        view.show_struck(frozenset(item.struck))
        extra.update(self._extra(item, view.struck_text(frozenset(item.struck)) if item.struck else ""))
        extra.display = True
        right = view.answer_text()
        verdict = (
            f"✓ Correct: {right}."
            if item.is_correct
            else f"✗ Unanswered: the answer is {right}."
            if not item.answered
            else f"✗ Wrong: you chose {view.response_text(item.response)}; the answer is {right}."
        )
        self.query_one(ExplanationView).show(
            verdict,
            correct=item.is_correct,
            explanation=question.explanation,
            references=question.references,
            heading=question.domain.label,
        )
        self.query_one("#question-area", VerticalScroll).scroll_home(animate=False)

    @staticmethod
    def _extra(item: ItemResult, struck: str) -> Content:
        """The time it took, what was struck out, and the user's note (their own text, as typed)."""
        parts = [f"⏱ {duration_text(item.seconds)} on it" if item.seconds else "⏱ no time on it"]
        if struck:
            parts.append(f"⊘ struck out: {struck}")
        text = literal("   ·   ".join(parts))
        if item.remark:
            text += literal("\n✎ Your note: ", "bold") + literal(item.remark)
        return text

    def action_report_problem(self) -> None:
        if not self.items:
            return
        number, item = self.items[self.position]
        question = self.questions[number] if number < len(self.questions) else None
        view = self.query_one(QuestionPanel).view
        if question is None or view is None:
            self.notify("This question is no longer in the loaded banks.", timeout=4)
            return
        answer = view.response_text(item.response) if item.answered else ""
        self.post_message(ProblemReportRequested(item.key, question, item.presentation, answer))

    async def action_fields(self) -> None:
        await self.query_one(QuestionPanel).toggle_fields()

    def action_exhibit(self) -> None:
        screen = self.query_one(QuestionPanel).exhibit_screen()
        if screen is not None:
            self.app.push_screen(screen)

    async def action_move(self, step: int) -> None:
        if self.items:
            self.position = max(0, min(self.position + step, len(self.items) - 1))
            await self._show()

    async def action_filter(self, mode: str) -> None:
        self.mode = mode
        every = list(enumerate(self.result.items))
        if mode == "wrong":
            self.items = [(i, item) for i, item in every if not item.is_correct]
        elif mode == "flagged":
            self.items = [(i, item) for i, item in every if item.flagged]
        else:
            self.items = every
        self.position = 0
        await self._show()

    def action_back(self) -> None:
        self.dismiss(None)

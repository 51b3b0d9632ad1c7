"""Walk a finished session's answers: yours, the right one, the explanation and references."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Markdown, Static

from quiz.library import Library
from quiz.session.results import ItemResult, SessionResult
from quiz.tui.widgets.chrome import KeyBar
from quiz.tui.widgets.question import ChoiceState, QuestionView


class AnswerReviewScreen(Screen[None]):
    BINDINGS = [
        Binding("n,right", "move(1)", "Next", id="answers.next"),
        Binding("p,left", "move(-1)", "Prev", id="answers.previous"),
        Binding("w", "filter('wrong')", "Wrong only", id="answers.wrong"),
        Binding("f", "filter('flagged')", "Flagged only", id="answers.flagged"),
        Binding("a", "filter('all')", "All", id="answers.all"),
        Binding("escape", "back", "Back", id="answers.back"),
    ]

    def __init__(self, result: SessionResult) -> None:
        super().__init__()
        self.result = result
        self.mode = "all"
        self.items: list[tuple[int, ItemResult]] = list(enumerate(result.items))
        self.position = 0

    def compose(self) -> ComposeResult:
        yield Static(id="answer-bar")
        with VerticalScroll(id="question-area"):
            yield QuestionView(id="question")
            yield Markdown(id="explanation")
        yield KeyBar()

    @property
    def library(self) -> Library:
        from quiz.tui.app import QuizApp

        assert isinstance(self.app, QuizApp)
        return self.app.study.library

    async def on_mount(self) -> None:
        self.sub_title = f"Answers: {self.result.title}"
        await self._show()

    async def _show(self) -> None:
        bar = self.query_one("#answer-bar", Static)
        if not self.items:
            bar.update(f"No {self.mode} questions in this session.  a: show all")
            await self.query_one(QuestionView).show("", [], ChoiceState())
            await self.query_one("#explanation", Markdown).update("")
            return
        number, item = self.items[self.position]
        entry = self.library.get(item.key)
        verdict = "Correct" if item.is_correct else ("Unanswered" if not item.answered else "Wrong")
        flag = "  ⚑" if item.flagged else ""
        bar.update(
            f"{self.mode.capitalize()}: {self.position + 1} of {len(self.items)}   ·   "
            f"question {number + 1} of {self.result.total}   ·   {verdict}{flag}"
        )
        bar.set_class(item.is_correct, "-correct")
        bar.set_class(not item.is_correct, "-wrong")
        if entry is None:
            await self.query_one(QuestionView).show(
                f"*This question ({item.key}) is no longer in the loaded banks.*", [], ChoiceState()
            )
            await self.query_one("#explanation", Markdown).update("")
            return
        question = entry.variant(item.variant)
        order = item.shown(len(question.choices))  # as the user saw them, so the letters match
        state = ChoiceState(selected=frozenset(order.index(i) for i in item.chosen if i in order),
                            correct=frozenset(order.index(i) for i in item.correct_answer if i in order),
                            reveal=True)
        await self.query_one(QuestionView).show(question.question, [question.choices[i] for i in order], state)
        parts = [f"**{question.domain.label}**"]
        if question.explanation:
            parts.append(question.explanation)
        if question.references:
            parts.append("References: " + "; ".join(question.references))
        await self.query_one("#explanation", Markdown).update("\n\n".join(parts))
        self.query_one("#question-area", VerticalScroll).scroll_home(animate=False)

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

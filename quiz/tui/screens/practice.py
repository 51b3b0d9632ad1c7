"""Practice and reviews (tutor mode): answer, see at once whether it was right and why."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Markdown, ProgressBar, Static

from quiz.session.common import SessionFinishedError
from quiz.session.practice import Feedback, PracticeSession
from quiz.tui.formatting import clock_text, letters_for
from quiz.tui.screens.exam import CHOICE_BINDINGS
from quiz.tui.widgets.chrome import KeyBar
from quiz.tui.widgets.question import ChoiceRow, ChoiceState, QuestionView


class PracticeScreen(Screen[None]):
    BINDINGS = [
        *CHOICE_BINDINGS,
        Binding("enter,space", "advance", "Answer / next", id="practice.advance"),
        Binding("g", "guess", "It was a guess", id="practice.guess"),
        Binding("escape", "finish", "End session", id="practice.finish"),
    ]

    def __init__(self, session: PracticeSession, tick_seconds: float = 1.0) -> None:
        super().__init__()
        self.session = session
        self.tick_seconds = tick_seconds
        self.pending: set[int] = set()  # choices toggled on a select-all item before answering
        self.feedback: Feedback | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="practice-bar"):
            yield Static(id="position")
            yield ProgressBar(total=self.session.total, show_eta=False, id="progress")
            yield Static(id="timer")
        with VerticalScroll(id="question-area"):
            yield QuestionView(id="question")
            yield Static(id="verdict")
            yield Markdown(id="explanation")
        yield KeyBar()

    async def on_mount(self) -> None:
        self.sub_title = self.session.title
        await self._show_question()
        if self.session.limit_seconds is not None:
            self.set_interval(self.tick_seconds, self._tick)
            self._tick()

    def _tick(self) -> None:
        if self.session.result is not None:
            return
        remaining = self.session.remaining
        self.query_one("#timer", Static).update(f"⏱ {clock_text(remaining)}")
        if remaining == 0.0:
            self._end(self.session.finish(), timed_out=True)

    async def _show_question(self) -> None:
        session = self.session
        question = session.question
        self.pending = set()
        self.feedback = None
        hint = "Select all that apply: toggle choices, then Enter." if question.is_multi else ""
        await self.query_one(QuestionView).show(question.question, session.choices(), ChoiceState(), hint)
        self.query_one("#verdict", Static).update("")
        await self.query_one("#explanation", Markdown).update("")
        self._refresh_bar()
        self.query_one("#question-area", VerticalScroll).scroll_home(animate=False)

    def _refresh_bar(self) -> None:
        session = self.session
        self.query_one("#position", Static).update(
            f"{session.index + 1} of {session.total}   ·   {session.correct_count}/{session.answered_count} right"
        )
        self.query_one("#progress", ProgressBar).update(progress=session.answered_count)

    async def action_choose(self, position: int) -> None:
        if self.feedback is not None or position >= len(self.session.choices()):
            return
        if self.session.question.is_multi:
            self.pending ^= {position}
            self.query_one(QuestionView).update_state(ChoiceState(selected=frozenset(self.pending)))
            return
        await self._answer({position})

    async def on_choice_row_picked(self, event: ChoiceRow.Picked) -> None:
        await self.action_choose(event.position)

    async def _answer(self, positions: set[int]) -> None:
        try:
            feedback = self.session.answer(positions)
        except SessionFinishedError:
            if self.session.result is not None:
                self._end(self.session.result, timed_out=True)
            return
        self.feedback = feedback
        self.query_one(QuestionView).update_state(
            ChoiceState(selected=feedback.chosen, correct=feedback.correct_positions, reveal=True)
        )
        verdict = self.query_one("#verdict", Static)
        if feedback.correct:
            verdict.update("✓ Correct.   g: it was a guess (bring it back sooner)   Enter: next")
        else:
            verdict.update(f"✗ Incorrect: the answer is {letters_for(feedback.correct_positions)}.   Enter: next")
        verdict.set_class(feedback.correct, "-correct")
        verdict.set_class(not feedback.correct, "-wrong")
        parts = []
        if feedback.explanation:
            parts.append(feedback.explanation)
        if feedback.references:
            parts.append("References: " + "; ".join(feedback.references))
        await self.query_one("#explanation", Markdown).update("\n\n".join(parts))
        self._refresh_bar()

    async def action_advance(self) -> None:
        if self.feedback is None:
            if self.pending:
                await self._answer(self.pending)
            return
        try:
            moved = self.session.next()
        except SessionFinishedError:
            moved = False
        if moved:
            await self._show_question()
        else:
            self.action_finish()

    def action_guess(self) -> None:
        if self.feedback is not None and self.session.mark_guess():
            self.query_one("#verdict", Static).update("✓ Correct, marked as a guess: it will come back sooner.")

    def action_finish(self) -> None:
        result = self.session.finish()
        self._end(result, timed_out=False)

    def _end(self, result: object, *, timed_out: bool) -> None:
        from quiz.session.results import SessionResult
        from quiz.tui.screens.results import ResultsScreen

        assert isinstance(result, SessionResult)
        if timed_out:
            self.notify("Time is up for this session.", severity="warning")
        if result.total == 0:
            self.notify("Session ended with no answers.")
            self.dismiss(None)
            return
        self.app.switch_screen(ResultsScreen(result))

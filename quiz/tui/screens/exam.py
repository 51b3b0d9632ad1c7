"""The timed exam: one question at a time, no feedback, a countdown, flags and a review grid."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from quiz.session.common import SessionFinishedError
from quiz.session.exam import ExamSession
from quiz.session.results import SessionResult
from quiz.tui.formatting import clock_text
from quiz.tui.screens.dialogs import ConfirmScreen, PauseScreen
from quiz.tui.screens.grid import SUBMIT, ReviewGridScreen
from quiz.tui.widgets.chrome import KeyBar
from quiz.tui.widgets.question import ChoiceRow, ChoiceState, QuestionView

ONE_MINUTE = 60.0

CHOICE_BINDINGS = [
    Binding(f"{letter},{number}", f"choose({number - 1})", f"Choice {letter.upper()}", show=False,
            id=f"choice.{letter}")
    for number, letter in enumerate("abcde", start=1)
] + [Binding("6", "choose(5)", "Choice F", show=False, id="choice.f")]


class ExamScreen(Screen[None]):
    BINDINGS = [
        *CHOICE_BINDINGS,
        Binding("n,right", "next", "Next", id="exam.next"),
        Binding("p,left", "previous", "Prev", id="exam.previous"),
        Binding("f", "flag", "Flag", id="exam.flag"),
        Binding("x", "clear", "Clear", show=False, id="exam.clear"),
        Binding("g", "grid", "Grid", id="exam.grid"),
        Binding("ctrl+s", "submit", "Submit", id="exam.submit"),
        Binding("escape", "pause", "Pause", id="exam.pause"),
    ]

    def __init__(self, exam: ExamSession, tick_seconds: float = 1.0) -> None:
        super().__init__()
        self.exam = exam
        self.tick_seconds = tick_seconds
        self._warned = False
        self._shown = -1

    def compose(self) -> ComposeResult:
        with Horizontal(id="exam-bar"):
            yield Static(id="position")
            yield Static(id="flag-mark")
            yield Static(id="timer")
        with VerticalScroll(id="question-area"):
            yield QuestionView(id="question")
        yield KeyBar()

    async def on_mount(self) -> None:
        self.sub_title = self.exam.state.title
        await self._show_question()
        self._tick()
        self.set_interval(self.tick_seconds, self._tick)
        for note in self.exam.state.notes:
            self.notify(note, severity="warning", timeout=8)

    # rendering ---------------------------------------------------------------------------------
    async def _show_question(self) -> None:
        exam = self.exam
        question = exam.question()
        hint = "Select all that apply: toggle each choice." if question.is_multi else ""
        await self.query_one(QuestionView).show(question.question, exam.choices(), self._state(), hint)
        self._shown = exam.index
        self._refresh_bar()
        self.query_one("#question-area", VerticalScroll).scroll_home(animate=False)

    def _state(self) -> ChoiceState:
        return ChoiceState(selected=frozenset(self.exam.selected()))

    def _refresh_bar(self) -> None:
        exam = self.exam
        answered = exam.total - len(exam.unanswered())
        self.query_one("#position", Static).update(
            f"Question {exam.index + 1} of {exam.total}   ·   {answered} answered"
        )
        self.query_one("#flag-mark", Static).update("⚑ flagged" if exam.is_flagged(exam.index) else "")

    def _tick(self) -> None:
        if self.exam.finished:
            return
        result = self.exam.expire_if_due()
        if result is not None:
            self._finished(result, timed_out=True)
            return
        remaining = self.exam.remaining
        timer = self.query_one("#timer", Static)
        timer.update(f"⏱ {clock_text(remaining)}")
        timer.set_class(self.exam.time_is_short, "-short")
        if remaining is not None and remaining <= ONE_MINUTE and not self._warned:
            self._warned = True
            self.notify("One minute left.", severity="warning", timeout=10)
        self.exam.checkpoint()

    # actions -----------------------------------------------------------------------------------
    def _guard(self) -> bool:
        """True when the exam still runs; otherwise the clock has just submitted it."""
        try:
            if self.exam.finished:
                return False
            result = self.exam.expire_if_due()
        except SessionFinishedError:
            return False
        if result is not None:
            self._finished(result, timed_out=True)
            return False
        return True

    def action_choose(self, position: int) -> None:
        if not self._guard() or position >= len(self.exam.choices()):
            return
        self.exam.choose(position)
        self.query_one(QuestionView).update_state(self._state())
        self._refresh_bar()

    def on_choice_row_picked(self, event: ChoiceRow.Picked) -> None:
        self.action_choose(event.position)

    def action_clear(self) -> None:
        if self._guard():
            self.exam.clear()
            self.query_one(QuestionView).update_state(self._state())
            self._refresh_bar()

    def action_flag(self) -> None:
        if self._guard():
            self.exam.toggle_flag()
            self._refresh_bar()

    async def _go(self, index: int) -> None:
        if not self._guard():
            return
        self.exam.go(index)
        if self.exam.index != self._shown:
            await self._show_question()

    async def action_next(self) -> None:
        await self._go(self.exam.index + 1)

    async def action_previous(self) -> None:
        await self._go(self.exam.index - 1)

    @work(exclusive=True)
    async def action_grid(self) -> None:
        if not self._guard():
            return
        choice = await self.app.push_screen_wait(ReviewGridScreen(self.exam))
        if choice == SUBMIT:
            await self._confirm_submit()
        elif choice is not None:
            await self._go(choice)

    @work(exclusive=True)
    async def action_submit(self) -> None:
        await self._confirm_submit()

    async def _confirm_submit(self) -> None:
        if not self._guard():
            return
        unanswered, flagged = len(self.exam.unanswered()), len(self.exam.flagged())
        detail = (
            f"{unanswered} unanswered (they count as wrong) and {flagged} flagged."
            if unanswered or flagged
            else "Every question is answered and none is flagged."
        )
        if await self.app.push_screen_wait(ConfirmScreen("Submit the exam?", detail, yes="Submit")):
            if not self._guard():
                return
            self._finished(self.exam.submit(), timed_out=False)

    @work(exclusive=True)
    async def action_pause(self) -> None:
        if not self._guard():
            return
        choice = await self.app.push_screen_wait(PauseScreen(clock_text(self.exam.remaining)))
        if choice == "save" and self._guard():
            self.exam.checkpoint()
            self.notify("Exam saved. Continue it from Home whenever you like.", timeout=6)
            self.dismiss(None)

    def _finished(self, result: SessionResult, *, timed_out: bool) -> None:
        from quiz.tui.screens.results import ResultsScreen

        if timed_out:
            self.notify("Time is up: your exam was submitted.", severity="warning", timeout=10)
        self.app.switch_screen(ResultsScreen(result))

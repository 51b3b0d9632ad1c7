"""The timed exam: one question at a time, no feedback, a countdown, flags and a review grid."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from quiz.durations import clock_text
from quiz.errors import StoreWriteError
from quiz.session.common import SessionFinishedError
from quiz.session.exam import ExamSession
from quiz.store.results import SessionResult
from quiz.text import printable, printable_line
from quiz.tui.actions import bindings
from quiz.tui.kinds import KindView
from quiz.tui.saving import report_failed_write, saving, saving_async
from quiz.tui.screens.dialogs import ConfirmScreen, PauseChoice, PauseScreen
from quiz.tui.screens.grid import GoTo, ReviewGridScreen, SubmitExam
from quiz.tui.widgets.chrome import KeyBar
from quiz.tui.widgets.question import QuestionPanel

ONE_MINUTE = 60.0


class ExamScreen(Screen[SessionResult | None]):
    """Dismisses with the result once the exam is submitted (by the user or the clock), or with None
    when the user saves it and leaves; the App decides what comes next."""

    BINDINGS = bindings("exam")

    def __init__(self, exam: ExamSession, tick_seconds: float = 1.0) -> None:
        super().__init__()
        self.exam = exam
        self.tick_seconds = tick_seconds
        # no "one minute left" warning on an exam that starts with a minute or less
        remaining = exam.remaining
        self._warned = remaining is not None and remaining <= ONE_MINUTE
        self._shown = -1

    def compose(self) -> ComposeResult:
        with Horizontal(id="exam-bar"):
            yield Static(id="position")
            yield Static(id="flag-mark")
            yield Static(id="timer")
        with VerticalScroll(id="question-area"):
            yield QuestionPanel(id="question")
        yield KeyBar()

    async def on_mount(self) -> None:
        self.sub_title = printable_line(self.exam.state.title)
        await self._show_question()
        self._tick()
        self.set_interval(self.tick_seconds, self._tick)
        for note in self.exam.state.notes:
            self.notify(printable(note), severity="warning", timeout=8, markup=False)

    # rendering ---------------------------------------------------------------------------------
    async def _show_question(self) -> None:
        exam = self.exam
        await self.query_one(QuestionPanel).show(exam.question(), exam.presentation(), exam.response())
        self._shown = exam.index
        self._refresh_bar()
        self.query_one("#question-area", VerticalScroll).scroll_home(animate=False)

    def _refresh_bar(self) -> None:
        exam = self.exam
        answered = exam.total - len(exam.unanswered())
        self.query_one("#position", Static).update(
            f"Question {exam.index + 1} of {exam.total}   ·   {answered} answered"
        )
        self.query_one("#flag-mark", Static).update("⚑ flagged" if exam.is_flagged(exam.index) else "")

    def _tick(self) -> None:
        if self.exam.finished or self.exam.paused:
            return
        try:
            self._tick_and_save()
        except StoreWriteError as error:  # shown once; the next tick tries again by itself
            report_failed_write(self, error, None)

    def _tick_and_save(self) -> None:
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
        self.exam.keep_time()

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
        return not self.exam.paused

    @property
    def view(self) -> KindView:
        view = self.query_one(QuestionPanel).view
        assert view is not None
        return view

    async def action_fields(self) -> None:
        await self.query_one(QuestionPanel).toggle_fields()

    def action_exhibit(self) -> None:
        if not self._guard():
            return
        screen = self.query_one(QuestionPanel).exhibit_screen()
        if screen is not None:
            self.app.push_screen(screen)

    @saving
    def action_choose(self, position: int) -> None:
        if self._guard():
            self._respond(self.view.pick(self.exam.response(), position))

    @saving
    def action_move(self, delta: int) -> None:
        if self._guard():
            self._respond(self.view.move(self.exam.response(), delta))

    @saving
    def action_cursor(self, delta: int) -> None:
        if not self.view.uses_cursor():
            area = self.query_one("#question-area", VerticalScroll)
            area.scroll_relative(y=delta, animate=False)
        elif self._guard():
            self._respond(self.view.cursor(self.exam.response(), delta))

    def _respond(self, response: object) -> None:
        if response != self.exam.response():
            self.exam.respond(response)
            self.view.update(self.exam.response())
            self._refresh_bar()

    def action_type_answer(self) -> None:
        if self._guard():
            self.view.start_typing()

    def on_kind_view_picked(self, event: KindView.Picked) -> None:
        self.action_choose(event.position)

    @saving
    def on_kind_view_responded(self, event: KindView.Responded) -> None:
        if self._guard():
            self._respond(event.response)
            self.query_one("#question-area", VerticalScroll).focus()  # the exam's keys work again

    @saving
    def action_clear(self) -> None:
        if self._guard():
            self.exam.clear()
            self.view.update(self.exam.response())
            self._refresh_bar()

    @saving
    def action_flag(self) -> None:
        if self._guard():
            self.exam.toggle_flag()
            self._refresh_bar()

    @saving_async
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

    @work(exclusive=True, group="exam-dialog")
    async def action_grid(self) -> None:
        if not self._guard():
            return
        choice = await self.app.push_screen_wait(ReviewGridScreen(self.exam))
        if isinstance(choice, SubmitExam):
            await self._confirm_submit()
        elif isinstance(choice, GoTo):
            await self._go(choice.index)

    @work(exclusive=True, group="exam-dialog")
    async def action_submit(self) -> None:
        await self._confirm_submit()

    @saving_async
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

    @work(exclusive=True, group="exam-dialog")
    @saving_async
    async def action_pause(self) -> None:
        if not self._guard():
            return
        self.exam.pause()
        self.query_one("#question-area").display = False  # hidden, even behind the dialog
        self.query_one("#timer", Static).update(f"⏸ {clock_text(self.exam.remaining)}")
        choice = await self.app.push_screen_wait(PauseScreen(clock_text(self.exam.remaining)))
        if choice is PauseChoice.SAVE:
            self.dismiss(None)
            return
        self._resume()

    @saving
    def _resume(self) -> None:
        self.exam.resume_clock()
        self.query_one("#question-area").display = True
        self._tick()

    def _finished(self, result: SessionResult, *, timed_out: bool) -> None:
        if timed_out:
            self.notify("Time is up: your exam was submitted.", severity="warning", timeout=10)
        # a dialog over the exam (grid, submit question) has nothing left to answer
        while self.app.screen is not self and len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        self.dismiss(result)

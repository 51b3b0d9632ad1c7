"""The timed exam: one question at a time, no feedback, a countdown, flags, struck-out choices,
notes, the review screen and the review grid."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from quiz.durations import clock_text
from quiz.errors import StoreWriteError
from quiz.models import Question
from quiz.session.common import SessionFinishedError
from quiz.session.exam import ExamSession
from quiz.session.strikes import CannotStrikeError
from quiz.store.results import SessionResult
from quiz.text import printable, printable_line
from quiz.tui.actions import bindings
from quiz.tui.kinds import KindView
from quiz.tui.saving import report_failed_write, saving, saving_async
from quiz.tui.screens.dialogs import ConfirmScreen, PauseChoice, PauseScreen
from quiz.tui.screens.grid import GoTo, ReviewGridScreen, SubmitExam
from quiz.tui.screens.note import NoteResult, NoteScreen
from quiz.tui.screens.review import ExamReviewScreen, ReviewFilter, WalkThrough
from quiz.tui.striking import StrikingScreen
from quiz.tui.widgets.chrome import KeyBar
from quiz.tui.widgets.question import QuestionPanel

ONE_MINUTE = 60.0


class ExamScreen(StrikingScreen[SessionResult | None]):
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
        self.walk: WalkThrough | None = None  # reviewing only some questions (flagged ...), in order
        self._review_filter = ReviewFilter.ALL  # what the review screen listed last
        self._note: NoteScreen | None = None  # the note dialog, while it is open

    def compose(self) -> ComposeResult:
        with Horizontal(id="exam-bar"):
            yield Static(id="position")
            yield Static(id="flag-mark")
            yield Static(id="timer")
        with VerticalScroll(id="question-area"):
            yield QuestionPanel(id="question")
        yield Static(id="strike-prompt")
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
        view = await self.query_one(QuestionPanel).show(exam.question(), exam.presentation(), exam.response())
        view.show_struck(exam.struck())
        self._shown = exam.index
        self._refresh_bar()
        self.query_one("#question-area", VerticalScroll).scroll_home(animate=False)

    def _refresh_bar(self) -> None:
        exam = self.exam
        answered = exam.total - len(exam.unanswered())
        where = f"{answered} answered"
        walk = self.walk
        if walk is not None and exam.index in walk.positions:
            where = f"Reviewing {walk.label} {walk.positions.index(exam.index) + 1} of {len(walk.positions)}"
        self.query_one("#position", Static).update(f"Question {exam.index + 1} of {exam.total}   ·   {where}")
        marks = ["⚑ flagged"] if exam.is_flagged(exam.index) else []
        marks += ["✎ noted"] if exam.remark() else []
        self.query_one("#flag-mark", Static).update(" ".join(marks))

    def _tick(self) -> None:
        if self.exam.finished or self.exam.paused:
            return
        try:
            self._tick_and_save()
        except StoreWriteError as error:  # shown once; the next tick tries again by itself
            report_failed_write(self, error, None)

    def _tick_and_save(self) -> None:
        if self._note is not None and self.exam.remaining == 0.0:
            self._save_note(self._note.current())  # typed as the time ran out: the submit keeps it
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
            self.view.show_struck(self.exam.struck())
            self._refresh_bar()

    # striking out ------------------------------------------------------------------------------
    def strike_question(self) -> Question | None:
        return self.exam.question() if self._guard() else None

    @saving_async
    async def strike_choice(self, position: int) -> None:
        if not self._guard():
            return
        try:
            change = self.exam.toggle_strike(position)
        except CannotStrikeError as error:
            self.notify(str(error).capitalize() + ".", timeout=3)
            return
        self.view.update(self.exam.response())
        self.view.show_struck(self.exam.struck())
        self._refresh_bar()
        if change.cleared_pick:
            self.notify("Struck out your pick: the question has no answer now.", timeout=4)

    # notes -----------------------------------------------------------------------------------------
    @work(exclusive=True, group="exam-dialog")
    async def action_note(self) -> None:
        if not self._guard():
            return
        exam = self.exam
        kept = exam.kept_note()
        from_here = kept is not None and kept.session == exam.state.session_id and kept.item == exam.index
        self._note = NoteScreen(
            f"Note on question {exam.index + 1} of {exam.total}",
            "The exam clock keeps running while you write, as at the test centre.",
            exam.remark(),
            keep=from_here,
            kept_elsewhere=None if kept is None or from_here else kept.text,
        )
        try:
            result = await self.app.push_screen_wait(self._note)
        finally:
            self._note = None
        if result is not None and self._guard():
            self._save_note(result)

    @saving
    def _save_note(self, note: NoteResult) -> None:
        try:
            self.exam.set_remark(note.text, keep=note.keep)
        except ValueError as error:
            self.notify(str(error).capitalize() + ".", severity="warning")
            return
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
        if self.walk is not None:
            await self._walk_step(1)
        else:
            await self._go(self.exam.index + 1)

    async def action_previous(self) -> None:
        if self.walk is not None:
            await self._walk_step(-1)
        else:
            await self._go(self.exam.index - 1)

    async def _walk_step(self, step: int) -> None:
        """n and p while reviewing some questions: the next (or previous) of them; after the last,
        the review screen again (as at the test centre)."""
        walk = self.walk
        assert walk is not None
        later = [p for p in walk.positions if p > self.exam.index]
        earlier = [p for p in walk.positions if p < self.exam.index]
        if step > 0 and later:
            await self._go(later[0])
        elif step < 0 and earlier:
            await self._go(earlier[-1])
        elif step > 0:
            self.notify(f"That was the last {walk.label} question.", timeout=3)
            self.action_review()
        else:
            self.notify(f"This is the first {walk.label} question.", timeout=3)

    @work(exclusive=True, group="exam-dialog")
    async def action_grid(self) -> None:
        if not self._guard():
            return
        choice = await self.app.push_screen_wait(ReviewGridScreen(self.exam))
        if isinstance(choice, SubmitExam):
            await self._confirm_submit()
        elif isinstance(choice, GoTo):
            self.walk = None
            await self._go(choice.index)
            self._refresh_bar()

    @work(exclusive=True, group="exam-dialog")
    async def action_review(self) -> None:
        if not self._guard():
            return
        self.walk = None
        self._refresh_bar()
        screen = ExamReviewScreen(self.exam, self._review_filter)
        choice = await self.app.push_screen_wait(screen)
        self._review_filter = screen.shown
        if isinstance(choice, SubmitExam):
            await self._confirm_submit()
        elif isinstance(choice, GoTo):
            await self._go(choice.index)
        elif isinstance(choice, WalkThrough):
            self.walk = choice
            await self._go(choice.positions[0])
            self._refresh_bar()

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

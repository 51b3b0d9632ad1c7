"""Practice and reviews (tutor mode): answer, see at once whether it was right and why."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import ProgressBar, Static

from quiz.kinds import Response, kind_of
from quiz.models import Question
from quiz.session.practice import Feedback, PracticeSession
from quiz.session.strikes import CannotStrikeError
from quiz.store.results import SessionResult
from quiz.tui.actions import bindings
from quiz.tui.kinds import KindView
from quiz.tui.saving import saving, saving_async
from quiz.tui.screens.note import NoteResult, NoteScreen
from quiz.tui.screens.report import ProblemReportRequested
from quiz.tui.striking import StrikingScreen
from quiz.tui.widgets.chrome import KeyBar
from quiz.tui.widgets.question import ExplanationView, QuestionPanel


class PracticeScreen(StrikingScreen[SessionResult | None]):
    """Dismisses with the session's result (None when nothing was answered); the App goes on."""

    BINDINGS = bindings("practice")

    def __init__(self, session: PracticeSession) -> None:
        super().__init__()
        self.session = session
        self.pending: Response = None  # picked but not given yet (a select-all item's ticks)
        self.feedback: Feedback | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="practice-bar"):
            yield Static(id="position")
            yield ProgressBar(total=self.session.total, show_eta=False, id="progress")
        with VerticalScroll(id="question-area"):
            yield QuestionPanel(id="question")
            yield ExplanationView(id="feedback")
        yield Static(id="strike-prompt")
        yield KeyBar()

    async def on_mount(self) -> None:
        self.sub_title = self.session.title
        await self._show_question()

    async def _show_question(self) -> None:
        session = self.session
        self.pending = None
        self.feedback = None
        await self.query_one(QuestionPanel).show(session.question, session.presentation, None, then_enter=True)
        self.query_one(ExplanationView).clear()
        self._refresh_bar()
        self.query_one("#question-area", VerticalScroll).scroll_home(animate=False)

    def _refresh_bar(self) -> None:
        session = self.session
        noted = "   ·   ✎ noted" if session.remark() else ""
        right = f"{session.correct_count}/{session.answered_count} right"
        mode = (
            "Cram: schedule unchanged" if session.kind == "cram" else "Tutor exam: no clock" if session.profile else ""
        )
        if mode:  # said at all times: cram moves no schedule; a tutor exam is an exam without its clock
            noted = (" · ✎" if noted else "") + f" · {mode}"
            self.query_one("#position", Static).update(f"{session.index + 1} of {session.total} · {right}{noted}")
        else:
            self.query_one("#position", Static).update(f"{session.index + 1} of {session.total}   ·   {right}{noted}")
        self.query_one("#progress", ProgressBar).update(progress=session.answered_count)

    @property
    def view(self) -> KindView:
        view = self.query_one(QuestionPanel).view
        assert view is not None
        return view

    def action_report_problem(self) -> None:
        session = self.session
        answer = self.view.response_text(self.feedback.response) if self.feedback is not None else ""
        self.post_message(ProblemReportRequested(session.entry.key, session.question, session.presentation, answer))

    async def action_fields(self) -> None:
        await self.query_one(QuestionPanel).toggle_fields()

    def action_exhibit(self) -> None:
        screen = self.query_one(QuestionPanel).exhibit_screen()
        if screen is not None:
            self.app.push_screen(screen)

    async def action_choose(self, position: int) -> None:
        if self.feedback is not None:
            return
        self.pending = self.view.pick(self.pending, position)
        self.session.picking(self.pending)
        self.view.show_struck(self.session.struck_now())
        if self.view.answers_at_once():
            await self._answer(self.pending)
        else:
            self.view.update(self.pending)

    def action_move(self, delta: int) -> None:
        if self.feedback is None:
            self.pending = self.view.move(self.pending, delta)

    def action_cursor(self, delta: int) -> None:
        if self.feedback is None and self.view.uses_cursor():
            self.pending = self.view.cursor(self.pending, delta)
        else:
            self.query_one("#question-area", VerticalScroll).scroll_relative(y=delta, animate=False)

    # striking out -------------------------------------------------------------------------------
    def strike_question(self) -> Question | None:
        if self.feedback is not None:
            self.notify("This question is answered: strike-outs are for choosing.", timeout=3)
            return None
        return self.session.question

    async def strike_choice(self, position: int) -> None:
        if self.feedback is not None:
            return
        try:
            change = self.session.toggle_strike(position, self.pending)
        except CannotStrikeError as error:
            self.notify(str(error).capitalize() + ".", timeout=3)
            return
        self.pending = change.response
        self.view.update(self.pending)
        self.view.show_struck(self.session.struck_now())

    # notes -------------------------------------------------------------------------------------------
    @work(exclusive=True, group="practice-dialog")
    async def action_note(self) -> None:
        session = self.session
        kept = session.kept_note()
        from_here = kept is not None and kept.session == session.session_id and kept.item == session.index
        result = await self.app.push_screen_wait(
            NoteScreen(
                f"Note on question {session.index + 1} of {session.total}",
                "Kept with this session's results when it ends, and on the question if you tick the box.",
                session.remark(),
                keep=from_here,
                kept_elsewhere=None if kept is None or from_here else kept.text,
            )
        )
        if result is not None:
            self._save_note(result)

    @saving
    def _save_note(self, note: NoteResult) -> None:
        try:
            self.session.set_remark(note.text, keep=note.keep)
        except ValueError as error:
            self.notify(str(error).capitalize() + ".", severity="warning")
            return
        self._refresh_bar()

    async def on_kind_view_picked(self, event: KindView.Picked) -> None:
        await self.action_choose(event.position)

    async def on_kind_view_responded(self, event: KindView.Responded) -> None:
        if self.feedback is None:
            self.pending = event.response
            await self._answer(self.pending)

    @saving_async
    async def _answer(self, response: Response) -> None:
        if not kind_of(self.session.question).is_complete(response):
            if response is not None:
                self.notify("Match every entry first.", timeout=3)
            return
        feedback = self.session.answer(response)
        self.feedback = feedback
        self.view.update(feedback.response, reveal=True)
        self.query_one("#question-area", VerticalScroll).focus()  # off a typed answer's line: Enter goes on
        if feedback.correct:
            verdict = (
                "✓ Correct.   Enter: next"  # cram schedules nothing: a guess would bring nothing back sooner
                if self.session.kind == "cram"
                else "✓ Correct.   g: it was a guess (bring it back sooner)   Enter: next"
            )
        else:
            verdict = f"✗ Incorrect: the answer is {self.view.answer_text()}.   Enter: next"
        view = self.query_one(ExplanationView)
        view.show(verdict, correct=feedback.correct, explanation=feedback.explanation, references=feedback.references)
        # the verdict in view, with as much of the question above it as fits; the rest scrolls
        self.call_after_refresh(self.query_one("#verdict").scroll_visible, animate=False)
        self._refresh_bar()

    async def action_advance(self) -> None:
        if self.feedback is None:
            await self._answer(self.view.final(self.pending))
            return
        if self.session.next():
            await self._show_question()
        else:
            self.action_finish()

    @saving
    def action_guess(self) -> None:
        if self.feedback is not None and self.session.mark_guess():
            self.query_one("#verdict", Static).update(
                "✓ Correct, marked as a guess: it will come back sooner.   Enter: next"
            )

    @saving
    def action_finish(self) -> None:
        result = self.session.finish()
        if result.total == 0:
            self.notify("Session ended with no answers.")
        self.dismiss(result if result.total else None)

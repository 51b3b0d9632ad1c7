"""One question from the browser: as the bank has it with its answer shown, the explanation and
references, every answer you gave it, and its schedule; suspend, bury, reset or report it here."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, cast

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from quiz.durations import clock_text
from quiz.kinds import kind_named
from quiz.scheduling.fsrs import card_from_dict
from quiz.study import Study
from quiz.text import printable_line
from quiz.tui.actions import bindings
from quiz.tui.literal import literal, literal_text
from quiz.tui.screens.report import ProblemReportRequested
from quiz.tui.widgets.chrome import KeyBar
from quiz.tui.widgets.question import ExplanationView, QuestionPanel

if TYPE_CHECKING:
    from quiz.tui.app import QuizApp

CARD_STATES = {1: "learning", 2: "review", 3: "relearning"}


class QuestionDetailScreen(Screen[None]):
    BINDINGS = bindings("question")

    def __init__(self, study: Study, key: str) -> None:
        super().__init__()
        self.study = study
        self.key = key

    def compose(self) -> ComposeResult:
        yield Static(id="detail-bar")
        with VerticalScroll(id="question-area"):
            yield QuestionPanel(id="question")
            yield ExplanationView(id="feedback")
            yield Static(id="detail-schedule")
            yield Static(id="detail-history")
        yield KeyBar()

    async def on_mount(self) -> None:
        entry = self.study.library.get(self.key)
        assert entry is not None
        question = entry.question
        self.sub_title = printable_line(self.key)
        kind = kind_named(question.kind_name)
        presentation = kind.as_written(question)
        self.presentation = presentation
        view = await self.query_one(QuestionPanel).show(question, presentation, None, reveal=True)
        self.query_one(ExplanationView).show(
            f"The answer: {view.answer_text()}",
            correct=True,
            explanation=question.explanation,
            references=question.references,
            heading=question.domain.label,
        )
        self.refresh_state()

    def refresh_state(self) -> None:
        study, key = self.study, self.key
        entry = study.library.get(key)
        assert entry is not None
        question = entry.question
        states = study.store.states
        marks = [m for m, on in (("suspended", key in states.suspended), ("buried", self._buried())) if on]
        self.query_one("#detail-bar", Static).update(
            literal(
                f"{key}   ·   {question.kind_name}   ·   {question.difficulty.value}   ·   "
                f"{', '.join(question.topics) or 'no topics'}" + (f"   ·   {', '.join(marks)}" if marks else "")
            )
        )
        history = study.store.history.get(key)
        now = study.clock.now()
        if history is None:
            schedule = "Schedule: a new question (never answered, or reset)."
        else:
            card = history.card
            recall = study.scheduling.retrievability(card_from_dict(card), now)
            schedule = (
                f"Schedule: {CARD_STATES.get(card.get('state', 0), 'new')}, due {_when(history.due)}; recall now "
                f"{recall:.0%}; stability {card.get('stability') or 0:.1f} days, difficulty "
                f"{card.get('difficulty') or 0:.1f} of 10; {history.reviews} answers since it was new, "
                f"{history.wrong} wrong."
            )
        note = study.store.question_note(key)
        if note is not None:
            schedule += f"\n\nYour note (kept {_when(note.time)}):\n{note.text}"
        self.query_one("#detail-schedule", Static).update(literal(schedule))
        self.query_one("#detail-history", Static).update(self._history_table())

    def _buried(self) -> bool:
        until = self.study.store.states.buried.get(self.key)
        return until is not None and until > self.study.clock.now()

    def _history_table(self) -> Table | Text:
        reviews = [r for r in self.study.store.reviews if r.key == self.key]
        if not reviews:
            return Text("No answers yet.")
        table = Table(title="Your answers (as in the bank file)", title_justify="left", expand=False, box=None)
        for name in ("when", "answer", "verdict", "time", "rating", "mode"):
            table.add_column(name)
        ratings = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
        for review in reviews:
            kind = kind_named(review.kind)
            table.add_row(
                _when(review.time),
                literal_text(kind.response_text(review.response) or "none"),
                "right" if review.correct else "wrong",
                clock_text(review.ms / 1000),
                ratings.get(review.rating, str(review.rating)) + (" (guess)" if review.amends else ""),
                review.mode,
            )
        return table

    # actions ---------------------------------------------------------------------------------------
    async def action_fields(self) -> None:
        await self.query_one(QuestionPanel).toggle_fields()

    def action_exhibit(self) -> None:
        screen = self.query_one(QuestionPanel).exhibit_screen()
        if screen is not None:
            self.app.push_screen(screen)

    def action_state(self, action: str) -> None:
        if action == "suspend" and self.key in self.study.store.states.suspended:
            action = "unsuspend"
        elif action == "bury" and self._buried():
            action = "unbury"
        self._set_state(action)

    @work(exclusive=True, group="detail-state")
    async def _set_state(self, action: str) -> None:
        from quiz.tui.screens.browser import set_question_state

        if await set_question_state(self, self.study, self.key, action):
            self.refresh_state()

    @work(exclusive=True, group="detail-edit")
    async def action_edit(self) -> None:
        await cast("QuizApp", self.app).edit_question(self.key).wait()
        if self.study.library.get(self.key) is None:
            self.notify("The question is no longer in the banks (its id changed?).", timeout=6)
            self.dismiss(None)
            return
        await self.on_mount()  # the question as the file now has it

    def action_report_problem(self) -> None:
        entry = self.study.library.get(self.key)
        if entry is not None:
            self.post_message(ProblemReportRequested(self.key, entry.question, self.presentation, ""))

    def action_back(self) -> None:
        self.dismiss(None)


def _when(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")

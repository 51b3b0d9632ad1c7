"""Report a problem with a question: what kind of problem and, if the reader likes, a few words.
A screen asks for it with `ProblemReportRequested`; the App shows this form and keeps the report."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, RadioButton, RadioSet, Static, TextArea

from quiz.models import Question
from quiz.store.feedback import MAX_TEXT, REASONS
from quiz.text import printable_line
from quiz.tui.actions import bindings
from quiz.tui.widgets.chrome import KeyBar


@dataclass(frozen=True)
class ProblemDraft:
    reason: str  # a key of REASONS
    text: str


class ProblemReportRequested(Message):
    """Posted by a screen showing a question: the reader wants to report a problem with it."""

    def __init__(self, key: str, question: Question, presentation: dict[str, Any], answer: str) -> None:
        super().__init__()
        self.key, self.question, self.presentation, self.answer = key, question, presentation, answer


class ReportProblemScreen(ModalScreen[ProblemDraft | None]):
    """Dismisses with the draft (Save) or None (Cancel)."""

    BINDINGS = bindings("report")

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="report-dialog"):
            yield Static(
                Content.assemble(("Report a problem: ", "bold"), printable_line(self.key)), classes="dialog-title"
            )
            with RadioSet(id="report-reason"):
                for number, (reason, label) in enumerate(REASONS.items()):
                    yield RadioButton(label, value=number == 0, id=f"reason-{reason}")
            yield Static("Details for the author (optional):", classes="dialog-detail")
            yield TextArea(id="report-text", soft_wrap=True, show_line_numbers=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save report", variant="primary", id="save")
                yield Button("Cancel", id="cancel")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()

    def _reason(self) -> str:
        pressed = self.query_one(RadioSet).pressed_button
        return pressed.id.removeprefix("reason-") if pressed is not None and pressed.id else "other"

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)

    def action_save(self) -> None:
        text = self.query_one(TextArea).text[:MAX_TEXT]
        self.dismiss(ProblemDraft(self._reason(), text))

    def action_cancel(self) -> None:
        self.dismiss(None)

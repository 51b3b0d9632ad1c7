"""The note dialog: the user's own note on the question on screen, in an exam or in practice."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Static, TextArea

from quiz.store.question_notes import MAX_NOTE_CHARACTERS
from quiz.tui.actions import bindings
from quiz.tui.literal import literal
from quiz.tui.widgets.chrome import KeyBar

KEPT_SHOWN = 140  # characters of a note kept from another session, shown under the field
NOTE_LINES = 8  # the field's height where the terminal has room (at least 3)


@dataclass(frozen=True)
class NoteResult:
    text: str  # "" removes the note
    keep: bool  # also keep it on the question, for later study


class NoteScreen(ModalScreen[NoteResult | None]):
    """Dismisses with the note to save, or None when cancelled. The text is the user's and shown as
    typed (a TextArea parses no markup); a note kept from another session is shown literally."""

    BINDINGS = bindings("note")

    def __init__(self, heading: str, detail: str, text: str, *, keep: bool, kept_elsewhere: str | None) -> None:
        super().__init__()
        self.heading, self.detail, self.text = heading, detail, text
        self.keep, self.kept_elsewhere = keep, kept_elsewhere

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog note"):
            yield Static(literal(self.heading), classes="dialog-title")
            yield Static(literal(self.detail), classes="dialog-detail")
            yield TextArea(self.text, id="note-text", soft_wrap=True, show_line_numbers=False)
            if self.kept_elsewhere:
                shown = self.kept_elsewhere
                if len(shown) > KEPT_SHOWN:
                    shown = shown[: KEPT_SHOWN - 1] + "…"
                yield Static(literal(f"Kept on this question from before: {shown}"), classes="hint kept-note")
            yield Static(id="note-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Checkbox("Keep on the question for later study", self.keep, id="keep")
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#note-error", Static).display = False
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        self.call_after_refresh(self._fit)

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """The field as tall as the terminal allows, so the buttons stay in view at 80x24."""
        dialog = self.query_one(".dialog")
        others = sum(
            child.outer_size.height + child.styles.margin.top + child.styles.margin.bottom
            for child in dialog.children
            if child.display and child.id != "note-text"
        )
        # the dialog's most (90% of the screen above the key bar), less its border and padding
        room = int((self.size.height - 1) * 0.9) - 4 - others
        self.query_one(TextArea).styles.height = max(3, min(NOTE_LINES, room - 2)) + 2  # with its border

    def current(self) -> NoteResult:
        """The note as it stands in the dialog."""
        return NoteResult(self.query_one(TextArea).text, self.query_one(Checkbox).value)

    def action_save(self) -> None:
        note = self.current()
        length = len(note.text.rstrip())
        if length > MAX_NOTE_CHARACTERS:
            error = self.query_one("#note-error", Static)
            error.update(f"A note holds at most {MAX_NOTE_CHARACTERS:,} characters; this one has {length:,}.")
            error.display = True
            self.call_after_refresh(self._fit)
            return
        self.dismiss(note)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

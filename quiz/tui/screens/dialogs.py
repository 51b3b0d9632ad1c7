"""Small modal dialogs: confirm, pause menu, help."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from quiz.tui.actions import SCOPES, Action, bindings, grouped, key_names
from quiz.tui.literal import literal
from quiz.tui.widgets.chrome import KeyBar


class ConfirmScreen(ModalScreen[bool]):
    """Ask a yes/no question; Enter confirms, Escape cancels."""

    BINDINGS = bindings("confirm")

    def __init__(self, title: str, detail: str, yes: str = "Yes", no: str = "Cancel", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title_text, self.detail, self.yes, self.no = title, detail, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Static(self.detail, classes="dialog-detail", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.yes, variant="primary", id="yes")
                yield Button(self.no, id="no")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class PauseChoice(StrEnum):
    RESUME = "resume"
    SAVE = "save"


class PauseScreen(ModalScreen[PauseChoice]):
    """The exam's pause menu: resume, or save and leave (the exam can be resumed from Home). It covers
    the whole screen: while paused the clock is stopped and the question is not readable."""

    BINDINGS = bindings("pause")

    def __init__(self, remaining: str) -> None:
        super().__init__()
        self.remaining = remaining

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Exam paused: the clock is stopped", classes="dialog-title")
            yield Static(
                f"Time left: {self.remaining}. Your answers are saved. Resume when you are ready, or save "
                "and quit and continue the exam from Home later.",
                classes="dialog-detail",
                markup=False,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Resume", variant="primary", id="resume")
                yield Button("Save and quit", id="save")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#resume", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(PauseChoice(str(event.button.id)))

    def action_choose(self, choice: str) -> None:
        self.dismiss(PauseChoice(choice))


class PendingChoice(StrEnum):
    CONTINUE = "continue"
    DISCARD = "discard"
    KEEP = "keep"


class PendingExamScreen(ModalScreen[PendingChoice]):
    """A new exam was asked for while one is unfinished: continue it, discard it, or leave both."""

    BINDINGS = bindings("pending")

    def __init__(self, summary: str) -> None:
        super().__init__()
        self.summary = summary

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("You have an unfinished exam", classes="dialog-title")
            yield Static(literal(self.summary), classes="dialog-detail")
            yield Static(
                "Continue it, or discard it (its answers are not scored) and start the new one?",
                classes="dialog-detail",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Continue it", variant="primary", id="continue")
                yield Button("Discard, start new", variant="error", id="discard")
                yield Button("Cancel", id="keep")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#continue", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(PendingChoice(str(event.button.id)))

    def action_choose(self, choice: str) -> None:
        self.dismiss(PendingChoice(choice))


class WriteFailedScreen(ModalScreen[bool]):
    """Saving failed (a full disk, a read-only folder): say what and what to do; try again or quit.
    Everything saved before is kept, and the change that failed was not made."""

    BINDINGS = bindings("write-failed")

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog error-dialog"):
            yield Static("Your progress could not be saved", classes="dialog-title")
            yield Static(literal(self.message), classes="dialog-detail")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Try again", variant="primary", id="retry")
                yield Button("Quit", id="quit")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#retry", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "retry")

    def action_answer(self, retry: bool) -> None:
        self.dismiss(retry)


class HelpScreen(ModalScreen[None]):
    """Every key of every screen, from the action table and the keymap in force."""

    BINDINGS = bindings("help")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Static("Keys", classes="dialog-title")
            with VerticalScroll(id="help-body"):
                for scope in SCOPES.values():
                    yield Static(scope.name, classes="help-scope")
                    yield Static(self._table(scope.actions), classes="help-keys")
                yield Static(
                    "Every answer is saved the moment you give it: closing the terminal mid-exam loses nothing, "
                    "and the clock stops until you resume.",
                    classes="help-note",
                )
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#help-body", VerticalScroll).focus()

    def _table(self, actions: tuple[Action, ...]) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(width=KEY_COLUMN)  # the same in every section, so the sections line up
        table.add_column(ratio=1)
        for row in grouped(actions):
            table.add_row(Text(keys_text(self.app, row), style="bold"), Text(row[0].help))
        return table

    def action_close(self) -> None:
        self.dismiss(None)


KEY_COLUMN = 20


def keys_text(app: App[Any], actions: list[Action]) -> str:
    """The keys in force for one Help line: the user's keymap over the defaults, as the key bar shows
    them; runs of single letters or digits of a group are shortened (a–e, 1–6)."""
    keymap: dict[str, str] = getattr(app, "_keymap", {})
    names = [key for action in actions for key in key_names(keymap.get(action.id, action.keys))]
    shown = [app.get_key_display(Binding(key, "")) for key in names]
    singles = sorted({s for s in shown if len(s) == 1}, key=lambda s: (s.isdigit(), s))
    if len(actions) > 1 and len(singles) == len(shown):
        return ", ".join(_runs(singles))
    return " / ".join(dict.fromkeys(shown))


def _runs(keys: list[str]) -> list[str]:
    runs: list[list[str]] = []
    for key in keys:
        if runs and ord(key) == ord(runs[-1][-1]) + 1 and key.isdigit() == runs[-1][-1].isdigit():
            runs[-1].append(key)
        else:
            runs.append([key])
    return [f"{run[0]}–{run[-1]}" if len(run) > 2 else " ".join(run) for run in runs]

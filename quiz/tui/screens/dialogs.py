"""Small modal dialogs: confirm, pause menu, help."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Markdown, Static


class ConfirmScreen(ModalScreen[bool]):
    """Ask a yes/no question; Enter confirms, Escape cancels."""

    BINDINGS = [
        Binding("escape,n", "answer(False)", "Cancel", id="confirm.cancel"),
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
    ]

    def __init__(self, title: str, detail: str, yes: str = "Yes", no: str = "Cancel") -> None:
        super().__init__()
        self.title_text, self.detail, self.yes, self.no = title, detail, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield Static(self.detail, classes="dialog-detail")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.yes, variant="primary", id="yes")
                yield Button(self.no, id="no")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class PauseScreen(ModalScreen[str]):
    """The exam's pause menu: resume, or save and leave (the exam can be resumed from Home)."""

    BINDINGS = [Binding("escape", "choose('resume')", "Resume", id="pause.resume")]

    def __init__(self, remaining: str) -> None:
        super().__init__()
        self.remaining = remaining

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Exam paused", classes="dialog-title")
            yield Static(
                f"Time left: {self.remaining}. Your answers are saved as you go. Save and quit stops the "
                "clock; resume the exam later from Home.",
                classes="dialog-detail",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Resume", variant="primary", id="resume")
                yield Button("Save and quit", id="save")

    def on_mount(self) -> None:
        self.query_one("#resume", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(str(event.button.id))

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)


HELP = """\
# Keys

| where | key | does |
|---|---|---|
| everywhere | `?` / `F1` | this help |
| everywhere | `ctrl+p` | command palette (every action, theme) |
| everywhere | `ctrl+q` | quit (an exam in progress is kept) |
| Home | `e` `p` `r` `m` `s` `b` | exam, practice, review due, review missed, stats, banks |
| Home | `c` / `d` | continue / discard an unfinished exam |
| exam, practice | `a`–`e`, `1`–`6` | pick a choice (toggle on select-all items; choice F is `6`) |
| exam | `n` / `→`, `p` / `←` | next / previous question |
| exam | `f` | flag the question for review |
| exam | `x` | clear the answer |
| exam | `g` | review grid: every question, Enter jumps there |
| exam | `ctrl+s` | submit (asks first, naming unanswered and flagged) |
| exam | `escape` | pause menu: resume, or save and quit |
| practice | `enter` | submit a select-all answer; then next question |
| practice | `g` | mark a correct answer as a guess (it comes back sooner) |
| results | `r` / `m` / `escape` | review answers / practise the misses / Home |
| answer review | `w` / `f` / `a` | wrong only / flagged only / all |

Every answer is saved the moment you give it: closing the terminal mid-exam loses nothing, and the
clock stops until you resume.
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,f1,q", "dismiss_help", "Close", id="help.close")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Markdown(HELP)

    def action_dismiss_help(self) -> None:
        self.dismiss(None)

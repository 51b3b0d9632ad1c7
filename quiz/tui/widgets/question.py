"""A question with its choices, and the verdict and explanation after it: used by the exam, practice
and answer-review screens. Every text from the bank is shown literally (`quiz.tui.literal`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Static

from quiz.models import LETTERS
from quiz.tui.literal import literal


@dataclass(frozen=True)
class ChoiceState:
    selected: frozenset[int] = frozenset()
    correct: frozenset[int] = frozenset()  # shown only once feedback is due
    reveal: bool = False
    multi: bool = False  # select-all-that-apply: boxes instead of radio circles


def choice_mark(position: int, state: ChoiceState) -> str:
    """What stands before a choice's letter; it reads without colour. Before feedback: the pick
    (● / ○, or ☑ / ☐ on select-all items); after it, also ✓ on a right answer and ✗ on a wrong pick."""
    selected = position in state.selected
    picked = ("☑" if selected else "☐") if state.multi else ("●" if selected else "○")
    if not state.reveal:
        return f"{picked} "
    verdict = "✓" if position in state.correct else ("✗" if selected else " ")
    return f"{picked}{verdict}"


class ChoiceRow(Horizontal):
    """One choice: a marker and a letter, then the text wrapped beside them; clicking it picks it."""

    DEFAULT_CSS = """
    ChoiceRow { height: auto; }
    ChoiceRow > .choice-mark { width: 6; }
    ChoiceRow > .choice-text { width: 1fr; }
    """

    class Picked(Message):
        def __init__(self, position: int) -> None:
            super().__init__()
            self.position = position

    def __init__(self, position: int, text: str) -> None:
        super().__init__(classes="choice")
        self.position = position
        self.text = text

    def compose(self) -> ComposeResult:
        yield Static(classes="choice-mark")
        yield Static(literal(self.text), classes="choice-text")

    def render_state(self, state: ChoiceState) -> None:
        selected = self.position in state.selected
        correct = self.position in state.correct
        self.set_class(selected, "-selected")
        self.set_class(state.reveal and correct, "-correct")
        self.set_class(state.reveal and selected and not correct, "-wrong")
        self.query_one(".choice-mark", Static).update(f"{choice_mark(self.position, state)} {LETTERS[self.position]}.")

    def on_click(self) -> None:
        self.post_message(self.Picked(self.position))


class QuestionView(Vertical):
    """The stem and the choices in display order. Its height is its content's: the screen scrolls."""

    DEFAULT_CSS = """
    QuestionView { height: auto; }
    QuestionView > #choices { height: auto; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="stem")
        yield Vertical(id="choices")
        yield Static(id="hint", classes="hint")

    async def show(self, stem: str, choices: Sequence[str], state: ChoiceState, hint: str = "") -> None:
        self.query_one("#stem", Static).update(literal(stem))
        box = self.query_one("#choices", Vertical)
        await box.remove_children()
        rows = [ChoiceRow(i, text) for i, text in enumerate(choices)]
        await box.mount_all(rows)
        for row in rows:
            row.render_state(state)
        hint_widget = self.query_one("#hint", Static)
        hint_widget.update(hint)
        hint_widget.display = bool(hint)

    def update_state(self, state: ChoiceState) -> None:
        for row in self.query(ChoiceRow):
            row.render_state(state)


class ExplanationView(Vertical):
    """The verdict, then the explanation and the references, after an answer is given."""

    DEFAULT_CSS = """
    ExplanationView { height: auto; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="verdict")
        yield Static(id="explanation")
        yield Static(id="references")

    def show(self, verdict: str, *, correct: bool | None, explanation: str | None,
             references: Sequence[str], heading: str = "") -> None:
        widget = self.query_one("#verdict", Static)
        widget.update(verdict)
        widget.set_class(correct is True, "-correct")
        widget.set_class(correct is False, "-wrong")
        body = self.query_one("#explanation", Static)
        text = "\n\n".join(part for part in (heading, explanation or "") if part)
        body.update(literal(text))
        body.display = bool(text)
        refs = self.query_one("#references", Static)
        refs.update(literal("References: " + "; ".join(references)) if references else "")
        refs.display = bool(references)
        self.display = True

    def clear(self) -> None:
        self.display = False

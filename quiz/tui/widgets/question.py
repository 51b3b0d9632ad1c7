"""A question with its choices: used by the exam, practice and answer-review screens."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Markdown, Static

from quiz.models import LETTERS


@dataclass(frozen=True)
class ChoiceState:
    selected: frozenset[int] = frozenset()
    correct: frozenset[int] = frozenset()  # shown only once feedback is due
    reveal: bool = False


class ChoiceRow(Horizontal):
    """One choice: a marker and a letter, then the text wrapped beside them; clicking it picks it."""

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
        yield Static(self.text, classes="choice-text", markup=False)

    def render_state(self, state: ChoiceState) -> None:
        selected = self.position in state.selected
        correct = self.position in state.correct
        mark = "●" if selected else "○"
        if state.reveal:
            mark = "✓" if correct else ("✗" if selected else " ")
        self.set_class(selected, "-selected")
        self.set_class(state.reveal and correct, "-correct")
        self.set_class(state.reveal and selected and not correct, "-wrong")
        self.query_one(".choice-mark", Static).update(f"{mark} {LETTERS[self.position]}.")

    def on_click(self) -> None:
        self.post_message(self.Picked(self.position))


class QuestionView(Vertical):
    """The stem (Markdown) and the choices in display order."""

    def compose(self) -> ComposeResult:
        yield Markdown(id="stem")
        yield Vertical(id="choices")
        yield Static(id="hint", classes="hint")

    async def show(self, stem: str, choices: list[str], state: ChoiceState, hint: str = "") -> None:
        await self.query_one("#stem", Markdown).update(stem)
        box = self.query_one("#choices", Vertical)
        await box.remove_children()
        rows = [ChoiceRow(i, text) for i, text in enumerate(choices)]
        await box.mount_all(rows)
        for row in rows:
            row.render_state(state)
        self.query_one("#hint", Static).update(hint)

    def update_state(self, state: ChoiceState) -> None:
        for row in self.query(ChoiceRow):
            row.render_state(state)

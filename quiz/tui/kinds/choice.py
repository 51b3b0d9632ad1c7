"""A multiple-choice question on screen: the stem, then a row per choice with its letter."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from quiz.kinds import Presentation, Response
from quiz.kinds.choice import Shown, letter, letters
from quiz.models import Question
from quiz.tui.kinds.base import KindView
from quiz.tui.literal import literal


@dataclass(frozen=True)
class ChoiceState:
    selected: frozenset[int] = frozenset()
    correct: frozenset[int] = frozenset()  # shown only once feedback is due
    reveal: bool = False
    multi: bool = False  # select-all-that-apply: boxes instead of radio circles
    struck: frozenset[int] = frozenset()  # struck out (display positions): never picked


STRUCK_MARK = "⊘"


def choice_mark(position: int, state: ChoiceState) -> str:
    """What stands before a choice's letter; it reads without colour. Before feedback: the pick
    (● / ○, or ☑ / ☐ on select-all items; ⊘ struck out); after it, also ✓ on a right answer and ✗ on
    a wrong pick."""
    selected = position in state.selected
    picked = ("☑" if selected else "☐") if state.multi else ("●" if selected else "○")
    if position in state.struck and not selected:
        picked = STRUCK_MARK
    if not state.reveal:
        return f"{picked} "
    verdict = "✓" if position in state.correct else ("✗" if selected else " ")
    return f"{picked}{verdict}"


class ChoiceRow(Horizontal):
    """One choice (or one part of an ordering or matching item): a mark, then the text wrapped
    beside it; clicking it picks it."""

    DEFAULT_CSS = """
    ChoiceRow { height: auto; }
    ChoiceRow > .choice-mark { width: 6; }
    ChoiceRow > .choice-text { width: 1fr; }
    """

    class Picked(Message):
        def __init__(self, position: int, row: ChoiceRow) -> None:
            super().__init__()
            self.position = position
            self.row = row

    class StrikeAsked(Message):
        """A right-click on the row: strike it out (or restore it), as `s` and its letter do."""

        def __init__(self, position: int) -> None:
            super().__init__()
            self.position = position

    def __init__(self, position: int, text: str | Content, *, classes: str = "") -> None:
        super().__init__(classes=f"choice {classes}".strip())
        self.position = position
        self.text = text

    def compose(self) -> ComposeResult:
        yield Static(classes="choice-mark")
        yield Static(self.text if isinstance(self.text, Content) else literal(self.text), classes="choice-text")

    def render_state(self, state: ChoiceState) -> None:
        selected = self.position in state.selected
        correct = self.position in state.correct
        self.mark(
            f"{choice_mark(self.position, state)} {letter(self.position)}.",
            selected=selected,
            correct=state.reveal and correct,
            wrong=state.reveal and selected and not correct,
        )
        self.set_class(self.position in state.struck and not selected, "-struck")

    def mark(self, mark: str, *, selected: bool = False, correct: bool = False, wrong: bool = False) -> None:
        self.set_class(selected, "-selected")
        self.set_class(correct, "-correct")
        self.set_class(wrong, "-wrong")
        self.query_one(".choice-mark", Static).update(mark)

    def show_text(self, text: Content) -> None:
        self.query_one(".choice-text", Static).update(text)

    def on_click(self, event: events.Click) -> None:
        if event.button == 3:  # the right button
            event.stop()
            self.post_message(self.StrikeAsked(self.position))
            return
        self.post_message(self.Picked(self.position, self))


class ChoiceView(KindView):
    """The stem and the choices in the order the session shows them."""

    DEFAULT_CSS = """
    ChoiceView > #choices { height: auto; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.shown: Shown | None = None
        self.struck: frozenset[int] = frozenset()  # struck-out options, in the bank file's order
        self._response: Response = None
        self._reveal = False

    def compose(self) -> ComposeResult:
        yield Static(id="stem")
        yield Vertical(id="choices")
        yield Static(id="hint", classes="hint")

    async def show(
        self,
        question: Question,
        presentation: Presentation,
        response: Response,
        *,
        reveal: bool = False,
        then_enter: bool = False,
    ) -> None:
        self.shown = Shown.of(question, presentation)
        self.struck = frozenset()
        self.query_one("#stem", Static).update(literal(question.question))
        box = self.query_one("#choices", Vertical)
        await box.remove_children()
        rows = [ChoiceRow(i, text) for i, text in enumerate(self.shown.choices)]
        await box.mount_all(rows)
        self.update(response, reveal=reveal)
        hint = self.hint() + (", then Enter." if then_enter and self.hint() else ".")
        hint_widget = self.query_one("#hint", Static)
        hint_widget.update(literal(hint))
        hint_widget.display = bool(self.hint()) and not reveal

    def update(self, response: Response, *, reveal: bool = False) -> None:
        self._response, self._reveal = response, reveal
        state = self._state(response, reveal)
        for row in self.query(ChoiceRow):
            row.render_state(state)

    def show_struck(self, struck: frozenset[int]) -> None:
        self.struck = struck
        self.update(self._response, reveal=self._reveal)

    def struck_text(self, struck: frozenset[int]) -> str:
        assert self.shown is not None
        return letters(self.shown.positions(sorted(struck)))

    def _state(self, response: Response, reveal: bool) -> ChoiceState:
        assert self.shown is not None
        return ChoiceState(
            selected=self.shown.positions(response),
            correct=self.shown.right_positions,
            reveal=reveal,
            multi=self.shown.selects_many,
            struck=self.shown.positions(sorted(self.struck)),
        )

    def pick(self, response: Response, position: int) -> Response:
        assert self.shown is not None
        return self.shown.pick(response, position)

    def answers_at_once(self) -> bool:
        return self.shown is not None and not self.shown.selects_many

    def hint(self) -> str:
        return "Select all that apply: toggle each choice" if self.shown and self.shown.selects_many else ""

    def answer_text(self) -> str:
        assert self.shown is not None
        return letters(self.shown.right_positions)

    def response_text(self, response: Response) -> str:
        assert self.shown is not None
        return letters(self.shown.positions(response))

    def on_choice_row_picked(self, event: ChoiceRow.Picked) -> None:
        event.stop()
        self.post_message(KindView.Picked(event.position))

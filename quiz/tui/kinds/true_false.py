"""A true/false item on screen: the statement, then True (key a) and False (key b), drawn like a
two-choice question so the marks read the same (● picked, ✓ right, ✗ a wrong pick)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from quiz.kinds import Presentation, Response
from quiz.kinds.true_false import SIDES, TrueFalseQuestion, side_text
from quiz.models import Question
from quiz.tui.kinds.base import KindView
from quiz.tui.kinds.choice import ChoiceRow, ChoiceState
from quiz.tui.literal import literal


class TrueFalseView(KindView):
    DEFAULT_CSS = """
    TrueFalseView > #choices { height: auto; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.question: TrueFalseQuestion | None = None
        self.struck: frozenset[int] = frozenset()  # struck-out sides (0: True, 1: False)
        self._response: Response = None
        self._reveal = False

    def compose(self) -> ComposeResult:
        yield Static(id="stem")
        yield Vertical(id="choices")

    async def show(
        self,
        question: Question,
        presentation: Presentation,
        response: Response,
        *,
        reveal: bool = False,
        then_enter: bool = False,
    ) -> None:
        assert isinstance(question, TrueFalseQuestion)
        self.question = question
        self.struck = frozenset()
        self.query_one("#stem", Static).update(literal(question.question))
        box = self.query_one("#choices", Vertical)
        await box.remove_children()
        await box.mount_all([ChoiceRow(position, side_text(side)) for position, side in enumerate(SIDES)])
        self.update(response, reveal=reveal)

    def update(self, response: Response, *, reveal: bool = False) -> None:
        assert self.question is not None
        self._response, self._reveal = response, reveal
        state = ChoiceState(
            selected=frozenset(p for p, side in enumerate(SIDES) if response is side),
            correct=frozenset({SIDES.index(self.question.answer)}),
            reveal=reveal,
            struck=self.struck,
        )
        for row in self.query(ChoiceRow):
            row.render_state(state)

    def show_struck(self, struck: frozenset[int]) -> None:
        self.struck = struck
        self.update(self._response, reveal=self._reveal)

    def struck_text(self, struck: frozenset[int]) -> str:
        return ", ".join(side_text(SIDES[option]) for option in sorted(struck) if 0 <= option < len(SIDES))

    def pick(self, response: Response, position: int) -> Response:
        return SIDES[position] if 0 <= position < len(SIDES) else response

    def answer_text(self) -> str:
        assert self.question is not None
        return side_text(self.question.answer)

    def response_text(self, response: Response) -> str:
        return side_text(response)

    def on_choice_row_picked(self, event: ChoiceRow.Picked) -> None:
        event.stop()
        self.post_message(KindView.Picked(event.position))

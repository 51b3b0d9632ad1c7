"""An ordering item on screen: the items in the candidate's current order, each with the letter it
was first shown with (a letter always picks the same item), the picked one marked ▸. A letter or
up/down picks an item; [ and ] (or shift+up/down) move it. After the verdict each place is marked
right or wrong and, when wrong, the right order follows."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from quiz.kinds import Presentation, Response
from quiz.kinds.labels import part_letter
from quiz.kinds.ordering import OrderingQuestion, first_order, moved
from quiz.models import Question
from quiz.tui.kinds.base import KindView
from quiz.tui.kinds.choice import ChoiceRow
from quiz.tui.literal import literal

HINT = "Put the items in order: pick one with its letter or ↑/↓, move it with [ and ] (or shift+↑/↓)"


class OrderingView(KindView):
    DEFAULT_CSS = """
    OrderingView > #choices { height: auto; }
    OrderingView ChoiceRow > .choice-mark { width: 10; }
    OrderingView > #right-order { height: auto; margin: 1 0 0 2; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.question: OrderingQuestion | None = None
        self.shown: list[int] = []  # file indexes in the order first shown: position -> letter
        self.selected: int | None = None  # the picked item's file index
        self.response: Response = None
        self.reveal = False

    def compose(self) -> ComposeResult:
        yield Static(id="stem")
        yield Vertical(id="choices")
        yield Static(id="right-order")
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
        assert isinstance(question, OrderingQuestion)
        self.question = question
        self.shown = first_order(question, presentation)
        self.selected = None
        self.query_one("#stem", Static).update(literal(question.question))
        box = self.query_one("#choices", Vertical)
        await box.remove_children()
        await box.mount_all([ChoiceRow(place, "") for place in range(len(question.items))])
        hint = self.query_one("#hint", Static)
        digits = " (F, G, H: keys 6, 7, 8)" if len(self.shown) > 5 else ""
        hint.update(
            literal(HINT + digits + (", then Enter." if then_enter else "; the order you leave is your answer."))
        )
        self.update(response, reveal=reveal)

    def order(self, response: Response) -> list[int]:
        """The items as they stand: the response, or the order first shown while nothing is moved."""
        return list(response) if isinstance(response, list) else list(self.shown)

    def update(self, response: Response, *, reveal: bool = False) -> None:
        assert self.question is not None
        self.response, self.reveal = response, reveal
        self.query_one("#hint", Static).display = not reveal
        order = self.order(response)
        for place, row in enumerate(self.query(ChoiceRow)):
            item = order[place]
            right = item == place
            picked = item == self.selected and not reveal
            verdict = ("✓" if right else "✗") if reveal else ("▸" if picked else " ")
            row.mark(
                f"{place + 1}. {verdict} {part_letter(self.shown.index(item))}.",
                selected=picked,
                correct=reveal and right,
                wrong=reveal and not right,
            )
            row.show_text(literal(self.question.items[item]))
        right_order = self.query_one("#right-order", Static)
        wrong = reveal and order != list(range(len(self.question.items)))
        right_order.display = wrong
        if wrong:
            lines = [f"{place + 1}. {part_letter(self.shown.index(place))}. " for place in range(len(order))]
            text = literal("The right order:", "bold")
            for place, line in enumerate(lines):
                text += literal("\n" + line) + literal(self.question.items[place])
            right_order.update(text)

    def pick(self, response: Response, position: int) -> Response:
        if not 0 <= position < len(self.shown) or self.reveal:
            return response
        self.selected = self.shown[position]
        response = self.order(response)  # picking an item starts the answer
        self.update(response)
        return response

    def move(self, response: Response, delta: int) -> Response:
        if self.selected is None or self.reveal:
            return response
        response = moved(self.order(response), self.selected, delta)
        self.update(response)
        return response

    def uses_cursor(self) -> bool:
        return not self.reveal

    def cursor(self, response: Response, delta: int) -> Response:
        order = self.order(response)
        if self.selected is None:
            place = 0 if delta > 0 else len(order) - 1
        else:
            place = max(0, min(len(order) - 1, order.index(self.selected) + delta))
        self.selected = order[place]
        self.update(order)
        return order

    def final(self, response: Response) -> Response:
        return self.order(response)

    def answers_at_once(self) -> bool:
        return False

    def hint(self) -> str:
        return HINT

    def answer_text(self) -> str:
        return " → ".join(part_letter(self.shown.index(place)) for place in range(len(self.shown)))

    def response_text(self, response: Response) -> str:
        if not isinstance(response, list):
            return "nothing"
        return " → ".join(part_letter(self.shown.index(item)) for item in response)

    def on_choice_row_picked(self, event: ChoiceRow.Picked) -> None:
        event.stop()
        # a click picks the item in that place (the key of its letter)
        item = self.order(self.response)[event.position]
        self.post_message(KindView.Picked(self.shown.index(item)))

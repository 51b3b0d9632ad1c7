"""A matching item on screen: the left entries numbered, each with the letter matched to it, then the
right entries lettered. Up/down (or a click) picks a left entry (marked ▸), a letter matches the
right entry to it and moves on to the next unmatched one. After the verdict each left entry is
marked right or wrong, with the right letter beside a wrong one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from quiz.kinds import Presentation, Response
from quiz.kinds.labels import is_permutation, part_letter
from quiz.kinds.matching import MatchingQuestion, match, matched
from quiz.models import Question
from quiz.tui.kinds.base import KindView
from quiz.tui.kinds.choice import ChoiceRow
from quiz.tui.literal import literal

HINT = "Match each numbered entry: pick it with ↑/↓ (or click it), then press the letter of its match"


class MatchingView(KindView):
    DEFAULT_CSS = """
    MatchingView > #lefts, MatchingView > #rights { height: auto; }
    MatchingView > #rights { margin: 1 0 0 0; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.question: MatchingQuestion | None = None
        self.left: list[int] = []  # display place -> left entry (file index)
        self.right: list[int] = []  # display letter -> right entry (file index)
        self.current = 0  # the display place of the picked left entry
        self.response: Response = None
        self.reveal = False

    def compose(self) -> ComposeResult:
        yield Static(id="stem")
        yield Vertical(id="lefts")
        yield Vertical(id="rights")
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
        assert isinstance(question, MatchingQuestion)
        self.question = question
        left, right = presentation.get("left"), presentation.get("right")
        self.left = list(left) if is_permutation(left, len(question.pairs)) else list(range(len(question.pairs)))
        self.right = list(right) if is_permutation(right, len(question.rights)) else list(range(len(question.rights)))
        self.current = 0
        self.query_one("#stem", Static).update(literal(question.question))
        lefts = self.query_one("#lefts", Vertical)
        await lefts.remove_children()
        await lefts.mount_all([ChoiceRow(place, "", classes="left") for place in range(len(self.left))])
        rights = self.query_one("#rights", Vertical)
        await rights.remove_children()
        await rights.mount_all(
            [ChoiceRow(place, question.rights[entry], classes="right") for place, entry in enumerate(self.right)]
        )
        for row in rights.query(ChoiceRow):
            row.mark(f"  {part_letter(row.position)}.")
        hint = self.query_one("#hint", Static)
        digits = " (F, G, H: keys 6, 7, 8)" if len(self.right) > 5 else ""
        hint.update(literal(HINT + digits + (", then Enter." if then_enter else ".")))
        self.update(response, reveal=reveal)

    def _letter_of(self, right_entry: int | None) -> str:
        return part_letter(self.right.index(right_entry)) if right_entry is not None else "?"

    def update(self, response: Response, *, reveal: bool = False) -> None:
        assert self.question is not None
        self.response, self.reveal = response, reveal
        self.query_one("#hint", Static).display = not reveal
        pairs = matched(response, len(self.question.pairs))
        for row in self.query_one("#lefts", Vertical).query(ChoiceRow):
            entry = self.left[row.position]
            given = pairs[entry]
            right = given == entry
            current = row.position == self.current and not reveal
            verdict = ("✓" if right else "✗") if reveal else ("▸" if current else " ")
            text = literal(self.question.lefts[entry]) + Content(f"  →  {self._letter_of(given)}")
            if reveal and not right:
                text += Content(f"   (the answer: {self._letter_of(entry)})")
            row.mark(
                f"{verdict} {row.position + 1}.", selected=current, correct=reveal and right, wrong=reveal and not right
            )
            row.show_text(text)

    def pick(self, response: Response, position: int) -> Response:
        assert self.question is not None
        if not 0 <= position < len(self.right) or self.reveal:
            return response
        lefts = len(self.question.pairs)
        response = match(response, lefts, self.left[self.current], self.right[position])
        pairs = matched(response, lefts)
        # on to the next left entry still unmatched, if any
        for step in range(1, lefts + 1):
            place = (self.current + step) % lefts
            if pairs[self.left[place]] is None:
                self.current = place
                break
        self.update(response)
        return response

    def uses_cursor(self) -> bool:
        return not self.reveal

    def cursor(self, response: Response, delta: int) -> Response:
        self.current = max(0, min(len(self.left) - 1, self.current + delta))
        self.update(response)
        return response

    def answers_at_once(self) -> bool:
        return False

    def hint(self) -> str:
        return HINT

    def _pairs_text(self, response: Response) -> str:
        assert self.question is not None
        pairs = matched(response, len(self.question.pairs))
        return ", ".join(f"{place + 1} → {self._letter_of(pairs[entry])}" for place, entry in enumerate(self.left))

    def answer_text(self) -> str:
        assert self.question is not None
        return self._pairs_text(list(range(len(self.question.pairs))))

    def response_text(self, response: Response) -> str:
        return self._pairs_text(response) if response is not None else "nothing"

    def on_choice_row_picked(self, event: ChoiceRow.Picked) -> None:
        event.stop()
        if event.row.has_class("left"):
            if not self.reveal:
                self.current = event.position
                self.update(self.response)
        else:
            self.post_message(KindView.Picked(event.position))

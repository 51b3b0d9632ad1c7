"""What a question's view does, whatever its kind: draw the question (as asked, with a response and,
after an answer, the verdict), and turn the answer keys into responses."""

from __future__ import annotations

from textual.containers import Vertical
from textual.message import Message

from quiz.kinds import Presentation, Response
from quiz.models import Question


class KindView(Vertical):
    """One kind's question on screen. Its height is its content's; the screen scrolls."""

    DEFAULT_CSS = """
    KindView { height: auto; }
    """

    class Picked(Message):
        """A part of the question was clicked: the same as pressing its answer key."""

        def __init__(self, position: int) -> None:
            super().__init__()
            self.position = position

    class Responded(Message):
        """The view made a response by itself (a typed answer and Enter): the screen takes it as given."""

        def __init__(self, response: Response) -> None:
            super().__init__()
            self.response = response

    async def show(
        self,
        question: Question,
        presentation: Presentation,
        response: Response,
        *,
        reveal: bool = False,
        then_enter: bool = False,
    ) -> None:
        """Draw `question` as `presentation` arranges it, with `response` picked; with `reveal`,
        mark what was right and wrong; `then_enter`: the answer is given with Enter (practice)."""
        raise NotImplementedError

    def update(self, response: Response, *, reveal: bool = False) -> None:
        """Show another response (or the verdict) on the question already drawn."""
        raise NotImplementedError

    def show_struck(self, struck: frozenset[int]) -> None:
        """Mark the struck-out options (indexes in the bank file's order) on the question drawn;
        kinds without choices have none."""

    def struck_text(self, struck: frozenset[int]) -> str:
        """Struck-out options as this view names them ("B, D")."""
        return ""

    def pick(self, response: Response, position: int) -> Response:
        """An answer key (a-f, 1-6) pressed on this question: the response it makes."""
        return response

    def move(self, response: Response, delta: int) -> Response:
        """A move key ([ or ], shift+up or down) pressed: the response it makes (ordering moves the
        picked item)."""
        return response

    def uses_cursor(self) -> bool:
        """Whether up and down move a cursor in the question (ordering, matching) rather than scroll."""
        return False

    def cursor(self, response: Response, delta: int) -> Response:
        """Up (-1) or down (+1) pressed where `uses_cursor`: the response it makes."""
        return response

    def start_typing(self) -> None:
        """Enter pressed in an exam: a typed-answer item opens its line (other kinds: nothing)."""

    def final(self, response: Response) -> Response:
        """The response Enter gives in practice (an ordering item left as shown is that order)."""
        return response

    def answers_at_once(self) -> bool:
        """Whether one key press is a whole answer (practice then marks it at once)."""
        return True

    def hint(self) -> str:
        return ""

    def answer_text(self) -> str:
        """The right answer as this view shows it ("B", "A, C")."""
        raise NotImplementedError

    def response_text(self, response: Response) -> str:
        """A response as this view shows it."""
        raise NotImplementedError

"""A short-answer or numeric item on screen: the stem, an input line (and the unit), a hint. In
practice typing goes straight into the line; in an exam Enter (or a click) opens it, so the exam's
own keys (n, f, ...) are never typed by mistake. Enter in the line gives the answer and leaves it.
After the verdict the line is read-only and the accepted answer is shown."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Static

from quiz.kinds import Presentation, Response, kind_of
from quiz.kinds.numeric import NumericQuestion
from quiz.kinds.short_answer import ShortAnswerQuestion
from quiz.kinds.typed import MAX_TYPED, TypedKind
from quiz.models import Question
from quiz.tui.kinds.base import KindView
from quiz.tui.literal import literal


class TypedView(KindView):
    DEFAULT_CSS = """
    TypedView > #typed-line { height: auto; margin: 0 0 0 2; }
    TypedView #typed { width: 40; }
    TypedView #unit { width: auto; padding: 1 1; }
    TypedView > #accepted { height: auto; margin: 1 0 0 2; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.question: Question | None = None
        self.reveal = False
        self.then_enter = False

    def compose(self) -> ComposeResult:
        yield Static(id="stem")
        with Horizontal(id="typed-line"):
            yield Input(id="typed", max_length=MAX_TYPED, placeholder="type your answer")
            yield Static(id="unit")
        yield Static(id="accepted")
        yield Static(id="hint", classes="hint")

    @property
    def kind(self) -> TypedKind:
        assert self.question is not None
        kind = kind_of(self.question)
        assert isinstance(kind, TypedKind)
        return kind

    async def show(
        self,
        question: Question,
        presentation: Presentation,
        response: Response,
        *,
        reveal: bool = False,
        then_enter: bool = False,
    ) -> None:
        self.question = question
        self.then_enter = then_enter
        self.query_one("#stem", Static).update(literal(question.question))
        unit = question.unit if isinstance(question, NumericQuestion) else None
        self.query_one("#unit", Static).update(literal(unit or ""))
        self.query_one("#typed", Input).value = response if isinstance(response, str) else ""
        self._hint(None)
        self.update(response, reveal=reveal)
        if then_enter and not reveal:  # practice: nothing to do but answer; an exam's keys stay keys
            self.start_typing()

    def start_typing(self) -> None:
        if not self.reveal:
            self.query_one("#typed", Input).focus()

    def _hint(self, problem: str | None) -> None:
        hint = self.query_one("#hint", Static)
        if problem is not None:
            hint.update(literal(problem))
        elif self.then_enter:
            hint.update(literal("Type the answer, then Enter."))
        else:
            hint.update(literal("Enter: type the answer; Enter again stores it (the exam's keys work again)."))
        hint.set_class(problem is not None, "-problem")

    def update(self, response: Response, *, reveal: bool = False) -> None:
        self.reveal = reveal
        line = self.query_one("#typed", Input)
        if isinstance(response, str) and line.value.strip() != response:
            line.value = response
        elif response is None and not line.has_focus:
            line.value = ""
        line.disabled = reveal
        self.query_one("#hint", Static).display = not reveal
        accepted = self.query_one("#accepted", Static)
        accepted.display = reveal
        if reveal:
            accepted.update(literal(self._accepted_text()))

    def _accepted_text(self) -> str:
        question = self.question
        if isinstance(question, ShortAnswerQuestion):
            label = "Accepted answer" if len(question.accept) == 1 else "Accepted answers"
            return f"{label}: " + "; ".join(question.accept)
        assert isinstance(question, NumericQuestion)
        return f"The answer: {question.answer_text()}"

    @on(Input.Submitted, "#typed")
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        assert self.question is not None
        if self.reveal:
            return
        problem = self.kind.refusal(self.question, event.value)
        self._hint(problem)
        if problem is not None:
            return
        self.post_message(KindView.Responded(self.kind.typed(event.value)))

    def answers_at_once(self) -> bool:
        return False

    def final(self, response: Response) -> Response:
        # Enter pressed outside the line (practice): what the line holds
        line = self.query_one("#typed", Input)
        if self.question is None or self.kind.refusal(self.question, line.value) is not None:
            return None
        return self.kind.typed(line.value)

    def hint(self) -> str:
        return "Type the answer"

    def answer_text(self) -> str:
        question = self.question
        if isinstance(question, ShortAnswerQuestion):
            return " or ".join(question.accept)
        assert isinstance(question, NumericQuestion)
        return question.answer_text()

    def response_text(self, response: Response) -> str:
        if not isinstance(response, str):
            return "nothing"
        unit = self.question.unit if isinstance(self.question, NumericQuestion) else None
        return f"{response} {unit}" if unit and not response.casefold().endswith(unit.casefold()) else response

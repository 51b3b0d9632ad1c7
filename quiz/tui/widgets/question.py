"""A question (drawn by its kind's view), and the verdict and explanation after it: used by the exam,
practice and answer-review screens. Every text from the bank is shown literally (`quiz.tui.literal`)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from quiz.kinds import Presentation, Response
from quiz.models import Question
from quiz.tui.kinds import KindView, view_for
from quiz.tui.literal import literal


class QuestionPanel(Vertical):
    """The question on screen, drawn by its kind's view (which is replaced when the kind changes)."""

    DEFAULT_CSS = """
    QuestionPanel { height: auto; }
    """

    @property
    def view(self) -> KindView | None:
        views = self.query(KindView)
        return views.first() if views else None

    async def show(
        self,
        question: Question,
        presentation: Presentation,
        response: Response,
        *,
        reveal: bool = False,
        then_enter: bool = False,
    ) -> KindView:
        wanted = view_for(question)
        view = self.view
        if not isinstance(view, wanted):
            await self.remove_children()
            view = wanted()
            await self.mount(view)
        await view.show(question, presentation, response, reveal=reveal, then_enter=then_enter)
        return view

    async def clear(self) -> None:
        await self.remove_children()


class ExplanationView(Vertical):
    """The verdict, then the explanation and the references, after an answer is given."""

    DEFAULT_CSS = """
    ExplanationView { height: auto; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="verdict")
        yield Static(id="explanation")
        yield Static(id="references")

    def show(
        self,
        verdict: str,
        *,
        correct: bool | None,
        explanation: str | None,
        references: Sequence[str],
        heading: str = "",
    ) -> None:
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

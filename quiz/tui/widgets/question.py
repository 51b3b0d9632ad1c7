"""A question (drawn by its kind's view), and the verdict and explanation after it: used by the exam,
practice and answer-review screens. Every text from the bank is shown literally (`quiz.tui.literal`)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from quiz.hl7 import numbered, segments
from quiz.kinds import Presentation, Response
from quiz.models import Exhibit, Question
from quiz.tui.images import image_widget
from quiz.tui.kinds import KindView, view_for
from quiz.tui.literal import literal

if TYPE_CHECKING:
    from quiz.tui.screens.exhibits import ExhibitScreen


def exhibit_body(exhibit: Exhibit, *, fields: bool) -> str:
    """The exhibit's text as shown: exactly as written, except that an HL7 message has one segment
    per line (its segments end with carriage returns) and, with `fields`, each field numbered; an
    image is named (o in the full-screen view opens it), with its description."""
    if exhibit.kind == "image":
        name = os.path.basename(exhibit.file or "")
        described = f"\n{exhibit.text.rstrip()}" if exhibit.text.strip() else ""
        return f"Image {name}: press v, then o, to open it in your image viewer.{described}"
    if exhibit.kind != "hl7":
        return exhibit.text.rstrip("\n")
    return numbered(exhibit.text) if fields else "\n".join(segments(exhibit.text))


class ExhibitsView(Vertical):
    """The question's case scenario (when it belongs to a case set) and its exhibits, above its
    stem: each exhibit titled and boxed, its text as written. A case's exhibits come first and the
    numbering runs on, so "Exhibit 2" means the same thing in every question of the case."""

    DEFAULT_CSS = """
    ExhibitsView { height: auto; }
    """

    def __init__(self, question: Question, *, fields: bool) -> None:
        super().__init__(classes="exhibits")
        self.question = question
        self.case = question.case
        self.exhibits = question.all_exhibits
        self.fields = fields

    def compose(self) -> ComposeResult:
        if self.case is not None:
            yield Static(literal(f"Case: {self.case.title}", "bold"), classes="case-title")
            yield Static(literal(self.case.scenario), classes="case-scenario")
        for number, exhibit in enumerate(self.exhibits, start=1):
            if exhibit.kind == "image" and exhibit.file and (picture := image_widget(exhibit.file)) is not None:
                yield Static(
                    literal(f"Exhibit {number}: {exhibit.title}") + literal("   v full screen", "dim"),
                    classes="exhibit-title",
                )
                yield picture
                if exhibit.text.strip():
                    yield Static(literal(exhibit.text.rstrip()), classes="exhibit-caption")
                continue
            # short, so that a title and its keys fit one line at 80 columns
            hint = ("   # fields" if not self.fields else "   # message") if exhibit.kind == "hl7" else ""
            hint += "   v full screen"
            yield Static(literal(f"Exhibit {number}: {exhibit.title}") + literal(hint, "dim"), classes="exhibit-title")
            yield Static(literal(exhibit_body(exhibit, fields=self.fields)), classes=f"exhibit exhibit-{exhibit.kind}")


class QuestionPanel(Vertical):
    """The question on screen: its exhibits, then the question drawn by its kind's view (which is
    replaced when the kind changes)."""

    DEFAULT_CSS = """
    QuestionPanel { height: auto; }
    """

    numbered_fields = False  # HL7 exhibits with each field on its own line (toggled with #)

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
        for old in self.query(ExhibitsView):
            await old.remove()
        wanted = view_for(question)
        view = self.view
        if not isinstance(view, wanted):
            await self.remove_children()
            view = wanted()
            await self.mount(view)
        if question.exhibits or question.case:
            await self.mount(ExhibitsView(question, fields=self.numbered_fields), before=view)
        self._question = question
        await view.show(question, presentation, response, reveal=reveal, then_enter=then_enter)
        return view

    @property
    def has_hl7(self) -> bool:
        question = getattr(self, "_question", None)
        return question is not None and any(e.kind == "hl7" for e in question.all_exhibits)

    async def toggle_fields(self) -> None:
        """Number the HL7 fields, or show the message again (kept for the next question too)."""
        self.numbered_fields = not self.numbered_fields
        for old in self.query(ExhibitsView):
            replacement = ExhibitsView(old.question, fields=self.numbered_fields)
            await self.mount(replacement, before=old)
            await old.remove()

    @property
    def question(self) -> Question | None:
        return getattr(self, "_question", None)

    def exhibit_screen(self) -> ExhibitScreen | None:
        """The full-screen view of the question's exhibits (None: it has none)."""
        from quiz.tui.screens.exhibits import ExhibitScreen

        question = self.question
        if question is None or not question.all_exhibits:
            self.notify("This question has no exhibits.", timeout=3)
            return None
        return ExhibitScreen(question, fields=self.numbered_fields)

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

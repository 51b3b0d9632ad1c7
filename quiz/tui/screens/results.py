"""A finished session's report: score, pass/fail, time, domains with bars, the weakest three, and
the time per question (the slowest five, the average against what the exam allows)."""

from __future__ import annotations

from enum import StrEnum

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from quiz.durations import duration_text
from quiz.models import Question
from quiz.store.results import SessionResult
from quiz.study import Study
from quiz.text import printable_line
from quiz.tui.actions import bindings
from quiz.tui.formatting import bar, first_line
from quiz.tui.literal import literal_text
from quiz.tui.widgets.chrome import KeyBar


class AfterResults(StrEnum):
    HOME = "home"
    PRACTISE_MISSES = "misses"


class ResultsScreen(Screen[AfterResults]):
    """Dismisses with what the user wants next; answer review is a view of its own, pushed from here."""

    BINDINGS = bindings("results")

    def __init__(self, result: SessionResult, questions: list[Question | None], study: Study) -> None:
        super().__init__()
        self.study = study
        self.result = result
        self.questions = questions  # each item's question as it was asked (None: no longer known)
        self.misses = sum(1 for item in result.items if not item.is_correct)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="results"):
            yield Static(self._headline(), id="headline")
            yield Static(self._domains(), id="domains")
            yield Static(self._weakest(), id="weakest")
            yield Static(self._timing(), id="timing")
            yield Static(self._slowest(), id="slowest")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = printable_line(f"Results: {self.result.title}")

    def _headline(self) -> Text:
        r = self.result
        text = Text()
        text.append_text(literal_text(r.title, "bold"))
        text.append("\n")
        text.append(f"{r.score} of {r.total} correct  ({r.percent:.0f}%)", style="bold")
        if r.passed is not None:
            verdict, style = ("PASS", "bold green") if r.passed else ("BELOW THE PASS MARK", "bold red")
            text.append("  ")
            text.append(f" {verdict} ", style=f"reverse {style}")
            text.append(f" {r.pass_percent:.0f}%", style="dim")
        text.append(f"\nTime used {duration_text(r.time_used)}")
        if r.answered:
            text.append(f"  ·  {duration_text(r.time_per_answer)} per answer")
        if r.timed_out:
            text.append("  ·  time ran out", style="yellow")
        unanswered = sum(1 for i in r.items if not i.answered)
        if unanswered:
            text.append(f"  ·  {unanswered} unanswered", style="yellow")
        return text

    def _domains(self) -> Table:
        table = Table(title="By domain", title_justify="left")
        table.add_column("Domain")
        table.add_column("Score", justify="right")
        table.add_column("%", justify="right")
        table.add_column("", width=20)
        for score in self.result.domains:
            style = "green" if score.percent >= (self.result.pass_percent or 70) else "red"
            table.add_row(
                score.domain.label,
                f"{score.correct}/{score.total}",
                f"{score.percent:.0f}",
                Text(bar(score.percent, 20), style=style),
            )
        return table

    def _weakest(self) -> Text:
        weakest = self.result.weakest
        text = Text("Weakest: ", style="bold")
        if weakest:
            text.append(", ".join(f"{d.domain.label} ({d.percent:.0f}%)" for d in weakest))
        else:
            text.append("none: every question right")
        return text

    def _timing(self) -> Text:
        r = self.result
        text = Text("Time per question: ", style="bold")
        text.append(f"average {duration_text(r.seconds_per_question)}")
        allowed = r.allowed_per_question
        if allowed is not None:
            text.append(f"; the exam allows {duration_text(allowed)}")
            if r.seconds_per_question > allowed:
                text.append(" (over the pace)", style="yellow")
        elif r.kind == "exam":
            text.append(" (untimed)")
        return text

    def _slowest(self) -> Table | Text:
        slowest = self.result.slowest()
        if len(slowest) < 2:
            return Text("")
        table = Table(title=f"Slowest {len(slowest)}", title_justify="left", expand=True, box=None, padding=(0, 1))
        table.add_column("#", justify="right", width=4)
        table.add_column("Question", no_wrap=True, overflow="ellipsis", ratio=1)
        table.add_column("Time", justify="right", no_wrap=True)
        for position in slowest:
            question = self.questions[position] if position < len(self.questions) else None
            stem = literal_text(first_line(question)) if question is not None else Text("(no longer in the banks)")
            table.add_row(str(position + 1), stem, duration_text(self.result.items[position].seconds))
        return table

    def action_review_answers(self) -> None:
        from quiz.tui.screens.answers import AnswerReviewScreen

        self.app.push_screen(AnswerReviewScreen(self.result, self.questions))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "practise_misses":
            return self.misses > 0  # not offered (nor on the key bar) when there is nothing to practise
        return True

    def action_practise_misses(self) -> None:
        if self.misses:
            self.dismiss(AfterResults.PRACTISE_MISSES)

    def action_export(self) -> None:
        from quiz.tui.downloads import export_results

        export_results(self, self.study, self.result)

    def action_home(self) -> None:
        self.dismiss(AfterResults.HOME)

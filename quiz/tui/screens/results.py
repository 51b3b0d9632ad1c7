"""A finished session's report: score, pass/fail, time, domains with bars, the weakest three."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from quiz.session.results import SessionResult
from quiz.tui.formatting import bar, duration_text
from quiz.tui.widgets.chrome import KeyBar


class ResultsScreen(Screen[None]):
    BINDINGS = [
        Binding("r", "review_answers", "Review answers", id="results.review"),
        Binding("m", "practise_misses", "Practise misses", id="results.misses"),
        Binding("escape,h", "home", "Home", id="results.home"),
    ]

    def __init__(self, result: SessionResult) -> None:
        super().__init__()
        self.result = result

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="results"):
            yield Static(self._headline(), id="headline")
            yield Static(self._domains(), id="domains")
            yield Static(self._weakest(), id="weakest")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = f"Results: {self.result.title}"

    def _headline(self) -> Text:
        r = self.result
        text = Text()
        text.append(f"{r.title}\n", style="bold")
        text.append(f"{r.score} of {r.total} correct  ({r.percent:.0f}%)", style="bold")
        if r.passed is not None:
            verdict, style = ("PASS", "bold green") if r.passed else ("BELOW THE PASS MARK", "bold red")
            text.append("  ")
            text.append(f" {verdict} ", style=f"reverse {style}")
            text.append(f" {r.pass_percent:.0f}%", style="dim")
        text.append(f"\nTime used {duration_text(r.time_used)}", style="")
        text.append(f"  ·  {duration_text(r.time_per_question)} per question")
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
                score.domain.label, f"{score.correct}/{score.total}", f"{score.percent:.0f}",
                Text(bar(score.percent, 20), style=style),
            )
        return table

    def _weakest(self) -> Text:
        weakest = self.result.weakest
        text = Text("Weakest: ", style="bold")
        text.append(", ".join(f"{d.domain.label} ({d.percent:.0f}%)" for d in weakest) or "none")
        text.append("\n\nr  review every answer with explanations   m  practise the misses now   esc  Home",
                    style="dim")
        return text

    def action_review_answers(self) -> None:
        from quiz.tui.screens.answers import AnswerReviewScreen

        self.app.push_screen(AnswerReviewScreen(self.result))

    def action_practise_misses(self) -> None:
        from quiz.tui.app import QuizApp

        app = self.app
        assert isinstance(app, QuizApp)
        if not any(not item.is_correct for item in self.result.items):
            self.notify("No misses in this session.")
            return
        app.start_missed(attempt_id=self.result.session_id)

    def action_home(self) -> None:
        self.dismiss(None)

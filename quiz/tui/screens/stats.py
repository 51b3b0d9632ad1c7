"""Progress you can see: readiness for the exam, mastery by domain, scores over time, daily reviews,
the due forecast, the streak and the leeches (one key to practise them)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Sparkline, Static

from quiz.readiness import Readiness
from quiz.reports import readiness_for
from quiz.stats import Stats, compute_stats
from quiz.study import Study
from quiz.tui.actions import bindings
from quiz.tui.formatting import bar
from quiz.tui.widgets.chrome import KeyBar


class StatsScreen(Screen[None]):
    BINDINGS = bindings("stats")

    def __init__(self, study: Study) -> None:
        super().__init__()
        self.study = study
        self.stats: Stats = compute_stats(study.library, study.store, study.scheduling, study.clock.now())
        self.forecasts: list[Readiness] = readiness_for(study, None)

    def compose(self) -> ComposeResult:
        stats = self.stats
        with VerticalScroll(id="stats"):
            yield Static(self._readiness(), id="readiness")
            yield Static("Mastery by domain", classes="section-title")
            yield DataTable(id="domain-table", cursor_type="none")
            with Horizontal(id="charts"):
                with Vertical(classes="chart"):
                    exams = [a.percent for a in stats.attempts if a.kind == "exam"]
                    yield Static(f"Exam scores ({len(exams)})", classes="chart-title")
                    yield Sparkline(exams or [0.0], id="scores-chart")
                with Vertical(classes="chart"):
                    reviews = [float(n) for _, n in stats.reviews_per_day]
                    yield Static(f"Reviews, 30 days ({int(sum(reviews))})", classes="chart-title")
                    yield Sparkline(reviews, id="reviews-chart")
                with Vertical(classes="chart"):
                    due = [float(n) for _, n in stats.due_forecast]
                    yield Static(f"Due, next 14 days ({int(sum(due))})", classes="chart-title")
                    yield Sparkline(due, id="due-chart")
            yield Static(self._streak_and_leeches(), id="streak")
            yield Static("Sessions", classes="section-title")
            yield DataTable(id="attempt-table", cursor_type="row")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Stats"
        table = self.query_one("#domain-table", DataTable)
        table.add_columns("domain", "mastered", "", "seen", "never seen", "accuracy")
        for d in self.stats.domains:
            accuracy = "-" if d.accuracy is None else f"{d.accuracy:.0%}"
            table.add_row(d.domain.label, f"{d.mastery:.0%}", bar(d.mastery * 100, 12), f"{d.seen}/{d.questions}",
                          str(d.never_seen), accuracy)
        attempts = self.query_one("#attempt-table", DataTable)
        attempts.add_columns("finished", "kind", "title", "score", "%", "result")
        for attempt in reversed(self.stats.attempts):
            verdict = "" if attempt.passed is None else ("pass" if attempt.passed else "below")
            attempts.add_row(attempt.finished.astimezone().strftime("%Y-%m-%d %H:%M"), attempt.kind, attempt.title,
                             f"{attempt.score}/{attempt.total}", f"{attempt.percent:.0f}", verdict)

    def _readiness(self) -> Text:
        text = Text()
        if not self.forecasts:
            return Text("Readiness: no exam profile loaded.")
        for readiness in self.forecasts:
            day = readiness.when.astimezone().strftime("%Y-%m-%d")
            text.append(f"Readiness for {readiness.title}, {day}: ", style="bold")
            style = ("green" if readiness.pass_percent is None or readiness.expected * 100 >= readiness.pass_percent
                     else "yellow")
            text.append(f"about {readiness.expected:.0%}", style=f"bold {style}")
            text.append(f"  (likely {readiness.low:.0%}-{readiness.high:.0%})\n")
        focus = self.forecasts[-1].focus
        if focus:
            text.append("Work on: ", style="bold")
            text.append(", ".join(f"{d.domain.label} (+{d.gain(self.forecasts[-1].questions):.0%})" for d in focus))
        return text

    def _streak_and_leeches(self) -> Text:
        stats = self.stats
        text = Text()
        text.append(f"Study streak: {stats.streak} day{'s' if stats.streak != 1 else ''}", style="bold")
        text.append(f"   Leeches (missed 4+ times): {len(stats.leeches)}")
        if stats.leeches:
            text.append("   l: practise them", style="bold")
        return text

    def action_back(self) -> None:
        self.dismiss(None)

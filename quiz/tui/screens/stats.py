"""Progress you can see: readiness for the exam, mastery by domain, scores over time, daily reviews,
the due forecast, the streak and the leeches (one key to practise them), and what each desired
retention costs and gives (+ and - pick one).

Everything is drawn with the same renderables as `quiz stats` (quiz.insight.render): Rich tables whose
numbers never wrap, so nothing is cut at 80 columns (the mastery bars are shown from WIDE columns
up), charts that state their scale, and file text shown literally (quiz.text.printable)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from quiz.errors import StoreWriteError
from quiz.insight.readiness import Readiness
from quiz.insight.render import (
    chart_text,
    domain_table,
    due_text,
    leeches_text,
    readiness_text,
    sessions_table,
    stats_charts,
    streak_text,
)
from quiz.insight.retention import RetentionReport
from quiz.insight.retention_view import retention_chart_text, retention_notes, retention_table
from quiz.insight.stats import MASTERY_RULE, Stats
from quiz.scheduling.simulate import RETENTIONS
from quiz.study import Study
from quiz.tui.actions import bindings
from quiz.tui.widgets.chrome import KeyBar

WIDE = 110  # from this width on: mastery bars, and the three charts side by side
SESSIONS_SHOWN = 100  # the newest sessions listed (all of them: quiz export results)
SIMULATING = "Simulating your cards at each retention..."


class StatsScreen(Screen[None]):
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]
    BINDINGS = bindings("stats")

    def __init__(self, study: Study) -> None:
        super().__init__()
        self.study = study
        self.stats: Stats = study.stats()
        self.forecasts: list[Readiness] = study.readiness(with_plan=False)
        # the follow-the-plan forecast takes a moment: it is worked out in a thread, then shown
        self._projection: Callable[[], Readiness] | None = study.plan_projection()
        # so is the retention simulation (about a second for 2,000 cards)
        self._simulation: Callable[[], RetentionReport] = study.retention_simulation()
        self.retention_report: RetentionReport | None = None
        self.choices = sorted({*RETENTIONS, study.store.settings.desired_retention})

    def compose(self) -> ComposeResult:
        stats = self.stats
        with VerticalScroll(id="stats"):
            yield Static(
                readiness_text(self.forecasts, detail=False, projecting=self._projection is not None), id="readiness"
            )
            yield Static(Text("Mastery by domain"), classes="section-title")
            yield Static(domain_table(stats, bars=False), id="domains-narrow", classes="narrow-only")
            yield Static(domain_table(stats, bars=True), id="domains-wide", classes="wide-only")
            yield Static(Text(MASTERY_RULE), id="mastery-rule")
            with Horizontal(id="charts"):
                for n, chart in enumerate(stats_charts(stats)):
                    yield Static(
                        chart_text(chart), id=("scores-chart", "reviews-chart", "due-chart")[n], classes="chart"
                    )
            yield Static(self._streak_and_leeches(), id="streak")
            yield Static(Text("Desired retention: what each choice costs and gives"), classes="section-title")
            yield Static(Text(SIMULATING), id="retention-table")
            yield Static(Text(""), id="retention-chart")
            yield Static(Text(""), id="retention-notes")
            yield Static(Text("Sessions, newest first"), classes="section-title")
            if stats.attempts:
                yield Static(sessions_table(stats, newest_first=True, limit=SESSIONS_SHOWN), id="sessions")
                if len(stats.attempts) > SESSIONS_SHOWN:
                    older = len(stats.attempts) - SESSIONS_SHOWN
                    yield Static(Text(f"and {older} older: quiz export results lists them all"), classes="note")
            else:
                yield Static(Text("No finished sessions yet."), id="sessions")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Stats"
        if self._projection is not None:
            self._project(self._projection)
        self._simulate(self._simulation)

    @work(thread=True, exclusive=True, group="projection", exit_on_error=False)
    def _project(self, projection: Callable[[], Readiness]) -> None:
        result = projection()
        if not get_current_worker().is_cancelled:  # cancelled: the screen was left or the app quit meanwhile
            self.app.call_from_thread(self._show_projection, result)

    def _show_projection(self, projected: Readiness) -> None:
        if not self.is_attached:
            return
        self.forecasts = [self.forecasts[0], projected, *self.forecasts[1:]]
        self._projection = None
        self.query_one("#readiness", Static).update(readiness_text(self.forecasts, detail=False))

    @work(thread=True, exclusive=True, group="retention", exit_on_error=False)
    def _simulate(self, simulation: Callable[[], RetentionReport]) -> None:
        report = simulation()
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_simulation, report)

    def _show_simulation(self, report: RetentionReport) -> None:
        if not self.is_attached:
            return
        self.retention_report = replace(report, current=self.study.store.settings.desired_retention)
        self._draw_retention()

    def _draw_retention(self) -> None:
        report = self.retention_report
        if report is None:
            return
        self.query_one("#retention-table", Static).update(retention_table(report))
        chart = retention_chart_text(report, report.current)
        self.query_one("#retention-chart", Static).update(chart)
        notes = retention_notes(report)
        notes.append("\n+ and - pick a retention (saved at once; quiz settings retention does the same).", style="bold")
        self.query_one("#retention-notes", Static).update(notes)

    def action_retention(self, step: int) -> None:
        """Pick the next retention up or down the table, and save it: answers are scheduled for it
        from now on."""
        current = self.study.store.settings.desired_retention
        position = min(range(len(self.choices)), key=lambda n: abs(self.choices[n] - current))
        chosen = self.choices[max(0, min(len(self.choices) - 1, position + step))]
        if chosen == current:
            self.notify(f"Desired retention {current:.2f}: the {'highest' if step > 0 else 'lowest'} in the table.")
            return
        try:
            self.study.set_desired_retention(chosen)
        except StoreWriteError as error:
            self.notify(error.user_message, severity="error", timeout=10)
            return
        self.notify(f"Desired retention {chosen:.2f} saved: your answers are scheduled for it from now on.")
        if self.retention_report is not None:
            self.retention_report = replace(self.retention_report, current=chosen)
            self._draw_retention()

    def _streak_and_leeches(self) -> Text:
        text = due_text(self.stats)
        text.append("\n")
        text.append_text(streak_text(self.stats))
        text.append("   ")
        text.append_text(leeches_text(self.stats, shown=3))
        if self.stats.leeches:
            text.append("   l: practise them", style="bold")
        return text

    def action_export(self) -> None:
        from quiz.tui.downloads import export_results

        export_results(self, self.study)

    def action_optimize(self) -> None:
        from quiz.tui.screens.fitting import FitScreen

        self.app.push_screen(FitScreen(self.study), self._after_fit)

    def _after_fit(self, changed: bool | None) -> None:
        """New parameters: the cards were rescheduled, so the retention table is worked out again."""
        if changed and self.is_attached:
            self.query_one("#retention-table", Static).update(Text(SIMULATING))
            self._simulate(self.study.retention_simulation())

    def action_back(self) -> None:
        self.dismiss(None)

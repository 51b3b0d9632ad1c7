"""The Stats screen's "Fit FSRS" dialog: what is in use, whether your reviews can support a fit (the
health check), and, after f, the fit's report (it is used only if it predicts your later reviews
better, as `quiz optimize` decides); d goes back to FSRS's defaults. The fit runs in a thread."""

from __future__ import annotations

from collections.abc import Callable

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static
from textual.worker import get_current_worker

from quiz.errors import StoreWriteError
from quiz.insight.fitting import ABOUT, health_lines, in_use_line, outcome_lines
from quiz.scheduling.optimize import FitOutcome
from quiz.study import Study
from quiz.tui.actions import bindings
from quiz.tui.literal import literal
from quiz.tui.read_only import refused
from quiz.tui.widgets.chrome import KeyBar

PROMPT = "f: fit FSRS to your reviews (used only if it predicts your later reviews better)   d: defaults"


class FitScreen(ModalScreen[bool]):
    """Dismissed with True when the parameters in use changed (a fit was kept, or reset)."""

    BINDINGS = bindings("optimize")

    def __init__(self, study: Study) -> None:
        super().__init__()
        self.study = study
        self.changed = False
        self.fitting = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog fit"):
            yield Static(literal("Fit FSRS to your reviews"), classes="dialog-title")
            with VerticalScroll(id="fit-body"):
                yield Static(literal(""), id="fit-in-use", classes="dialog-detail")
                yield Static(literal(""), id="fit-report", classes="dialog-detail")
                yield Static(literal(ABOUT), id="fit-about", classes="dialog-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self._show_state()

    def _show_state(self, report: list[str] | None = None) -> None:
        self.query_one("#fit-in-use", Static).update(literal(in_use_line(self.study.store.settings.fsrs_parameters)))
        if report is None:
            from quiz.scheduling.health import health_check
            from quiz.scheduling.review_items import rated_sequences

            health = health_check(rated_sequences(self.study.store.reviews, self.study.store.states.resets))
            report = [*health_lines(health), "", health.refusal() or PROMPT]
        self.query_one("#fit-report", Static).update(literal("\n".join(report)))

    def action_fit(self) -> None:
        if self.fitting or refused(self, self.study, "Fitting FSRS"):
            return
        self.fitting = True
        self.query_one("#fit-report", Static).update(literal("Fitting FSRS to your reviews..."))
        self._fit(self.study.fsrs_fit(self._progress_from_thread))

    def _progress_from_thread(self, what: str, done: float) -> None:
        self.app.call_from_thread(self._show_progress, what, done)

    def _show_progress(self, what: str, done: float) -> None:
        if self.is_attached and self.fitting:
            self.query_one("#fit-report", Static).update(literal(f"Fitting FSRS: {what} ({done:.0%})..."))

    @work(thread=True, exclusive=True, group="fit", exit_on_error=False)
    def _fit(self, fitting: Callable[[], FitOutcome]) -> None:
        outcome = fitting()
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_outcome, outcome)

    def _show_outcome(self, outcome: FitOutcome) -> None:
        self.fitting = False
        if not self.is_attached:
            return
        lines = outcome_lines(outcome)
        report = outcome.report
        if report is not None and report.switch:
            try:
                self.study.use_fit(report)
            except StoreWriteError as error:
                self.notify(error.user_message, severity="error", timeout=10)
                return
            self.changed = True
            lines.append("Saved: the fitted parameters are in use from now on; every card was rescheduled.")
        self._show_state(lines)

    def action_reset(self) -> None:
        if self.fitting or refused(self, self.study, "Going back to FSRS's defaults"):
            return
        if self.study.store.settings.fsrs_parameters is None:
            self.notify("FSRS's default parameters are in use already.")
            return
        try:
            self.study.reset_fsrs_parameters()
        except StoreWriteError as error:
            self.notify(error.user_message, severity="error", timeout=10)
            return
        self.changed = True
        self.notify("FSRS's default parameters are in use again; every card was rescheduled.")
        self._show_state()

    def action_close(self) -> None:
        self.dismiss(self.changed)

"""Home: what is loaded, what is due, the last result, and every way into studying."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from quiz.domains import Domain
from quiz.study import Overview, Study
from quiz.tui.formatting import clock_text

ACTIONS = [
    ("exam", "Exam", "e"),
    ("practice", "Practice", "p"),
    ("review_due", "Review due", "r"),
    ("review_missed", "Review missed", "m"),
    ("stats", "Stats", "s"),
    ("banks", "Banks", "b"),
    ("help", "Help", "?"),
    ("quit", "Quit", "ctrl+q"),
]


class HomeScreen(Screen[None]):
    BINDINGS = [
        Binding("e", "app.exam", "Exam", id="home.exam"),
        Binding("p", "app.practice", "Practice", id="home.practice"),
        Binding("r", "app.review_due", "Review due", id="home.review_due"),
        Binding("m", "app.review_missed", "Missed", id="home.review_missed"),
        Binding("s", "app.stats", "Stats", id="home.stats"),
        Binding("b", "app.banks", "Banks", id="home.banks"),
        Binding("c", "app.resume_exam", "Continue exam", show=False, id="home.resume"),
        Binding("d", "app.discard_exam", "Discard exam", show=False, id="home.discard"),
    ]

    def __init__(self, study: Study) -> None:
        super().__init__()
        self.study = study

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="home"):
            with Vertical(id="summary"):
                yield Static(id="pending", classes="banner")
                yield Static(id="plan")
                yield Static(id="progress-summary")
                yield Static(id="domain-counts")
                yield Static(id="load-problems", classes="problems")
            yield OptionList(*[Option(f"{label:<15}{key:>7}", id=name) for name, label, key in ACTIONS],
                             id="actions")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_overview()
        self.query_one("#actions", OptionList).focus()

    def on_screen_resume(self) -> None:
        self.refresh_overview()

    def refresh_overview(self) -> None:
        overview = self.study.overview()
        self._pending(overview)
        self._plan(overview)
        self.query_one("#progress-summary", Static).update(self._summary(overview))
        self.query_one("#domain-counts", Static).update(self._domains())
        problems = self.study.library.problems
        widget = self.query_one("#load-problems", Static)
        widget.display = bool(problems)
        if problems:
            failed = len(self.study.library.failed)
            first = problems[0]
            widget.update(
                f"⚠ {len(problems)} problem(s): {failed} bank file(s) skipped. Press b to see them.\n{first}"
            )

    def _pending(self, overview: Overview) -> None:
        banner = self.query_one("#pending", Static)
        pending = overview.pending_exam
        banner.display = bool(pending)
        if not pending:
            return
        limit = pending.get("limit_seconds")
        elapsed = float(pending.get("elapsed", 0.0))  # type: ignore[arg-type]
        left = None if limit is None else max(0.0, float(limit) - elapsed)  # type: ignore[arg-type]
        answered = len(pending.get("answers", {}))  # type: ignore[arg-type]
        total = len(pending.get("items", []))  # type: ignore[arg-type]
        banner.update(
            f"Unfinished exam: {pending.get('title')}, {answered} of {total} answered, "
            f"{clock_text(left)} left.   c  continue   d  discard"
        )

    def _plan(self, overview: Overview) -> None:
        widget = self.query_one("#plan", Static)
        load, plan = overview.workload, overview.plan
        widget.display = load is not None and plan is not None
        if load is None or plan is None:
            return
        if load.days_left <= 0:
            widget.update(f"Exam day ({plan.profile_id}). Good luck!")
            return
        widget.update(Text.assemble(
            (f"{load.days_left} days to your {plan.profile_id.upper()} exam ", "bold"),
            f"({plan.exam_date:%d %b %Y}). Today: {load.due_today} reviews + {load.new_per_day} new questions "
            f"({load.unseen} not seen yet).",
        ))

    def _summary(self, overview: Overview) -> Text:
        text = Text()
        text.append(f"{overview.questions:,} questions", style="bold")
        banks = len(self.study.library.banks)
        text.append(f" in {banks} bank{'s' if banks != 1 else ''}")
        if overview.drills:
            text.append(f" + {overview.drills:,} DICOM/HL7 drills")
        text.append("\n")
        text.append(f"Due today: {overview.due}", style="bold" if overview.due else "")
        text.append(f"   Missed: {overview.missed}   Leeches: {overview.leeches}\n")
        last = overview.last_attempt
        if last is None:
            text.append("No exam taken yet: press e to start one.", style="dim")
        else:
            text.append(f"Last exam: {last.title}: {last.score}/{last.total} ({last.percent:.0f}%)")
            if last.passed is not None:
                text.append("  pass" if last.passed else "  below pass mark", style="green" if last.passed else "red")
        return text

    def _domains(self) -> Table:
        counts = self.study.library.domain_counts()
        table = Table(box=None, show_header=False, padding=(0, 1), expand=False)
        table.add_column("domain")
        table.add_column("n", justify="right")
        for domain in Domain:
            table.add_row(domain.label, str(counts[domain]))
        return table

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        await self.app.run_action(str(event.option.id))

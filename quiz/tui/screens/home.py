"""Home: what is loaded, what is due, the last result, and every way into studying."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from quiz.domains import Domain
from quiz.study import Overview, Study
from quiz.text import printable
from quiz.tui.actions import SCOPES, bindings, key_names, menu
from quiz.tui.literal import literal_text
from quiz.tui.read_only import BANNER
from quiz.tui.widgets.chrome import KeyBar, TitleBar


class HomeScreen(Screen[None]):
    BINDINGS = bindings("home")

    def __init__(self, study: Study) -> None:
        super().__init__()
        self.study = study
        self._pending_banner = Static(id="pending", classes="banner")
        self._read_only_banner = Static(BANNER, id="read-only", classes="banner", markup=False)
        self._read_only_banner.display = study.store.read_only
        self._plan_line = Static(id="plan")
        self._progress = Static(id="progress-summary")
        # the banks do not change while the app runs: their counts and problems are drawn once
        self._domain_counts = Static(self._domains(), id="domain-counts", markup=False)
        self._load_problems = Static(self._problems(), id="load-problems", classes="problems", markup=False)
        self._load_problems.display = bool(study.library.problems)
        # The summary's lines, in order (the load problems above the fold at 80x24: a skipped bank must
        # not go unseen). One that is hidden at start-up (usually the banner, the problems and the plan)
        # is mounted only when first shown: every widget mounted is start-up time, about 1 ms each.
        self._lines = [
            self._read_only_banner,
            self._pending_banner,
            self._load_problems,
            self._plan_line,
            self._progress,
            self._domain_counts,
        ]
        self._summary_box: VerticalScroll | None = None
        self._drawn_overview = False

    def compose(self) -> ComposeResult:
        # Filled before the first layout, so Home is drawn once, complete, at start-up.
        self.refresh_overview()
        yield TitleBar()
        with Horizontal(id="home"):
            # scrolls: a pending exam banner can overflow 80x24
            with VerticalScroll(id="summary", can_focus=False) as self._summary_box:
                yield from (line for line in self._lines if line.display)
            keymap: dict[str, str] = getattr(self.app, "_keymap", {})
            yield OptionList(
                *[
                    Option(self._menu_line(a.name, keymap.get(a.id, a.keys)), id=a.action.removeprefix("app."))
                    for a in [*menu(), *SCOPES["app"].actions]
                    if a.is_binding
                ],
                id="actions",
                markup=False,
            )
        yield KeyBar()

    def _menu_line(self, name: str, keys: str) -> str:
        key = key_names(keys)[0]
        shown = {"question_mark": "?", "ctrl+q": "ctrl+q"}.get(key, key)
        return f"{name:<15}{shown:>7}"

    def on_mount(self) -> None:
        self.query_one("#actions", OptionList).focus()

    def on_screen_resume(self) -> None:
        if self._drawn_overview:  # back from another screen: answers may have changed
            self.refresh_overview()
        self._drawn_overview = True

    def refresh_overview(self) -> None:
        overview = self.study.overview()
        self._pending(overview)
        self._plan(overview)
        self._progress.update(self._summary(overview))

    def _show(self, line: Static, shown: bool) -> None:
        """Show or hide one of the summary's lines, mounting it in its place the first time it shows."""
        line.display = shown
        if shown and line.parent is None and self._summary_box is not None:  # composed without it
            following = [later for later in self._lines[self._lines.index(line) + 1 :] if later.parent is not None]
            self._summary_box.mount(line, before=following[0] if following else None)

    def _problems(self) -> str:
        problems = self.study.library.problems
        if not problems:
            return ""
        failed = len(self.study.library.failed)
        skipped = f"{failed} file{'s' if failed != 1 else ''} skipped" if failed else "nothing skipped"
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        return printable(f"⚠ {count} in the banks ({skipped}); b shows them.\n{problems[0]}")

    def _pending(self, overview: Overview) -> None:
        banner, pending = self._pending_banner, overview.pending_exam
        elsewhere = overview.pending_elsewhere
        self._show(banner, bool(pending or elsewhere))
        if not pending:
            if elsewhere:  # an exam stays on the machine that started it (quiz.sync)
                lines = [f"Unfinished exam on {device}: {exam}. Continue it there." for device, exam in elsewhere]
                banner.update(literal_text("\n".join(lines)))
            return
        if self.study.store.read_only:
            banner.update(
                literal_text(
                    f"Unfinished exam: {self.study.pending_summary(pending)}. Continue it in the quiz that is "
                    "using your progress."
                )
            )
            return
        banner.update(
            Text.assemble(
                literal_text(f"Unfinished exam: {self.study.pending_summary(pending)}."),
                ("\nc", "bold"),
                " continue   ",
                ("d", "bold"),
                " discard",
            )
        )

    def _plan(self, overview: Overview) -> None:
        widget = self._plan_line
        load, plan = overview.workload, overview.plan
        self._show(widget, load is not None and plan is not None)
        if load is None or plan is None:
            return
        if load.days_left <= 0:
            widget.update(literal_text(f"Exam day ({plan.profile_id}). Good luck!"))
            return
        widget.update(
            Text.assemble(
                literal_text(f"{load.days_left} days to your {plan.profile_id.upper()} exam ", "bold"),
                f"({plan.exam_date:%d %b %Y}). Today: {load.due_today} reviews + {load.new_per_day} new questions "
                f"({load.unseen} not seen yet).",
            )
        )

    def _summary(self, overview: Overview) -> Text:
        text = Text()
        text.append(f"{overview.questions:,} questions", style="bold")
        banks = len(self.study.library.banks)
        text.append(f" in {banks} bank{'s' if banks != 1 else ''}")
        if overview.drills:
            text.append(f" + {overview.drills:,} DICOM/HL7 drills")
        text.append("\n")
        text.append(f"Due now: {overview.due_now}", style="bold" if overview.due_now else "")
        if overview.due_later_today:
            text.append(f" (+{overview.due_later_today} later today)")
        suspended = f"   Suspended: {overview.suspended}" if overview.suspended else ""
        text.append(f"   Missed: {overview.missed}   Leeches: {overview.leeches}{suspended}\n")
        last = overview.last_attempt
        if last is None:
            text.append("No exam taken yet: press e to start one.", style="dim")
        else:
            text.append_text(literal_text(f"Last exam: {last.title}: {last.score}/{last.total} ({last.percent:.0f}%)"))
            if last.passed is not None:
                text.append("  pass" if last.passed else "  below pass mark", style="green" if last.passed else "red")
        return text

    def _domains(self) -> str:
        """Plain aligned text: a Rich Table here was measured again on every layout pass."""
        counts = self.study.library.domain_counts()
        width = max(len(domain.label) for domain in Domain)
        digits = max(len(str(n)) for n in counts.values()) if counts else 1
        return "\n".join(f"{domain.label:<{width}}  {counts[domain]:>{digits}}" for domain in Domain)

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        await self.app.run_action(str(event.option.id))

"""The application: screens are pushed over Home; all study logic lives in `quiz.study.Study`."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from quiz.study import Study
from quiz.tui.screens.home import HomeScreen

if TYPE_CHECKING:
    from quiz.session.practice import PracticeSession
    from quiz.session.selection import PracticeFilter
    from quiz.tui.screens.setup import ExamRequest

# Screens other than Home are imported when first opened: the start-up budget is tight, and
# Markdown rendering alone costs tens of milliseconds to import.


@dataclass(frozen=True)
class StartExam:
    request: ExamRequest
    seed: int | None = None


@dataclass(frozen=True)
class StartPractice:
    chosen: PracticeFilter
    seed: int | None = None


@dataclass(frozen=True)
class StartReview:
    missed: bool = False


Start = StartExam | StartPractice | StartReview


def terminal_theme() -> str:
    """Follow the terminal's background where it says (COLORFGBG="fg;bg"); dark otherwise."""
    colours = os.environ.get("COLORFGBG", "")
    background = colours.rsplit(";", 1)[-1]
    if background.isdigit() and int(background) in (7, 15):
        return "textual-light"
    return "textual-dark"


class QuizApp(App[None]):
    CSS_PATH = "quiz.tcss"
    TITLE = "imaging-quiz"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
    ]

    def __init__(self, study: Study, *, start: Start | None = None, tick_seconds: float = 1.0) -> None:
        super().__init__()
        self.study = study
        self.start = start
        self.tick_seconds = tick_seconds
        self._remember_theme = False  # only a theme the user picks is saved, not the default
        self._theme_problem: str | None = None
        saved = study.store.settings.get("theme")
        if isinstance(saved, str) and saved in self.available_themes:
            self.theme = saved
        else:
            if saved is not None:  # e.g. a theme a Textual upgrade dropped: say so, keep the file as it is
                self._theme_problem = f"The saved theme {saved!r} is not available; using the default."
            self.theme = terminal_theme()

    def get_default_screen(self) -> HomeScreen:
        return HomeScreen(self.study)  # the base of the stack: drawn first, never popped

    def on_mount(self) -> None:
        self._remember_theme = True
        if self._theme_problem:
            self.notify(self._theme_problem, severity="warning", markup=False)
        for damage in self.study.store.damages:
            self.notify(str(damage), title="Progress file repaired", severity="warning", timeout=15)
        if self.study.recovered is not None:
            self.notify(f"Finished recording the exam submitted before the app stopped: "
                        f"{self.study.recovered.title}.", timeout=8)
        if isinstance(self.start, StartExam):
            self.begin_exam(self.start.request, seed=self.start.seed)
        elif isinstance(self.start, StartPractice):
            self.begin_practice(self.start.chosen, seed=self.start.seed)
        elif isinstance(self.start, StartReview):
            self.action_review_missed() if self.start.missed else self.action_review_due()

    def watch_theme(self, theme: str) -> None:
        """Remember a theme chosen from the command palette."""
        settings = dict(self.study.store.settings)
        if self._remember_theme and settings.get("theme") != theme:
            settings["theme"] = theme
            self.study.store.save_settings(settings)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Exam", "Start a timed exam from a profile", self.action_exam)
        yield SystemCommand("Practice", "Practise with explanations", self.action_practice)
        yield SystemCommand("Review due", "Questions the scheduler says are due", self.action_review_due)
        yield SystemCommand("Review missed", "Questions whose latest answer was wrong", self.action_review_missed)
        yield SystemCommand("Leeches", "Questions missed four or more times", self.action_leeches)
        yield SystemCommand("Stats", "Attempts and accuracy by domain", self.action_stats)
        yield SystemCommand("Banks", "Loaded banks and loading problems", self.action_banks)
        yield SystemCommand("Help", "Keys for every screen", self.action_help)

    # navigation --------------------------------------------------------------------------------
    def _to_home(self) -> None:
        """Drop whatever is above Home (an action from the palette may come from any screen)."""
        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def _busy(self) -> bool:
        from quiz.tui.screens.exam import ExamScreen
        from quiz.tui.screens.practice import PracticeScreen

        if isinstance(self.screen, ExamScreen | PracticeScreen):
            self.notify("Finish or pause the current session first.", severity="warning")
            return True
        return False

    # actions -----------------------------------------------------------------------------------
    def action_help(self) -> None:
        from quiz.tui.screens.dialogs import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    @work(exclusive=True, group="start")
    async def action_exam(self) -> None:
        from quiz.tui.screens.dialogs import ConfirmScreen
        from quiz.tui.screens.setup import ExamSetupScreen

        if self._busy():
            return
        if self.study.store.pending_session:
            replace = await self.push_screen_wait(ConfirmScreen(
                "Discard the unfinished exam?", "Starting a new exam discards the one you have not finished.",
                yes="Discard it",
            ))
            if not replace:
                return
            self.study.discard_pending_exam()
        profiles = list(self.study.library.profiles.values())
        if not profiles:
            self.notify("No exam profiles are loaded.", severity="error")
            return
        request = await self.push_screen_wait(ExamSetupScreen(profiles))
        if request is not None:
            self.begin_exam(request)

    def begin_exam(self, request: ExamRequest, *, seed: int | None = None) -> None:
        from quiz.tui.screens.exam import ExamScreen

        try:
            exam = self.study.start_exam(request.profile, seed=seed, count=request.count, minutes=request.minutes)
        except ValueError as error:
            self.notify(str(error), severity="error")
            return
        self._to_home()
        self.push_screen(ExamScreen(exam, self.tick_seconds))

    def action_resume_exam(self) -> None:
        from quiz.tui.screens.exam import ExamScreen

        if self._busy():
            return
        try:
            exam = self.study.resume_exam()
        except (ValueError, KeyError) as error:
            self.notify(f"This exam cannot be resumed: {error}", severity="error")
            return
        if exam is None:
            self.notify("There is no unfinished exam.")
            return
        self._to_home()
        self.push_screen(ExamScreen(exam, self.tick_seconds))

    @work(exclusive=True, group="start")
    async def action_discard_exam(self) -> None:
        from quiz.tui.screens.dialogs import ConfirmScreen

        if not self.study.store.pending_session:
            return
        if await self.push_screen_wait(ConfirmScreen(
            "Discard the unfinished exam?", "Its answers are not scored or scheduled.", yes="Discard"
        )):
            self.study.discard_pending_exam()
            self._refresh_home()

    @work(exclusive=True, group="start")
    async def action_practice(self) -> None:
        from quiz.tui.screens.setup import PracticeSetupScreen

        if self._busy():
            return
        topics = sorted({t for e in self.study.library.entries.values() for t in e.topics})
        chosen = await self.push_screen_wait(PracticeSetupScreen(topics))
        if chosen is not None:
            self.begin_practice(chosen)

    def begin_practice(self, chosen: PracticeFilter, *, seed: int | None = None) -> None:
        self._run_practice(lambda: self.study.start_practice(chosen, seed=seed))

    def action_review_due(self) -> None:
        if not self._busy():
            self._run_practice(self.study.review_due, empty="Nothing is due. Come back later, or practise.")

    def action_review_missed(self) -> None:
        if not self._busy():
            self._run_practice(self.study.review_missed, empty="No missed questions: nothing to review.")

    def action_leeches(self) -> None:
        if not self._busy():
            self._run_practice(self.study.review_leeches, empty="No leeches: no question was missed 4+ times.")

    def start_missed(self, *, attempt_id: str) -> None:
        self._run_practice(lambda: self.study.review_missed(attempt_id=attempt_id))

    def _run_practice(self, make: Callable[[], PracticeSession], empty: str = "No questions match.") -> None:
        from quiz.tui.screens.practice import PracticeScreen

        try:
            session = make()
        except ValueError:
            self.notify(empty)
            return
        self._to_home()
        self.push_screen(PracticeScreen(session, self.tick_seconds))

    def action_stats(self) -> None:
        from quiz.tui.screens.stats import StatsScreen

        if not self._busy():
            self._to_home()
            self.push_screen(StatsScreen(self.study))

    def action_banks(self) -> None:
        from quiz.tui.screens.banks import BanksScreen

        if not self._busy():
            self._to_home()
            self.push_screen(BanksScreen(self.study.library))

    def _refresh_home(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.refresh_overview()

"""The application: screens are pushed over Home; all study logic lives in `quiz.study.Study`.

The App owns navigation. A session screen (exam, practice) dismisses with its result, the results
screen with what the user wants next, and one worker here decides what follows, so no screen
reaches into another or into the App to move on.
"""

from __future__ import annotations

import gc
import inspect
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.screen import Screen

from quiz.durations import clock_text
from quiz.errors import CannotResumeError, NoQuestionsError, QuizError, StoreWriteError
from quiz.memory import return_free_memory
from quiz.study import Study
from quiz.text import counted, printable
from quiz.tui.actions import bindings, palette
from quiz.tui.read_only import refused
from quiz.tui.saving import saving
from quiz.tui.screens.home import HomeScreen

if TYPE_CHECKING:
    from quiz.session.custom import ExamRequest
    from quiz.session.exam import ExamSession
    from quiz.session.practice import PracticeSession
    from quiz.session.selection import PracticeFilter
    from quiz.store.results import SessionResult
    from quiz.sync.run import Exchange
    from quiz.tui.keymap import Keymap
    from quiz.tui.screens.report import ProblemReportRequested

# Screens other than Home are imported when first opened: the start-up budget is tight.


# What the app opens into. Named tuples, not dataclasses: making a dataclass runs generated code
# (0.3 to 1 ms each), and the modules on the way to Home's first frame made a dozen of them.
class StartExam(NamedTuple):
    request: ExamRequest
    seed: int | None = None


class StartPractice(NamedTuple):
    chosen: PracticeFilter
    seed: int | None = None


class StartReview(NamedTuple):
    missed: bool = False


class StartToday(NamedTuple):
    seed: int | None = None


class StartBrowse(NamedTuple):
    query: str = ""


class StartCram(NamedTuple):
    questions: int = 20
    seed: int | None = None


Start = StartExam | StartPractice | StartReview | StartToday | StartBrowse | StartCram


def terminal_theme() -> str:
    """Follow the terminal's background where it says (COLORFGBG="fg;bg"); dark otherwise."""
    colours = os.environ.get("COLORFGBG", "")
    background = colours.rsplit(";", 1)[-1]
    if background.isdigit() and int(background) in (7, 15):
        return "textual-light"
    return "textual-dark"


STYLESHEET = Path(__file__).with_name("quiz.tcss")
# Where quiz.tcss stops holding what Home needs: the rest is parsed once Home's first frame is drawn
# (parsing it is a tenth of a start-up). The rules keep their order, so the result is the same.
AFTER_HOME = "/* After Home's first frame"


def stylesheet_parts() -> tuple[str, str]:
    """quiz.tcss in two: what the app's chrome and Home need, and the rest (in file order)."""
    text = STYLESHEET.read_text(encoding="utf-8")
    home, marker, rest = text.partition(AFTER_HOME)
    return home, marker + rest


class QuizApp(App[None]):
    TITLE = "imaging-quiz"
    BINDINGS: ClassVar[list[BindingType]] = bindings("app")

    def __init__(
        self,
        study: Study,
        *,
        start: Start | None = None,
        tick_seconds: float = 1.0,
        keymap: Keymap | None = None,
        resume_gc: bool = False,
    ) -> None:
        super().__init__()
        # the one stylesheet, read here instead of through CSS_PATH so that its second part can wait
        # for Home's first frame; a start straight into a flow draws another screen first: all now
        home, self._css_after_home = stylesheet_parts()
        self.stylesheet.add_source(home, read_from=(str(STYLESHEET), ""))
        if start is not None:
            self._add_css_after_home()
        self.study = study
        self._resume_gc = resume_gc  # the `quiz` command pauses the collector until the first frame
        self.keymap_problems = keymap.problems if keymap else []
        self._asking_about_a_write = False
        if keymap and keymap.keys:
            self.set_keymap(keymap.keys)
        self.start = start
        self.tick_seconds = tick_seconds
        self._remember_theme = False  # only a theme the user picks is saved, not the default
        self._theme_problem: str | None = None
        saved = study.store.settings.theme
        if saved is not None and saved in self.available_themes:
            self.theme = saved
        else:
            if saved is not None:  # e.g. a theme a Textual upgrade dropped: say so, keep the file as it is
                self._theme_problem = f"The saved theme {saved!r} is not available; using the default."
            self.theme = terminal_theme()

    @property
    def read_only(self) -> bool:
        """Another app holds the progress: this one only looks (quiz.tui.read_only)."""
        return self.study.store.read_only

    # failed writes ------------------------------------------------------------------------------
    def write_failed(self, error: StoreWriteError, retry: Callable[[], object] | None) -> None:
        """Show a failed write, once at a time (the exam's clock may meet the same failure every
        second); "try again" runs `retry`, "quit" leaves with everything saved before kept."""
        if self._asking_about_a_write:
            return
        self._asking_about_a_write = True
        self._ask_about_write(error, retry)

    @work(group="write-failed")
    async def _ask_about_write(self, error: StoreWriteError, retry: Callable[[], object] | None) -> None:
        from quiz.tui.screens.dialogs import WriteFailedScreen

        again = await self.push_screen_wait(WriteFailedScreen(error.user_message))
        self._asking_about_a_write = False
        if not again:
            self.exit(return_code=1)  # a failed write is not a clean end
            return
        if retry is not None:
            try:
                outcome = retry()
                if inspect.isawaitable(outcome):
                    await outcome
            except StoreWriteError as again_failed:
                self.write_failed(again_failed, retry)

    # problem reports -----------------------------------------------------------------------------
    def on_problem_report_requested(self, request: ProblemReportRequested) -> None:
        self._report_problem(request)

    @work(group="report")
    async def _report_problem(self, request: ProblemReportRequested) -> None:
        from quiz.tui.screens.report import ReportProblemScreen

        if refused(self, self.study, "A problem report"):
            return
        draft = await self.push_screen_wait(ReportProblemScreen(request.key))
        if draft is None:
            return

        def keep() -> None:
            self.study.report_problem(
                request.key,
                request.question,
                request.presentation,
                reason=draft.reason,
                text=draft.text,
                answer=request.answer,
            )
            self.notify("Report saved. `quiz feedback export` prints your reports for the bank's author.", timeout=6)

        try:
            keep()
        except StoreWriteError as error:
            self.write_failed(error, keep)

    def on_delivery_failed(self, event: events.DeliveryFailed) -> None:
        """A download the browser did not get (the tab closed, the connection dropped)."""
        from quiz.tui.downloads import DELIVERY_NAME

        if event.name == DELIVERY_NAME:
            self.notify(
                printable(f"The download did not finish: {event.exception}. Try the export again."),
                severity="error",
                timeout=10,
                markup=False,
            )

    def get_default_screen(self) -> HomeScreen:
        return HomeScreen(self.study)  # the base of the stack: drawn first, never popped

    def _add_css_after_home(self) -> None:
        if self._css_after_home:
            self.stylesheet.add_source(self._css_after_home, read_from=(str(STYLESHEET), "after-home"))
            self._css_after_home = ""

    def on_ready(self) -> None:
        """Home's first frame is drawn: start-up is over (see quiz.cli._run_app)."""
        if self._css_after_home:  # before any key is handled: every screen finds its rules
            self._add_css_after_home()
            self.stylesheet.parse()
            self.stylesheet.update(self)
        if self._resume_gc:
            gc.freeze()
            gc.enable()
        return_free_memory()  # what loading freed goes back to the system, not kept at its peak
        self._sync_after_session()  # at start: what the other machines did since

    def _sync_after_session(self) -> None:
        """Sync at start and after each finished session, so the other machines see a session
        without waiting for this app to quit (`quiz.cli` syncs once more then)."""
        if self.study.store.settings.sync_folder is not None and not self.read_only:
            self._sync_in_background()

    # syncing with the user's other machines (quiz.sync) -------------------------------------------
    @work(thread=True, exclusive=True, group="sync")
    def _sync_in_background(self) -> None:
        """The folder's file work off the event loop (a network share may be slow); what it read is
        merged on the app's thread, which owns the store."""
        try:
            exchanged = self.study.sync_exchange()
        except Exception as error:  # a folder in any state must never stop the app: said, tried at the next sync
            self.call_from_thread(self._sync_failed, error)
            return
        self.call_from_thread(self._merge_synced, exchanged)

    def _sync_failed(self, error: Exception) -> None:
        message = error.user_message if isinstance(error, QuizError) else f"{type(error).__name__}: {error}"
        self.notify(
            printable(f"{message} Studying from this machine's copy; the next sync tries again."),
            title="Not synced now",
            severity="warning",
            timeout=10,
            markup=False,
        )

    def _merge_synced(self, exchanged: Exchange | None) -> None:
        try:
            report = self.study.sync_apply(exchanged)
        except Exception as error:  # what was merged stays (each write is whole); the rest comes next time
            self._sync_failed(error)
            return
        if report.folder_missing or report.new_events or report.settings_taken:
            self.notify(printable(report.summary()), title="Sync", timeout=8, markup=False)
        for problem in report.problems:
            self.notify(printable(problem), title="Sync folder", severity="warning", timeout=15, markup=False)
        if (report.new_events or report.unfinished_elsewhere) and isinstance(self.screen, HomeScreen):
            self.screen.refresh_overview()  # other screens count again when they are opened

    def on_mount(self) -> None:
        self._remember_theme = True
        if self._theme_problem:
            self.notify(self._theme_problem, severity="warning", markup=False)
        for problem in self.keymap_problems:
            self.notify(printable(problem), title="Keymap", severity="warning", timeout=15, markup=False)
        for damage in self.study.store.damages:
            self.notify(
                printable(str(damage)), title="Progress file repaired", severity="warning", timeout=15, markup=False
            )
        if self.study.recovery_error is not None:
            self.notify(
                printable(self.study.recovery_error.user_message),
                title="An exam's submit is not finished",
                severity="error",
                timeout=30,
                markup=False,
            )
        if self.study.recovered is not None:
            self.notify(
                printable(
                    f"Finished recording the exam submitted before the app stopped: {self.study.recovered.title}."
                ),
                timeout=8,
                markup=False,
            )
        if isinstance(self.start, StartExam):
            self._open_exam(self.start.request, seed=self.start.seed)
        elif isinstance(self.start, StartPractice):
            self.begin_practice(self.start.chosen, seed=self.start.seed)
        elif isinstance(self.start, StartReview):
            self.action_review_missed() if self.start.missed else self.action_review_due()
        elif isinstance(self.start, StartCram):
            cram = self.start
            self._run_practice(
                lambda: self.study.cram(count=cram.questions, seed=cram.seed),
                empty="Nothing to cram: cram goes over questions you have studied.",
                what="Cram",
            )
        elif isinstance(self.start, StartToday):
            self.begin_today(seed=self.start.seed)
        elif isinstance(self.start, StartBrowse):
            self.action_browse(self.start.query)

    def watch_theme(self, theme: str) -> None:
        """Remember a theme chosen from the command palette."""
        settings = self.study.store.settings
        if self._remember_theme and settings.theme != theme and self.read_only:
            self.notify("The theme is used in this window only: another quiz is using your progress.", timeout=6)
            return
        if self._remember_theme and settings.theme != theme:
            try:
                self.study.store.save_settings(settings.changed(theme=theme))
            except StoreWriteError as error:  # the theme is used anyway, just not remembered
                self.notify(printable(error.user_message), severity="warning", markup=False)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for action in palette():
            name = action.action.removeprefix("app.")
            yield SystemCommand(action.name, action.palette, getattr(self, f"action_{name}"))

    # navigation --------------------------------------------------------------------------------
    def _to_home(self) -> None:
        """Drop whatever is above Home (an action from the palette may come from any screen), and
        the flow that was waiting on it."""
        self.workers.cancel_group(self, "flow")
        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def _session_screen(self) -> Screen[Any] | None:
        from quiz.tui.screens.exam import ExamScreen
        from quiz.tui.screens.practice import PracticeScreen

        return next((s for s in self.screen_stack if isinstance(s, ExamScreen | PracticeScreen)), None)

    def _busy(self) -> bool:
        if self._session_screen() is not None:
            self.notify("Finish or pause the current session first.", severity="warning")
            return True
        return False

    def _start_flow(self, screen: Screen[SessionResult | None]) -> None:
        if refused(self, self.study, "A session"):  # the actions refuse first; nothing may start here
            return
        self._to_home()
        self._flow(screen)

    @work(exclusive=True, group="flow")
    async def _flow(self, screen: Screen[SessionResult | None]) -> None:
        """A session, then its results, then whatever the user picks there (practise the misses ...)."""
        from quiz.tui.screens.practice import PracticeScreen
        from quiz.tui.screens.results import AfterResults, ResultsScreen

        outcome = await self.push_screen_wait(screen)
        if outcome is not None:
            self._sync_after_session()
        while outcome is not None:
            results = ResultsScreen(outcome, self.study.questions_as_asked(outcome), self.study)
            after = await self.push_screen_wait(results)
            if after is not AfterResults.PRACTISE_MISSES:
                break
            try:
                session = self.study.review_missed(attempt_id=outcome.session_id)
            except NoQuestionsError:
                self.notify("No misses left to practise.")
                break
            outcome = await self.push_screen_wait(PracticeScreen(session))
        self._refresh_home()

    # actions -----------------------------------------------------------------------------------
    def action_help(self) -> None:
        from quiz.tui.screens.dialogs import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    @work(exclusive=True, group="quit")
    async def action_request_quit(self) -> None:
        """Quit; mid-exam, say first that the exam is kept and how to come back to it."""
        from quiz.tui.screens.dialogs import ConfirmScreen
        from quiz.tui.screens.exam import ExamScreen

        exam_screen = self._session_screen()
        if (
            not isinstance(exam_screen, ExamScreen)
            or exam_screen.exam.finished
            or (isinstance(self.screen, ConfirmScreen) and self.screen.id == "confirm-quit")
        ):
            self.exit()
            return
        exam = exam_screen.exam
        answered = exam.total - len(exam.unanswered())
        left = "" if exam.remaining is None else f", {clock_text(exam.remaining)} left"
        if await self.push_screen_wait(
            ConfirmScreen(
                "Quit the app?",
                f"Your exam is saved ({answered} of {exam.total} answered{left}); the clock stops until you "
                "continue it from Home.",
                yes="Quit",
                id="confirm-quit",
            )
        ):
            if not exam.finished:
                exam.checkpoint()
            self.exit()

    @work(exclusive=True, group="start")
    async def action_exam(self) -> None:
        from quiz.tui.screens.setup import ExamSetupScreen

        if self._busy() or refused(self, self.study, "An exam"):
            return
        if self.study.store.pending_session and not await self._settle_pending_exam():
            return
        profiles = list(self.study.library.profiles.values())
        if not profiles:
            self.notify("No exam profiles are loaded.", severity="error")
            return
        banks = [(loaded.bank.bank, loaded.bank.title) for loaded in self.study.library.banks]
        request = await self.push_screen_wait(ExamSetupScreen(profiles, self.study.check_exam, banks))
        if request is not None:
            self.begin_exam(request)

    async def _settle_pending_exam(self) -> bool:
        """An unfinished exam is never thrown away silently: continue it, discard it, or keep it
        and do nothing. True when the way is clear for a new exam."""
        from quiz.tui.screens.dialogs import PendingChoice, PendingExamScreen

        pending = self.study.store.pending_session
        if pending is None:
            return True
        choice = await self.push_screen_wait(PendingExamScreen(self.study.pending_summary(pending)))
        if choice is PendingChoice.CONTINUE:
            self.action_resume_exam()
            return False
        if choice is PendingChoice.DISCARD:
            self._discard()
            return True
        return False

    @work(exclusive=True, group="start")
    async def _open_exam(self, request: ExamRequest, *, seed: int | None = None) -> None:
        """`quiz exam ...` from the shell: the same choice as `e` when an exam is unfinished."""
        if not request.tutor and self.study.store.pending_session and not await self._settle_pending_exam():
            return  # a tutor exam leaves an unfinished timed exam as it is
        self.begin_exam(request, seed=seed)

    @saving
    def begin_exam(self, request: ExamRequest, *, seed: int | None = None) -> None:
        if refused(self, self.study, "An exam"):
            return
        if request.tutor:  # an exam's draw, taken as practice is: marked at each answer, no clock
            self._run_practice(lambda: self.study.start_tutor(request, seed=seed), what="An exam")
            return
        try:
            exam = self.study.start_exam(request, seed=seed)
        except QuizError as error:
            self.notify(printable(str(error)), severity="error", markup=False)
            return
        self._run_exam(exam)

    def _run_exam(self, exam: ExamSession) -> None:
        from quiz.tui.screens.exam import ExamScreen

        self._start_flow(ExamScreen(exam, self.tick_seconds))

    @saving
    def action_resume_exam(self) -> None:
        if self._busy() or refused(self, self.study, "Continuing the exam"):
            return
        try:
            exam = self.study.resume_exam()
        except CannotResumeError as error:
            self.notify(printable(f"This exam cannot be resumed: {error}"), severity="error", markup=False)
            return
        if exam is None:
            self.notify("There is no unfinished exam.")
            return
        self._run_exam(exam)

    @work(exclusive=True, group="start")
    async def action_discard_exam(self) -> None:
        from quiz.tui.screens.dialogs import ConfirmScreen

        if not self.study.store.pending_session or refused(self, self.study, "Discarding the exam"):
            return
        if await self.push_screen_wait(
            ConfirmScreen("Discard the unfinished exam?", "Its answers are not scored or scheduled.", yes="Discard")
        ):
            self._discard()

    @saving
    def _discard(self) -> None:
        self.study.discard_pending_exam()
        self.clear_notifications()  # "Exam saved" and the like no longer hold
        self._refresh_home()

    @work(exclusive=True, group="start")
    async def action_practice(self) -> None:
        from quiz.tui.screens.setup import PracticeSetupScreen

        if self._busy() or refused(self, self.study, "Practice"):
            return
        banks = [(loaded.bank.bank, loaded.bank.title) for loaded in self.study.library.banks]
        chosen = await self.push_screen_wait(PracticeSetupScreen(self.study.topics(), banks))
        if chosen is not None:
            self.begin_practice(chosen)

    def begin_practice(self, chosen: PracticeFilter, *, seed: int | None = None) -> None:
        self._run_practice(lambda: self.study.start_practice(chosen, seed=seed), what="Practice")

    def action_review_due(self) -> None:
        if not self._busy():
            self._run_practice(
                self.study.review_due, empty="Nothing is due. Come back later, or practise.", what="A review"
            )

    def action_today(self) -> None:
        self.begin_today()

    @work(group="today", exclusive=True)
    async def begin_today(self, *, seed: int | None = None) -> None:
        """Today's study, its counts shown first: the app asks before starting it."""
        from quiz.tui.screens.dialogs import ConfirmScreen
        from quiz.tui.screens.practice import PracticeScreen

        if self._busy() or refused(self, self.study, "Today's study"):
            return
        today = self.study.today(seed=seed)
        if not today.entries:
            self.notify("Nothing to study today: no review is due and the day's new questions are done.", timeout=6)
            return
        plan = self.study.scheduling.plan
        source = (
            f"your plan for the {plan.profile_id} exam on {plan.exam_date.isoformat()} asks {today.new_wanted} a day"
            if plan is not None and self.study.plan_workload() is not None
            else f"{today.new_wanted} a day with no exam date set (quiz plan --date sets one)"
        )
        detail = (
            f"{counted(len(today.due), 'review')} due today, then {counted(len(today.new), 'new question')}: "
            f"{source}, {today.new_seen_today} seen today already. {counted(len(today.entries), 'question')} in all."
        )
        if not await self.push_screen_wait(ConfirmScreen("Today's study", detail, yes="Start")):
            return
        self._start_flow(PracticeScreen(self.study.start_today(today, seed=seed)))

    def action_cram(self) -> None:
        if not self._busy():
            self._run_practice(
                self.study.cram, empty="Nothing to cram: cram goes over questions you have studied.", what="Cram"
            )

    def action_review_missed(self) -> None:
        if not self._busy():
            self._run_practice(
                self.study.review_missed, empty="No missed questions: nothing to review.", what="A review"
            )

    def action_leeches(self) -> None:
        if not self._busy():
            self._run_practice(
                self.study.review_leeches, empty="No leeches: no question was missed 4+ times.", what="Practice"
            )

    def _run_practice(
        self, make: Callable[[], PracticeSession], empty: str = "No questions match.", *, what: str = "A session"
    ) -> None:
        from quiz.tui.screens.practice import PracticeScreen

        if refused(self, self.study, what):
            return
        try:
            session = make()
        except NoQuestionsError:
            self.notify(empty)
            return
        self._start_flow(PracticeScreen(session))

    def action_stats(self) -> None:
        from quiz.tui.screens.stats import StatsScreen

        if not self._busy():
            self._to_home()
            self.push_screen(StatsScreen(self.study))

    @work(group="browser", exclusive=True)
    async def action_browse(self, query: str = "") -> None:
        from quiz.tui.screens.browser import BrowserScreen

        if self._busy():
            return
        self._to_home()
        keys = await self.push_screen_wait(BrowserScreen(self.study, query))
        if keys:
            self._run_practice(lambda: self.study.practise_keys(keys), what="Practice")

    @work(group="editor", exclusive=True)
    async def edit_question(self, key: str) -> None:
        """Open the question's bank file in the user's editor at its line; a shipped bank is first
        offered as a copy in the user's banks folder. The banks are loaded again afterwards."""
        import os
        import subprocess

        from textual.app import SuspendNotSupported

        from quiz.banks.editing import copy_for_editing, editor_command, question_line
        from quiz.paths import user_paths
        from quiz.tui.screens.dialogs import ConfirmScreen

        bank_id, _, question_id = key.partition("/")
        loaded = next((b for b in self.study.library.banks if b.bank.bank == bank_id), None)
        if loaded is None:
            self.notify("This question is not from a bank file (a generated drill).", timeout=4)
            return
        path = loaded.path
        if loaded.shipped:
            banks = user_paths().banks
            detail = (
                f"{bank_id} ships with the app, and an update would replace your edits. Edit a copy in your "
                f"banks folder ({banks / path.name}) instead? The copy then replaces the shipped bank "
                "(delete it to go back)."
            )
            if not await self.push_screen_wait(ConfirmScreen("Edit a copy of a shipped bank?", detail, yes="Copy")):
                return
            try:
                path = copy_for_editing(path, banks)
            except OSError as error:
                self.notify(printable(f"Cannot copy the bank: {error.strerror or error}"), severity="error")
                return
        command = editor_command(path, question_line(path, question_id), os.environ)
        try:
            with self.suspend():
                subprocess.run(command, check=False)
        except SuspendNotSupported:
            self.notify("This terminal cannot be handed to an editor.", severity="warning", timeout=6)
            return
        except OSError as error:
            self.notify(
                printable(f"Cannot start the editor {command[0]}: {error.strerror or error}. Set $EDITOR."),
                severity="error",
                timeout=8,
                markup=False,
            )
            return
        problems = self.study.reload_banks()
        if problems:
            self.notify(
                printable(f"Banks loaded again, with problems: {problems[0]}"), severity="warning", markup=False
            )
        else:
            self.notify("Banks loaded again with your edits.", timeout=4)
        self._refresh_home()

    def action_banks(self) -> None:
        from quiz.tui.screens.banks import BanksScreen

        if not self._busy():
            self._to_home()
            self.push_screen(BanksScreen(self.study))

    def _refresh_home(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.refresh_overview()

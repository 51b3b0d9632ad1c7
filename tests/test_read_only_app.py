"""The app beside another that holds the progress (a second browser tab under `quiz serve`, a second
terminal): it opens read-only and says why; whatever only looks works, whatever would record is
refused with the reason before it starts, and not one byte of the progress changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from quiz.cli import main
from quiz.clock import ManualClock
from quiz.errors import StoreBusyError
from quiz.paths import UserPaths
from quiz.scheduling.fsrs import Scheduling
from quiz.session.exam import ExamSession
from quiz.store.progress import ProgressStore
from quiz.study import Study
from quiz.tui.app import QuizApp
from quiz.tui.screens.banks import BanksScreen
from quiz.tui.screens.browser import BrowserScreen
from quiz.tui.screens.home import HomeScreen
from quiz.tui.screens.question_detail import QuestionDetailScreen
from quiz.tui.screens.stats import StatsScreen
from tests.choices import choose
from tests.screen_text import screen_text
from tests.store_faults import folder_bytes
from tests.tui_support import PROFILES, snapshot_library

HOME_KEYS_THAT_RECORD = {
    "e": "An exam",
    "p": "Practice",
    "t": "Today's study",
    "r": "A review",
    "m": "A review",
    "k": "Cram",
    "l": "Practice",
    "c": "Continuing the exam",
    "d": "Discarding the exam",
}


def running_app(folder: Path) -> ProgressStore:
    """The store of an app that is running (it holds the lock): a finished exam and an unfinished one."""
    clock = ManualClock()
    library = snapshot_library()
    store = ProgressStore.open(folder, clock.now())
    scheduling = Scheduling(fuzzing=False)
    finished = ExamSession.start(library, PROFILES["quick"], clock=clock, scheduling=scheduling, store=store, seed=1)
    for _ in range(3):
        choose(finished, 0)
        finished.next()
    finished.submit()
    pending = ExamSession.start(library, PROFILES["quick"], clock=clock, scheduling=scheduling, store=store, seed=2)
    choose(pending, 1)
    return store


def read_only_app(folder: Path) -> QuizApp:
    clock = ManualClock()
    store = ProgressStore.open(folder, clock.now(), read_only=True)
    study = Study(snapshot_library(), store, clock=clock, fuzzing=False)
    study.busy = f"another quiz is already running with the progress in {folder}; close it first"
    return QuizApp(study, tick_seconds=0.05)


def last_notice(app: QuizApp) -> tuple[str, str]:
    notice = list(app._notifications)[-1]
    return notice.title, notice.message


def test_beside_a_running_app_the_app_opens_read_only_and_a_command_that_looks_too(paths: UserPaths) -> None:
    writer = running_app(paths.progress)
    try:
        with pytest.raises(StoreBusyError, match="already running"):
            Study.open(paths)
        study = Study.open(paths, read_only_if_busy=True)
        try:
            assert study.store.read_only
            assert study.busy is not None and "already running" in study.busy
            assert len(study.store.attempts) == 1 and study.store.pending_session is not None
        finally:
            study.close()
    finally:
        writer.close()
    alone = Study.open(paths, read_only_if_busy=True)  # nobody else: this one writes
    try:
        assert not alone.store.read_only and alone.busy is None
    finally:
        alone.close()


@pytest.mark.parametrize("command", [["exam"], ["practice"], ["review"], ["today"], ["cram"], ["missed"]])
def test_a_command_that_goes_straight_into_a_session_refuses_beside_a_running_app(
    paths: UserPaths, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    writer = running_app(paths.progress)
    try:
        before = folder_bytes(paths.progress)
        assert main(command) == 1
        error = capsys.readouterr().err
        assert "already running" in error and "plain `quiz` opens read-only beside it" in error
        assert folder_bytes(paths.progress) == before
    finally:
        writer.close()


async def test_read_only_home_says_why_and_refuses_everything_that_records(tmp_path: Path) -> None:
    writer = running_app(tmp_path)
    try:
        before = folder_bytes(tmp_path)
        app = read_only_app(tmp_path)
        async with app.run_test(size=(100, 32)) as pilot:
            assert isinstance(app.screen, HomeScreen)
            assert app.read_only
            banner = str(app.screen.query_one("#read-only", Static).render())
            assert banner.startswith("Read-only: another quiz") and "nothing that records does" in banner
            assert app.screen.query_one("#read-only").region.height > 0  # shown, not only composed
            assert "read-only" in screen_text(app).splitlines()[0]  # the title bar says it too
            pending = str(app.screen.query_one("#pending", Static).render())
            assert "Continue it in the quiz that is using your progress" in pending and "discard" not in pending
            for key, what in HOME_KEYS_THAT_RECORD.items():
                app.clear_notifications()
                await pilot.press(key)
                await pilot.pause()
                assert isinstance(app.screen, HomeScreen), key
                title, message = last_notice(app)
                assert title == "Read-only", key
                assert message.startswith(f"{what} would record progress, and another quiz is using yours"), key
        assert folder_bytes(tmp_path) == before
    finally:
        writer.close()


async def test_read_only_stats_banks_and_browser_work_and_their_changes_are_refused(tmp_path: Path) -> None:
    writer = running_app(tmp_path)
    try:
        before = folder_bytes(tmp_path)
        app = read_only_app(tmp_path)
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.press("s")
            await pilot.pause()
            assert isinstance(app.screen, StatsScreen)
            assert [a.title for a in app.screen.stats.attempts] == ["Quick 10"]  # read from the running app's files
            await pilot.press("l")  # practise leeches: records
            await pilot.pause()
            assert isinstance(app.screen, StatsScreen) and last_notice(app)[0] == "Read-only"
            await pilot.press("escape", "b")
            await pilot.pause()
            assert isinstance(app.screen, BanksScreen)
            await pilot.press("escape", "B")
            await pilot.pause()
            browser = app.screen
            assert isinstance(browser, BrowserScreen) and browser.shown
            await pilot.press("enter")  # from the search to the table
            for key in ("s", "b", "p"):  # suspend, bury, practise these
                app.clear_notifications()
                await pilot.press(key)
                await pilot.pause()
                assert app.screen_stack[-1] is browser, key
                assert last_notice(app)[0] == "Read-only", key
            assert not app.study.store.states.suspended
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, QuestionDetailScreen)
            for key in ("s", "exclamation_mark"):  # suspend; report a problem
                app.clear_notifications()
                await pilot.press(key)
                await pilot.pause()
                assert isinstance(app.screen, QuestionDetailScreen), key
                assert last_notice(app)[0] == "Read-only", key
        assert folder_bytes(tmp_path) == before
    finally:
        writer.close()


async def test_a_theme_picked_read_only_is_used_but_not_saved(tmp_path: Path) -> None:
    writer = running_app(tmp_path)
    try:
        before = folder_bytes(tmp_path)
        app = read_only_app(tmp_path)
        async with app.run_test(size=(100, 32)) as pilot:
            app.theme = "textual-light"
            await pilot.pause()
            assert app.theme == "textual-light"
            assert "this window only" in last_notice(app)[1]
        assert folder_bytes(tmp_path) == before
    finally:
        writer.close()

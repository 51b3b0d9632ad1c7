"""The start-up shortcuts keep behaviour: the time they save is budgeted (benchmarks/startup.py)."""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import Static

from quiz import cli
from quiz.library import Library
from quiz.models import LazyQuestions
from quiz.session.custom import ExamRequest
from quiz.store.files import StoreError
from quiz.study import Study
from quiz.tui.app import QuizApp, StartExam
from quiz.tui.screens.home import HomeScreen
from tests.tui_support import PROFILES, make_app


def test_no_arguments_is_what_the_parser_makes_of_an_empty_command_line() -> None:
    args = cli.build_parser().parse_args([])
    args.bank = [*args.top_bank, *getattr(args, "bank", [])]  # as `_main` completes it
    args.all_attributes = args.top_all_attributes or getattr(args, "all_attributes", False)
    assert vars(args) == vars(cli.no_arguments())


@pytest.mark.parametrize("argv", [[], None])
def test_plain_quiz_opens_the_app_without_the_parser(argv: list[str] | None, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[argparse.Namespace] = []

    def run_app(args: argparse.Namespace) -> int:
        opened.append(args)
        return 0

    monkeypatch.setattr(sys, "argv", ["quiz"])
    monkeypatch.setattr(cli, "build_parser", lambda: pytest.fail("the parser was built"))
    monkeypatch.setattr(cli, "_run_app", run_app)
    assert cli.main(argv) == 0
    assert [vars(a) for a in opened] == [vars(cli.no_arguments())]


def test_the_collector_is_back_on_when_the_app_cannot_start(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> Study:
        assert not gc.isenabled()  # paused for the start-up
        raise StoreError("the progress folder is locked")

    monkeypatch.setattr(Study, "open", refuse)
    assert cli.main([]) == 1
    assert gc.isenabled()


async def test_a_summary_line_hidden_at_start_is_mounted_in_its_place_when_it_shows(tmp_path: Path) -> None:
    """Home mounts only the lines it shows at start-up; the unfinished-exam banner, once there is an
    exam to continue, comes first, as if it had been there all along (hidden)."""
    app = make_app(tmp_path, start=StartExam(ExamRequest(PROFILES["ciip"]), seed=1))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        home = app.screen_stack[0]
        assert isinstance(home, HomeScreen)
        summary = home.query_one("#summary")
        assert [line.id for line in summary.children] == ["progress-summary", "domain-counts"]
        await pilot.press("a", "escape")
        await pilot.pause()
        await pilot.click("#save")
        await pilot.pause()
        assert app.screen is home
        assert [line.id for line in summary.children] == ["pending", "progress-summary", "domain-counts"]
        banner = home.query_one("#pending", Static)
        assert banner.display and "1 of 20 answered" in str(banner.render())
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not banner.display


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_memory_freed_by_loading_goes_back_to_the_system(tmp_path: Path) -> None:
    """What the app does once Home is drawn: the data a start-up decoded and dropped (a large
    bank's cache) is not kept resident."""
    from benchmarks.synthetic import write_synthetic_bank

    (tmp_path / "banks").mkdir()
    write_synthetic_bank(tmp_path / "banks" / "large.yaml", 20_000)  # the budgeted size
    env = {**os.environ, "QUIZ_HOME": str(tmp_path)}
    subprocess.run(
        [sys.executable, "-c", "from quiz.study import Study; Study.open().close()"],
        env=env,
        check=True,
        capture_output=True,
    )  # fills the cache: the next start is a warm one
    code = (
        "from quiz.memory import return_free_memory\n"
        "from quiz.study import Study\n"
        "def rss():\n"
        "    return next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmRSS'))\n"
        "study = Study.open(); study.overview()\n"
        "before = rss(); return_free_memory(); print(before - rss())\n"
    )
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert int(result.stdout) >= 10_000, f"{result.stdout.strip()} kB released"


async def test_a_warm_start_builds_no_question_until_one_is_asked() -> None:
    """The bank cache keeps each bank's questions as JSON until something reads one: Home is drawn
    from the banks' summaries alone (issue 15's start-up budget), and the questions are the same
    as the eagerly loaded ones once they are read."""
    Study.open().close()  # parses the YAML and fills the cache: the next start is a warm one
    eager = Library.load(use_cache=False)
    study = Study.open()
    lazy = [loaded.bank.questions for loaded in study.library.banks]
    assert lazy and all(isinstance(questions, LazyQuestions) for questions in lazy)
    app = QuizApp(study)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert not any(questions.built for questions in lazy if isinstance(questions, LazyQuestions))
        assert study.library.question_count == eager.question_count
    study.close()
    assert [loaded.bank.questions for loaded in study.library.banks] == [b.bank.questions for b in eager.banks]
    for key, entry in eager.entries.items():
        assert study.library.entries[key].variant(3) == entry.variant(3)


async def test_the_stylesheet_parsed_after_homes_first_frame_holds_no_rule_home_uses(tmp_path: Path) -> None:
    """quiz.tcss is parsed in two parts, the second once Home is drawn: no rule of the second part
    may style anything Home shows (it would change Home a moment after it was drawn), and every
    rule is in force before the first key is handled, and after a change of theme."""
    from textual.css.match import match

    from quiz.tui.app import STYLESHEET, stylesheet_parts

    home_css, later_css = stylesheet_parts()
    assert home_css and later_css and home_css + later_css == STYLESHEET.read_text(encoding="utf-8")
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        later = app.stylesheet.source[(str(STYLESHEET), "after-home")].content
        assert later == later_css
        later_rules = app.stylesheet._parse_rules(later, (str(STYLESHEET), "after-home"))
        assert len(later_rules) > 50
        nodes = [app, *home.walk_children(with_self=True)]
        styled = [(rule.css, node) for rule in later_rules for node in nodes if match(rule.selector_set, node)]
        assert styled == []
        await pilot.press("B")  # the browser's rules are in the second part
        await pilot.pause()
        preview = app.screen.query_one("#browse-preview")
        height = preview.styles.height
        assert height is not None and str(height) != "auto"
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        assert preview.styles.height == height

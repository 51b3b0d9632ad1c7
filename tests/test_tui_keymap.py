"""A user keymap rebinds keys by binding id; whatever cannot apply is said and ignored."""

from __future__ import annotations

import re
from pathlib import Path

from quiz.session.custom import ExamRequest
from quiz.tui.app import QuizApp, StartExam
from quiz.tui.keymap import checked, load_keymap
from tests.screen_text import screen_lines, screen_text
from tests.tui_support import PROFILES, exam_screen, make_app


def test_good_entries_apply_and_bad_ones_are_named() -> None:
    keymap = checked(
        {
            "exam.flag": "m",
            "exam.flagg": "k",
            "exam.next": "ctrl+nosuchkey",
            "exam.grid": "n",
            "home.stats": "question_mark",
            "practice.guess": "?",
        }
    )
    assert keymap.keys == {"exam.flag": "m"}
    text = "\n".join(keymap.problems)
    assert "no key binding 'exam.flagg' (did you mean 'exam.flag'?)" in text
    assert "exam.next: ctrl+nosuchkey is not a key" in text
    assert "exam.grid: n is already exam.next's key on the Exam screen" in text
    assert "home.stats: question_mark is already app.help's key" in text
    assert "practice.guess: ? is already app.help's key" in text


def test_a_keymap_file_is_read_safely(tmp_path: Path) -> None:
    path = tmp_path / "keymap.yaml"
    assert load_keymap(path).keys == {}
    path.write_text("exam.flag: m\nexam.clear: [x]\n")
    assert "binding id: keys" in load_keymap(path).problems[0]
    path.write_text("exam.flag: m\n  bad: indentation\n")
    assert load_keymap(path).problems and not load_keymap(path).keys
    path.write_text("# my keys\nexam.flag: m\n")
    assert load_keymap(path).keys == {"exam.flag": "m"}


async def test_a_remapped_key_works_the_old_one_does_not_and_help_shows_it(tmp_path: Path) -> None:
    app = make_app(tmp_path, start=StartExam(ExamRequest(PROFILES["ciip"]), seed=1))
    app = QuizApp(app.study, start=app.start, tick_seconds=0.05, keymap=checked({"exam.flag": "m"}))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        exam = exam_screen(app).exam
        assert " m Flag " in screen_lines(app)[-1]
        await pilot.press("f")
        assert not exam.is_flagged(0)
        await pilot.press("m")
        assert exam.is_flagged(0)
        await pilot.press("question_mark")
        await pilot.pause()
        seen = ""
        for _ in range(10):
            seen += screen_text(app)
            await pilot.press("pagedown")
            await pilot.pause()
        assert re.search(r"█\s+m\s+flag the question", seen)
    app.study.close()


async def test_problems_with_the_keymap_are_shown_at_start(tmp_path: Path) -> None:
    base = make_app(tmp_path)
    app = QuizApp(base.study, tick_seconds=0.05, keymap=checked({"home.exam": "x", "nope": "y"}))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert any("no key binding 'nope'" in str(n.message) for n in app._notifications)
        assert re.search(r"Exam\s+x", screen_text(app))  # Home's menu names the key in force
        await pilot.press("x")
        await pilot.pause()
        assert type(app.screen).__name__ == "ExamSetupScreen"
    app.study.close()

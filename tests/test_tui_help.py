"""Help is generated from the keys that really work, and all of it can be read at 80x24."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

from textual.binding import Binding
from textual.screen import Screen

import quiz.tui.screens
from quiz.tui.actions import SCOPES, grouped
from quiz.tui.app import QuizApp
from quiz.tui.screens.dialogs import HelpScreen, keys_text
from tests.screen_text import screen_lines, words
from tests.tui_support import make_app


def screen_classes() -> list[type[Screen[object]]]:
    found = []
    for module in pkgutil.iter_modules(quiz.tui.screens.__path__, "quiz.tui.screens."):
        for _, cls in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
            if issubclass(cls, Screen) and cls.__module__.startswith("quiz.") and cls not in found:
                found.append(cls)
    return found


def test_every_binding_of_every_screen_is_in_the_action_table() -> None:
    """A key added to a screen without the table would work but be missing from Help."""
    known = {action.id for scope in SCOPES.values() for action in scope.actions}
    classes: list[type[Screen[object]] | type[QuizApp]] = [*screen_classes(), QuizApp]
    assert len(classes) >= 12
    for cls in classes:
        for binding in cls.BINDINGS:
            assert isinstance(binding, Binding), cls
            assert binding.id in known, f"{cls.__name__}: binding {binding.key!r} ({binding.id}) is not in Help"


async def test_help_shows_every_key_and_all_of_it_scrolls_into_view_at_80x24(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        seen: list[str] = []
        for _ in range(40):
            lines = screen_lines(app)
            seen += [line for line in lines if line not in seen]
            await pilot.press("pagedown")
            await pilot.pause()
            if screen_lines(app) == lines:
                break
        text = "\n".join(seen)
        for scope in SCOPES.values():
            assert f"█  {scope.name}" in text, scope.name
            for row in grouped(scope.actions):
                keys = keys_text(app, row)
                first_words = " ".join(row[0].help.split()[:3])
                assert re.search(rf"{re.escape(keys)}\s+{re.escape(first_words)}", text), (scope.name, keys)
        assert "closing the terminal mid-exam loses nothing" in words(text)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
    app.study.close()


async def test_help_shows_the_keys_of_a_user_keymap(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        app.set_keymap({"exam.flag": "m"})
        await pilot.press("question_mark")
        await pilot.pause()
        text = "\n".join(screen_lines(app))
        for _ in range(10):  # Help is longer than a screen: read on until the exam's keys are in view
            if "flag the question" in text:
                break
            await pilot.press("pagedown")
            await pilot.pause()
            text = "\n".join(screen_lines(app))
        assert re.search(r"█\s+m\s+flag the question", text)
    app.study.close()

"""The app starts whatever the terminal says about itself and whatever theme was saved."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.store.settings import Settings
from quiz.tui.screens.home import HomeScreen
from tests.tui_support import make_app


@pytest.mark.parametrize(
    ("colorfgbg", "theme"),
    [("0;15", "textual-light"), ("15;0", "textual-dark"), ("7;default;0", "textual-dark"), (None, "textual-dark")],
)
async def test_the_theme_follows_the_terminal_background(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, colorfgbg: str | None, theme: str
) -> None:
    if colorfgbg is not None:
        monkeypatch.setenv("COLORFGBG", colorfgbg)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.theme == theme
    assert app.study.store.settings.theme is None  # the default is not saved as a choice
    app.study.close()


async def test_a_chosen_theme_is_kept_and_used_at_the_next_start(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "nord"
        await pilot.pause()
    app.study.close()
    assert app.study.store.settings.theme == "nord"
    again = make_app(tmp_path)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, HomeScreen) and again.theme == "nord"
    again.study.close()


async def test_a_saved_theme_that_no_longer_exists_falls_back_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLORFGBG", "0;15")
    app = make_app(tmp_path)
    app.study.store.save_settings(Settings(theme="no-such-theme"))
    app.study.close()
    again = make_app(tmp_path)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, HomeScreen) and again.theme == "textual-light"
        assert any("no-such-theme" in str(n.message) for n in again._notifications)
    assert again.study.store.settings.theme == "no-such-theme"  # kept until the user picks another
    again.study.close()

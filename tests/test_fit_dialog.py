"""The Stats screen's Fit FSRS dialog (o) as a person uses it: the health check first, f fits in a
thread and keeps a fit that wins, d goes back to the defaults, escape back to Stats."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from benchmarks.learners import DEFAULTS, FORGETS_FASTER, learner_reviews
from quiz.clock import ManualClock
from quiz.tui.app import QuizApp
from quiz.tui.screens.fitting import FitScreen
from quiz.tui.screens.stats import StatsScreen
from tests.screen_text import screen_lines
from tests.tui_support import make_app, seed_history


def learner_app(tmp_path: Path) -> QuizApp:
    reviews = learner_reviews(FORGETS_FASTER, seed=1)
    app = make_app(tmp_path, clock=ManualClock(reviews[-1].time + timedelta(hours=2)))
    app.study.store.record_reviews(reviews)
    return app


async def open_dialog(app: QuizApp, pilot: object) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press("s")
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.press("o")
    await pilot.pause()
    assert isinstance(app.screen, FitScreen)


def dialog_text(app: QuizApp) -> str:
    """The dialog's words, wrapped lines joined (what a person reads, not where the lines break)."""
    screen = app.screen
    assert isinstance(screen, FitScreen)
    parts = [str(screen.query_one(f"#{name}").render()) for name in ("fit-in-use", "fit-report", "fit-about")]
    return " ".join(" ".join(parts).split())


async def test_a_fit_that_wins_is_kept_and_the_defaults_come_back_with_d(tmp_path: Path) -> None:
    app = learner_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dialog(app, pilot)
        text = dialog_text(app)
        assert "In use: FSRS's default parameters." in text
        assert "answered again on a later day" in text and "f: fit FSRS to your reviews" in text
        assert any("f Fit" in line and "d Defaults" in line for line in screen_lines(app))
        await pilot.press("f")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = dialog_text(app)
        assert "Verdict: switch to the fitted parameters" in text and "Saved:" in text
        fitted = app.study.store.settings.fsrs_parameters
        assert fitted is not None and app.study.scheduling.parameters == fitted.parameters
        assert f"In use: parameters fitted on {fitted.fitted_on.isoformat()}" in text

        await pilot.press("d")
        await pilot.pause()
        assert app.study.store.settings.fsrs_parameters is None
        assert app.study.scheduling.parameters == DEFAULTS
        assert "In use: FSRS's default parameters." in dialog_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)


async def test_too_few_reviews_are_refused_and_nothing_is_saved(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    seed_history(app.study)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dialog(app, pilot)
        assert "Not enough reviews to fit FSRS to you yet" in dialog_text(app)
        await pilot.press("f")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = dialog_text(app)
        assert "Not enough reviews to fit FSRS to you yet" in text and "Verdict" not in text
        assert app.study.store.settings.fsrs_parameters is None
        assert not (tmp_path / "rescheduled.json").exists()

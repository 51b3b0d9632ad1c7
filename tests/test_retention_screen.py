"""The Stats screen's retention simulator as a person uses it: it opens at once and fills in, every
number whole at 80x24 and 120x40, and + and - pick a retention that is saved and scheduled with."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from quiz.insight.retention import RetentionReport
from quiz.insight.retention_view import amount
from quiz.study import Study
from quiz.tui.screens.stats import SIMULATING, StatsScreen
from tests.test_stats_screen import every_line, screen_lines, seeded_app
from tests.tui_support import pause_until


def table_rows(lines: list[str]) -> dict[str, list[str]]:
    """The simulator's rows as shown: retention -> its cells (the marker and "in use" left out)."""
    rows = {}
    for line in lines:
        cells = line.replace("▸", " ").replace("in use", " ").split()
        if cells and cells[0] in ("0.80", "0.85", "0.90", "0.95") and len(cells) == 5:
            rows[cells[0]] = cells[1:]
    return rows


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_the_simulator_shows_every_number_and_picks_a_retention(tmp_path: Path, size: tuple[int, int]) -> None:
    app = seeded_app(tmp_path)
    study = app.study
    expected = study.retention_simulation()()  # the same clock and seed as the screen's
    async with app.run_test(size=size) as pilot:
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        await pause_until(pilot, lambda: screen.retention_report is not None)
        lines = await every_line(app, pilot)
        rows = table_rows(lines)
        assert set(rows) == {"0.80", "0.85", "0.90", "0.95"}, lines
        for outcome in expected.outcomes:
            shown = rows[f"{outcome.retention:.2f}"]
            assert shown == [
                amount(outcome.reviews_per_day),
                str(outcome.busiest_day),
                amount(outcome.minutes_per_day),
                f"{outcome.recall:.0%}",
            ], (shown, outcome)
        text = "\n".join(lines)
        assert {tuple(line.split()[:4]) for line in lines if "in use" in line} == {("▸", "0.90", "in", "use")}
        assert "Questions a day at retention 0.90" in text and "+ and - pick a retention" in text
        assert SIMULATING not in text

        await pilot.press("minus")
        await pilot.pause()
        assert study.store.settings.desired_retention == 0.85
        assert study.scheduling.scheduler.desired_retention == 0.85  # answers from now on are scheduled for it
        lines = await every_line(app, pilot)
        assert {tuple(line.split()[:2]) for line in lines if "in use" in line} == {("▸", "0.85")}
        assert any("Questions a day at retention 0.85" in line for line in lines)
        await pilot.press("plus", "plus", "plus")  # 0.90, 0.95, and no higher
        await pilot.pause()
        assert study.store.settings.desired_retention == 0.95
        assert any("the highest in the table" in str(n.message) for n in app._notifications)
    study.close()
    again = Study(study.library, type(study.store).open(tmp_path, study.clock.now()), clock=study.clock)
    assert again.scheduling.scheduler.desired_retention == 0.95  # saved
    again.close()


async def test_stats_opens_before_the_simulation_is_done(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    release, started = threading.Event(), threading.Event()
    real = Study.retention_simulation

    def slow(study: Study, **options: object) -> Callable[[], RetentionReport]:
        simulation = real(study)

        def run() -> RetentionReport:
            started.set()
            release.wait(10)
            return simulation()

        return run

    monkeypatch.setattr(Study, "retention_simulation", slow)
    app = seeded_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert started.wait(5)
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        assert any(SIMULATING in line for line in await every_line(app, pilot))
        await pilot.press("minus")  # picking works before the table is there
        await pilot.pause()
        assert app.study.store.settings.desired_retention == 0.85
        release.set()
        await pause_until(pilot, lambda: screen.retention_report is not None)
        lines = await every_line(app, pilot)
        assert {tuple(line.split()[:2]) for line in lines if "in use" in line} == {("▸", "0.85")}
        assert not any(SIMULATING in line for line in screen_lines(app))

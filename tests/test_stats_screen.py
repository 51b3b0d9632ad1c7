"""The Stats screen as a person sees it: every number whole at 80 columns, every chart with its
scale, due counts named as Home names them, and file text shown literally."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

import pytest
from textual.containers import VerticalScroll

from quiz.domains import Domain
from quiz.insight.workload import due_counts
from quiz.store.results import ItemResult, SessionResult
from quiz.tui.app import QuizApp
from tests.tui_support import make_app, seed_history

HOSTILE_TITLE = "[bold]ABII CIIP: full exam (2018 outline)[/] \x1b[2J"


def screen_lines(app: QuizApp) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def every_line(app: QuizApp, pilot: object) -> list[str]:
    """Every line of the Stats screen, scrolling it from top to bottom as a person would."""
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    scroll = app.screen.query_one("#stats", VerticalScroll)
    lines: list[str] = []
    y = 0
    while True:
        scroll.scroll_to(y=y, animate=False)
        await pilot.pause()
        lines += screen_lines(app)
        if y >= scroll.max_scroll_y:
            return lines
        y += max(1, scroll.size.height - 2)


def seeded_app(tmp_path: Path) -> QuizApp:
    """seed_history, after an earlier exam with a long title from a file and a three-digit score."""
    app = make_app(tmp_path)
    finished = app.study.clock.now() - timedelta(hours=2)
    item = ItemResult("b/q", Domain.OPERATIONS, [0], [0], True, False, 1.0)
    app.study.store.record_attempt(
        SessionResult(
            "long",
            "exam",
            HOSTILE_TITLE,
            "ciip",
            finished,
            finished,
            60.0,
            False,
            70,
            tuple([item] * 151 + [dataclasses.replace(item, response=[1], correct=False)] * 9),
            id="long-attempt",
        )
    )
    seed_history(app.study)  # its exam is the latest: Home shows that one
    return app


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_stats_screen_shows_every_number_whole(tmp_path: Path, size: tuple[int, int]) -> None:
    app = seeded_app(tmp_path)
    study = app.study
    stats = study.stats()
    async with app.run_test(size=size) as pilot:
        await pilot.press("s")
        await pilot.pause()
        lines = await every_line(app, pilot)
    text = "\n".join(lines)
    for d in stats.domains:  # each domain's row holds all of its numbers
        accuracy = "-" if d.accuracy is None else f"{d.accuracy:.0%}"
        numbers = [f"{d.mastery:.0%}", f"{d.seen}/{d.questions}", str(d.never_seen), accuracy]
        rows = [
            [cell for cell in line.split() if cell.strip("█░")]  # the bar is not a number
            for line in lines
            if line.strip().startswith(d.domain.label[:12])
        ]
        assert rows and any(row[n : n + 4] == numbers for row in rows for n in range(len(row))), (numbers, rows)
    scores = [line for line in lines if " 151/160 " in line]
    assert scores and scores[0].split()[-2:] == ["94", "pass"], scores
    assert any("100%▕" in line for line in lines) and any("0%▕" in line for line in lines)  # the scores' scale
    due = due_counts(study.store, study.library.entries.keys(), study.clock.now())
    assert f"Due now: {due.now}   Due by the end of today (local time): {due.by_end_of_today}" in text
    assert "mastered: your latest answer was right and FSRS recall now is at least 90%" in text
    assert "if you study no more" in text or study.scheduling.plan is None
    assert "[bold]ABII CIIP: full exam" in text and "␛[2J" in text and "\x1b" not in text  # shown as written
    assert (" ░░░" in text) == (size[0] >= 110)  # mastery bars only where they fit


async def test_stats_screen_fills_in_the_forecast_for_following_the_plan(tmp_path: Path) -> None:
    from datetime import date

    from textual.widgets import Static

    from quiz.insight.render import NO_MORE_STUDY, PROJECTING
    from quiz.scheduling.exam_plan import ExamPlan

    app = seeded_app(tmp_path)
    app.study.set_plan(ExamPlan(date(2026, 2, 20), "ciip"))
    _today, following, idle = app.study.readiness()
    assert following.plan is not None and idle.plan is None
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = " ".join(str(app.screen.query_one("#readiness", Static).render()).split())
    assert f"Exam day (2026-02-20), if you follow the plan: about {following.expected:.0%}" in text
    assert f"Exam day (2026-02-20), {NO_MORE_STUDY}: about {idle.expected:.0%}" in text
    assert f"{following.plan.new_per_day} new question" in text and PROJECTING not in text


async def test_leaving_stats_while_the_plan_forecast_is_worked_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading
    from datetime import date

    from quiz.scheduling.exam_plan import ExamPlan
    from quiz.study import Study
    from quiz.tui.screens.home import HomeScreen

    release, started = threading.Event(), threading.Event()
    real = Study.plan_projection

    def slow(study: Study, profile_id: str | None = None) -> object:
        projection = real(study, profile_id)
        assert projection is not None

        def run() -> object:
            started.set()
            release.wait(10)
            return projection()

        return run

    monkeypatch.setattr(Study, "plan_projection", slow)
    app = seeded_app(tmp_path)
    app.study.set_plan(ExamPlan(date(2026, 2, 20), "ciip"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert started.wait(5)
        await pilot.press("escape")
        await pilot.pause()
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)  # the late result lands nowhere, and nothing breaks
        await pilot.press("s")  # and Stats opens again
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert type(app.screen).__name__ == "StatsScreen"

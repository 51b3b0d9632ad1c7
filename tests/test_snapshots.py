"""SVG snapshots of the key screens at 80x24 and 120x40, with a fixed clock, seed and bank.

Update after an intended change with: pytest tests/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from quiz.session.custom import ExamRequest
from quiz.tui.app import StartExam
from tests.tui_support import PROFILES, make_app

SIZES = [(80, 24), (120, 40)]


async def _answer_some(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.press("b", "n", "c", "f", "n", "a", "n")


async def _grid(pilot: Pilot[None]) -> None:
    await _answer_some(pilot)
    await pilot.press("g")
    await pilot.pause()


async def _results(pilot: Pilot[None]) -> None:
    await _answer_some(pilot)
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press("y")
    await pilot.pause()


def _exam_app(tmp_path: Path) -> Any:
    return make_app(tmp_path, start=StartExam(ExamRequest(PROFILES["ciip"]), seed=2026))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home(snap_compare: Callable[..., bool], tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(tmp_path), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(
    "name,steps", [("exam", _answer_some), ("grid", _grid), ("results", _results)], ids=["exam", "grid", "results"]
)
def test_exam_screens(
    snap_compare: Callable[..., bool], tmp_path: Path, size: tuple[int, int], name: str,
    steps: Callable[[Pilot[None]], Awaitable[None]],
) -> None:
    assert snap_compare(_exam_app(tmp_path), terminal_size=size, run_before=steps)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_stats(snap_compare: Callable[..., bool], tmp_path: Path, size: tuple[int, int]) -> None:
    from tests.tui_support import seed_history

    app = make_app(tmp_path)
    seed_history(app.study)

    async def open_stats(pilot: Pilot[None]) -> None:
        await pilot.press("s")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=open_stats)

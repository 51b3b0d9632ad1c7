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
from quiz.tui.app import StartBrowse, StartExam
from tests.choices import choice_question
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
    snap_compare: Callable[..., bool],
    tmp_path: Path,
    size: tuple[int, int],
    name: str,
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
        await pilot.app.workers.wait_for_complete()  # the retention simulation fills in (and sizes the scrollbar)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=open_stats)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_fit_dialog(snap_compare: Callable[..., bool], tmp_path: Path, size: tuple[int, int]) -> None:
    from tests.tui_support import seed_history

    app = make_app(tmp_path)
    seed_history(app.study)

    async def open_fit(pilot: Pilot[None]) -> None:
        await pilot.press("s")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.press("o")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=open_fit)


def _practice_app(tmp_path: Path) -> Any:
    from quiz.session.selection import PracticeFilter
    from quiz.tui.app import StartPractice

    return make_app(tmp_path, start=StartPractice(PracticeFilter(count=5), seed=2026))


async def _answer_practice(pilot: Pilot[None], *, right: bool) -> None:
    from quiz.tui.screens.practice import PracticeScreen

    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, PracticeScreen)
    order = screen.session.items[0].presentation["order"]
    correct = choice_question(screen.session.question).correct
    position = next(p for p, i in enumerate(order) if (i in correct) == right)
    await pilot.press("abcdef"[position])
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("right", [True, False], ids=["right", "wrong"])
def test_practice_after_an_answer(
    snap_compare: Callable[..., bool], tmp_path: Path, size: tuple[int, int], right: bool
) -> None:
    async def answer(pilot: Pilot[None]) -> None:
        await _answer_practice(pilot, right=right)

    assert snap_compare(_practice_app(tmp_path), terminal_size=size, run_before=answer)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_answer_review(snap_compare: Callable[..., bool], tmp_path: Path, size: tuple[int, int]) -> None:
    async def review(pilot: Pilot[None]) -> None:
        await _results(pilot)
        await pilot.press("r", "n")
        await pilot.pause()

    assert snap_compare(_exam_app(tmp_path), terminal_size=size, run_before=review)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("key", ["e", "p"], ids=["exam-setup", "practice-setup"])
def test_setup_dialogs(snap_compare: Callable[..., bool], tmp_path: Path, size: tuple[int, int], key: str) -> None:
    assert snap_compare(make_app(tmp_path), terminal_size=size, press=[key])


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_banks_with_problems(snap_compare: Callable[..., bool], tmp_path: Path, size: tuple[int, int]) -> None:
    from quiz.banks.problems import Problem
    from tests.tui_support import snapshot_library

    library = snapshot_library()
    library.problems += [
        Problem(
            Path("/home/user/.local/share/quiz/banks/mine.yaml"),
            "unknown field 'explaination' (did you mean 'explanation'?)",
            12,
            5,
            "mine",
            "c-move-dest",
        ),
        Problem(
            Path("/home/user/.local/share/quiz/banks/mine.yaml"),
            "answer 'E' is out of range: there are 4 choices (A-D)",
            19,
            13,
            "mine",
            "c-move-dest",
        ),
    ]
    library.failed.append(Path("/home/user/.local/share/quiz/banks/mine.yaml"))
    assert snap_compare(make_app(tmp_path, library=library), terminal_size=size, press=["b"])


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help(snap_compare: Callable[..., bool], tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(tmp_path), terminal_size=size, press=["question_mark"])


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("fields", [False, True], ids=["message", "fields"])
def test_an_exhibit_question(
    snap_compare: Callable[..., bool], tmp_path: Path, size: tuple[int, int], fields: bool
) -> None:
    from tests.test_exhibits import exhibit_library

    library = exhibit_library()
    app = make_app(tmp_path, library=library, start=StartExam(ExamRequest(library.profiles["ex"]), seed=1))

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.pause()
        if fields:
            await pilot.press("number_sign")
            await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=steps)


KIND_STEPS = {
    "ordering": ("2", "right_square_bracket", "enter"),  # one item moved: still the wrong order
    "matching": ("1", "2", "3", "5", "enter"),  # the last entry matched to the distractor
    "short-answer": ("m", "g", "enter"),
    "numeric": ("1", "1", "5", "enter"),  # outside the tolerance of 117 ± 1
}
KIND_QUESTIONS = {
    "ordering": "c-store-order",
    "matching": "segments",
    "short-answer": "mammo-modality",
    "numeric": "archive-growth",
}


@pytest.mark.parametrize(
    "size,kind",
    [((80, 24), kind) for kind in KIND_STEPS] + [((120, 40), "ordering"), ((120, 40), "matching")],
    ids=lambda value: f"{value[0]}x{value[1]}" if isinstance(value, tuple) else value,
)
def test_each_new_kind_after_an_answer_in_practice(
    snap_compare: Callable[..., bool], tmp_path: Path, size: tuple[int, int], kind: str
) -> None:
    from quiz.tui.screens.practice import PracticeScreen
    from tests.test_new_kinds import kinds_library

    library = kinds_library()
    app = make_app(tmp_path, library=library)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.pause()
        entry = library.entries[f"kinds/{KIND_QUESTIONS[kind]}"]
        app._start_flow(PracticeScreen(app.study._practice([entry], "Practice", "practice", seed=4)))
        await pilot.pause()
        await pilot.pause()
        await pilot.press(*KIND_STEPS[kind])
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=steps)


async def _review_screen(pilot: Pilot[None]) -> None:
    """Some answered, two flagged, one noted with a choice struck out, then the review screen."""
    await pilot.pause()
    await pilot.press("b", "n", "c", "f", "n", "s", "a", "t", *"recheck C-FIND", "ctrl+s", "n", "d", "f", "n")
    await pilot.pause()
    await pilot.press("r")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_review_screen(snap_compare: Callable[..., bool], tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(_exam_app(tmp_path), terminal_size=size, run_before=_review_screen)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_review_screen_flagged_only(snap_compare: Callable[..., bool], tmp_path: Path, size: tuple[int, int]) -> None:
    async def flagged(pilot: Pilot[None]) -> None:
        await _review_screen(pilot)
        await pilot.press("f")
        await pilot.pause()

    assert snap_compare(_exam_app(tmp_path), terminal_size=size, run_before=flagged)


def test_struck_out_choices(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    """A and D struck out (dimmed, crossed through, ⊘), B chosen."""

    async def strike(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await pilot.press("b", "s", "a", "s", "d")
        await pilot.pause()

    assert snap_compare(_exam_app(tmp_path), terminal_size=(80, 24), run_before=strike)


def test_the_note_dialog(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    async def note(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await pilot.press("b", "s", "a", "t", *"A is out: C-FIND is a query, not a move")
        from textual.widgets import TextArea

        pilot.app.screen.query_one(TextArea).cursor_blink = False  # a blinking cursor is a coin toss
        pilot.app.clear_notifications()  # so is a toast that times out while a loaded machine draws this
        await pilot.pause()

    assert snap_compare(_exam_app(tmp_path), terminal_size=(120, 40), run_before=note)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_question_browser(snap_compare: Callable[..., bool], tmp_path: Path, size: tuple[int, int]) -> None:
    """Searched, with the table focused and the cursor on the third row."""
    app = make_app(tmp_path, start=StartBrowse(""))

    async def search(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await pilot.press(*"domain:i", "enter", "down", "down")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=search)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_report_form(snap_compare: Callable[..., bool], tmp_path: Path, size: tuple[int, int]) -> None:
    async def report(pilot: Pilot[None]) -> None:
        await _answer_practice(pilot, right=False)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        await pilot.press("down", "enter", "tab", *"Two choices fit")
        await pilot.pause()

    assert snap_compare(_practice_app(tmp_path), terminal_size=size, run_before=report)

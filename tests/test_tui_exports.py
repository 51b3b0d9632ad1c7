"""Exports from the app's screens: a session's answers from its results, every session's from Stats,
a bank as an Anki package from Banks. In a terminal each is a new file in the exports folder and the
app says where; in a browser (quiz serve) it goes to Textual's deliver_binary as a download."""

from __future__ import annotations

import csv
import io
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest

from quiz.errors import StoreWriteError
from quiz.paths import exports_folder
from quiz.session.custom import ExamRequest
from quiz.store.files import write_new
from quiz.tui.app import QuizApp, StartExam
from quiz.tui.screens.banks import BanksScreen
from quiz.tui.screens.results import ResultsScreen
from quiz.tui.screens.stats import StatsScreen
from tests.tui_support import PROFILES, exam_screen, make_app, pause_until

Delivered = list[tuple[bytes, dict[str, Any]]]


async def finish_an_exam(app: QuizApp, pilot: Any) -> None:
    await pilot.pause()
    exam_screen(app)
    await pilot.press("a", "n", "b", "ctrl+s")
    await pilot.pause()
    await pilot.press("y")
    await pause_until(pilot, lambda: isinstance(app.screen, ResultsScreen))


def saved_notice(app: QuizApp) -> str:
    notice = list(app._notifications)[-1]
    assert notice.title == "Exported", notice.message
    return notice.message


async def test_results_export_this_sessions_answers_as_a_new_file_each_time(tmp_path: Path) -> None:
    app = make_app(tmp_path, start=StartExam(ExamRequest(PROFILES["quick"]), seed=3))
    async with app.run_test(size=(100, 32)) as pilot:
        await finish_an_exam(app, pilot)
        assert isinstance(app.screen, ResultsScreen)
        result = app.screen.result
        await pilot.press("e")
        await pilot.pause()
        name = f"results-{result.finished_at.astimezone():%Y-%m-%d-%H%M}.csv"
        first = exports_folder() / name
        assert saved_notice(app) == f"Saved {first}"
        await pilot.press("e")  # again: a second file, the first left as it was
        await pilot.pause()
        second = first.with_name(first.stem + "-2.csv")
        assert saved_notice(app) == f"Saved {second}"
    assert first.read_bytes() == second.read_bytes()
    rows = list(csv.DictReader(io.StringIO(first.read_text("utf-8"))))
    assert len(rows) == result.total and {row["session_id"] for row in rows} == {result.session_id}
    assert sum(row["correct"] == "True" for row in rows) == result.score
    assert first.read_text("utf-8") == app.study.results_csv(result.session_id)


async def test_stats_exports_every_sessions_answers(tmp_path: Path) -> None:
    app = make_app(tmp_path, start=StartExam(ExamRequest(PROFILES["quick"]), seed=3))
    async with app.run_test(size=(100, 32)) as pilot:
        await finish_an_exam(app, pilot)
        await pilot.press("h")
        await pause_until(pilot, lambda: len(app.screen_stack) == 1)
        app.study.store.attempts.append(app.study.store.attempts[0])  # a second session, as far as exports go
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        await pilot.press("e")
        await pilot.pause()
        path = exports_folder() / f"results-all-{app.study.clock.now().astimezone():%Y-%m-%d}.csv"
        assert saved_notice(app) == f"Saved {path}"
    rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))
    assert len(rows) == 2 * app.study.store.attempts[0].total


async def test_stats_with_no_sessions_says_there_is_nothing_to_export(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("s", "e")
        await pilot.pause()
        assert "nothing to export" in list(app._notifications)[-1].message
    assert not exports_folder().exists()


async def test_banks_export_the_bank_under_the_cursor_as_an_anki_package(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BanksScreen)
        bank = app.study.library.banks[0].bank
        await pilot.press("e")
        await pause_until(pilot, lambda: bool(app._notifications))
        path = exports_folder() / f"{bank.bank}.apkg"
        assert f"Saved {path}" in [notice.message for notice in app._notifications]
    with zipfile.ZipFile(path) as package:
        collection = tmp_path / "collection.anki2"
        collection.write_bytes(package.read("collection.anki2"))
    with sqlite3.connect(collection) as connection:
        (notes,) = connection.execute("select count(*) from notes").fetchone()
    assert notes == app.study.bank_package(bank.bank).count > 0
    with pytest.raises(KeyError):
        app.study.bank_package("dicom-drills")  # generated, not a bank file


async def test_in_a_browser_an_export_is_a_download_and_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    delivered: Delivered = []

    def deliver_binary(self: QuizApp, binary: io.BytesIO, **options: Any) -> str:
        delivered.append((binary.read(), options))
        return "key"

    monkeypatch.setattr(QuizApp, "is_web", property(lambda self: True))
    monkeypatch.setattr(QuizApp, "deliver_binary", deliver_binary)
    app = make_app(tmp_path, start=StartExam(ExamRequest(PROFILES["quick"]), seed=3))
    async with app.run_test(size=(100, 32)) as pilot:
        await finish_an_exam(app, pilot)
        assert isinstance(app.screen, ResultsScreen)
        session_id = app.screen.result.session_id
        await pilot.press("e")
        await pilot.pause()
        assert "on its way to your browser's downloads" in list(app._notifications)[-1].message
    ((content, options),) = delivered
    assert content.decode("utf-8") == app.study.results_csv(session_id)
    assert options["save_filename"].startswith("results-") and options["mime_type"] == "text/csv"
    assert not exports_folder().exists()


def test_a_new_file_never_replaces_one_and_a_failed_one_leaves_nothing(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("mine")
    assert write_new(tmp_path, "a.csv", b"1") == tmp_path / "a-2.csv"
    assert write_new(tmp_path, "a.csv", b"2") == tmp_path / "a-3.csv"
    assert (tmp_path / "a.csv").read_text() == "mine"
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    with pytest.raises(StoreWriteError):
        write_new(blocked, "b.csv", b"x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-2.csv", "a-3.csv", "a.csv", "not-a-folder"]

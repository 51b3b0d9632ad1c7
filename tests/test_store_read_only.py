"""Read-only use of the progress folder beside a running app (issue 13, item 13): no lock, and not
one byte changed, whatever the folder holds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quiz.cli import main
from quiz.clock import ManualClock
from quiz.domains import Domain
from quiz.paths import UserPaths
from quiz.scheduling.fsrs import Scheduling
from quiz.session.exam import ExamSession
from quiz.store.files import StoreError
from quiz.store.progress import ProgressStore
from quiz.store.results import SessionResult
from quiz.store.settings import Settings
from quiz.study import Study
from tests.choices import choose
from tests.factories import make_library, make_profile
from tests.store_faults import folder_bytes

LIBRARY = make_library(dict.fromkeys(Domain, 2))
NOW = ManualClock().now()


def progress_with_everything(folder: Path) -> ProgressStore:
    """A writer store holding a finished exam, an exam in progress and settings: a running app."""
    clock = ManualClock()
    store = ProgressStore.open(folder, clock.now())
    scheduling = Scheduling(fuzzing=False)
    finished = ExamSession.start(
        LIBRARY, make_profile(questions=4, minutes=5), clock=clock, scheduling=scheduling, store=store, seed=1
    )
    choose(finished, 0)
    finished.submit()
    store.save_settings(Settings(desired_retention=0.85))
    pending = ExamSession.start(
        LIBRARY, make_profile(questions=4, minutes=5), clock=clock, scheduling=scheduling, store=store, seed=2
    )
    choose(pending, 1)
    return store


def test_stats_and_export_work_beside_the_running_app_and_change_no_byte(
    paths: UserPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    writer = progress_with_everything(paths.progress)
    try:
        # the app is in the middle of appending an answer: its line is on disk only in part
        with (paths.progress / "reviews.jsonl").open("ab") as log:
            log.write(b'{"time": "2026-01-05T09:00:00+00:00", "key": "b/proc')
        before = folder_bytes(paths.progress)
        assert main(["stats"]) == 0
        assert main(["stats", "--json"]) == 0
        assert main(["export", "results"]) == 0
        assert main(["export", "results", "--format", "json"]) == 0
        out, err = capsys.readouterr()
        assert "already running" not in err
        assert "b/" in out  # the export holds the finished exam's answers
        assert folder_bytes(paths.progress) == before
    finally:
        writer.close()


def test_a_read_only_load_reports_damage_and_repairs_nothing(tmp_path: Path) -> None:
    writer = progress_with_everything(tmp_path)
    writer.close()
    log = tmp_path / "reviews.jsonl"
    lines = log.read_bytes().splitlines(keepends=True)
    log.write_bytes(b"".join([*lines[:2], b"\x00 not json\n", *lines[2:]]) + b'{"torn')
    (tmp_path / "settings.json").write_text(
        json.dumps({"kind": "settings", "schema_version": 1, "data": {"desired_retention": "abc"}}), "utf-8"
    )
    before = folder_bytes(tmp_path)
    with ProgressStore.open(tmp_path, NOW, read_only=True) as store:
        assert len(store.reviews) == len(lines) - 1  # every sound review, none lost to the bad line
        assert {d.path.name for d in store.damages} == {"reviews.jsonl", "settings.json"}
        assert all(d.moved_to is None and "read-only" in str(d) for d in store.damages)
        assert "line 3" in str(store.damages[0]) and "cut short" not in str(store.damages[0])
        assert store.settings == Settings()  # the bad retention is not used, only reported
        with pytest.raises(StoreError, match="read-only"):
            store.record_reviews([store.reviews[0]])
        with pytest.raises(StoreError, match="read-only"):
            store.save_settings(Settings())
    assert folder_bytes(tmp_path) == before


def test_a_read_only_study_leaves_an_interrupted_submit_to_the_app(tmp_path: Path) -> None:
    clock = ManualClock()
    store = ProgressStore.open(tmp_path, clock.now())
    exam = ExamSession.start(
        LIBRARY,
        make_profile(questions=3, minutes=5),
        clock=clock,
        scheduling=Scheduling(fuzzing=False),
        store=store,
        seed=3,
    )
    snapshot = exam.snapshot()
    result = SessionResult(exam.state.session_id, "exam", "P", "p", clock.now(), clock.now(), 1.0, False, 70, ())
    store.record_attempt(result)  # the app died after the attempt line, before the reviews
    store.save_session(snapshot)
    store.close()
    before = folder_bytes(tmp_path)
    study = Study(LIBRARY, ProgressStore.open(tmp_path, clock.now(), read_only=True), clock=clock)
    assert study.recovered is None and study.store.pending_session is not None
    study.close()
    assert folder_bytes(tmp_path) == before
    writer = Study(LIBRARY, ProgressStore.open(tmp_path, clock.now()), clock=clock)
    assert writer.recovered is not None and writer.store.pending_session is None
    writer.close()


def test_a_read_only_load_takes_no_lock_and_creates_nothing(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path / "progress", NOW):
        with ProgressStore.open(tmp_path / "progress", NOW, read_only=True) as reader:
            assert reader.damages == []
        with pytest.raises(StoreError, match="already running"):
            ProgressStore.open(tmp_path / "progress", NOW)  # writers are still one at a time
    missing = tmp_path / "never-used"
    with ProgressStore.open(missing, NOW, read_only=True) as store:
        assert store.reviews == [] and store.pending_session is None
    assert not missing.exists()


def test_plan_stays_a_writer(paths: UserPaths, capsys: pytest.CaptureFixture[str]) -> None:
    with ProgressStore.open(paths.progress, NOW):
        assert main(["plan", "--clear"]) == 1
    assert "already running" in capsys.readouterr().err

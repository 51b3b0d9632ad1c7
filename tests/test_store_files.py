"""The progress folder's files where they are not what they should be: a deleted lock file, a folder
where a file belongs, a header whose version is a string (issue 14, smaller items)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from quiz.clock import ManualClock
from quiz.store.files import StoreError
from quiz.store.progress import ProgressStore
from quiz.store.review import Review, new_event_id
from quiz.store.settings import Settings
from tests.store_faults import folder_bytes

NOW = ManualClock().now()

SECOND_APP = (
    "import sys, datetime as d, pathlib\n"
    "from quiz.store.progress import ProgressStore\n"
    "ProgressStore.open(pathlib.Path(sys.argv[1]), d.datetime.now(d.UTC)).close()\n"
    "print('opened')\n"
)


def review(key: str) -> Review:
    card = {
        "card_id": 1,
        "state": 1,
        "step": 0,
        "stability": 1.0,
        "difficulty": 5.0,
        "due": NOW.isoformat(),
        "last_review": NOW.isoformat(),
    }
    return Review(new_event_id(), NOW, key, [0], True, 3, 1000, "practice", "s1", card)


def test_deleting_the_lock_file_does_not_let_a_second_app_in(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path, NOW):
        (tmp_path / "store.lock").unlink()
        other = subprocess.run(
            [sys.executable, "-c", SECOND_APP, str(tmp_path)], capture_output=True, text=True, check=False
        )
        assert other.returncode != 0 and "another quiz is already running" in other.stderr
        assert "opened" not in other.stdout
    again = subprocess.run(
        [sys.executable, "-c", SECOND_APP, str(tmp_path)], capture_output=True, text=True, check=False
    )
    assert again.returncode == 0, again.stderr  # free once the first app closed


def test_a_folder_in_place_of_a_progress_file_is_reported_and_moved_aside(tmp_path: Path) -> None:
    for name in ("reviews.jsonl", "attempts.jsonl", "session.json", "settings.json"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "inside").write_text("kept", "utf-8")
    before = folder_bytes(tmp_path)
    with ProgressStore.open(tmp_path, NOW, read_only=True) as reader:
        assert len(reader.damages) == 4 and all("a folder" in str(d) for d in reader.damages)
    assert folder_bytes(tmp_path) == before  # read-only: reported, nothing moved
    with ProgressStore.open(tmp_path, NOW) as store:
        assert len(store.damages) == 4 and all(d.moved_to is not None for d in store.damages)
        store.record_reviews([review("b/q1")])  # the app works on
        store.save_settings(Settings(theme="nord"))
    for damage in store.damages:
        assert damage.moved_to is not None and (damage.moved_to / "inside").read_text("utf-8") == "kept"
    with ProgressStore.open(tmp_path, NOW) as store:
        assert [r.key for r in store.reviews] == ["b/q1"] and store.damages == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_in_place_of_a_progress_file_never_blocks_loading(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "reviews.jsonl")
    with ProgressStore.open(tmp_path, NOW) as store:
        assert "not a regular file" in str(store.damages[0])


def test_a_header_with_a_string_version_is_a_damaged_header_not_a_record(tmp_path: Path) -> None:
    log = tmp_path / "reviews.jsonl"
    line = json.dumps(review("b/q1").to_json())
    log.write_text('{"kind": "reviews", "schema_version": "1"}\n' + line + "\n", "utf-8")
    with ProgressStore.open(tmp_path, NOW) as store:
        assert [r.key for r in store.reviews] == ["b/q1"]
        (damage,) = store.damages
        assert "line 1: damaged header" in str(damage) and "1 records recovered" in str(damage)
    assert json.loads(log.read_text("utf-8").splitlines()[0]) == {"kind": "reviews", "schema_version": 2}
    with ProgressStore.open(tmp_path, NOW) as store:
        assert store.damages == [] and len(store.reviews) == 1


def test_an_unreadable_progress_file_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "reviews.jsonl").write_text('{"kind": "reviews", "schema_version": 1}\n', "utf-8")
    real_open = os.open

    def denied(path: str | os.PathLike[str], flags: int, *args: int) -> int:  # os.open's positional arguments
        if str(path).endswith("reviews.jsonl"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(StoreError, match=r"Cannot read .*reviews\.jsonl: permission denied"):
        ProgressStore.open(tmp_path, NOW, read_only=True)
    with pytest.raises(StoreError, match="Cannot read"):
        ProgressStore.open(tmp_path, NOW)
    monkeypatch.setattr(os, "open", real_open)
    ProgressStore.open(tmp_path, NOW).close()  # the failed open released its lock

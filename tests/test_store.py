from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.clock import ManualClock
from quiz.domains import Domain
from quiz.scheduling.fsrs import Scheduling
from quiz.session.exam import ExamSession, exam_reviews
from quiz.store import files
from quiz.store.files import JsonLog, StoreError
from quiz.store.progress import ProgressStore
from quiz.store.results import ItemResult, SessionResult
from quiz.store.review import Review, new_event_id
from quiz.store.settings import Settings
from quiz.study import Study
from tests.factories import make_library, make_profile

NOW = ManualClock().now()


def review(key: str, correct: bool = True, n: int = 0) -> Review:
    card = {
        "card_id": 1,
        "state": 1,
        "step": 0,
        "stability": 1.0,
        "difficulty": 5.0,
        "due": NOW.isoformat(),
        "last_review": NOW.isoformat(),
    }
    return Review(new_event_id(), NOW, key, [0], correct, 3 if correct else 1, 1000 + n, "practice", "s1", card)


def test_reviews_survive_reopening(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path, NOW) as store:
        store.record_reviews([review("b/q1"), review("b/q2", correct=False)])
    with ProgressStore.open(tmp_path, NOW) as store:
        assert [r.key for r in store.reviews] == ["b/q1", "b/q2"]
        assert store.missed_keys() == ["b/q2"] and store.damages == []
    lines = (tmp_path / "reviews.jsonl").read_text("utf-8").splitlines()
    assert json.loads(lines[0]) == {"kind": "reviews", "schema_version": 2}


def test_torn_last_line_is_repaired_and_the_original_kept(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path, NOW) as store:
        store.record_reviews([review("b/q1"), review("b/q2")])
    path = tmp_path / "reviews.jsonl"
    path.write_bytes(path.read_bytes() + b'{"time": "2026-01-05T09:00:00+00:00", "key": "b/q3", "cho')
    with ProgressStore.open(tmp_path, NOW) as store:
        assert [r.key for r in store.reviews] == ["b/q1", "b/q2"]
        (damage,) = store.damages
        assert "2 records recovered" in str(damage) and damage.moved_to is not None and damage.moved_to.exists()
        assert damage.moved_to.name.startswith("reviews.jsonl.damaged-20260105T090000Z")
        store.record_reviews([review("b/q4")])
    with ProgressStore.open(tmp_path, NOW) as store:
        assert [r.key for r in store.reviews] == ["b/q1", "b/q2", "b/q4"] and store.damages == []


def test_garbage_in_the_middle_keeps_everything_else(tmp_path: Path) -> None:
    path = tmp_path / "reviews.jsonl"
    good = [json.dumps(review(f"b/q{i}").to_json()) for i in range(5)]
    path.write_text(
        "\n".join(['{"kind": "reviews", "schema_version": 2}', *good[:2], "\x00\x00garbage", *good[2:]]) + "\n", "utf-8"
    )
    with ProgressStore.open(tmp_path, NOW) as store:
        assert len(store.reviews) == 5
        assert "line 4" in str(store.damages[0])


def test_damaged_session_and_settings_are_set_aside(tmp_path: Path) -> None:
    (tmp_path / "session.json").write_text('{"kind": "session", "schema_vers', "utf-8")
    (tmp_path / "settings.json").write_text("[]", "utf-8")
    with ProgressStore.open(tmp_path, NOW) as store:
        assert store.pending_session is None and store.settings == Settings()
        assert len(store.damages) == 2
        assert len(list(tmp_path.glob("session.json.damaged-*"))) == 1


def test_newer_schema_is_refused_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "reviews.jsonl"
    content = '{"kind": "reviews", "schema_version": 99}\n{"future": true}\n'
    path.write_text(content, "utf-8")
    with pytest.raises(StoreError, match="newer version"):
        ProgressStore.open(tmp_path, NOW)
    assert path.read_text("utf-8") == content
    ProgressStore.open(tmp_path / "other", NOW).close()  # the lock was released


def test_older_schema_is_migrated_with_a_backup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from quiz.store import migrations

    monkeypatch.setattr(files, "SCHEMA_VERSION", 3)
    monkeypatch.setitem(migrations.MIGRATIONS, "reviews", {2: lambda r: {**r, "migrated": True}})
    log = JsonLog(tmp_path / "reviews.jsonl", "reviews")
    (tmp_path / "reviews.jsonl").write_text('{"kind": "reviews", "schema_version": 2}\n{"key": "a"}\n', "utf-8")
    records, damages = log.load(NOW)
    assert records == [{"key": "a", "migrated": True}] and damages == []
    assert (tmp_path / "reviews.jsonl.schema-v2.bak").exists()
    assert json.loads((tmp_path / "reviews.jsonl").read_text("utf-8").splitlines()[0])["schema_version"] == 3


def test_a_second_instance_is_refused_clearly(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path, NOW):
        code = (
            "from quiz.store.progress import ProgressStore; import sys, datetime as d; "
            f"ProgressStore.open(__import__('pathlib').Path({str(tmp_path)!r}), d.datetime.now(d.UTC))"
        )
        other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
        assert other.returncode != 0 and "another quiz is already running" in other.stderr
    ProgressStore.open(tmp_path, NOW).close()  # free again once the first closed


def test_interrupted_submit_is_completed_once_on_the_next_start(tmp_path: Path) -> None:
    library = make_library(dict.fromkeys(Domain, 3))
    clock = ManualClock()
    scheduling = Scheduling(fuzzing=False)
    store = ProgressStore.open(tmp_path, clock.now())
    exam = ExamSession.start(
        library, make_profile(questions=6, minutes=5), clock=clock, scheduling=scheduling, store=store, seed=1
    )
    # A crash after the attempt line was written, before its reviews and before session.json went away.
    snapshot = exam.snapshot()
    fake = SessionResult(
        exam.state.session_id,
        "exam",
        "P",
        "p",
        clock.now(),
        clock.now(),
        1.0,
        False,
        70,
        tuple(
            ItemResult(p.key, library.entries[p.key].question.domain, None, [0], False, False, 0.0)
            for p in exam.state.items
        ),
    )
    store.record_attempt(fake)
    store.save_session(snapshot)
    store.close()
    study = Study(library, ProgressStore.open(tmp_path, clock.now()), clock=clock, fuzzing=False)
    assert study.recovered is not None and study.recovered.session_id == fake.session_id
    assert study.store.pending_session is None
    assert len([r for r in study.store.reviews if r.session == fake.session_id]) == 6
    study.close()
    again = Study(library, ProgressStore.open(tmp_path, clock.now()), clock=clock, fuzzing=False)
    assert again.recovered is None and len(again.store.reviews) == 6 and len(again.store.attempts) == 1
    assert len(exam_reviews(again.store, scheduling, fake)) == 6
    again.close()


WRITER = textwrap.dedent(
    """
    import sys, datetime as d
    from pathlib import Path
    from quiz.store.progress import ProgressStore
    now = d.datetime(2026, 1, 5, tzinfo=d.UTC).isoformat()
    card = {"card_id": 1, "state": 1, "step": 0, "stability": 1.0, "difficulty": 5.0, "due": now, "last_review": now}
    store = ProgressStore.open(Path(sys.argv[1]), d.datetime.now(d.UTC))
    i = len(store.reviews)
    while True:
        store.record_reviews([{"time": now, "key": f"b/q{i}", "chosen": [0], "correct": True, "rating": 3,
                               "ms": i, "mode": "practice", "session": "s", "card": card,
                               "padding": "x" * (i % 700)}])
        print(i, flush=True)
        i += 1
    """
)


def test_kill_9_loses_at_most_the_answer_in_flight(tmp_path: Path) -> None:
    rng = random.Random(1234)
    confirmed = -1
    for _round in range(25):
        with subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path)], stdout=subprocess.PIPE, text=True) as proc:
            assert proc.stdout is not None
            deadline = time.monotonic() + rng.uniform(0.3, 0.8)
            for line in proc.stdout:
                confirmed = max(confirmed, int(line))
                if time.monotonic() > deadline:
                    break
            time.sleep(rng.uniform(0, 0.01))  # land the kill anywhere in the next write
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
        with ProgressStore.open(tmp_path, NOW) as store:
            numbers = [r.ms for r in store.reviews]
        # every answer reported as recorded is there, in order, with nothing duplicated
        assert numbers == list(range(len(numbers)))
        assert len(numbers) >= confirmed + 1
        assert len(numbers) <= confirmed + 2 + 1000  # at most what was written after the last confirmation


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_in_a_log_never_crash_loading(data: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "reviews.jsonl"
        path.write_bytes(data)
        records, _ = JsonLog(path, "reviews").load(NOW)
        assert all(isinstance(r, dict) for r in records)
        again, damages = JsonLog(path, "reviews").load(NOW)
        assert again == records and damages == []  # repaired once, then clean


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["b/q1", "b/q2", "b/q3"]), st.booleans(), st.booleans()), max_size=30))
def test_any_sequence_of_answers_and_restarts_is_kept_exactly(steps: list[tuple[str, bool, bool]]) -> None:
    """Each step answers a key (right or wrong) and maybe restarts the app; what reopens is what was
    written, and the derived history (wrong counts, latest verdict) matches a simple model."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        store = ProgressStore.open(Path(folder), NOW)
        written = []
        for n, (key, correct, restart) in enumerate(steps):
            record = review(key, correct, n)
            store.record_reviews([record])
            written.append(record)
            if restart:
                store.close()
                store = ProgressStore.open(Path(folder), NOW)
        store.close()
        with ProgressStore.open(Path(folder), NOW) as reopened:
            assert reopened.reviews == written and reopened.damages == []
            for key in {k for k, _, _ in steps}:
                answers = [c for k, c, _ in steps if k == key]
                assert reopened.history[key].wrong == answers.count(False)
                assert reopened.history[key].last_correct == answers[-1]
                assert reopened.history[key].reviews == len(answers)

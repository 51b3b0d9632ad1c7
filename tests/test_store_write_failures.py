"""Write failures (issue 14, item 7): a full disk, a file at the size limit, a folder that cannot be
written. Each is a StoreWriteError that says what failed, where, that nothing saved was lost and what
to do; the session changes only once its write succeeded; the CLI prints one paragraph, exits 1."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from quiz.clock import ManualClock
from quiz.domains import Domain
from quiz.errors import StoreWriteError
from quiz.scheduling.fsrs import Scheduling
from quiz.session.exam import ExamSession
from quiz.session.practice import PracticeSession
from quiz.store.progress import ProgressStore
from quiz.store.settings import Settings
from quiz.study import Study
from tests.choices import choose, practice_response
from tests.factories import make_library, make_profile
from tests.store_faults import (
    FailingWrites,
    as_nobody,
    exam_positions,
    fill,
    nobody_available,
    nobody_home,
    small_tmpfs,
)

LIBRARY = make_library(dict.fromkeys(Domain, 3))


def start_exam(store: ProgressStore, clock: ManualClock, questions: int = 6) -> ExamSession:
    return ExamSession.start(
        LIBRARY,
        make_profile(questions=questions, minutes=30),
        clock=clock,
        scheduling=Scheduling(fuzzing=False),
        store=store,
        seed=5,
    )


def answer(exam: ExamSession) -> None:
    choose(exam, exam.state.items[exam.index].presentation["order"].index(0))


@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EFBIG], ids=["disk-full", "file-too-large"])
@pytest.mark.parametrize("k", [1, 4])
def test_a_failed_write_on_answer_k_keeps_answers_before_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: int, k: int
) -> None:
    clock = ManualClock()
    writes = FailingWrites(monkeypatch)
    store = ProgressStore.open(tmp_path, clock.now())
    exam = start_exam(store, clock)
    for _ in range(k - 1):
        answer(exam)
        exam.next()
    position = exam.index
    writes.fail_now(error)
    with pytest.raises(StoreWriteError) as failure:
        answer(exam)
    assert not exam.is_answered(position) and exam.index == position  # answer k was not taken
    assert failure.value.errno == error and failure.value.path == tmp_path / "session.json"
    message = failure.value.user_message
    assert message.startswith("Could not save your answer: ")
    assert "Nothing saved before was lost" in message and "try again" in message
    assert ("disk is full" if error == errno.ENOSPC else "largest size") in message
    assert str(tmp_path / "session.json") in str(failure.value)
    with pytest.raises(StoreWriteError):
        exam.toggle_flag()
    assert exam.flagged() == []
    with pytest.raises(StoreWriteError):
        exam.next()
    assert exam.index == position
    store.close()  # the app is closed (or dies) with the disk still full

    writes.heal()
    with ProgressStore.open(tmp_path, clock.now()) as reopened:
        assert reopened.pending_session is not None
        resumed = ExamSession.resume(
            reopened.pending_session, LIBRARY, clock=clock, scheduling=Scheduling(fuzzing=False), store=reopened
        )
        assert sorted(resumed.state.answers) == list(range(k - 1)) and resumed.index == position
        answer(resumed)  # with space again, the same answer goes through
        assert resumed.is_answered(position)


def test_a_failed_practice_answer_is_not_marked_answered_and_can_be_given_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = ManualClock()
    writes = FailingWrites(monkeypatch)
    with ProgressStore.open(tmp_path, clock.now()) as store:
        practice = PracticeSession(list(LIBRARY.entries.values())[:3], clock, Scheduling(fuzzing=False), store, seed=1)
        practice.answer(practice_response(practice, {0}))
        practice.next()
        writes.fail_now(errno.ENOSPC)
        with pytest.raises(StoreWriteError, match="Could not record your answer: the disk is full") as failure:
            practice.answer(practice_response(practice, {0}))
        assert "answer this question again" in failure.value.user_message
        assert not practice.answered and practice.answered_count == 1 and len(store.reviews) == 1
        writes.heal()
        practice.answer(practice_response(practice, {0}))
        assert practice.answered and len(store.reviews) == 2
        writes.fail_now(errno.ENOSPC)
        with pytest.raises(StoreWriteError):
            practice.finish()
        assert practice.result is None  # not finished until its attempt is on disk
        writes.heal()
        practice.finish()
    with ProgressStore.open(tmp_path, clock.now()) as again:
        assert len(again.reviews) == 2 and len(again.attempts) == 1 and again.damages == []


def test_a_guess_mark_that_cannot_be_written_is_not_taken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = ManualClock()
    writes = FailingWrites(monkeypatch)
    with ProgressStore.open(tmp_path, clock.now()) as store:
        practice = PracticeSession(list(LIBRARY.entries.values())[:2], clock, Scheduling(fuzzing=False), store, seed=1)
        order = practice.items[0].presentation["order"]
        practice.answer(practice_response(practice, {order.index(0)}))  # right
        writes.fail_now(errno.EFBIG)
        with pytest.raises(StoreWriteError):
            practice.mark_guess()
        writes.heal()
        assert practice.mark_guess() is True  # not taken before, so it can be taken now
        assert [r.amends for r in store.reviews] == [False, True]


def test_a_failed_append_leaves_the_log_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = ManualClock()
    with ProgressStore.open(tmp_path, clock.now()) as store:
        practice = PracticeSession(list(LIBRARY.entries.values())[:3], clock, Scheduling(fuzzing=False), store, seed=2)
        practice.answer(practice_response(practice, {0}))
        practice.next()
        before = (tmp_path / "reviews.jsonl").read_bytes()
        for budget in range(1, 200, 7):  # the disk fills in the middle of the line
            writes = FailingWrites(monkeypatch, budget)
            with pytest.raises(StoreWriteError):
                practice.answer(practice_response(practice, {0}))
            assert (tmp_path / "reviews.jsonl").read_bytes() == before
            writes.heal()
        practice.answer(practice_response(practice, {0}))
    with ProgressStore.open(tmp_path, clock.now()) as again:
        assert len(again.reviews) == 2 and again.damages == []


def test_a_recovery_that_cannot_be_written_does_not_stop_the_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = ManualClock()
    writes = FailingWrites(monkeypatch)
    with ProgressStore.open(tmp_path, clock.now()) as store:
        exam = start_exam(store, clock)
        answer(exam)
        # writes: the new attempts log's header, the attempt line, then the reviews: those fail
        writes.calls, writes.fail_at_call = 0, 3
        with pytest.raises(StoreWriteError, match="record the exam's answers") as failure:
            exam.submit()
        assert "its submit is finished when you submit again or at the next start" in failure.value.user_message
        assert exam.result is None and store.pending_session is not None
    writes.heal()
    writes.fail_now(errno.ENOSPC)  # the next start, the disk still full
    study = Study(LIBRARY, ProgressStore.open(tmp_path, clock.now()), clock=clock, fuzzing=False)
    assert study.recovered is None and study.recovery_error is not None  # reported, not raised
    assert "disk is full" in study.recovery_error.user_message
    assert study.store.pending_session is not None  # kept for the next try
    study.close()
    writes.heal()
    study = Study(LIBRARY, ProgressStore.open(tmp_path, clock.now()), clock=clock, fuzzing=False)
    assert study.recovered is not None and study.recovered.score == 1 and study.store.pending_session is None
    assert exam_positions(r for r in study.store.reviews if r.mode == "exam") == list(range(6))
    study.close()


def test_plan_on_a_full_disk_is_one_clear_paragraph(
    paths: object, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from quiz.cli import main

    writes = FailingWrites(monkeypatch)
    assert main(["plan", "--clear"]) == 0
    writes.fail_now(errno.ENOSPC)
    assert main(["plan", "--date", "2099-01-01", "--profile", "ciip"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("quiz plan: Could not save your settings: the disk is full (") and err.count("\n") == 1
    assert "Nothing saved before was lost" in err and "Free some disk space" in err


# A real full disk ---------------------------------------------------------------------------------
def test_a_real_full_disk_loses_no_answer_and_the_exam_continues_once_space_is_free() -> None:
    with small_tmpfs("256k") as disk:
        progress = disk / "progress"
        clock = ManualClock()
        store = ProgressStore.open(progress, clock.now())
        exam = start_exam(store, clock, questions=12)
        practice = PracticeSession(list(LIBRARY.entries.values())[:5], clock, Scheduling(fuzzing=False), store, seed=3)
        practice.answer(practice_response(practice, {0}))
        answer(exam)
        exam.next()
        filler = fill(disk)
        failures = 0
        for _ in range(4):
            try:
                answer(exam)  # session.json is replaced through a new file: it needs free space
                exam.next()
            except StoreWriteError as error:
                failures += 1
                assert error.errno == errno.ENOSPC and "disk is full" in error.user_message
        assert failures
        answered = sorted(exam.state.answers)
        with pytest.raises(StoreWriteError):
            exam.submit()  # the attempt, or its reviews, do not fit
        assert exam.result is None
        store.close()
        with ProgressStore.open(progress, clock.now(), read_only=True) as peek:
            assert peek.pending_session is not None
            assert sorted(int(p) for p in peek.pending_session.answers) == answered
        filler.unlink()
        study = Study(LIBRARY, ProgressStore.open(progress, clock.now()), clock=clock, fuzzing=False)
        if study.recovered is None:  # the attempt had not fit: the exam is still there to submit
            resumed = study.resume_exam()
            assert resumed is not None and sorted(resumed.state.answers) == answered
            resumed.submit()
        attempt = study.store.attempts[-1]
        assert attempt.kind == "exam" and attempt.score == len(answered)
        reviews = [r for r in study.store.reviews if r.session == attempt.session_id]
        assert exam_positions(reviews) == list(range(12))
        assert len([r for r in study.store.reviews if r.mode == "practice"]) == 1
        assert study.store.damages == []
        study.close()


# A file size limit (ulimit -f) ---------------------------------------------------------------------
EFBIG_WRITER = textwrap.dedent(
    """
    import resource, signal, sys
    from pathlib import Path
    from quiz.clock import ManualClock
    from quiz.errors import StoreWriteError
    from quiz.kinds.choice import shown
    from quiz.scheduling.fsrs import Scheduling
    from quiz.session.practice import PracticeSession
    from quiz.store.progress import ProgressStore
    from tests.factories import make_library
    from quiz.domains import Domain

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # as a shell with ulimit -f: EFBIG instead of a kill
    limit = int(sys.argv[2])
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    library = make_library(dict.fromkeys(Domain, 30))
    clock = ManualClock()
    store = ProgressStore.open(Path(sys.argv[1]), clock.now())
    practice = PracticeSession(list(library.entries.values()), clock, Scheduling(fuzzing=False), store, seed=1)
    practice_response = lambda session, positions: shown(session.question, session.presentation).response(positions)
    confirmed = 0
    try:
        while True:
            practice.answer(practice_response(practice, {0}))
            confirmed += 1
            print("confirmed", confirmed, flush=True)
            practice.next()
    except StoreWriteError as error:
        print("error", error.errno, error.user_message, flush=True)
    try:  # the next answer fails the same way, and leaves nothing half-written either
        practice.answer(practice_response(practice, {0}))
    except StoreWriteError:
        print("again", flush=True)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_a_file_size_limit_is_a_clear_error_and_loses_no_confirmed_answer(tmp_path: Path) -> None:
    limit = 8 * 1024
    run = subprocess.run(
        [sys.executable, "-c", EFBIG_WRITER, str(tmp_path), str(limit)],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).parent.parent,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    confirmed = max(int(line.split()[1]) for line in lines if line.startswith("confirmed"))
    (failure,) = [line for line in lines if line.startswith("error")]
    assert failure.split()[1] == str(errno.EFBIG) and "largest size this system allows" in failure
    assert "again" in lines
    assert (tmp_path / "reviews.jsonl").stat().st_size <= limit
    with ProgressStore.open(tmp_path, ManualClock().now()) as store:
        assert len(store.reviews) == confirmed and store.damages == []


# The command line on a folder it cannot use --------------------------------------------------------
needs_nobody = pytest.mark.skipif(nobody_available() is not None, reason=str(nobody_available()))


def prepared_home() -> Path:
    """A home owned by nobody whose progress has an answer and a setting in it."""
    home = nobody_home()
    progress = home / "progress"
    with ProgressStore.open(progress, ManualClock().now()) as store:
        practice = PracticeSession(
            list(LIBRARY.entries.values())[:1], ManualClock(), Scheduling(fuzzing=False), store, seed=1
        )
        practice.answer(practice_response(practice, {0}))
        practice.finish()
        store.save_settings(Settings(desired_retention=0.9))
    warm = as_nobody(["banks"], home)  # the bank cache, so the commands below only meet the progress
    assert warm.returncode in (0, 1), warm.stderr
    subprocess.run(["chown", "-R", "nobody:nogroup", str(home)], check=True)
    return home


def assert_one_clear_paragraph(run: subprocess.CompletedProcess[str], *phrases: str) -> None:
    assert run.returncode == 1, (run.stdout, run.stderr)
    assert "Traceback" not in run.stderr and run.stderr.count("\n") == 1, run.stderr
    for phrase in phrases:
        assert phrase in run.stderr, run.stderr


def cleanup(home: Path) -> None:
    subprocess.run(["chmod", "-R", "u+rwX", str(home)], check=False)
    subprocess.run(["rm", "-rf", str(home)], check=False)


@needs_nobody
def test_plan_in_a_read_only_folder_is_one_clear_paragraph() -> None:
    home = prepared_home()
    progress = home / "progress"
    try:
        (progress / "store.lock").unlink()
        progress.chmod(0o555)
        probe = as_nobody_shell(f"touch {progress}/probe", home)
        assert probe.returncode != 0  # the folder really is not writable for this user
        run = as_nobody_cli(["plan", "--date", "2099-01-01", "--profile", "ciip"], home)
        assert_one_clear_paragraph(
            run,
            "quiz plan: Could not open the progress folder for writing",
            "permission denied",
            str(progress / "store.lock"),
            "Nothing saved before was lost",
            "writable",
        )
        stats = as_nobody_cli(["stats"], home)  # reading needs no lock, so it works in a read-only folder
        assert stats.returncode == 0, stats.stderr
    finally:
        cleanup(home)


@needs_nobody
def test_plan_when_store_lock_cannot_be_opened_is_one_clear_paragraph() -> None:
    home = prepared_home()
    lock = home / "progress" / "store.lock"
    try:
        subprocess.run(["chown", "root:root", str(lock)], check=True)
        lock.chmod(0o444)
        assert as_nobody_shell(f"test -w {lock}", home).returncode != 0  # really not writable for nobody
        run = as_nobody_cli(["plan", "--clear"], home)
        assert_one_clear_paragraph(run, "Could not open the progress folder for writing", "permission denied")
    finally:
        cleanup(home)


@needs_nobody
@pytest.mark.parametrize("command", [["stats"], ["stats", "--json"], ["export", "results"]])
def test_reading_an_unreadable_folder_is_one_clear_paragraph(command: list[str]) -> None:
    home = prepared_home()
    progress = home / "progress"
    try:
        os.chmod(progress, 0o000)
        assert as_nobody_shell(f"ls {progress}", home).returncode != 0  # really unreadable for this user
        run = as_nobody_cli(command, home)
        assert_one_clear_paragraph(run, f"quiz {command[0]}: Cannot read", "permission denied", "readable")
    finally:
        os.chmod(progress, 0o755)
        cleanup(home)


@needs_nobody
def test_reading_an_unreadable_file_is_one_clear_paragraph() -> None:
    home = prepared_home()
    progress = home / "progress"
    try:
        os.chmod(progress / "reviews.jsonl", 0o000)
        assert as_nobody_shell(f"cat {progress}/reviews.jsonl", home).returncode != 0
        run = as_nobody_cli(["export", "results"], home)
        assert_one_clear_paragraph(run, "Cannot read", "reviews.jsonl", "permission denied")
    finally:
        cleanup(home)


def as_nobody_cli(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    return as_nobody(args, home)


def as_nobody_shell(command: str, home: Path) -> subprocess.CompletedProcess[str]:
    from tests.store_faults import run_as_nobody

    return run_as_nobody(["sh", "-c", command], home)

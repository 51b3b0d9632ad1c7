"""A submit cut short anywhere never loses an exam answer (issue 14, item 6).

Submitting writes the attempt line, then one review line per question, then removes session.json.
These tests cut that at every byte: by a kill (a prefix of the bytes stays on disk, nothing is
cleaned up) and by a full disk (the write that does not fit fails, and is undone). Whatever the cut,
the exam ends up recorded exactly once: one attempt and one review per question, each identified by
its position.
"""

from __future__ import annotations

import dataclasses
import errno
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.clock import ManualClock
from quiz.domains import Domain
from quiz.errors import StoreWriteError
from quiz.scheduling.fsrs import Scheduling
from quiz.session.exam import ExamSession
from quiz.store.progress import ProgressStore
from quiz.store.results import SessionResult
from quiz.store.review import Review
from quiz.study import Study
from tests.choices import choose
from tests.factories import make_library, make_profile
from tests.store_faults import FailingWrites

LIBRARY = make_library(dict.fromkeys(Domain, 20), multi_every=4)


@dataclass
class Submit:
    """An exam ready to submit (the folder as the app left it) and what a whole submit records."""

    template: Path
    session_id: str
    attempt: SessionResult
    reviews: list[Review]  # in position order
    answers: dict[int, list[int]]  # the exam's answers before the submit
    attempt_bytes: bytes  # what a whole submit appends to attempts.jsonl ...
    review_bytes: bytes  # ... and then to reviews.jsonl

    @property
    def size(self) -> int:
        return len(self.attempt_bytes) + len(self.review_bytes)


def prepare(folder: Path, questions: int) -> Submit:
    clock = ManualClock()
    scheduling = Scheduling(fuzzing=False)
    with ProgressStore.open(folder, clock.now()) as store:
        earlier = ExamSession.start(
            LIBRARY, make_profile(questions=3, minutes=5), clock=clock, scheduling=scheduling, store=store, seed=99
        )
        earlier.submit()  # some history already in both logs
        exam = ExamSession.start(
            LIBRARY,
            make_profile(questions=questions, minutes=questions),
            clock=clock,
            scheduling=scheduling,
            store=store,
            seed=questions,
        )
        for position in range(0, exam.total, 2):  # every other question answered
            exam.go(position)
            order = exam.state.items[position].presentation["order"]
            choose(exam, order.index(0))
        exam.toggle_flag()
        session_id = exam.state.session_id
        answers = dict(exam.state.answers)
    whole = folder.with_name(folder.name + "-whole")
    shutil.copytree(folder, whole)
    store, exam = reopen(whole)
    exam.submit()
    store.close()
    appended = {
        name: (whole / name).read_bytes()[(folder / name).stat().st_size :]
        for name in ("attempts.jsonl", "reviews.jsonl")
    }
    with ProgressStore.open(whole, ManualClock().now()) as done:
        attempt = done.attempt(session_id)
        reviews = sorted((r for r in done.reviews if r.session == session_id), key=_position)
    shutil.rmtree(whole)
    assert attempt is not None and len(reviews) == questions
    return Submit(folder, session_id, attempt, reviews, answers, appended["attempts.jsonl"], appended["reviews.jsonl"])


def _position(review: Review) -> int:
    return -1 if review.item is None else review.item


def reopen(folder: Path) -> tuple[ProgressStore, ExamSession]:
    clock = ManualClock()
    store = ProgressStore.open(folder, clock.now())
    assert store.pending_session is not None
    exam = ExamSession.resume(
        store.pending_session, LIBRARY, clock=clock, scheduling=Scheduling(fuzzing=False), store=store
    )
    return store, exam


def assert_recorded_once(folder: Path, expected: Submit) -> None:
    """The next start finishes the submit: exactly the attempt and one review per question, as a whole
    submit writes them. If the cut came before the attempt line was whole, the exam was not submitted:
    it is still there to continue, every answer in it, and submitting it then records it once."""
    clock = ManualClock()
    study = Study(LIBRARY, ProgressStore.open(folder, clock.now()), clock=clock, fuzzing=False)
    try:
        assert study.recovery_error is None
        if study.store.attempt(expected.session_id) is None:
            assert not [r for r in study.store.reviews if r.session == expected.session_id]
            exam = study.resume_exam()
            assert exam is not None and exam.state.session_id == expected.session_id
            assert exam.result is None and exam.state.answers == expected.answers
            exam.submit()
    finally:
        study.close()
    study = Study(LIBRARY, ProgressStore.open(folder, clock.now()), clock=clock, fuzzing=False)
    try:  # the start after that finds it complete, with nothing left to do
        assert study.recovered is None and study.recovery_error is None and study.store.damages == []
        assert study.store.pending_session is None and not (folder / "session.json").exists()
        attempts = [a for a in study.store.attempts if a.session_id == expected.session_id]
        assert attempts == [expected.attempt]
        reviews = [r for r in study.store.reviews if r.session == expected.session_id]
        assert sorted(reviews, key=_position) == expected.reviews
        assert len(study.store.attempts) == 2  # the earlier exam's attempt is intact too
    finally:
        study.close()


def killed_after(submit: Submit, work: Path, offset: int) -> None:
    """The folder as a submit killed after `offset` bytes leaves it: a prefix of its appends on disk
    (the attempt line first, then the reviews), session.json still there, nothing cleaned up."""
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(submit.template, work)
    stream = submit.attempt_bytes + submit.review_bytes
    split = len(submit.attempt_bytes)
    with (work / "attempts.jsonl").open("ab") as log:
        log.write(stream[: min(offset, split)])
    with (work / "reviews.jsonl").open("ab") as log:
        log.write(stream[split:offset])


def disk_full_after(submit: Submit, work: Path, offset: int, *, error: int = errno.ENOSPC) -> None:
    """Submit with only `offset` bytes fitting on the disk: the write that does not fit fails."""
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(submit.template, work)
    with pytest.MonkeyPatch.context() as patch:
        store, exam = reopen(work)
        FailingWrites(patch, offset, error=error)
        try:
            exam.submit()
        except StoreWriteError as failure:
            assert failure.errno == error
            assert exam.result is None and not exam.finished  # not submitted in memory either
            assert "Nothing saved before was lost" in failure.user_message
        else:
            assert offset >= submit.size
        finally:
            store.close()
    if offset < submit.size:
        assert (work / "session.json").exists()  # still recoverable
        for name in ("attempts.jsonl", "reviews.jsonl"):  # the failed write was cut off again
            assert (work / name).read_bytes().endswith(b"\n")
        with ProgressStore.open(work, ManualClock().now(), read_only=True) as peek:
            assert peek.damages == []


@pytest.fixture(scope="module")
def five(tmp_path_factory: pytest.TempPathFactory) -> Submit:
    return prepare(tmp_path_factory.mktemp("torn") / "progress", 5)


def test_a_five_question_submit_killed_at_every_byte_is_recorded_exactly_once(
    five: Submit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert 1500 < five.size < 6000  # the attempt line and five review lines
    # fsync matters for power loss, not for these thousands of starts: same files, less time
    monkeypatch.setattr(os, "fsync", lambda fd: None)
    for offset in range(five.size + 1):
        killed_after(five, tmp_path / "work", offset)
        assert_recorded_once(tmp_path / "work", five)


def test_a_five_question_submit_on_a_disk_full_at_every_byte_is_recorded_exactly_once(
    five: Submit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "fsync", lambda fd: None)
    for offset in range(five.size + 1):
        disk_full_after(five, tmp_path / "work", offset)
        assert_recorded_once(tmp_path / "work", five)


def test_a_failed_submit_can_be_submitted_again_in_the_same_session(five: Submit, tmp_path: Path) -> None:
    for offset in range(0, five.size, 97):
        work = tmp_path / f"work-{offset}"
        shutil.copytree(five.template, work)
        with pytest.MonkeyPatch.context() as patch:
            store, exam = reopen(work)
            writes = FailingWrites(patch, offset)
            with pytest.raises(StoreWriteError):
                exam.submit()
            writes.heal()
            result = exam.submit()  # the user tries again once space is free
            assert result == five.attempt and exam.finished
            store.close()
        assert_recorded_once(work, five)


def test_a_submit_killed_before_removing_session_json_writes_nothing_twice(five: Submit, tmp_path: Path) -> None:
    work = tmp_path / "work"
    killed_after(five, work, five.size)  # everything written; the unlink never happened
    assert (work / "session.json").exists()
    assert_recorded_once(work, five)


@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EFBIG, errno.EACCES, errno.EROFS])
def test_each_write_failure_at_submit_leaves_the_exam_recoverable(five: Submit, tmp_path: Path, error: int) -> None:
    for offset in (0, len(five.attempt_bytes) // 2, len(five.attempt_bytes) + 10, five.size - 1):
        disk_full_after(five, tmp_path / "work", offset, error=error)
        assert_recorded_once(tmp_path / "work", five)


def test_a_batch_written_by_the_previous_version_is_completed_by_position(five: Submit, tmp_path: Path) -> None:
    """Reviews written before they carried `item` were one batch in position order: the first k."""
    work = tmp_path / "work"
    shutil.copytree(five.template, work)
    with ProgressStore.open(work, ManualClock().now()) as store:
        store.record_attempt(five.attempt)
        store.record_reviews([dataclasses.replace(r, item=None) for r in five.reviews[:2]])
    with ProgressStore.open(work, ManualClock().now()) as store:
        assert store.reviewed_positions(five.session_id) == {0, 1}
    clock = ManualClock()
    study = Study(LIBRARY, ProgressStore.open(work, clock.now()), clock=clock, fuzzing=False)
    reviews = [r for r in study.store.reviews if r.session == five.session_id]
    assert len(reviews) == 5 and [r.item for r in reviews] == [None, None, 2, 3, 4]
    assert [r.key for r in reviews] == [r.key for r in five.reviews]
    study.close()


@pytest.fixture(scope="module")
def long_exam(tmp_path_factory: pytest.TempPathFactory) -> Submit:
    return prepare(tmp_path_factory.mktemp("torn160") / "progress", 160)


@settings(max_examples=40, deadline=None)
@given(data=st.data(), kill=st.booleans())
def test_a_160_question_submit_cut_anywhere_is_recorded_exactly_once(
    long_exam: Submit, data: st.DataObject, kill: bool
) -> None:
    offset = data.draw(st.integers(0, long_exam.size), label="bytes on disk")
    with tempfile.TemporaryDirectory() as name:
        work = Path(name) / "work"
        if kill:
            killed_after(long_exam, work, offset)
        else:
            with pytest.MonkeyPatch.context():
                disk_full_after(long_exam, work, offset)
        assert_recorded_once(work, long_exam)

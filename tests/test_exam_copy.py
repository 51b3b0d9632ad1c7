"""An exam keeps its own copy of the questions it showed (issue 14, item 9): editing or removing a
question in a bank never breaks, or changes, an exam already under way."""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Callable
from pathlib import Path

from quiz.banks.loader import LoadedBank
from quiz.clock import ManualClock
from quiz.domains import Domain
from quiz.library import Library
from quiz.models import Bank, Question
from quiz.scheduling.fsrs import Scheduling
from quiz.session.exam import ExamSession
from quiz.store.progress import KEPT_EXAM_COPIES, ProgressStore
from quiz.study import Study
from tests.choices import choice_question, choose, on_screen
from tests.factories import make_library, make_profile

LIBRARY = make_library(dict.fromkeys(Domain, 3))


def edited(library: Library, change: Callable[[Question], Question | None]) -> Library:
    """The same bank after its author edited it: `change` returns the new question, or None to remove it."""
    (loaded,) = library.banks
    questions = tuple(q for q in (change(q) for q in loaded.bank.questions) if q is not None)
    return Library(banks=[LoadedBank(Bank(loaded.bank.bank, loaded.bank.title, questions), loaded.path, False)])


def three_choices(target: str) -> Callable[[Question], Question | None]:
    """The question `target` loses its last choice (validate would call the edited bank clean)."""

    def change(question: Question) -> Question:
        if f"b/{question.id}" != target:
            return question
        choice = choice_question(question)
        return dataclasses.replace(choice, question="Reworded?", choices=choice.choices[:3])

    return change


def removed(target: str) -> Callable[[Question], Question | None]:
    return lambda question: None if f"b/{question.id}" == target else question


def exam_in_progress(folder: Path) -> tuple[ExamSession, ManualClock]:
    clock = ManualClock()
    store = ProgressStore.open(folder, clock.now())
    exam = ExamSession.start(
        LIBRARY,
        make_profile(questions=6, minutes=30),
        clock=clock,
        scheduling=Scheduling(fuzzing=False),
        store=store,
        seed=8,
    )
    for position in range(exam.total):
        exam.go(position)
        choose(exam, exam.state.items[position].presentation["order"].index(0))  # every answer right
    exam.go(0)
    store.close()  # the app is closed; the user edits a bank
    return exam, clock


def resume(folder: Path, library: Library, clock: ManualClock) -> ExamSession:
    study = Study(library, ProgressStore.open(folder, clock.now()), clock=clock, fuzzing=False)
    exam = study.resume_exam()
    assert exam is not None
    return exam


def test_a_question_edited_to_fewer_choices_is_resumed_and_scored_as_it_was_asked(tmp_path: Path) -> None:
    before, clock = exam_in_progress(tmp_path)
    target = before.state.items[2].key
    shown = on_screen(before, 2).choices
    exam = resume(tmp_path, edited(LIBRARY, three_choices(target)), clock)
    assert exam.total == 6 and exam.state.notes == before.state.notes  # nothing dropped, nothing to say
    assert on_screen(exam, 2).choices == shown and len(shown) == 4  # the four choices it was asked with
    assert exam.question(2).question == before.question(2).question
    exam.go(2)
    exam.clear()
    choose(exam, 3)  # the fourth choice, which the bank no longer has, can still be picked
    choose(exam, exam.state.items[2].presentation["order"].index(0))
    result = exam.submit()
    assert result.score == 6 and result.items[2].answer == [0]
    assert exam.store is not None
    exam.store.close()


def test_a_question_removed_from_the_banks_is_still_scored_as_it_was_asked(tmp_path: Path) -> None:
    before, clock = exam_in_progress(tmp_path)
    target = before.state.items[4].key
    exam = resume(tmp_path, edited(LIBRARY, removed(target)), clock)
    assert exam.total == 6 and exam.entry(4) is None and exam.question(4) == before.question(4)
    result = exam.submit()
    assert result.score == 6 and result.items[4].key == target
    assert exam.store is not None
    exam.store.close()


def test_without_its_copy_an_exam_drops_the_questions_that_no_longer_fit(tmp_path: Path) -> None:
    before, clock = exam_in_progress(tmp_path)
    changed, gone = before.state.items[2].key, before.state.items[4].key
    (copy,) = tmp_path.glob("exam-*.json")
    copy.unlink()  # an exam saved by an earlier version has none
    exam = resume(tmp_path, edited(edited(LIBRARY, three_choices(changed)), removed(gone)), clock)
    assert exam.total == 4 and changed not in {p.key for p in exam.state.items}
    assert any("copy of its questions is missing or damaged" in note for note in exam.state.notes)
    assert "2 question(s) are no longer in the banks" in exam.state.notes[-1]
    assert sorted(exam.state.answers) == [0, 1, 2, 3]  # the answers of the questions kept, renumbered
    assert copy.exists()  # rebuilt from what is asked now, so the next resume needs no banks
    exam.submit()
    assert exam.store is not None
    exam.store.close()


def test_a_damaged_copy_is_set_aside_reported_and_rebuilt(tmp_path: Path) -> None:
    _, clock = exam_in_progress(tmp_path)
    (copy,) = tmp_path.glob("exam-*.json")
    document = json.loads(copy.read_text("utf-8"))
    document["data"]["items"][1]["question"]["answer"] = "F"  # not one of its four choices
    copy.write_text(json.dumps(document), "utf-8")
    study = Study(LIBRARY, ProgressStore.open(tmp_path, clock.now()), clock=clock, fuzzing=False)
    exam = study.resume_exam()
    assert exam is not None and exam.total == 6
    (damage,) = study.store.damages
    assert damage.path == copy and "items[1].question.answer" in str(damage) and damage.moved_to is not None
    assert any("missing or damaged" in note for note in exam.state.notes)
    assert json.loads(copy.read_text("utf-8"))["data"]["items"][1]["question"]["answer"] == "A"
    study.close()


def test_a_copy_of_another_exam_is_not_used(tmp_path: Path) -> None:
    before, clock = exam_in_progress(tmp_path)
    (copy,) = tmp_path.glob("exam-*.json")
    document = json.loads(copy.read_text("utf-8"))
    document["data"]["items"].reverse()
    copy.write_text(json.dumps(document), "utf-8")
    exam = resume(tmp_path, LIBRARY, clock)
    assert [exam.question(i) for i in range(6)] == [before.question(i) for i in range(6)]
    assert any("missing or damaged" in note for note in exam.state.notes)
    assert exam.store is not None
    exam.store.close()


def test_the_copy_is_written_once_and_answers_never_rewrite_it(tmp_path: Path) -> None:
    clock = ManualClock()
    with ProgressStore.open(tmp_path, clock.now()) as store:
        exam = ExamSession.start(
            LIBRARY,
            make_profile(questions=6, minutes=30),
            clock=clock,
            scheduling=Scheduling(fuzzing=False),
            store=store,
            seed=8,
        )
        copy = tmp_path / f"exam-{exam.state.session_id}.json"
        first = os.stat(copy)
        content = copy.read_bytes()
        for position in range(exam.total):
            exam.go(position)
            choose(exam, 0)
            exam.toggle_flag()
        exam.checkpoint()
        after = os.stat(copy)
        assert (after.st_ino, after.st_mtime_ns) == (first.st_ino, first.st_mtime_ns)
        assert copy.read_bytes() == content
        saved = json.loads(copy.read_text("utf-8"))["data"]
        assert [item["question"]["choices"] for item in saved["items"]] == [
            list(choice_question(exam.question(i)).choices) for i in range(6)
        ]  # in file order, not shuffled
        assert "choices" not in (tmp_path / "session.json").read_text("utf-8")  # not in the file saved each time


def test_discarding_removes_the_copy_and_submitting_keeps_it_for_answer_review(tmp_path: Path) -> None:
    clock = ManualClock()
    study = Study(LIBRARY, ProgressStore.open(tmp_path, clock.now()), clock=clock, fuzzing=False)
    profile = make_profile(questions=4, minutes=5)
    discarded = study.start_exam(profile, seed=1)
    study.discard_pending_exam()
    assert not (tmp_path / f"exam-{discarded.state.session_id}.json").exists()
    finished = study.start_exam(profile, seed=2)
    result = finished.submit()
    asked = study.asked_questions(result.session_id)
    assert asked == [finished.question(i) for i in range(4)]
    assert study.asked_questions("no-such-session") is None and study.asked_questions("../x") is None
    study.close()


def test_only_the_most_recent_finished_exams_keep_their_copies(tmp_path: Path) -> None:
    clock = ManualClock()
    study = Study(LIBRARY, ProgressStore.open(tmp_path, clock.now()), clock=clock, fuzzing=False)
    profile = make_profile(questions=2, minutes=5)
    ids = []
    for seed in range(KEPT_EXAM_COPIES + 3):
        exam = study.start_exam(profile, seed=seed)
        ids.append(exam.state.session_id)
        exam.submit()
    pending = study.start_exam(profile, seed=99)
    kept = {p.name[len("exam-") : -len(".json")] for p in tmp_path.glob("exam-*.json")}
    assert kept == {*ids[-KEPT_EXAM_COPIES:], pending.state.session_id}
    study.close()


def test_a_drill_is_resumed_with_the_version_it_was_asked(tmp_path: Path) -> None:
    library = make_library(dict.fromkeys(Domain, 2))
    library.add_drills()
    profile = make_profile(questions=5, minutes=5, topics=["drill"], include_drills=True)
    clock = ManualClock()
    store = ProgressStore.open(tmp_path, clock.now())
    exam = ExamSession.start(library, profile, clock=clock, scheduling=Scheduling(fuzzing=False), store=store, seed=3)
    asked = [exam.question(i) for i in range(exam.total)]
    store.close()
    without_drills = make_library(dict.fromkeys(Domain, 2))  # drills not loaded at all this time
    resumed = resume(tmp_path, without_drills, clock)
    assert [resumed.question(i) for i in range(resumed.total)] == asked
    assert resumed.store is not None
    resumed.store.close()

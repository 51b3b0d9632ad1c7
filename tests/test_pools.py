"""Practice from pools (issue 19): flagged in an exam, noted, of a kind, of a bank, combined with
the other filters, from the practice dialog's fields and from `quiz practice` options."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

from quiz.cli import build_parser, no_arguments
from quiz.kinds import kind_names
from quiz.library import Library
from quiz.session.selection import Only, PracticeFilter, practice_entries
from quiz.store.progress import ProgressStore
from quiz.store.question_notes import QuestionNote
from quiz.store.results import ItemResult, SessionResult
from quiz.study import Study
from quiz.tui.app import StartPractice

SHIPPED = Library.load(drills=False, use_cache=False)
NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)


def entries(store: ProgressStore, chosen: PracticeFilter) -> set[str]:
    return {e.key for e in practice_entries(SHIPPED, store, chosen, random.Random(1), NOW)}


def test_flagged_noted_kind_and_bank_pools(tmp_path: Path) -> None:
    store = ProgressStore.open(tmp_path, NOW)
    keys = sorted(SHIPPED.entries)
    flagged_key, noted_key = keys[3], keys[10]
    entry = SHIPPED.entries[flagged_key]
    item = ItemResult(flagged_key, entry.domain, [0], [1], False, True, 12.0)
    store.record_attempt(SessionResult("s1", "exam", "Exam", "ciip", NOW, NOW, 60.0, False, 70.0, (item,), "a1"))
    store.record_question_note(QuestionNote("n1", NOW, noted_key, "check this"))
    assert entries(store, PracticeFilter(only=Only.FLAGGED, count=None)) == {flagged_key}
    assert entries(store, PracticeFilter(only=Only.NOTED, count=None)) == {noted_key}
    matching = entries(store, PracticeFilter(kinds=["matching"], count=None))
    assert matching and all(SHIPPED.entries[k].question.kind_name == "matching" for k in matching)
    bank = SHIPPED.banks[0].bank.bank
    in_bank = entries(store, PracticeFilter(banks=[bank], kinds=["numeric", "ordering"], count=None))
    assert all(k.startswith(f"{bank}/") for k in in_bank)
    assert all(SHIPPED.entries[k].question.kind_name in ("numeric", "ordering") for k in in_bank)
    unseen = entries(store, PracticeFilter(only=Only.UNSEEN, kinds=["ordering"], count=None))
    assert unseen and all(SHIPPED.entries[k].question.kind_name == "ordering" for k in unseen)
    store.close()


def test_quiz_practice_takes_the_pools_as_options() -> None:
    args = build_parser().parse_args(
        ["practice", "--only", "flagged", "--kind", "matching", "--kind", "ordering", "--bank-id", "dicom"]
    )
    args.bank, args.all_attributes = [], False
    from quiz.cli import _start_for

    study = Study.open(fuzzing=False)
    start = _start_for(args, study)
    study.close()
    assert isinstance(start, StartPractice)
    chosen = start.chosen
    assert (chosen.only, list(chosen.kinds), list(chosen.banks)) == (Only.FLAGGED, ["matching", "ordering"], ["dicom"])
    assert no_arguments().command is None
    assert set(kind_names()) >= {"choice", "true-false", "short-answer", "numeric", "matching", "ordering"}


def test_an_exam_draws_only_from_its_pool_and_says_so(tmp_path: Path) -> None:
    from quiz.clock import ManualClock
    from quiz.session.custom import ExamRequest
    from tests.factories import answer_now

    clock = ManualClock(NOW)
    SHIPPED.set_aside = set()
    study = Study(SHIPPED, ProgressStore.open(tmp_path, NOW), clock=clock, fuzzing=False)
    profile = SHIPPED.profiles["ciip"]
    keys = sorted(k for k in SHIPPED.entries if k.startswith("imaging-informatics/"))[:12]
    for key in keys:
        answer_now(study, key, correct=False)
    request = ExamRequest(profile, count=10, only="missed")
    assert study.check_exam(request) is None
    exam = study.start_exam(request, seed=5)
    drawn = {exam.entry(i).key for i in range(exam.total)}  # type: ignore[union-attr]
    assert exam.total == 10 and drawn <= set(keys)
    assert exam.state.title.endswith("(missed)") and exam.state.pass_percent is None
    study.discard_pending_exam()
    assert not SHIPPED.set_aside  # the pool is only while drawing
    too_many = ExamRequest(profile, count=13, only="missed")
    assert "from 1 to 12" in (study.check_exam(too_many) or "")
    kinds = ExamRequest(profile, count=5, kinds=("matching",), tutor=True)
    tutor = study.start_tutor(kinds, seed=2)
    assert all(item.kind == "matching" for item in tutor.items) and "matching" in tutor.title
    hard = study.start_tutor(ExamRequest(profile, count=8, difficulties=("hard",), tutor=True), seed=2)
    assert all(SHIPPED.entries[item.key].difficulty.value == "hard" for item in hard.items)
    study.store.close()

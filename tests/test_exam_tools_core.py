"""Issue 19's exam tools in the core: striking out choices, notes on questions (with the attempt, and
kept on the question as events of their own), the time a question took; their records round-trip
through the store, survive a restart, and a damaged line of the notes log is set aside."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quiz.banks.loader import LoadedBank
from quiz.clock import ManualClock
from quiz.domains import Domain
from quiz.kinds.choice import shown
from quiz.kinds.true_false import TrueFalseQuestion
from quiz.library import Library
from quiz.models import Bank, Profile
from quiz.scheduling.fsrs import Scheduling
from quiz.session.exam import ExamSession
from quiz.session.selection import PracticeFilter
from quiz.session.strikes import CannotStrikeError
from quiz.store.progress import ProgressStore
from quiz.store.question_notes import QuestionNote
from quiz.store.results import SessionResult
from quiz.study import Study
from tests.choices import choice_question, choose, on_screen, practice_response
from tests.factories import make_library, make_profile
from tests.test_new_kinds import kinds_library

LIBRARY = make_library(dict.fromkeys(Domain, 4), multi_every=3)


def start(store: ProgressStore | None, clock: ManualClock | None = None, *, seed: int = 7) -> ExamSession:
    return ExamSession.start(
        LIBRARY,
        make_profile(questions=10, minutes=20, pass_percent=70),
        clock=clock or ManualClock(),
        scheduling=Scheduling(fuzzing=False),
        store=store,
        seed=seed,
    )


def first_single(exam: ExamSession) -> int:
    """Go to the first one-answer question; its position."""
    for position in range(exam.total):
        if not choice_question(exam.question(position)).is_multi:
            exam.go(position)
            return position
    raise AssertionError("no one-answer question")


def first_multi(exam: ExamSession) -> int:
    for position in range(exam.total):
        if choice_question(exam.question(position)).is_multi:
            exam.go(position)
            return position
    raise AssertionError("no select-all question")


# strike-outs --------------------------------------------------------------------------------
def test_a_struck_choice_is_kept_as_its_bank_option_and_restored_by_striking_again() -> None:
    exam = start(None)
    first_single(exam)
    order = on_screen(exam).order
    change = exam.toggle_strike(2)
    assert change.now_struck and not change.cleared_pick
    assert exam.struck() == {order[2]}  # the option in the bank file's order, not the letter shown
    exam.toggle_strike(3)
    assert exam.struck() == {order[2], order[3]}
    restored = exam.toggle_strike(2)
    assert not restored.now_struck and exam.struck() == {order[3]}
    assert not exam.is_answered(exam.index)  # striking is never an answer


def test_striking_the_picked_choice_takes_the_pick_away() -> None:
    exam = start(None)
    position = first_single(exam)
    choose(exam, 1)
    assert exam.is_answered(position)
    change = exam.toggle_strike(1)
    assert change.cleared_pick and change.response is None
    assert not exam.is_answered(position) and exam.response() is None


def test_on_a_select_all_item_only_the_struck_tick_goes() -> None:
    exam = start(None)
    first_multi(exam)
    choose(exam, 0)
    choose(exam, 1)
    exam.toggle_strike(0)
    assert on_screen(exam).positions(exam.response()) == {1}


def test_picking_a_struck_choice_restores_it() -> None:
    exam = start(None)
    first_single(exam)
    exam.toggle_strike(2)
    exam.toggle_strike(3)
    choose(exam, 2)
    assert on_screen(exam).positions(exam.response()) == {2}
    assert exam.struck() == {on_screen(exam).order[3]}


def test_a_question_without_choices_has_nothing_to_strike() -> None:
    library = kinds_library()
    exam = ExamSession.start(
        library, library.profiles["kinds"], clock=ManualClock(), scheduling=Scheduling(fuzzing=False), seed=1
    )
    with pytest.raises(CannotStrikeError):
        exam.toggle_strike(0)
    assert exam.state.struck == {}


def test_true_false_sides_can_be_struck() -> None:
    question = TrueFalseQuestion(id="tf", question="Is it so?", answer=True, domain=Domain.OPERATIONS)
    library = Library(banks=[_loaded(Bank("tf", "TF", (question,)))])
    profile = Profile("tf", "TF", 1, {Domain.OPERATIONS: 1.0}, minutes=5)
    exam = ExamSession.start(library, profile, clock=ManualClock(), scheduling=Scheduling(fuzzing=False), seed=1)
    exam.respond(False)
    change = exam.toggle_strike(1)  # False, the pick
    assert change.cleared_pick and exam.response() is None and exam.struck() == {1}
    with pytest.raises(CannotStrikeError):
        exam.toggle_strike(2)


def _loaded(bank: Bank) -> LoadedBank:
    return LoadedBank(bank, Path(f"{bank.bank}.yaml"), False)


# notes ----------------------------------------------------------------------------------------
def test_a_note_is_saved_with_the_exam_and_kept_with_the_attempt(tmp_path: Path) -> None:
    clock = ManualClock()
    with ProgressStore.open(tmp_path, clock.now()) as store:
        exam = start(store, clock)
        exam.set_remark("  re-read PS3.4 C-FIND  \n\n")
        assert exam.remark() == "  re-read PS3.4 C-FIND"  # trailing blanks dropped, the rest as typed
        assert store.question_notes == []  # not kept on the question unless asked
        exam.go(3)
        exam.set_remark("check the AE title")
        exam.set_remark("")  # removed again
        assert exam.noted() == [0]
        result = exam.submit()
    assert result.items[0].remark == "  re-read PS3.4 C-FIND" and result.items[3].remark == ""
    with ProgressStore.open(tmp_path, clock.now()) as again:
        assert not again.damages
        assert again.attempts[-1].items[0].remark == "  re-read PS3.4 C-FIND"


def test_a_note_kept_on_the_question_is_an_event_with_its_own_id(tmp_path: Path) -> None:
    clock = ManualClock()
    with ProgressStore.open(tmp_path, clock.now()) as store:
        exam = start(store, clock)
        key = exam.state.items[0].key
        exam.set_remark("mnemonic: SCU asks", keep=True)
        exam.set_remark("mnemonic: SCU asks", keep=True)  # unchanged: no second event
        assert [n.text for n in store.question_notes] == ["mnemonic: SCU asks"]
        note = store.question_note(key)
        assert note is not None and note.session == exam.state.session_id and note.item == 0 and note.id
        clock.advance(60)
        exam.set_remark("mnemonic: the SCU asks", keep=True)
        clock.advance(60)
        exam.set_remark("mnemonic: the SCU asks", keep=False)  # unticked: taken off the question again
        assert store.question_note(key) is None
        assert [n.text for n in store.question_notes] == ["mnemonic: SCU asks", "mnemonic: the SCU asks", ""]
        assert len({n.id for n in store.question_notes}) == 3
        assert exam.remark() == "mnemonic: the SCU asks"  # still the attempt's note
        exam.set_remark("keep this one", keep=True)
        exam.submit()
    with ProgressStore.open(tmp_path, clock.now()) as again:
        assert not again.damages
        assert again.question_notes == store.question_notes  # a store round trip of the typed records
        kept = again.question_note(key)
        assert kept is not None and kept.text == "keep this one"
        assert again.noted_keys() == [key]


def test_unticking_never_removes_a_note_kept_from_another_session(tmp_path: Path) -> None:
    clock = ManualClock()
    with ProgressStore.open(tmp_path, clock.now()) as store:
        store.record_question_note(QuestionNote("n1", clock.now(), "b/elsewhere", "from practice", "other", 0))
        exam = start(store, clock)
        key = exam.state.items[0].key
        store.record_question_note(QuestionNote("n2", clock.now(), key, "from last week", "other", 4))
        exam.set_remark("mine this time", keep=False)
        note = store.question_note(key)
        assert note is not None and note.text == "from last week"
        assert exam.kept_note() == note


def test_a_note_too_long_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path, ManualClock().now()) as store:
        exam = start(store)
        with pytest.raises(ValueError, match="at most 4,000 characters"):
            exam.set_remark("x" * 4001, keep=True)
        assert exam.state.remarks == {} and store.question_notes == []


def test_a_note_typed_as_the_time_runs_out_is_kept_by_the_submit(tmp_path: Path) -> None:
    clock = ManualClock()
    with ProgressStore.open(tmp_path, clock.now()) as store:
        exam = start(store, clock)
        clock.advance(20 * 60)  # the deadline: not submitted yet, the screen saves the open note first
        exam.set_remark("ran out of time here")
        result = exam.expire_if_due()
    assert result is not None and result.timed_out and result.items[0].remark == "ran out of time here"


# what survives a restart ------------------------------------------------------------------------
def test_strike_outs_and_notes_are_in_the_saved_exam_and_come_back_on_resume(tmp_path: Path) -> None:
    clock = ManualClock()
    with ProgressStore.open(tmp_path, clock.now()) as store:
        exam = start(store, clock)
        position = first_single(exam)
        exam.toggle_strike(1)
        exam.toggle_strike(3)
        exam.set_remark("two left: B or D?")
        struck, session_id = exam.struck(), exam.state.session_id
    saved = json.loads((tmp_path / "session.json").read_text("utf-8"))["data"]
    assert saved["struck"] == {str(position): sorted(struck)}
    assert saved["remarks"] == {str(position): "two left: B or D?"}
    clock2 = ManualClock()
    with ProgressStore.open(tmp_path, clock2.now()) as store:
        assert not store.damages
        study = Study(LIBRARY, store, clock=clock2, fuzzing=False)
        resumed = study.resume_exam()
        assert resumed is not None and resumed.state.session_id == session_id
        assert resumed.struck(position) == struck and resumed.remark(position) == "two left: B or D?"
        resumed.go(position)
        result = resumed.submit()
    assert result.items[position].struck == tuple(sorted(struck))
    with ProgressStore.open(tmp_path, clock2.now()) as store:
        item = store.attempts[-1].items[position]
        assert item.struck == tuple(sorted(struck)) and item.remark == "two left: B or D?"


def test_old_records_without_the_new_fields_still_read(tmp_path: Path) -> None:
    clock = ManualClock()
    with ProgressStore.open(tmp_path, clock.now()) as store:
        exam = start(store, clock)
        choose(exam, 0)
        exam.submit()
        exam2 = start(store, clock, seed=8)
        choose(exam2, 0)
    # what the previous version wrote: no struck, remarks, remark or limit_seconds at all
    attempts = tmp_path / "attempts.jsonl"
    lines = attempts.read_text("utf-8").splitlines()
    record = json.loads(lines[1])
    record.pop("limit_seconds")
    lines[1] = json.dumps(record)
    attempts.write_text("\n".join(lines) + "\n", "utf-8")
    session = json.loads((tmp_path / "session.json").read_text("utf-8"))
    session["data"].pop("struck")
    session["data"].pop("remarks")
    (tmp_path / "session.json").write_text(json.dumps(session), "utf-8")
    with ProgressStore.open(tmp_path, clock.now()) as store:
        assert not store.damages
        assert store.attempts[-1].limit_seconds is None and store.attempts[-1].allowed_per_question is None
        assert all(item.struck == () and item.remark == "" for item in store.attempts[-1].items)
        assert store.pending_session is not None and store.pending_session.struck == {}
        assert store.question_notes == []


def test_damaged_lines_of_the_notes_log_are_reported_and_set_aside(tmp_path: Path) -> None:
    clock = ManualClock()
    with ProgressStore.open(tmp_path, clock.now()) as store:
        for number in range(3):
            store.record_question_note(QuestionNote(f"n{number}", clock.now(), f"b/q{number}", f"note {number}"))
    log = tmp_path / "question_notes.jsonl"
    lines = log.read_text("utf-8").splitlines()
    assert json.loads(lines[0]) == {"kind": "question-notes", "schema_version": 2}
    bad = json.loads(lines[2])
    bad["time"] = "2026-01-05T09:00:00"  # no time zone
    lines[2] = json.dumps(bad)
    lines.insert(3, "{not json")
    log.write_text("\n".join(lines) + "\n", "utf-8")
    with ProgressStore.open(tmp_path, clock.now()) as store:
        (damage,) = store.damages
        assert damage.path == log and damage.moved_to is not None
        assert "line 3: question note time" in str(damage) and "line 4: not readable JSON" in str(damage)
        assert "2 records recovered" in str(damage)
        assert [n.text for n in store.question_notes] == ["note 0", "note 2"]
    with ProgressStore.open(tmp_path, clock.now()) as store:
        assert not store.damages and len(store.question_notes) == 2


@pytest.mark.parametrize(
    "record",
    [
        {"time": "2026-01-05T09:00:00+00:00", "key": "b/q", "text": "t"},
        {"id": "x", "time": "2026-01-05T09:00:00+00:00", "key": "", "text": "t"},
        {"id": "x", "time": "2026-01-05T09:00:00+00:00", "key": "b/q", "text": 4},
        {"id": "x", "time": "2026-01-05T09:00:00+00:00", "key": "b/q", "text": "t", "item": -1},
        {"id": "x", "time": "2026-01-05T09:00:00+00:00", "key": "b/q", "text": "t", "session": 3},
    ],
)
def test_the_notes_check_refuses_what_it_cannot_use(record: dict[str, object]) -> None:
    from quiz.store.checks import check_question_note

    assert check_question_note(record) is not None


def test_a_read_only_store_reads_the_notes_and_changes_nothing(tmp_path: Path) -> None:
    clock = ManualClock()
    with ProgressStore.open(tmp_path, clock.now()) as store:
        store.record_question_note(QuestionNote("n1", clock.now(), "b/q", "read me"))
    before = (tmp_path / "question_notes.jsonl").read_bytes()
    store = ProgressStore.open(tmp_path, clock.now(), read_only=True)
    note = store.question_note("b/q")
    assert note is not None and note.text == "read me"
    assert (tmp_path / "question_notes.jsonl").read_bytes() == before


# practice ---------------------------------------------------------------------------------------
def test_practice_strikes_and_notes_go_with_the_attempt(tmp_path: Path) -> None:
    clock = ManualClock()
    with ProgressStore.open(tmp_path, clock.now()) as store:
        study = Study(LIBRARY, store, clock=clock, fuzzing=False)
        session = study.start_practice(PracticeFilter(count=3), seed=3)
        while choice_question(session.question).is_multi:
            session.answer(practice_response(session, {0}))
            session.next()
        order = shown(session.question, session.presentation).order
        picked = practice_response(session, {1})
        change = session.toggle_strike(1, picked)
        assert change.cleared_pick and change.response is None
        session.toggle_strike(2, None)
        session.set_remark("B looked right", keep=True)
        session.answer(practice_response(session, {0}))
        with pytest.raises(ValueError, match="answered"):
            session.toggle_strike(3, None)
        session.set_remark("B looked right, but A", keep=True)  # after the verdict: the usual time for it
        index = session.index
        result = session.finish()
    item = next(i for n, i in enumerate(result.items) if n == index)
    assert item.struck == tuple(sorted({order[1], order[2]})) and item.remark == "B looked right, but A"
    with ProgressStore.open(tmp_path, clock.now()) as store:
        assert store.attempts[-1].items[index].remark == "B looked right, but A"
        note = store.question_note(item.key)
        assert note is not None and note.text == "B looked right, but A"


# time per question --------------------------------------------------------------------------------
def test_the_slowest_questions_and_the_time_allowed_per_question(tmp_path: Path) -> None:
    clock = ManualClock()
    with ProgressStore.open(tmp_path, clock.now()) as store:
        exam = start(store, clock)
        for position, seconds in enumerate([30, 90, 10, 90, 45, 200, 5, 60, 0, 20]):
            exam.go(position)
            clock.advance(seconds)
        exam.go(0)
        result = exam.submit()
    assert result.slowest() == [5, 1, 3, 7, 4]
    assert result.limit_seconds == 20 * 60 and result.allowed_per_question == 120
    assert result.seconds_per_question == pytest.approx(55)
    with ProgressStore.open(tmp_path, clock.now()) as store:
        again = store.attempts[-1]
        assert again.limit_seconds == 20 * 60 and again.slowest() == [5, 1, 3, 7, 4]
        assert SessionResult.from_dict(again.to_dict()) == again

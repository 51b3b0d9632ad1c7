from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from quiz.clock import ManualClock
from quiz.domains import Domain
from quiz.kinds.choice import shown
from quiz.scheduling.fsrs import Scheduling
from quiz.session.common import SessionFinishedError
from quiz.session.exam import ExamSession
from quiz.store.progress import ProgressStore
from quiz.store.results import SessionResult
from tests.choices import choice_question, choose, on_screen
from tests.factories import make_library, make_profile

LIBRARY = make_library(dict.fromkeys(Domain, 20), multi_every=5)


def start(
    store: ProgressStore | None = None,
    clock: ManualClock | None = None,
    *,
    questions: int = 20,
    minutes: int = 20,
    seed: int = 42,
) -> ExamSession:
    profile = make_profile(questions=questions, minutes=minutes, pass_percent=70)
    return ExamSession.start(
        LIBRARY,
        profile,
        clock=clock or ManualClock(),
        scheduling=Scheduling(fuzzing=False),
        store=store,
        seed=seed,
    )


def answer_right(exam: ExamSession) -> None:
    """Pick the display positions of the right choices (bank indexes in `correct`)."""
    order = exam.state.items[exam.index].presentation["order"]
    for choice in sorted(choice_question(exam.question()).correct):
        choose(exam, order.index(choice))


def answer_wrong(exam: ExamSession) -> None:
    order = exam.state.items[exam.index].presentation["order"]
    choose(exam, order.index(1))  # index 1 is always a wrong choice


def test_same_seed_same_questions_and_choice_order() -> None:
    first, again, other = start(seed=1), start(seed=1), start(seed=2)
    assert first.state.items == again.state.items
    assert first.state.items != other.state.items
    assert len({p.key for p in first.state.items}) == 20


def test_choice_order_is_shuffled_but_kept_for_shuffle_false() -> None:
    exam = start()
    orders = {tuple(p.presentation["order"]) for p in exam.state.items}
    assert len(orders) > 1


def test_answer_change_clear_flag_and_navigation() -> None:
    exam = start()
    choose(exam, 0)
    choose(exam, 2)
    question = choice_question(exam.question())
    assert on_screen(exam).positions(exam.response()) == ({0, 2} if question.is_multi else {2})
    exam.clear()
    assert exam.response() is None and exam.unanswered()[0] == 0
    assert exam.toggle_flag() is True and exam.flagged() == [0]
    exam.previous()
    assert exam.index == 0
    exam.next()
    exam.next()
    assert exam.index == 2
    exam.go(99)
    assert exam.index == 19
    exam.go(5)
    assert exam.toggle_flag() and exam.flagged() == [0, 5]
    exam.toggle_flag()
    assert exam.flagged() == [0]


def test_select_all_items_toggle_and_score_only_the_exact_set() -> None:
    exam = start()
    multi = next(i for i in range(exam.total) if choice_question(exam.question(i)).is_multi)
    exam.go(multi)
    order = exam.state.items[multi].presentation["order"]
    choose(exam, order.index(0))
    assert exam.state.answers[multi] == [0]
    choose(exam, order.index(2))
    choose(exam, order.index(3))
    choose(exam, order.index(3))  # toggled off again
    assert exam.state.answers[multi] == [0, 2]
    result = exam.submit()
    assert result.items[multi].is_correct
    exam2 = start()
    exam2.go(multi)
    choose(exam2, order.index(0))  # only half of the answer set
    assert not exam2.submit().items[multi].is_correct


def test_submit_scores_by_domain_and_counts_unanswered_as_wrong() -> None:
    clock = ManualClock()
    exam = start(clock=clock)
    for i in range(exam.total):
        exam.go(i)
        clock.advance(30)
        if i < 15:
            answer_right(exam)
        elif i < 18:
            answer_wrong(exam)
    exam.toggle_flag()
    result = exam.submit()
    assert (result.score, result.total, result.percent) == (15, 20, 75.0)
    assert result.passed is True and not result.timed_out
    assert sum(d.total for d in result.domains) == 20
    assert sum(d.correct for d in result.domains) == 15
    assert len(result.weakest) == 3 and result.weakest[0].percent <= result.weakest[-1].percent
    assert result.time_used == pytest.approx(600)
    assert result.time_per_answer == pytest.approx(30 * result.total / result.answered)
    assert [i.answered for i in result.items].count(False) == 2
    assert result.items[19].flagged
    assert [i.seconds for i in result.items] == [pytest.approx(30)] * 20
    with pytest.raises(SessionFinishedError):
        choose(exam, 0)


def test_timer_expiry_submits_by_itself() -> None:
    clock = ManualClock()
    exam = start(clock=clock, minutes=1)
    answer_right(exam)
    clock.advance(59)
    assert exam.remaining == pytest.approx(1) and exam.time_is_short
    assert exam.expire_if_due() is None
    clock.advance(5)
    assert exam.remaining == 0
    result = exam.expire_if_due()
    assert result is not None and result.timed_out and result.score == 1
    assert result.time_used == 60  # never more than the limit
    assert exam.expire_if_due() is None


def test_an_action_after_the_deadline_submits_instead() -> None:
    clock = ManualClock()
    exam = start(clock=clock, minutes=1)
    clock.advance(61)
    with pytest.raises(SessionFinishedError, match="time is up"):
        choose(exam, 0)
    assert exam.result is not None and exam.result.timed_out


def test_untimed_exam_has_no_remaining_time() -> None:
    profile = make_profile(questions=5, minutes=None)
    exam = ExamSession.start(LIBRARY, profile, clock=ManualClock(), scheduling=Scheduling(fuzzing=False), seed=1)
    assert exam.remaining is None and exam.expire_if_due() is None


def test_resume_after_a_crash_keeps_answers_flags_order_and_time(tmp_path: Path) -> None:
    clock = ManualClock()
    store = ProgressStore.open(tmp_path, clock.now())
    exam = start(store, clock)
    answer_right(exam)
    exam.toggle_flag()
    exam.go(3)
    answer_wrong(exam)
    clock.advance(120)
    exam.checkpoint()
    saved_items = exam.state.items
    store.close()  # the process dies here; nothing else is written

    clock.advance(3600)  # the app is closed for an hour: that time does not count
    store = ProgressStore.open(tmp_path, clock.now())
    assert store.pending_session is not None
    resumed = ExamSession.resume(
        store.pending_session, LIBRARY, clock=clock, scheduling=Scheduling(fuzzing=False), store=store
    )
    assert resumed.state.items == saved_items
    assert resumed.index == 3
    assert resumed.flagged() == [0]
    assert resumed.is_answered(0) and resumed.is_answered(3) and not resumed.is_answered(1)
    assert resumed.remaining == pytest.approx(20 * 60 - 120)
    result = resumed.submit()
    assert result.score == 1
    assert store.pending_session is None and not (tmp_path / "session.json").exists()
    store.close()


def test_resume_drops_questions_that_left_the_banks() -> None:
    exam = start()
    data = exam.snapshot()
    smaller = make_library({d: 20 for d in Domain if d != Domain.IMAGE_MANAGEMENT}, multi_every=5)
    gone = sum(1 for p in exam.state.items if p.key.startswith("b/image-management"))
    resumed = ExamSession.resume(data, smaller, clock=ManualClock(), scheduling=Scheduling(fuzzing=False))
    assert resumed.total == 20 - gone
    if gone:
        assert "no longer in the banks" in resumed.state.notes[-1]


def test_submit_records_attempt_and_one_review_per_question(tmp_path: Path) -> None:
    clock = ManualClock()
    with ProgressStore.open(tmp_path, clock.now()) as store:
        exam = start(store, clock)
        answer_right(exam)
        result = exam.submit()
        attempt = store.attempt(result.session_id)
        assert attempt is not None and attempt.score == 1
        exam_reviews = [r for r in store.reviews if r.session == result.session_id]
        assert len(exam_reviews) == 20
        assert {r.rating for r in exam_reviews} == {1, 3}  # Again for wrong or blank, Good for right
        assert all(r.mode == "exam" for r in exam_reviews)
        assert len(store.history) == 20


def test_results_keep_the_order_the_choices_were_shown_in() -> None:
    exam = start()
    answer_right(exam)
    result = exam.submit()
    assert [i.presentation for i in result.items] == [placed.presentation for placed in exam.state.items]
    stored = SessionResult.from_dict(json.loads(json.dumps(result.to_dict())))
    assert stored == result
    first = stored.items[0]
    assert shown(exam.question(0), first.presentation).order == tuple(first.presentation["order"])
    # a result saved before the order was kept reviews in file order
    old = result.to_dict()
    for item in old["items"]:
        del item["presentation"]
    legacy = SessionResult.from_dict(old).items[0]
    assert legacy.presentation == {} and shown(exam.question(0), legacy.presentation).order == (0, 1, 2, 3)


def test_pause_stops_the_clock_and_the_question_clock() -> None:
    from quiz.session.common import SessionPausedError

    clock = ManualClock()
    exam = start(clock=clock, minutes=10)
    clock.advance(60)
    exam.pause()
    assert exam.paused and exam.remaining == pytest.approx(540)
    clock.advance(3600)  # an hour at lunch
    assert exam.remaining == pytest.approx(540)
    with pytest.raises(SessionPausedError):
        choose(exam, 0)
    assert exam.expire_if_due() is None
    exam.resume_clock()
    clock.advance(30)
    assert exam.remaining == pytest.approx(510)
    exam.next()
    assert exam.state.seconds[0] == pytest.approx(90)  # the paused hour belongs to no question


def test_a_paused_exam_saves_its_time_and_resumes_from_it(tmp_path: Path) -> None:
    clock = ManualClock()
    store = ProgressStore.open(tmp_path, clock.now())
    exam = start(store, clock, minutes=10)
    clock.advance(120)
    exam.pause()
    clock.advance(999)
    assert store.pending_session is not None and store.pending_session.elapsed == pytest.approx(120)
    store.close()


def test_the_running_clock_is_saved_every_ten_seconds_and_every_action_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = ManualClock()
    store = ProgressStore.open(tmp_path, clock.now())
    exam = start(store, clock)
    saves: list[float] = []
    save_session = store.save_session

    def counted(*args: Any, **kwargs: Any) -> None:  # save_session's own arguments, passed on
        saves.append(clock.monotonic())
        save_session(*args, **kwargs)

    monkeypatch.setattr(store, "save_session", counted)
    for _ in range(25):  # a timer ticking every second, nothing else happening
        clock.advance(1)
        exam.keep_time()
    assert len(saves) == 2  # at 10 s and 20 s

    def saved_elapsed() -> float:
        return float(json.loads((tmp_path / "session.json").read_text())["data"]["elapsed"])

    assert saved_elapsed() == pytest.approx(20)
    answer_right(exam)  # an action saves at once, with the clock
    assert len(saves) == 3 and saved_elapsed() == pytest.approx(25)
    clock.advance(5)
    exam.keep_time()  # 5 s after the answer's save: not yet
    assert len(saves) == 3
    exam.pause()
    clock.advance(60)
    exam.keep_time()  # paused: the clock does not run, nothing to save
    assert len(saves) == 4
    store.close()

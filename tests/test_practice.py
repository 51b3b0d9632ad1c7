from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

import pytest

from quiz.clock import ManualClock
from quiz.domains import Domain
from quiz.errors import NoQuestionsError
from quiz.models import Difficulty
from quiz.session.common import SessionFinishedError
from quiz.session.practice import PracticeSession
from quiz.session.selection import Only, PracticeFilter, due_entries, missed_entries, practice_entries
from quiz.store.progress import ProgressStore
from quiz.study import Study
from tests.choices import choice_question, choose, practice_response
from tests.factories import make_library, make_profile

LIBRARY = make_library(dict.fromkeys(Domain, 6), multi_every=3)


def right_positions(session: PracticeSession) -> set[int]:
    order = session.items[session.index].presentation["order"]
    return {order.index(i) for i in choice_question(session.question).correct}


def wrong_positions(session: PracticeSession) -> set[int]:
    return {session.items[session.index].presentation["order"].index(1)}


@pytest.fixture
def study(tmp_path: Path) -> Study:
    clock = ManualClock()
    return Study(LIBRARY, ProgressStore.open(tmp_path, clock.now()), clock=clock, fuzzing=False)


def test_practice_gives_immediate_feedback_and_records_each_answer(study: Study) -> None:
    session = study.start_practice(PracticeFilter(domains=[Domain.OPERATIONS], count=4), seed=3)
    assert session.total == 4 and all(e.question.domain == Domain.OPERATIONS for e in session.entries)
    feedback = session.answer(practice_response(session, right_positions(session)))
    assert feedback.correct and feedback.response == practice_response(session, right_positions(session))
    assert feedback.explanation == "Because. It is so." and feedback.references == ("DICOM PS3.4",)
    assert len(study.store.reviews) == 1 and study.store.reviews[0].rating == 3
    with pytest.raises(ValueError, match="already answered"):
        session.answer(practice_response(session, {0}))
    assert session.next()
    feedback = session.answer(practice_response(session, wrong_positions(session)))
    assert not feedback.correct and feedback.response == practice_response(session, wrong_positions(session))
    assert study.store.reviews[-1].rating == 1
    assert study.store.history[session.entry.key].last_correct is False


def test_guess_re_rates_a_correct_answer_as_hard(study: Study) -> None:
    session = study.start_practice(PracticeFilter(count=2), seed=1)
    session.answer(practice_response(session, right_positions(session)))
    good_card = study.store.reviews[-1].card
    assert session.mark_guess() is True
    assert session.mark_guess() is False  # once only
    amended = study.store.reviews[-1]
    assert amended.amends is True and amended.rating == 2
    assert amended.card != good_card
    history = study.store.history[session.entry.key]
    assert history.reviews == 1 and history.card == amended.card
    session.next()
    session.answer(practice_response(session, wrong_positions(session)))
    assert session.mark_guess() is False  # a wrong answer is not a guess


def test_finish_summarises_and_stores_the_attempt(study: Study) -> None:
    session = study.start_practice(PracticeFilter(count=3), seed=1)
    session.answer(practice_response(session, right_positions(session)))
    session.next()
    session.answer(practice_response(session, wrong_positions(session)))
    result = session.finish()
    assert (result.score, result.total, result.kind) == (1, 2, "practice")
    assert study.store.attempts[-1].session_id == result.session_id
    with pytest.raises(SessionFinishedError):
        session.next()


def test_filters_unseen_missed_due_and_difficulty(study: Study) -> None:
    now = study.clock.now()
    rng = random.Random(0)
    everything = practice_entries(LIBRARY, study.store, PracticeFilter(count=None), rng, now)
    assert len(everything) == len(LIBRARY)
    session = study.start_practice(PracticeFilter(count=4), seed=5)
    asked = []
    for n in range(4):
        asked.append(session.entry.key)
        session.answer(practice_response(session, wrong_positions(session) if n % 2 else right_positions(session)))
        session.next()
    unseen = practice_entries(LIBRARY, study.store, PracticeFilter(only=Only.UNSEEN, count=None), rng, now)
    assert len(unseen) == len(LIBRARY) - 4 and not {e.key for e in unseen} & set(asked)
    missed = practice_entries(LIBRARY, study.store, PracticeFilter(only=Only.MISSED, count=None), rng, now)
    assert {e.key for e in missed} == {asked[1], asked[3]}
    assert {e.key for e in missed_entries(LIBRARY, study.store)} == {asked[1], asked[3]}
    assert practice_entries(LIBRARY, study.store, PracticeFilter(difficulties=[Difficulty.HARD]), rng, now) == []


def test_review_due_orders_most_overdue_first(study: Study) -> None:
    assert isinstance(study.clock, ManualClock)
    session = study.start_practice(PracticeFilter(count=3), seed=2)
    keys = []
    for _ in range(3):
        keys.append(session.entry.key)
        session.answer(practice_response(session, wrong_positions(session)))
        study.clock.advance(60)
        session.next()
    assert due_entries(LIBRARY, study.store, study.clock.now() - timedelta(hours=1)) == []
    study.clock.advance(3600)
    due = [e.key for e in due_entries(LIBRARY, study.store, study.clock.now())]
    assert due == keys  # relearning cards fall due in the order they were missed
    review = study.review_due()
    assert [e.key for e in review.entries] == keys and review.kind == "review"


def test_missed_in_an_attempt_and_leeches(study: Study) -> None:
    exam = study.start_exam(make_profile(questions=10, minutes=None), seed=4)
    order = exam.state.items[0].presentation["order"]
    choose(exam, order.index(1))
    result = exam.submit()
    retake = study.review_missed(attempt_id=result.session_id)
    assert {e.key for e in retake.entries} == {i.key for i in result.items}  # all wrong or blank
    key = result.items[0].key
    for _ in range(3):
        session = PracticeSession([LIBRARY.entries[key]], study.clock, study.scheduling, study.store, seed=1)
        session.answer(practice_response(session, wrong_positions(session)))
    assert study.store.history[key].wrong == 4
    assert [e.key for e in study.review_leeches().entries] == [key]
    assert study.overview().leeches == 1


def test_overview_counts(study: Study) -> None:
    overview = study.overview()
    assert (overview.questions, overview.due, overview.missed, overview.last_attempt) == (len(LIBRARY), 0, 0, None)
    exam = study.start_exam(make_profile(questions=5, minutes=10), seed=1)
    assert study.overview().pending_exam is not None
    exam.submit()
    overview = study.overview()
    assert overview.last_attempt is not None and overview.last_attempt.total == 5
    assert overview.missed == 5 and overview.pending_exam is None


def test_empty_selection_is_a_clear_error(study: Study) -> None:
    with pytest.raises(NoQuestionsError, match="no questions"):
        study.review_due()

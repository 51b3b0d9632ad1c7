"""Suspend, bury and reset single questions (issue 19): events with their own ids in
question_events.jsonl; a suspended question is never drawn, a buried one not before its end, a
reset one is new again (its answers stay in the history), across a restart too."""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.cli import main
from quiz.clock import ManualClock
from quiz.domains import Domain
from quiz.errors import NoQuestionsError
from quiz.session.practice import PracticeSession
from quiz.session.recording import current_card
from quiz.session.selection import Only, PracticeFilter
from quiz.store.progress import ProgressStore
from quiz.study import Study
from tests.factories import answer_now, make_library, make_profile

START = datetime(2026, 3, 2, 9, tzinfo=UTC)
LIBRARY = make_library(dict.fromkeys(Domain, 4))
KEYS = sorted(LIBRARY.entries)


def advance(study: Study, seconds: float) -> None:
    clock = study.clock
    assert isinstance(clock, ManualClock)
    clock.advance(seconds)


def make_study(folder: Path, clock: ManualClock | None = None) -> Study:
    library = make_library(dict.fromkeys(Domain, 4))
    library.profiles["p"] = make_profile(questions=30)
    clock = clock or ManualClock(START)
    return Study(library, ProgressStore.open(folder, clock.now()), clock=clock, fuzzing=False)


def answer(study: Study, key: str, correct: bool = False) -> None:
    answer_now(study, key, correct=correct)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    suspended=st.sets(st.sampled_from(KEYS), max_size=30),
    seed=st.integers(0, 2**16),
    only=st.sampled_from([Only.ALL, Only.UNSEEN, Only.MISSED, Only.DUE]),
)
def test_a_suspended_question_is_never_drawn(
    tmp_path_factory: object, suspended: set[str], seed: int, only: Only
) -> None:
    folder = tmp_path_factory.mktemp("store")  # type: ignore[attr-defined]
    study = make_study(folder)
    for key in KEYS[::3]:
        answer(study, key)  # some missed (and due), for the filters that need a history
    for key in suspended:
        study.set_question_state(key, "suspend")
    advance(study, 86_400)
    exam = study.start_exam(study.library.profiles["p"], seed=seed)
    drawn = [exam.entry(i).key for i in range(exam.total)]  # type: ignore[union-attr]
    study.discard_pending_exam()
    drawn += _keys(study.start_practice(PracticeFilter(only=only, count=None), seed=seed))
    drawn += [e.key for e in study.today(seed=seed).entries]
    for make in (study.review_due, study.review_missed, study.review_leeches):
        with contextlib.suppress(NoQuestionsError):  # nothing to review
            drawn += _keys(make())
    assert not set(drawn) & suspended
    assert study.overview().suspended == len(suspended)
    study.store.close()


def _keys(session: PracticeSession) -> list[str]:
    return [item.key for item in session.items]


def test_a_buried_question_comes_back_the_next_day(tmp_path: Path) -> None:
    study = make_study(tmp_path)
    study.set_question_state(KEYS[0], "bury", tz=UTC)
    drawn = set(_keys(study.start_practice(PracticeFilter(count=None), seed=1)))
    assert KEYS[0] not in drawn and len(drawn) == len(KEYS) - 1
    advance(study, 15 * 3600)  # past midnight
    drawn = set(_keys(study.start_practice(PracticeFilter(count=None), seed=1)))
    assert KEYS[0] in drawn
    study.store.close()


def test_unsuspend_and_the_events_survive_a_restart(tmp_path: Path) -> None:
    study = make_study(tmp_path)
    study.set_question_state(KEYS[0], "suspend")
    study.set_question_state(KEYS[1], "suspend")
    study.set_question_state(KEYS[1], "unsuspend")
    study.store.close()
    again = make_study(tmp_path)
    assert again.library.set_aside == {KEYS[0]}
    ids = [event.id for event in again.store.events]
    assert len(ids) == 3 and len(set(ids)) == 3
    again.store.close()


def test_a_reset_question_is_new_again_and_stays_so_after_a_restart(tmp_path: Path) -> None:
    study = make_study(tmp_path)
    key = KEYS[2]
    for _ in range(5):
        answer(study, key)
        advance(study, 3600)
    assert study.store.history[key].is_leech
    study.set_question_state(key, "reset")
    assert key not in study.store.history and current_card(study.store, key) is None
    advance(study, 60)
    answer(study, key, correct=True)  # its first answer as a new question
    after = study.store.history[key]
    assert after.reviews == 1 and after.wrong == 0
    study.store.close()
    again = make_study(tmp_path)
    history = again.store.history[key]
    assert (history.reviews, history.wrong) == (1, 0) and history.card == after.card
    assert len([r for r in again.store.reviews if r.key == key]) == 6  # the answers stay in the history
    again.store.close()


def test_a_damaged_event_is_set_aside_and_reported(tmp_path: Path) -> None:
    study = make_study(tmp_path)
    study.set_question_state(KEYS[0], "suspend")
    study.store.close()
    with (tmp_path / "question_events.jsonl").open("a") as handle:
        handle.write('{"id": "x", "key": "b/q", "action": "explode", "time": "2026-03-02T09:00:00+00:00"}\n')
    again = make_study(tmp_path)
    assert again.library.set_aside == {KEYS[0]}
    assert any("question_events.jsonl" in str(d) and "explode" in str(d) for d in again.store.damages)
    again.store.close()


def test_the_due_count_leaves_out_what_is_set_aside(tmp_path: Path) -> None:
    study = make_study(tmp_path)
    answer(study, KEYS[0])
    answer(study, KEYS[1])
    advance(study, 2 * 86_400)
    assert study.overview().due_now == 2
    study.set_question_state(KEYS[0], "suspend")
    overview = study.overview()
    assert (overview.due_now, overview.missed, overview.suspended) == (1, 1, 1)
    study.store.close()


def test_time_moves_on_for_a_bury(tmp_path: Path) -> None:
    clock = ManualClock(START)
    study = make_study(tmp_path, clock)
    study.set_question_state(KEYS[0], "bury", tz=UTC)
    event = study.store.events[-1]
    assert event.until == datetime(2026, 3, 3, tzinfo=UTC) and event.until - START == timedelta(hours=15)
    study.store.close()


def test_stats_say_how_many_are_suspended(capsys: pytest.CaptureFixture[str]) -> None:
    study = Study.open(fuzzing=False)
    key = sorted(study.library.entries)[0]
    study.set_question_state(key, "suspend")
    study.close()
    assert main(["stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["suspended"] == 1
    assert main(["stats"]) == 0
    assert "Suspended: 1" in capsys.readouterr().out

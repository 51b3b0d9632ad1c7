"""Today's study (issue 19): the reviews due today, then the day's new questions (the exam plan's
number, else `daily_new` from settings), less the new ones already seen today; its count is shown
before it starts, from Home's `t` and from `quiz today`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from quiz.clock import ManualClock
from quiz.domains import Domain
from quiz.scheduling.exam_plan import ExamPlan
from quiz.store.progress import ProgressStore
from quiz.study import Study
from quiz.tui.app import QuizApp, StartToday
from quiz.tui.screens.dialogs import ConfirmScreen
from quiz.tui.screens.practice import PracticeScreen
from tests.factories import answer_now, make_library, make_profile
from tests.screen_text import region_text, unwrapped, words
from tests.tui_support import pause_until

START = datetime(2026, 3, 2, 9, tzinfo=UTC)


def advance(study: Study, seconds: float) -> None:
    clock = study.clock
    assert isinstance(clock, ManualClock)
    clock.advance(seconds)


def study_with_answers(folder: Path, answered: dict[int, int], *, daily_new: int | None = None) -> Study:
    """A study in which question i was answered (once, rightly) `answered[i]` days before START."""
    clock = ManualClock(START)
    library = make_library(dict.fromkeys(Domain, 6))
    library.profiles["p"] = make_profile(questions=20)
    store = ProgressStore.open(folder, START)
    study = Study(library, store, clock=clock, fuzzing=False)
    keys = sorted(library.entries)
    for index, days in answered.items():
        answer_now(study, keys[index], correct=True, when=START - timedelta(days=days))
    if daily_new is not None:
        store.save_settings(store.settings.changed(daily_new=daily_new))
    return study


def test_the_due_reviews_come_first_then_the_days_new_questions(tmp_path: Path) -> None:
    study = study_with_answers(tmp_path, {0: 30, 1: 40, 2: 0}, daily_new=5)  # 2 long due; 1 new today
    today = study.today(seed=1)
    keys = sorted(study.library.entries)
    # most overdue first; the one first seen today is back later today (its FSRS learning step)
    assert [e.key for e in today.due] == [keys[1], keys[0], keys[2]]
    assert today.new_wanted == 5 and today.new_seen_today == 1 and len(today.new) == 4
    assert all(e.key not in study.store.history for e in today.new)
    assert today.entries == [*today.due, *today.new]
    assert [e.key for e in study.today(seed=1).new] == [e.key for e in today.new]  # the seed decides
    session = study.start_today(today, seed=1)
    assert session.title == "Today's study" and session.total == 7
    study.close()


def test_an_exam_plan_sets_the_number_of_new_questions(tmp_path: Path) -> None:
    study = study_with_answers(tmp_path, {})
    study.set_plan(ExamPlan((START + timedelta(days=5)).date(), "p"))
    load = study.plan_workload()
    assert load is not None
    today = study.today(seed=2)
    assert today.new_wanted == load.new_per_day and len(today.new) == load.new_per_day
    study.close()


def test_nothing_to_do_today_is_said(tmp_path: Path) -> None:
    study = study_with_answers(tmp_path, {0: 0}, daily_new=1)
    advance(study, 3 * 3600)  # its learning step done (three hours later, the same day)
    answer_now(study, study.today().due[0].key, correct=True)
    today = study.today()
    assert not today.entries, today
    study.close()


async def test_today_shows_its_count_first_then_starts(tmp_path: Path) -> None:
    study = study_with_answers(tmp_path, {0: 30}, daily_new=3)
    app = QuizApp(study, tick_seconds=0.05, start=StartToday(seed=4))
    async with app.run_test(size=(80, 24)) as pilot:
        await pause_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        seen = words(region_text(app, ".dialog"))
        assert "Today's study" in seen
        assert "1 review due today, then 3 new questions: 3 a day with no exam date set" in seen
        assert "4 questions in all." in seen
        await pilot.press("y")
        await pause_until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        assert "1 of 4" in unwrapped(app)
    study.close()

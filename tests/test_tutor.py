"""Tutor mode (issue 19): an exam's draw, each answer marked and explained at once and scheduled as
it is given, no clock; recorded as an exam in tutor mode. Timed exams are as before."""

from __future__ import annotations

from pathlib import Path

from quiz.clock import ManualClock
from quiz.session.custom import ExamRequest
from quiz.store.progress import ProgressStore
from quiz.study import Study
from quiz.tui.app import QuizApp, StartExam
from quiz.tui.screens.exam import ExamScreen
from quiz.tui.screens.practice import PracticeScreen
from tests.screen_text import screen_text
from tests.tui_support import PROFILES, pause_until, snapshot_library


def tutor_study(folder: Path) -> Study:
    clock = ManualClock()
    return Study(snapshot_library(), ProgressStore.open(folder, clock.now()), clock=clock, fuzzing=False)


def test_a_tutor_exam_schedules_each_answer_at_once_and_is_recorded_as_one(tmp_path: Path) -> None:
    study = tutor_study(tmp_path)
    profile = PROFILES["quick"]
    session = study.start_tutor(ExamRequest(profile, tutor=True), seed=3)
    assert session.title == "Tutor: Quick 10" and session.total == 10 and session.kind == "exam"
    feedback = session.answer([0])
    assert feedback.explanation is not None or feedback.references  # explained at once
    assert len(study.store.reviews) == 1 and study.store.reviews[0].mode == "exam"  # scheduled as answered
    result = session.finish()
    assert (result.kind, result.tutor, result.profile_id) == ("exam", True, profile.id)
    assert result.pass_percent == profile.pass_percent
    study.store.close()
    again = ProgressStore.open(tmp_path, ManualClock().now())
    assert again.attempts[-1].tutor is True
    again.close()


async def test_tutor_mode_opens_practice_with_no_clock_and_timed_stays_an_exam(tmp_path: Path) -> None:
    study = tutor_study(tmp_path)
    request = ExamRequest(PROFILES["quick"], count=3, tutor=True)
    app = QuizApp(study, start=StartExam(request, seed=4), tick_seconds=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await pause_until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        await pilot.pause()
        seen = screen_text(app)
        assert "1 of 3" in seen and "⏱" not in seen  # no countdown
        await pilot.press("a")
        await pilot.pause()
        assert "Correct" in screen_text(app) or "Incorrect" in screen_text(app)  # marked at once
    study.store.close()
    timed = tutor_study(tmp_path / "timed")
    app = QuizApp(timed, start=StartExam(ExamRequest(PROFILES["quick"], count=3), seed=4), tick_seconds=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await pause_until(pilot, lambda: isinstance(app.screen, ExamScreen))
    timed.store.close()

"""Building the app for Pilot and snapshot tests: a fixed bank, a manual clock, a temporary store."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from quiz.banks.loader import LoadedBank, read_model
from quiz.clock import ManualClock
from quiz.library import Library
from quiz.models import Bank, Profile
from quiz.store.progress import ProgressStore
from quiz.study import Study
from quiz.tui.app import QuizApp, Start
from quiz.tui.screens.exam import ExamScreen
from tests.choices import choice_question, choose
from tests.conftest import FIXTURES
from tests.factories import CIIP_WEIGHTS

SNAPSHOT_BANK = FIXTURES / "snapshot-bank.yaml"

PROFILES = {
    "ciip": Profile(
        id="ciip",
        title="Practice exam: 20 questions",
        questions=20,
        minutes=30,
        pass_percent=70,
        domains=dict.fromkeys(CIIP_WEIGHTS, 1.0),
        notes="test",
    ),
    "quick": Profile(
        id="quick", title="Quick 10", questions=10, minutes=1, pass_percent=70, domains=CIIP_WEIGHTS, notes="test"
    ),
}


def snapshot_library(extra_problem_file: Path | None = None) -> Library:
    bank = read_model(SNAPSHOT_BANK, Bank)
    library = Library(banks=[LoadedBank(bank, SNAPSHOT_BANK, True)], profiles=dict(PROFILES))
    return library


def make_app(
    folder: Path, *, clock: ManualClock | None = None, start: Start | None = None, library: Library | None = None
) -> QuizApp:
    clock = clock or ManualClock()
    store = ProgressStore.open(folder, clock.now())
    study = Study(library or snapshot_library(), store, clock=clock, fuzzing=False)
    return QuizApp(study, start=start, tick_seconds=0.05)


def exam_screen(app: QuizApp) -> ExamScreen:
    assert isinstance(app.screen, ExamScreen), type(app.screen)
    return app.screen


def seed_history(study: Study) -> None:
    """A few days of answers, one question missed four times, and a finished exam: enough to fill
    the stats screen deterministically."""
    from datetime import timedelta

    from quiz.session.recording import current_card, review_record

    keys = sorted(study.library.entries)
    start = study.clock.now() - timedelta(days=6)
    for day in range(6):
        when = start + timedelta(days=day)
        batch = keys[day * 4 : day * 4 + 4] + ([keys[0]] if day < 4 else [])
        for n, key in enumerate(batch):
            correct = key != keys[0] and n % 3 != 2
            study.store.record_reviews(
                [
                    review_record(
                        study.scheduling,
                        key=key,
                        card=current_card(study.store, key),
                        response=[0] if correct else [1],
                        correct=correct,
                        when=when + timedelta(minutes=n),
                        duration_ms=15_000,
                        mode="practice",
                        session_id=f"seed{day}",
                    )
                ]
            )
    exam = study.start_exam(PROFILES["quick"], seed=9)
    for position in range(exam.total):
        exam.go(position)
        order = exam.state.items[position].presentation["order"]
        choose(exam, order.index(min(choice_question(exam.question()).correct)) if position % 2 else 0)
    exam.submit()


async def pause_until(pilot: Pilot[None], condition: Callable[[], bool], *, seconds: float = 5.0) -> None:
    """Let the app run until `condition` holds (a timer's tick, a worker's result), at most `seconds`:
    a fixed pause is too short on a busy machine and too long on an idle one."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        await pilot.pause(0.05)

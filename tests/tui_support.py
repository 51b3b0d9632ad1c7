"""Building the app for Pilot and snapshot tests: a fixed bank, a manual clock, a temporary store."""

from __future__ import annotations

from pathlib import Path

from quiz.bank_loader import LoadedBank, read_model
from quiz.clock import ManualClock
from quiz.library import Library
from quiz.models import Bank, Profile
from quiz.store.progress import ProgressStore
from quiz.study import Study
from quiz.tui.app import QuizApp, Start
from tests.conftest import FIXTURES
from tests.factories import CIIP_WEIGHTS

SNAPSHOT_BANK = FIXTURES / "snapshot-bank.yaml"

PROFILES = {
    "ciip": Profile(id="ciip", title="Practice exam: 20 questions", questions=20, minutes=30,
                    pass_percent=70, domains=dict.fromkeys(CIIP_WEIGHTS, 1.0), notes="test"),
    "quick": Profile(id="quick", title="Quick 10", questions=10, minutes=1, pass_percent=70, domains=CIIP_WEIGHTS,
                     notes="test"),
}


def snapshot_library(extra_problem_file: Path | None = None) -> Library:
    bank = read_model(SNAPSHOT_BANK, Bank)
    library = Library(banks=[LoadedBank(bank, SNAPSHOT_BANK, True)], profiles=dict(PROFILES))
    return library


def make_app(folder: Path, *, clock: ManualClock | None = None, start: Start | None = None,
             library: Library | None = None) -> QuizApp:
    clock = clock or ManualClock()
    store = ProgressStore.open(folder, clock.now())
    study = Study(library or snapshot_library(), store, clock=clock, fuzzing=False)
    return QuizApp(study, start=start, tick_seconds=0.05)

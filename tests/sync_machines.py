"""Simulated machines for the sync tests: each its own progress folder and clock, one shared folder."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from quiz.clock import ManualClock
from quiz.domains import Domain
from quiz.library import Library
from quiz.store.events import QuestionEvent
from quiz.store.progress import ProgressStore
from quiz.store.question_notes import QuestionNote
from quiz.store.results import ItemResult, SessionResult
from quiz.study import Study
from tests.factories import answer_now, make_library, make_profile

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LIBRARY: Library = make_library({Domain.OPERATIONS: 4, Domain.IMAGE_MANAGEMENT: 4})
LIBRARY.profiles["ciip"] = make_profile(id="ciip", questions=4)
KEYS = sorted(LIBRARY.entries)


@dataclass
class Machine:
    name: str
    study: Study
    clock: ManualClock
    progress: Path

    @classmethod
    def make(cls, root: Path, name: str, *, skew_hours: float = 0, device: str | None = None) -> Machine:
        # machines never finish at the very same microsecond (the order of such ties is each log's own)
        clock = ManualClock(START + timedelta(hours=skew_hours, microseconds=sum(map(ord, name))))
        progress = root / name / "progress"
        study = Study(LIBRARY, ProgressStore.open(progress, clock.now()), clock=clock)
        store = study.store
        store.save_settings(store.settings.changed(device_id=device or name))
        return cls(name, study, clock, progress)

    def answer(self, key: str, *, correct: bool = True) -> None:
        answer_now(self.study, key, correct=correct)
        self.clock.advance(60)

    def finish_exam(self, number: int) -> None:
        when = self.clock.now()
        item = ItemResult(KEYS[0], Domain.OPERATIONS, [0], [0], True, False, 3.0)
        self.study.store.record_attempt(
            SessionResult(f"{self.name}{number}", "exam", "Exam", "p", when, when, 60.0, False, 70.0, (item,))
        )
        self.clock.advance(60)

    def event(self, key: str, action: str) -> None:
        until = self.clock.now() + timedelta(hours=10) if action == "bury" else None
        self.study.store.record_event(
            QuestionEvent(f"{self.name}-{action}-{self.clock.now():%H%M%S}", self.clock.now(), key, action, until)
        )
        self.clock.advance(60)

    def note(self, key: str, text: str) -> None:
        self.study.store.record_question_note(
            QuestionNote(f"{self.name}-note-{self.clock.now():%H%M%S}", self.clock.now(), key, text)
        )
        self.clock.advance(60)

    def reopen(self) -> None:
        """Close the app and start it again: everything must come back from the local files."""
        self.study.close()
        self.study = Study(LIBRARY, ProgressStore.open(self.progress, self.clock.now()), clock=self.clock)


def state(study: Study) -> dict[str, Any]:
    """Everything a user sees of their progress, in a form two machines can be compared by."""
    store = study.store
    return {
        "history": {
            key: (entry.card, entry.due, entry.reviews, entry.wrong, entry.last_correct, entry.last_review)
            for key, entry in sorted(store.history.items())
        },
        "reviews": sorted(review.id for review in store.reviews),
        "attempts": [attempt.id for attempt in store.attempts],
        "notes": {key: note.text for key in KEYS if (note := store.question_note(key)) is not None},
        "suspended": sorted(store.states.suspended),
        "buried": sorted(store.states.buried.items()),
        "resets": sorted(store.states.resets.items()),
        "due": store.due_keys(START + timedelta(days=30)),
    }


def assert_replayed(study: Study) -> None:
    """Every question's card is what replaying its whole merged history gives (not whichever
    machine's cache happened to be written last)."""
    from quiz.scheduling.fsrs import card_to_dict
    from quiz.sync.merge import review_orders

    store = study.store
    device = store.settings.device_id or ""
    orders = review_orders(store.reviews, device)
    ordered = [review for _, review in sorted(zip(orders, store.reviews, strict=True), key=lambda pair: pair[0])]
    for key, entry in store.history.items():
        reset = store.states.resets.get(key)
        history = [review for review in ordered if review.key == key and (reset is None or review.time > reset)]
        card = study.scheduling.replay(key, history)
        assert card is not None and card_to_dict(card) == entry.card, key


def fingerprint(folder: Path, *, except_device: str) -> dict[str, str]:
    """The digest of every file in the folder that another device than `except_device` writes."""
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.iterdir())
        if path.is_file() and f"-{except_device}." not in path.name
    }

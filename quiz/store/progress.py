"""The progress store: reviews (with each question's FSRS card), finished attempts, the exam in
progress and settings, in one folder that a single running app owns at a time.

Layout (all human-readable):
    reviews.jsonl   one line per answer: time, key, choices, verdict, rating, duration, card after it
    attempts.jsonl  one line per finished session, with its full result
    session.json    the unfinished session, replaced atomically on every change
    settings.json   user settings
    store.lock      held while an app instance uses the folder
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from quiz.store.files import Damage, JsonDocument, JsonLog, StoreError

LEECH_THRESHOLD = 4


@dataclass
class KeyHistory:
    """What the store knows about one question key, folded from its reviews."""

    card: dict[str, Any]
    due: datetime
    reviews: int = 0
    wrong: int = 0
    last_correct: bool = True
    last_review: datetime | None = None

    @property
    def is_leech(self) -> bool:
        return self.wrong >= LEECH_THRESHOLD


@dataclass
class ProgressStore:
    folder: Path
    reviews: list[dict[str, Any]] = field(default_factory=list)
    attempts: list[dict[str, Any]] = field(default_factory=list)
    history: dict[str, KeyHistory] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    pending_session: dict[str, Any] | None = None
    damages: list[Damage] = field(default_factory=list)
    _lock: FileLock | None = None

    @classmethod
    def open(cls, folder: Path, now: datetime, *, wait_seconds: float = 0) -> ProgressStore:
        """Lock the folder and load it. A second instance gets a clear StoreError."""
        folder.mkdir(parents=True, exist_ok=True)
        lock = FileLock(folder / "store.lock")
        try:
            lock.acquire(timeout=wait_seconds)
        except Timeout:
            raise StoreError(
                f"another quiz is already running with the progress in {folder}; close it first"
            ) from None
        remove_stale_temp_files(folder)
        store = cls(folder, _lock=lock)
        try:
            store._load(now)
        except BaseException:
            lock.release()
            raise
        return store

    def close(self) -> None:
        self._reviews_log.close()
        self._attempts_log.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # files -----------------------------------------------------------------------------------
    def __post_init__(self) -> None:
        self._reviews_log = JsonLog(self.folder / "reviews.jsonl", "reviews")
        self._attempts_log = JsonLog(self.folder / "attempts.jsonl", "attempts")
        self._session_doc = JsonDocument(self.folder / "session.json", "session")
        self._settings_doc = JsonDocument(self.folder / "settings.json", "settings")

    def _load(self, now: datetime) -> None:
        self.reviews, damaged = self._reviews_log.load(now)
        self.damages += damaged
        self.attempts, damaged = self._attempts_log.load(now)
        self.damages += damaged
        settings, damaged = self._settings_doc.load(now)
        self.damages += damaged
        self.settings = settings or {}
        self.pending_session, damaged = self._session_doc.load(now)
        self.damages += damaged
        for review in self.reviews:
            with contextlib.suppress(KeyError, TypeError, ValueError):
                self._fold(review)

    def _fold(self, review: dict[str, Any]) -> None:
        key = review["key"]
        card = review["card"]
        due = datetime.fromisoformat(card["due"])
        when = datetime.fromisoformat(review["time"])
        entry = self.history.get(key)
        if entry is None:
            entry = self.history[key] = KeyHistory(card=card, due=due)
        if review.get("amends"):
            # a correction of the previous review (marked as a guess): same answer, new card
            entry.card, entry.due = card, due
            return
        entry.card, entry.due = card, due
        entry.reviews += 1
        correct = bool(review["correct"])
        entry.wrong += 0 if correct else 1
        entry.last_correct = correct
        entry.last_review = when

    # writing ---------------------------------------------------------------------------------
    def record_reviews(self, reviews: Iterable[dict[str, Any]]) -> None:
        """Append reviews durably (one fsync for the batch) and fold them into the history."""
        batch = list(reviews)
        self._reviews_log.append(batch)
        self.reviews.extend(batch)
        for review in batch:
            self._fold(review)

    def record_attempt(self, attempt: dict[str, Any]) -> None:
        self._attempts_log.append([attempt])
        self.attempts.append(attempt)

    def save_session(self, session: dict[str, Any]) -> None:
        self._session_doc.save(session)
        self.pending_session = session

    def clear_session(self) -> None:
        self._session_doc.delete()
        self.pending_session = None

    def save_settings(self, settings: dict[str, Any]) -> None:
        self._settings_doc.save(settings)
        self.settings = dict(settings)

    # reading ---------------------------------------------------------------------------------
    def attempt(self, session_id: str) -> dict[str, Any] | None:
        return next((a for a in reversed(self.attempts) if a.get("session_id") == session_id), None)

    def has_reviews_for(self, session_id: str) -> bool:
        return any(r.get("session") == session_id for r in self.reviews)

    def due_keys(self, now: datetime, keys: Iterable[str] | None = None) -> list[str]:
        """Keys due at `now`, most overdue first. `keys` limits them to questions still loaded."""
        wanted = None if keys is None else set(keys)
        due = [
            (entry.due, key)
            for key, entry in self.history.items()
            if entry.due <= now and (wanted is None or key in wanted)
        ]
        due.sort()
        return [key for _, key in due]

    def missed_keys(self) -> list[str]:
        """Keys whose latest answer was wrong, most recent miss first."""
        missed = [(e.last_review, k) for k, e in self.history.items() if not e.last_correct and e.last_review]
        missed.sort(reverse=True)
        return [k for _, k in missed]

    def leech_keys(self) -> list[str]:
        return sorted((k for k, e in self.history.items() if e.is_leech), key=lambda k: -self.history[k].wrong)


def remove_stale_temp_files(folder: Path) -> None:
    """Temp files left by a crash during an atomic write are useless halves; the target is intact."""
    for path in folder.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            os.unlink(path)


__all__ = ["LEECH_THRESHOLD", "Damage", "KeyHistory", "ProgressStore", "StoreError"]

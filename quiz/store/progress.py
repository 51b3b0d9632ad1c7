"""The progress store: reviews (with each question's FSRS card), finished attempts, the exam in
progress and settings, in one folder that a single running app owns at a time.

Layout (all human-readable):
    reviews.jsonl   one line per answer: id, time, key, response, verdict, rating, duration, card after it
    attempts.jsonl  one line per finished session, with its full result
    question_notes.jsonl  one line per note kept on a question (or taken off it) for later study
    question_events.jsonl  suspend, bury and reset of single questions (quiz.store.events)
    session.json    the unfinished session, replaced atomically on every change
    exam-<id>.json  the questions an exam showed, as it showed them: written once, when it starts
    settings.json   user settings
    rescheduled.json  cards rebuilt by replaying each question's reviews with new FSRS parameters
                    (`quiz optimize`): a cache, each card kept only while its key's last review is the
                    one it was rebuilt after
    store.lock      held (with the folder itself) while an app instance writes to the folder

Every record is checked as it loads (quiz.store.checks); what fails is set aside and reported.
A read-only store (`quiz stats`, `quiz export`) takes no lock and never changes a byte.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import itertools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quiz import __version__
from quiz.errors import StoreError, StoreWriteError
from quiz.store.checks import (
    CHECK_REVISION,
    SESSION_ID,
    check_attempt,
    check_exam_copy,
    check_question_note,
    check_rescheduled,
    check_review,
    check_session,
    check_settings,
)
from quiz.store.events import QuestionEvent, QuestionStates, check_event
from quiz.store.files import Damage, JsonDocument, JsonLog
from quiz.store.lock import FolderLock
from quiz.store.question_notes import QuestionNote
from quiz.store.review import Review, new_event_id
from quiz.store.settings import Settings

if TYPE_CHECKING:
    from quiz.store.pending import PendingExam  # read only when an exam is unfinished
    from quiz.store.results import SessionResult  # read only once a session has been finished

LEECH_THRESHOLD = 4
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # a placeholder until the key's last card is read
KEPT_EXAM_COPIES = 10  # finished exams whose copies stay for answer review; older ones are removed


@dataclass
class KeyHistory:
    """What the store knows about one question key, folded from its reviews."""

    card: dict[str, Any]
    due: datetime
    reviews: int = 0
    wrong: int = 0
    last_correct: bool = True
    last_review: datetime | None = None
    last_id: str = ""  # the id of the key's last review (amending ones too)

    @property
    def is_leech(self) -> bool:
        return self.wrong >= LEECH_THRESHOLD


@dataclass
class ProgressStore:
    """The user's progress folder, loaded: reviews, attempts, notes, events and settings."""

    folder: Path
    reviews: list[Review] = field(default_factory=list)
    attempts: list[SessionResult] = field(default_factory=list)
    question_notes: list[QuestionNote] = field(default_factory=list)  # the log, oldest first
    history: dict[str, KeyHistory] = field(default_factory=dict)
    settings: Settings = field(default_factory=Settings)
    pending_session: PendingExam | None = None
    events: list[QuestionEvent] = field(default_factory=list)
    states: QuestionStates = field(default_factory=lambda: QuestionStates(set(), {}, {}))
    damages: list[Damage] = field(default_factory=list)
    read_only: bool = False
    _lock: FolderLock | None = None
    # applied to each card's due date as it is read (an exam date's rule, quiz.scheduling.exam_plan.due_rule)
    _due_rule: Callable[[dict[str, Any], datetime], datetime] | None = None

    @classmethod
    def open(cls, folder: Path, now: datetime, *, wait_seconds: float = 0, read_only: bool = False) -> ProgressStore:
        """Lock the folder and load it, repairing what is damaged. A second instance gets a clear
        StoreError; a folder that cannot be written, a StoreWriteError.

        With `read_only`, no lock is taken and nothing on disk is created, moved, repaired or
        rewritten, so it works beside a running app: damage is only reported, and a torn last line
        (that app in the middle of a write) is skipped quietly."""
        if read_only:
            store = cls(folder, read_only=True)
            store._load(now)
            return store
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreWriteError("create the progress folder", folder, error) from error
        lock = FolderLock(folder)
        lock.acquire(wait_seconds)
        store = cls(folder, _lock=lock)
        try:
            remove_stale_temp_files(folder)
            store._load(now)
        except BaseException:
            lock.release()
            raise
        return store

    def close(self) -> None:
        self._reviews_log.close()
        self._attempts_log.close()
        self._notes_log.close()
        self._events_log.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # files -----------------------------------------------------------------------------------
    def __post_init__(self) -> None:
        checked_as = f"{__version__}/{CHECK_REVISION}"
        self._reviews_log = JsonLog(self.folder / "reviews.jsonl", "reviews", check_review, checked_as=checked_as)
        self._attempts_log = JsonLog(self.folder / "attempts.jsonl", "attempts", check_attempt, checked_as=checked_as)
        self._notes_log = JsonLog(
            self.folder / "question_notes.jsonl", "question-notes", check_question_note, checked_as=checked_as
        )
        self._kept_notes: dict[str, QuestionNote] = {}  # key -> its latest note event
        self._rescheduled_cards: dict[str, Any] = {}  # rescheduled.json's cards, applied again after a merge
        self._events_log = JsonLog(self.folder / "question_events.jsonl", "question_events", check_event)
        self._session_doc = JsonDocument(self.folder / "session.json", "session", check_session, frequent=True)
        self._settings_doc = JsonDocument(self.folder / "settings.json", "settings", check_settings)
        self._rescheduled_doc = JsonDocument(self.folder / "rescheduled.json", "rescheduled", check_rescheduled)

    def _load(self, now: datetime) -> None:
        with _collector_paused():
            self._load_files(now)

    def _load_files(self, now: datetime) -> None:
        repair = not self.read_only
        reviews, damaged = self._reviews_log.load(now, repair=repair)
        self.damages += damaged
        attempts, damaged = self._attempts_log.load(now, repair=repair)
        self.damages += damaged
        notes, damaged = self._notes_log.load(now, repair=repair)
        self.damages += damaged
        settings, damaged = self._settings_doc.load(now, repair=repair)
        self.damages += damaged
        pending, damaged = self._session_doc.load(now, repair=repair)
        self.damages += damaged
        events, damaged = self._events_log.load(now, repair=repair)
        self.damages += damaged
        self.events = [QuestionEvent.from_json(e) for e in events]
        self.states = QuestionStates.of(self.events)
        # every record passed its check (quiz.store.checks), so none of these can fail
        self.reviews = [Review.from_json(r) for r in reviews]
        if attempts:
            from quiz.store.results import SessionResult

            self.attempts = [SessionResult.from_dict(a) for a in attempts]
        self._order_attempts()
        self.question_notes = [QuestionNote.from_json(n) for n in notes]
        self._fold_notes(self.question_notes)
        self.settings = Settings.from_json(settings or {})
        if pending:
            from quiz.store.pending import PendingExam

            self.pending_session = PendingExam.from_json(pending)
        else:
            self.pending_session = None
        self._fold(self.reviews)
        rescheduled, damaged = self._rescheduled_doc.load(now, repair=repair)
        self.damages += damaged
        self._rescheduled_cards = (rescheduled or {}).get("cards", {})
        self._apply_rescheduled(self._rescheduled_cards)

    def _apply_rescheduled(self, cards: dict[str, Any]) -> None:
        """A rebuilt card stands for its key's card while the key's last review is the one it was
        rebuilt after (a later answer's card was computed from it already)."""
        rule = self._due_rule
        for key, rebuilt in cards.items():
            entry = self.history.get(key)
            if entry is None or entry.last_id != rebuilt["after"]:
                continue
            entry.card = rebuilt["card"]
            entry.due = datetime.fromisoformat(entry.card["due"])
            if rule is not None:
                entry.due = rule(entry.card, entry.due)

    def save_rescheduled(self, cards: dict[str, dict[str, Any]], *, action: str = "keep the rescheduled cards") -> None:
        """Every key's card rebuilt by replaying its reviews; applied at once and at every load."""
        self._writable()
        entries = {
            key: {"after": entry.last_id, "card": cards[key]}
            for key, entry in self.history.items()
            if key in cards and entry.last_id
        }
        self._rescheduled_doc.save({"cards": entries}, action=action)
        self._rescheduled_cards = entries
        self._apply_rescheduled(entries)

    def _fold(self, reviews: Iterable[Review]) -> None:
        """Fold reviews, oldest first, into each key's history."""
        history = self.history
        changed: set[str] = set()
        resets = self.states.resets  # a reset question starts again: its earlier answers do not schedule it
        for review in reviews:
            key = review.key
            if resets and key in resets and review.time <= resets[key]:
                continue
            changed.add(key)
            entry = history.get(key)
            if entry is None:
                entry = history[key] = KeyHistory(card=review.card, due=_EPOCH)
            entry.card = review.card
            entry.last_id = review.id
            if review.amends:
                continue  # a correction of the previous review (marked as a guess): same answer, new card
            entry.reviews += 1
            entry.wrong += 0 if review.correct else 1
            entry.last_correct = review.correct
            entry.last_review = review.time
        rule = self._due_rule
        for key in changed:  # only the last card's due date counts: parsed once a key, not once a review
            entry = history[key]
            entry.due = datetime.fromisoformat(entry.card["due"])
            if rule is not None:
                entry.due = rule(entry.card, entry.due)

    def set_due_rule(self, rule: Callable[[dict[str, Any], datetime], datetime] | None) -> None:
        """Read every card's due date through `rule` (None: as written), now and as answers come: the
        scheduler's rule for cards given their interval before it applied. Nothing on disk changes."""
        if rule is None and self._due_rule is None:
            return
        as_written = self._due_rule is None  # each entry's due is its card's own (no rule read it yet)
        self._due_rule = rule
        for entry in self.history.values():
            due = entry.due if as_written else datetime.fromisoformat(entry.card["due"])
            entry.due = rule(entry.card, due) if rule is not None else due

    def _fold_notes(self, notes: Iterable[QuestionNote]) -> None:
        """The latest event of each key (by time; the log's order breaks ties) is its note."""
        for note in notes:
            kept = self._kept_notes.get(note.key)
            if kept is None or note.time >= kept.time:
                self._kept_notes[note.key] = note

    # writing ---------------------------------------------------------------------------------
    # Each write changes the in-memory view only after the bytes are on disk; a failed write
    # raises StoreWriteError and leaves both the file and this object as they were.
    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the progress in {self.folder} was opened read-only")

    def record_reviews(self, reviews: Iterable[Review], *, action: str = "record your answer") -> None:
        """Append reviews durably (one fsync for the batch) and fold them into the history."""
        self._writable()
        batch = list(reviews)
        self._reviews_log.append([review.to_json() for review in batch], action=action)
        self.reviews.extend(batch)
        self._fold(batch)

    def record_event(self, event: QuestionEvent) -> None:
        """Suspend, bury or reset a question, durably; a reset question is new again at once."""
        self._writable()
        self._events_log.append([event.to_json()], action=f"{event.action} the question")
        self.events.append(event)
        self.states.apply(event)
        if event.action == "reset":
            self.history.pop(event.key, None)
            # answers after it count, as a load counts them (one merged from a machine whose clock is ahead)
            self._fold(review for review in self.reviews if review.key == event.key and review.time > event.time)

    def set_aside_keys(self, now: datetime) -> set[str]:
        """Questions no session may ask now: suspended, or buried until later."""
        return self.states.set_aside(now)

    def record_attempt(self, attempt: SessionResult, *, action: str = "record the finished session") -> None:
        self._writable()
        if not attempt.id:  # every event has an id (sessions give theirs; this is the safety net)
            attempt = dataclasses.replace(attempt, id=new_event_id())
        self._attempts_log.append([attempt.to_dict()], action=action)
        self.attempts.append(attempt)
        if len(self.attempts) > 1 and attempt.finished_at < self.attempts[-2].finished_at:
            self._order_attempts()

    def record_question_note(self, note: QuestionNote, *, action: str = "keep the note on the question") -> None:
        self._writable()
        self._notes_log.append([note.to_json()], action=action)
        self.question_notes.append(note)
        self._fold_notes([note])

    def save_session(
        self, session: PendingExam, *, form: dict[str, Any] | None = None, action: str = "save the exam in progress"
    ) -> None:
        """`form`: the session as it is saved, when the caller has it already (an exam's answers are
        saved at every change, and its items never change)."""
        self._writable()
        self._session_doc.save(form if form is not None else session.to_json(), action=action)
        self.pending_session = session

    def clear_session(self, *, action: str = "remove the finished exam's saved copy") -> None:
        self._writable()
        self._session_doc.delete(action=action)
        self.pending_session = None

    def save_settings(
        self, settings: Settings, *, action: str = "save your settings", now: datetime | None = None
    ) -> None:
        """With `now`, each synced setting that changes is stamped with it (the latest change wins
        when machines sync; quiz.sync)."""
        self._writable()
        if now is not None:
            before, after = self.settings.synced_values(), settings.synced_values()
            changed = [name for name in set(before) | set(after) if before.get(name) != after.get(name)]
            if changed:
                stamps = {**settings.changed_at, **dict.fromkeys(changed, now.isoformat())}
                settings = settings.changed(changed_at=stamps)
        self._settings_doc.save(settings.to_json(), action=action)
        self.settings = settings

    # records merged from other machines (quiz.sync) ------------------------------------------
    def _order_attempts(self) -> None:
        """Attempts by when they finished: one merged from another machine (or finished here after a
        merged one, by a clock behind that machine's) may be older than the last. The sort is stable:
        attempts that finished at the same moment keep the log's order."""
        attempts = self.attempts
        if any(later.finished_at < earlier.finished_at for earlier, later in itertools.pairwise(attempts)):
            attempts.sort(key=lambda attempt: attempt.finished_at)

    def merge_records(
        self,
        *,
        reviews: Sequence[Review] = (),
        whole_log: bool = False,
        attempts: Sequence[dict[str, Any]] = (),
        notes: Sequence[dict[str, Any]] = (),
        events: Sequence[dict[str, Any]] = (),
    ) -> None:
        """Take records merged from other machines (checked, each carrying its device). `reviews` are
        appended; with `whole_log` they are the whole log as it is to be (cards replayed in the merged
        order), written at once and atomically. The others are appended. The history is folded again."""
        self._writable()
        if events:
            self._events_log.append(list(events), action="merge question events from your other machines")
            self.events.extend(QuestionEvent.from_json(e) for e in events)
            self.states = QuestionStates.of(self.events)
        if notes:
            self._notes_log.append(list(notes), action="merge notes from your other machines")
            merged_notes = [QuestionNote.from_json(n) for n in notes]
            self.question_notes.extend(merged_notes)
            self._fold_notes(merged_notes)
        if attempts:
            from quiz.store.results import SessionResult

            self._attempts_log.append(list(attempts), action="merge sessions from your other machines")
            self.attempts.extend(SessionResult.from_dict(a) for a in attempts)
            self._order_attempts()
        if whole_log:
            try:
                self._reviews_log.rewrite(review.to_json() for review in reviews)
            except OSError as error:
                path = self._reviews_log.path
                raise StoreWriteError("merge answers from your other machines", path, error) from error
            self._reviews_log.mark_checked()  # every record in it was checked: the next start need not again
            self.reviews = list(reviews)
        elif reviews:
            self.record_reviews(reviews, action="merge answers from your other machines")
        if whole_log or events:
            self.history = {}
            self._fold(self.reviews)
            self._apply_rescheduled(self._rescheduled_cards)  # each still tied to its key's last review

    # the questions an exam showed ------------------------------------------------------------
    def _exam_copy(self, session_id: str) -> JsonDocument:
        if not SESSION_ID.fullmatch(session_id):
            raise ValueError(f"not a session id: {session_id!r}")
        return JsonDocument(self.folder / f"exam-{session_id}.json", "exam-copy", check_exam_copy)

    def save_exam_copy(self, session_id: str, copy: dict[str, Any]) -> None:
        """Written once, when an exam starts (and again only if resuming had to rebuild it)."""
        self._writable()
        self._exam_copy(session_id).save(copy, action="save the exam's questions")

    def load_exam_copy(self, session_id: str, now: datetime) -> dict[str, Any] | None:
        """The exam's copy of its questions; None when missing or damaged (damage is reported)."""
        if not SESSION_ID.fullmatch(session_id):
            return None  # no copy can exist under a name that is not a session id
        copy, damaged = self._exam_copy(session_id).load(now, repair=not self.read_only)
        self.damages += damaged
        if copy is not None and copy.get("session_id") != session_id:
            return None
        return copy

    def delete_exam_copy(self, session_id: str) -> None:
        self._writable()
        self._exam_copy(session_id).delete(action="remove the discarded exam's questions")

    def prune_exam_copies(self, keep: Iterable[str] = ()) -> None:
        """Remove copies of exams that are neither pending, in `keep`, nor among the most recent
        finished ones. Best effort: a copy that cannot be removed now is removed another time."""
        self._writable()
        wanted = set(keep)
        if self.pending_session:
            wanted.add(self.pending_session.session_id)
        finished = [a.session_id for a in self.attempts if a.kind == "exam"]
        wanted.update(finished[-KEPT_EXAM_COPIES:])
        for path in self.folder.glob("exam-*.json"):
            if path.name[len("exam-") : -len(".json")] not in wanted:
                with contextlib.suppress(OSError):
                    path.unlink()

    # reading ---------------------------------------------------------------------------------
    def question_note(self, key: str) -> QuestionNote | None:
        """The note kept on a question (None: none, or it was taken off)."""
        note = self._kept_notes.get(key)
        return note if note is not None and note.text else None

    def noted_keys(self) -> list[str]:
        """Keys of the questions that have a kept note, most recently noted first."""
        kept = [note for note in self._kept_notes.values() if note.text]
        return [note.key for note in sorted(kept, key=lambda note: note.time, reverse=True)]

    def attempt(self, session_id: str) -> SessionResult | None:
        return next((a for a in reversed(self.attempts) if a.session_id == session_id), None)

    def reviewed_positions(self, session_id: str) -> set[int]:
        """Positions of an exam's questions whose review is on disk. Reviews carry their position as
        `item`; ones written before that field existed were written as one batch in position order."""
        positions = set()
        unnumbered = 0
        for review in self.reviews:
            if review.session != session_id or review.mode != "exam":
                continue
            if review.item is not None:
                positions.add(review.item)
            else:
                positions.add(unnumbered)
                unnumbered += 1
        return positions

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


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Loading builds some hundred thousand long-lived objects and no reference cycles; the cyclic
    garbage collector would walk them again and again as they are made (a third of the load time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def remove_stale_temp_files(folder: Path) -> None:
    """Temp files left by a crash during an atomic write are useless halves; the target is intact."""
    for path in folder.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            os.unlink(path)


__all__ = ["LEECH_THRESHOLD", "Damage", "KeyHistory", "ProgressStore", "StoreError"]

"""A timed exam: no feedback until it is submitted, by the user or by the clock.

Every change is saved to the store's in-progress session at once, so a crash or a closed terminal
loses nothing; time while the app is closed does not count against the limit.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from quiz.blueprint import draw_exam
from quiz.clock import Clock
from quiz.library import Entry, Library
from quiz.models import Profile, Question
from quiz.scheduler import Scheduling
from quiz.session.common import Placed, SessionFinishedError, SessionPausedError, new_session_id, place
from quiz.session.recording import current_card, review_record
from quiz.session.results import ItemResult, SessionResult
from quiz.store.progress import ProgressStore

WARN_SECONDS = 5 * 60


@dataclass
class ExamState:
    """Everything needed to resume an exam, as saved in session.json."""

    session_id: str
    title: str
    profile_id: str | None
    pass_percent: float | None
    limit_seconds: float | None
    seed: int
    started_at: str
    items: list[Placed]
    answers: dict[int, list[int]]  # position -> chosen choice indexes (bank order)
    flagged: set[int]
    seconds: list[float]
    current: int = 0
    elapsed: float = 0.0  # running time before the current run of the app
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "exam",
            "session_id": self.session_id,
            "title": self.title,
            "profile_id": self.profile_id,
            "pass_percent": self.pass_percent,
            "limit_seconds": self.limit_seconds,
            "seed": self.seed,
            "started_at": self.started_at,
            "items": [p.to_dict() for p in self.items],
            "answers": {str(k): v for k, v in sorted(self.answers.items())},
            "flagged": sorted(self.flagged),
            "seconds": [round(s, 3) for s in self.seconds],
            "current": self.current,
            "elapsed": round(self.elapsed, 3),
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ExamState:
        return cls(
            session_id=data["session_id"],
            title=data["title"],
            profile_id=data.get("profile_id"),
            pass_percent=data.get("pass_percent"),
            limit_seconds=data.get("limit_seconds"),
            seed=int(data["seed"]),
            started_at=data["started_at"],
            items=[Placed.from_dict(i) for i in data["items"]],
            answers={int(k): list(v) for k, v in data.get("answers", {}).items()},
            flagged=set(data.get("flagged", [])),
            seconds=[float(s) for s in data["seconds"]],
            current=int(data.get("current", 0)),
            elapsed=float(data.get("elapsed", 0.0)),
            notes=tuple(data.get("notes", ())),
        )


class ExamSession:
    def __init__(
        self,
        state: ExamState,
        library: Library,
        *,
        clock: Clock,
        scheduling: Scheduling,
        store: ProgressStore | None = None,
    ) -> None:
        self.state = state
        self.library = library
        self.clock = clock
        self.scheduling = scheduling
        self.store = store
        self.result: SessionResult | None = None
        self._run_started: float | None = clock.monotonic()  # None while paused
        self._mark = clock.monotonic()
        self._save()

    # creation ------------------------------------------------------------------------------------
    @classmethod
    def start(
        cls,
        library: Library,
        profile: Profile,
        *,
        clock: Clock,
        scheduling: Scheduling,
        store: ProgressStore | None = None,
        seed: int | None = None,
        count: int | None = None,
        minutes: float | None = None,
        exclude: frozenset[str] = frozenset(),
    ) -> ExamSession:
        seed = seed if seed is not None else random.SystemRandom().randrange(2**32)
        rng = random.Random(seed)
        draw = draw_exam(library, profile, rng, count=count, exclude=exclude)
        if not draw.entries:
            raise ValueError("no questions match this exam's blueprint and filters")
        limit = minutes if minutes is not None else profile.minutes
        state = ExamState(
            session_id=new_session_id(),
            title=profile.title,
            profile_id=profile.id,
            pass_percent=profile.pass_percent,
            limit_seconds=None if limit is None else float(limit) * 60,
            seed=seed,
            started_at=clock.now().isoformat(),
            items=[place(e, rng) for e in draw.entries],
            answers={},
            flagged=set(),
            seconds=[0.0] * len(draw.entries),
            notes=(draw.summary,) if draw.summary else (),
        )
        return cls(state, library, clock=clock, scheduling=scheduling, store=store)

    @classmethod
    def resume(
        cls, data: dict[str, Any], library: Library, *, clock: Clock, scheduling: Scheduling,
        store: ProgressStore | None = None,
    ) -> ExamSession:
        """Continue a saved exam. Questions no longer in the banks are dropped, and a note says so."""
        state = ExamState.from_dict(data)
        keep = [i for i, placed in enumerate(state.items) if placed.key in library.entries]
        if len(keep) != len(state.items):
            lost = len(state.items) - len(keep)
            remap = {old: new for new, old in enumerate(keep)}
            state.items = [state.items[i] for i in keep]
            state.answers = {remap[i]: v for i, v in state.answers.items() if i in remap}
            state.flagged = {remap[i] for i in state.flagged if i in remap}
            state.seconds = [state.seconds[i] for i in keep]
            state.current = min(remap.get(state.current, 0), max(len(keep) - 1, 0))
            state.notes = (*state.notes, f"{lost} question(s) are no longer in the banks and were dropped.")
        if not state.items:
            raise ValueError("none of this exam's questions are in the loaded banks any more")
        return cls(state, library, clock=clock, scheduling=scheduling, store=store)

    # reading -------------------------------------------------------------------------------------
    @property
    def total(self) -> int:
        return len(self.state.items)

    @property
    def index(self) -> int:
        return self.state.current

    @property
    def finished(self) -> bool:
        return self.result is not None

    def entry(self, index: int | None = None) -> Entry:
        return self.library.entries[self.state.items[self.index if index is None else index].key]

    def question(self, index: int | None = None) -> Question:
        """The question as asked in this exam (a drill's generated version is fixed by its variant)."""
        position = self.index if index is None else index
        return self.entry(position).variant(self.state.items[position].variant)

    def choices(self, index: int | None = None) -> list[str]:
        """The choices of a question in the order they are shown."""
        position = self.index if index is None else index
        question = self.question(position)
        return [question.choices[i] for i in self.state.items[position].order]

    def selected(self, index: int | None = None) -> set[int]:
        """Display positions the user has chosen for a question."""
        position = self.index if index is None else index
        order = self.state.items[position].order
        return {order.index(i) for i in self.state.answers.get(position, [])}

    def is_answered(self, index: int) -> bool:
        return bool(self.state.answers.get(index))

    def is_flagged(self, index: int) -> bool:
        return index in self.state.flagged

    def unanswered(self) -> list[int]:
        return [i for i in range(self.total) if not self.is_answered(i)]

    def flagged(self) -> list[int]:
        return sorted(self.state.flagged)

    @property
    def elapsed(self) -> float:
        if self.result is not None:
            return self.result.time_used
        if self._run_started is None:
            return self.state.elapsed
        return self.state.elapsed + (self.clock.monotonic() - self._run_started)

    @property
    def paused(self) -> bool:
        return self._run_started is None

    @property
    def remaining(self) -> float | None:
        """Seconds left, or None when untimed."""
        if self.state.limit_seconds is None:
            return None
        return max(0.0, self.state.limit_seconds - self.elapsed)

    @property
    def time_is_short(self) -> bool:
        remaining = self.remaining
        return remaining is not None and remaining <= WARN_SECONDS

    # changing ------------------------------------------------------------------------------------
    def choose(self, position: int) -> None:
        """Pick the choice shown at `position`; for select-all items, toggle it."""
        self._running()
        order = self.state.items[self.index].order
        if not 0 <= position < len(order):
            return
        choice = order[position]
        if self.question().is_multi:
            chosen = set(self.state.answers.get(self.index, []))
            chosen ^= {choice}
            if chosen:
                self.state.answers[self.index] = sorted(chosen)
            else:
                self.state.answers.pop(self.index, None)
        else:
            self.state.answers[self.index] = [choice]
        self._save()

    def clear(self) -> None:
        self._running()
        self.state.answers.pop(self.index, None)
        self._save()

    def toggle_flag(self) -> bool:
        self._running()
        self.state.flagged ^= {self.index}
        self._save()
        return self.index in self.state.flagged

    def go(self, index: int) -> None:
        self._running()
        self._account_time()  # the time so far belongs to the question being left
        self.state.current = max(0, min(index, self.total - 1))
        self._save()

    def next(self) -> None:
        self.go(self.index + 1)

    def previous(self) -> None:
        self.go(self.index - 1)

    def pause(self) -> None:
        """Stop the clock (the question is hidden meanwhile); `resume_clock` starts it again."""
        self._running()
        if self.paused:
            return
        self._account_time()
        self.state.elapsed = self.elapsed
        self._run_started = None
        self._save()

    def resume_clock(self) -> None:
        if self.result is not None or not self.paused:
            return
        self._run_started = self._mark = self.clock.monotonic()
        self._save()

    def checkpoint(self) -> None:
        """Save the time spent so far (call it now and then, e.g. every few seconds from a timer)."""
        if not self.finished:
            self._save()

    def expire_if_due(self) -> SessionResult | None:
        """Submit the exam if its time is up; returns the result when that happened now."""
        if self.result is None and self.remaining == 0.0:
            return self._submit(timed_out=True)
        return None

    def submit(self) -> SessionResult:
        self._running()
        return self._submit(timed_out=False)

    # internals -----------------------------------------------------------------------------------
    def _running(self) -> None:
        if self.result is not None:
            raise SessionFinishedError("this exam has been submitted")
        if self.paused:
            raise SessionPausedError("the exam is paused: resume it first")
        if self.expire_if_due() is not None:
            raise SessionFinishedError("time is up: the exam was submitted")

    def _account_time(self) -> None:
        if self._run_started is None:
            return  # paused: no time passes for any question
        now = self.clock.monotonic()
        limit_end = self._run_started + (
            (self.state.limit_seconds - self.state.elapsed) if self.state.limit_seconds is not None else float("inf")
        )
        # time after the deadline belongs to no question
        self.state.seconds[self.index] += max(0.0, min(now, limit_end) - self._mark)
        self._mark = max(self._mark, min(now, limit_end))

    def snapshot(self) -> dict[str, Any]:
        self._account_time()
        data = self.state.to_dict()
        data["elapsed"] = round(self.elapsed, 3)
        return data

    def _save(self) -> None:
        snapshot = self.snapshot()
        if self.store is not None:
            self.store.save_session(snapshot)

    def _submit(self, *, timed_out: bool) -> SessionResult:
        self._account_time()
        elapsed = self.elapsed
        if self.state.limit_seconds is not None:
            elapsed = min(elapsed, self.state.limit_seconds)
        items = []
        for position, placed in enumerate(self.state.items):
            question = self.question(position)
            items.append(
                ItemResult(
                    key=placed.key,
                    domain=question.domain,
                    chosen=tuple(sorted(self.state.answers.get(position, []))),
                    correct_answer=tuple(sorted(question.correct)),
                    flagged=position in self.state.flagged,
                    seconds=self.state.seconds[position],
                    variant=placed.variant,
                    order=placed.order,
                )
            )
        result = SessionResult(
            session_id=self.state.session_id,
            kind="exam",
            title=self.state.title,
            profile_id=self.state.profile_id,
            started_at=datetime.fromisoformat(self.state.started_at),
            finished_at=self.clock.now(),
            time_used=elapsed,
            timed_out=timed_out,
            pass_percent=self.state.pass_percent,
            items=tuple(items),
        )
        self.result = result
        if self.store is not None:
            record_exam_result(self.store, self.scheduling, result)
        return result


def record_exam_result(store: ProgressStore, scheduling: Scheduling, result: SessionResult) -> None:
    """Attempt first, then its reviews, then drop the in-progress copy: a crash between steps is
    finished by `finish_interrupted_submit` on the next start, never recorded twice."""
    if store.attempt(result.session_id) is None:
        store.record_attempt(result.to_dict())
    if not store.has_reviews_for(result.session_id):
        store.record_reviews(exam_reviews(store, scheduling, result))
    store.clear_session()


def exam_reviews(store: ProgressStore, scheduling: Scheduling, result: SessionResult) -> list[dict[str, Any]]:
    """Each exam answer is a review, at submit time: wrong or unanswered -> Again, right -> Good."""
    return [
        review_record(
            scheduling,
            key=item.key,
            card=current_card(store, item.key),
            chosen=item.chosen,
            correct=item.is_correct,
            when=result.finished_at,
            duration_ms=round(item.seconds * 1000),
            mode="exam",
            session_id=result.session_id,
        )
        for item in result.items
    ]


def finish_interrupted_submit(store: ProgressStore, scheduling: Scheduling) -> SessionResult | None:
    """If the saved session was already submitted when the app stopped, complete that submit."""
    pending = store.pending_session
    if not pending:
        return None
    attempt = store.attempt(str(pending.get("session_id")))
    if attempt is None:
        return None
    result = SessionResult.from_dict(attempt)
    record_exam_result(store, scheduling, result)
    return result

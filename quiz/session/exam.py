"""A timed exam: no feedback until it is submitted, by the user or by the clock.

Every change is saved to the store's in-progress session at once, so a crash or a closed terminal
loses nothing; time while the app is closed does not count against the limit. A change becomes the
session's state only once it is on disk: a failed write (StoreWriteError) leaves the exam as saved.

The questions as the exam showed them are kept in their own file, written once when it starts, so
editing or removing a question in a bank never changes an exam already under way: it is resumed,
scored and reviewed as it was asked.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from quiz.clock import Clock
from quiz.errors import CannotResumeError, NoQuestionsError, StoreWriteError
from quiz.kinds import Presentation, Response, kind_of
from quiz.library import Entry, Library
from quiz.models import Profile, Question
from quiz.scheduling.fsrs import Scheduling
from quiz.session.blueprint import draw_exam
from quiz.session.common import SessionFinishedError, SessionPausedError, new_session_id, place
from quiz.session.recording import checked_remark, current_card, keep_on_question, review_record
from quiz.session.strikes import StrikeChange, toggle_strike, unstruck_by
from quiz.store.pending import PendingExam, Placed
from quiz.store.progress import ProgressStore
from quiz.store.question_notes import QuestionNote
from quiz.store.results import ItemResult, SessionResult
from quiz.store.review import Review, attempt_id

KEPT_ON_ANSWER = "the exam is saved as it was before this change and can be continued"
KEPT_ON_SUBMIT = "the exam stays saved, and its submit is finished when you submit again or at the next start"

WARN_SECONDS = 5 * 60
CLOCK_SAVE_SECONDS = 10  # how stale the saved clock may get while nothing else happens


class ExamSession:
    def __init__(
        self,
        state: PendingExam,
        library: Library,
        *,
        clock: Clock,
        scheduling: Scheduling,
        store: ProgressStore | None = None,
        asked: Sequence[Question] | None = None,
    ) -> None:
        self.state = state
        self.library = library
        self.clock = clock
        self.scheduling = scheduling
        self.store = store
        # the questions as this exam shows them, by position (from its own copy, not the banks)
        self.asked: list[Question] = list(asked) if asked is not None else _asked_from_library(state.items, library)
        if len(self.asked) != len(state.items):
            raise ValueError("the exam's questions do not match its items")
        self.result: SessionResult | None = None
        self._run_started: float | None = clock.monotonic()  # None while paused
        self._mark = clock.monotonic()
        self._items_form: tuple[list[Placed], list[dict[str, object]]] = ([], [])  # saved form of state.items
        self._saved_at = clock.monotonic()
        self._save("save the exam")

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
    ) -> ExamSession:
        seed = seed if seed is not None else random.SystemRandom().randrange(2**32)
        rng = random.Random(seed)
        draw = draw_exam(library, profile, rng)
        if not draw.entries:
            raise NoQuestionsError("no questions match this exam's blueprint and filters")
        limit = profile.minutes
        items = [place(e, rng) for e in draw.entries]
        asked = [entry.variant(placed.variant) for entry, placed in zip(draw.entries, items, strict=True)]
        state = PendingExam(
            session_id=new_session_id(),
            title=profile.title,
            profile_id=profile.id,
            pass_percent=profile.pass_percent,
            limit_seconds=None if limit is None else float(limit) * 60,
            seed=seed,
            started_at=clock.now().isoformat(),
            items=items,
            answers={},
            flagged=set(),
            seconds=[0.0] * len(draw.entries),
            notes=(draw.summary,) if draw.summary else (),
        )
        if store is not None:
            # the copy first: a saved exam never lacks the questions it showed
            store.prune_exam_copies()
            store.save_exam_copy(state.session_id, exam_copy(state.session_id, items, asked))
        return cls(state, library, clock=clock, scheduling=scheduling, store=store, asked=asked)

    @classmethod
    def resume(
        cls,
        saved: PendingExam,
        library: Library,
        *,
        clock: Clock,
        scheduling: Scheduling,
        store: ProgressStore | None = None,
        asked: Sequence[Question] | None = None,
    ) -> ExamSession:
        """Continue a saved exam with the questions as it showed them (its copy, from `asked` or the
        store). Without a usable copy the banks are used as they are now: a question that left them,
        or whose choices no longer fit, is dropped, and a note says so."""
        state = dataclasses.replace(
            saved,
            items=list(saved.items),
            answers=dict(saved.answers),
            flagged=set(saved.flagged),
            seconds=list(saved.seconds),
            struck=dict(saved.struck),
            remarks=dict(saved.remarks),
        )
        notes: list[str] = []
        if asked is None and store is not None:
            asked = _asked_from_copy(store.load_exam_copy(state.session_id, clock.now()), state.items)
            if asked is None:
                notes.append(
                    "This exam's copy of its questions is missing or damaged: its questions are "
                    "taken from the banks as they are now."
                )
        rebuilt = asked is None
        if asked is None:
            keep = [i for i, placed in enumerate(state.items) if _fits(library.get(placed.key), placed)]
            if len(keep) != len(state.items):
                notes.append(
                    f"{len(state.items) - len(keep)} question(s) are no longer in the banks (or no "
                    f"longer have the choices they were asked with) and were dropped."
                )
                _keep_only(state, keep)
            if not state.items:
                raise CannotResumeError("none of this exam's questions are in the loaded banks any more")
            asked = _asked_from_library(state.items, library)
        state.notes = (*state.notes, *notes)
        if rebuilt and store is not None:
            store.save_exam_copy(state.session_id, exam_copy(state.session_id, state.items, asked))
        return cls(state, library, clock=clock, scheduling=scheduling, store=store, asked=asked)

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

    def entry(self, index: int | None = None) -> Entry | None:
        """The bank entry now loaded under this question's key (None once it left the banks)."""
        return self.library.get(self.state.items[self.index if index is None else index].key)

    def question(self, index: int | None = None) -> Question:
        """The question as asked in this exam, whatever the banks hold now."""
        return self.asked[self.index if index is None else index]

    def presentation(self, index: int | None = None) -> Presentation:
        """How the question is shown in this exam (its kind's arrangement, e.g. the choices' order)."""
        return self.state.items[self.index if index is None else index].presentation

    def response(self, index: int | None = None) -> Response:
        """The response given so far (None when unanswered)."""
        return self.state.answers.get(self.index if index is None else index)

    def is_answered(self, index: int) -> bool:
        return kind_of(self.question(index)).is_answered(self.state.answers.get(index))

    def is_flagged(self, index: int) -> bool:
        return index in self.state.flagged

    def struck(self, index: int | None = None) -> frozenset[int]:
        """The question's struck-out options (indexes in the bank file's order)."""
        return self.state.struck.get(self.index if index is None else index, frozenset())

    def remark(self, index: int | None = None) -> str:
        """The user's note on the question in this exam ("" when none)."""
        return self.state.remarks.get(self.index if index is None else index, "")

    def kept_note(self, index: int | None = None) -> QuestionNote | None:
        """The note kept on the question itself (from this exam or an earlier session), if any."""
        if self.store is None:
            return None
        return self.store.question_note(self.state.items[self.index if index is None else index].key)

    def noted(self) -> list[int]:
        return sorted(i for i, text in self.state.remarks.items() if text)

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
    def respond(self, response: Response) -> None:
        """Give (or change) the current question's response; an empty one clears it."""
        self._running()
        kind_of(self.question()).check_response(response)
        answers = dict(self.state.answers)
        if kind_of(self.question()).is_answered(response):
            answers[self.index] = response
        else:
            answers.pop(self.index, None)
        struck = self._with_struck(unstruck_by(self.question(), self.struck(), response))
        self._change("save your answer", answers=answers, struck=struck)

    def toggle_strike(self, position: int) -> StrikeChange:
        """Strike out the choice shown at `position`, or restore it (CannotStrikeError when the
        question has no choices); striking the picked choice takes that pick away."""
        self._running()
        change = toggle_strike(self.question(), self.presentation(), self.struck(), self.response(), position)
        answers = dict(self.state.answers)
        if change.cleared_pick:
            if kind_of(self.question()).is_answered(change.response):
                answers[self.index] = change.response
            else:
                answers.pop(self.index, None)
        self._change("save the struck-out choice", answers=answers, struck=self._with_struck(change.struck))
        return change

    def _with_struck(self, struck: frozenset[int]) -> dict[int, frozenset[int]]:
        every = dict(self.state.struck)
        if struck:
            every[self.index] = struck
        else:
            every.pop(self.index, None)
        return every

    def set_remark(self, text: str, *, keep: bool = False) -> None:
        """Save the user's note on the current question ("" removes it); with `keep`, it is
        also kept on the question for later study. Unlike an answer, a note is taken while the time is
        up but the exam not yet submitted (it was being typed as the clock ran out): the submit keeps it."""
        if self.result is not None:
            raise SessionFinishedError("this exam has been submitted")
        if self.paused:
            raise SessionPausedError("the exam is paused: resume it first")
        text = checked_remark(text)
        remarks = dict(self.state.remarks)
        if text:
            remarks[self.index] = text
        else:
            remarks.pop(self.index, None)
        if remarks != self.state.remarks:
            self._change("save your note", remarks=remarks)
        keep_on_question(
            self.store,
            key=self.state.items[self.index].key,
            text=text,
            keep=keep,
            session_id=self.state.session_id,
            item=self.index,
            when=self.clock.now(),
        )

    def clear(self) -> None:
        self._running()
        answers = dict(self.state.answers)
        answers.pop(self.index, None)
        self._change("save your answer", answers=answers)

    def toggle_flag(self) -> bool:
        self._running()
        self._change("save the flag", flagged=self.state.flagged ^ {self.index})
        return self.index in self.state.flagged

    def go(self, index: int) -> None:
        self._running()
        # the time so far belongs to the question being left (`_change` accounts it first)
        self._change("save your place in the exam", current=max(0, min(index, self.total - 1)))

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
        """Save the time spent so far, now (before the app quits, say)."""
        if not self.finished:
            self._change("save the exam's time")

    def keep_time(self) -> None:
        """Save the running clock when the last save is CLOCK_SAVE_SECONDS old: a timer calls this
        every second. Every action saves at once anyway, so a kill loses at most that much time and
        never an answer, a flag or a note."""
        if not self.finished and not self.paused and self.clock.monotonic() - self._saved_at >= CLOCK_SAVE_SECONDS:
            self.checkpoint()

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

    def _timed(self) -> tuple[list[float], float]:
        """Each question's seconds with the time since the last mark given to the current one, and
        the new mark: computed, not applied, so a failed save changes nothing."""
        seconds = list(self.state.seconds)
        if self._run_started is None:
            return seconds, self._mark  # paused: no time passes for any question
        now = self.clock.monotonic()
        limit_end = self._run_started + (
            (self.state.limit_seconds - self.state.elapsed) if self.state.limit_seconds is not None else float("inf")
        )
        # time after the deadline belongs to no question
        seconds[self.index] += max(0.0, min(now, limit_end) - self._mark)
        return seconds, max(self._mark, min(now, limit_end))

    def _account_time(self) -> None:
        self.state.seconds, self._mark = self._timed()

    def snapshot(self) -> PendingExam:
        """The exam as it would be saved now."""
        seconds, _ = self._timed()
        return dataclasses.replace(self.state, seconds=seconds, elapsed=round(self.elapsed, 3))

    def _saved_form(self, state: PendingExam) -> dict[str, Any]:
        if self._items_form[0] is not state.items:
            self._items_form = (state.items, [placed.to_json() for placed in state.items])
        data = state.to_json(self._items_form[1])
        data["elapsed"] = round(self.elapsed, 3)
        return data

    def _change(self, action: str, **changes: Any) -> None:
        """Save the exam with `changes` (and the time so far) and only then make that its state."""
        seconds, mark = self._timed()
        changed = dataclasses.replace(self.state, seconds=seconds, **changes)
        if self.store is not None:
            try:
                self.store.save_session(changed, form=self._saved_form(changed), action=action)
            except StoreWriteError as error:
                raise error.but_kept(KEPT_ON_ANSWER) from error.cause
        self.state, self._mark = changed, mark
        self._saved_at = self.clock.monotonic()

    def _save(self, action: str = "save the exam in progress") -> None:
        self._change(action)

    def _submit(self, *, timed_out: bool) -> SessionResult:
        self._account_time()
        elapsed = self.elapsed
        if self.state.limit_seconds is not None:
            elapsed = min(elapsed, self.state.limit_seconds)
        items = []
        for position, placed in enumerate(self.state.items):
            question = self.question(position)
            kind = kind_of(question)
            response = self.state.answers.get(position)
            items.append(
                ItemResult(
                    key=placed.key,
                    domain=question.domain,
                    response=response,
                    answer=kind.answer_key(question),
                    correct=kind.grade(question, response),
                    flagged=position in self.state.flagged,
                    seconds=self.state.seconds[position],
                    variant=placed.variant,
                    presentation=placed.presentation,
                    kind=kind.name,
                    struck=tuple(sorted(self.state.struck.get(position, ()))),
                    remark=self.state.remarks.get(position, ""),
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
            limit_seconds=self.state.limit_seconds,
        )
        if self.store is not None:
            try:
                result = record_exam_result(self.store, self.scheduling, result)
            except StoreWriteError as error:
                raise error.but_kept(KEPT_ON_SUBMIT) from error.cause
        self.result = result  # finished only once everything is on disk
        return result


def record_exam_result(store: ProgressStore, scheduling: Scheduling, result: SessionResult) -> SessionResult:
    """Attempt first, then the reviews still missing, then drop the in-progress copy. Each step is
    idempotent: a crash or a failed write between (or inside) steps is finished by calling this again
    (`finish_interrupted_submit` on the next start), and nothing is ever recorded twice. Returns the
    result as recorded (the one already on disk, when a first try got that far)."""
    stored = store.attempt(result.session_id)
    if stored is None:
        if not result.id:
            result = dataclasses.replace(result, id=attempt_id(result.session_id))
        store.record_attempt(result, action="record the submitted exam")
    else:
        result = stored
    done = store.reviewed_positions(result.session_id)
    missing = [position for position in range(result.total) if position not in done]
    if missing:
        store.record_reviews(exam_reviews(store, scheduling, result, missing), action="record the exam's answers")
    store.clear_session(action="finish the submitted exam")
    return result


def exam_reviews(
    store: ProgressStore, scheduling: Scheduling, result: SessionResult, positions: Collection[int] | None = None
) -> list[Review]:
    """Each exam answer is a review, at submit time: wrong or unanswered -> Again, right -> Good.
    Each carries its position in the exam (`item`), which identifies it when a submit is finished."""
    wanted = range(result.total) if positions is None else sorted(positions)
    records = []
    for position in wanted:
        item = result.items[position]
        record = review_record(
            scheduling,
            key=item.key,
            card=current_card(store, item.key),
            response=item.response,
            correct=item.is_correct,
            when=result.finished_at,
            duration_ms=round(item.seconds * 1000),
            mode="exam",
            session_id=result.session_id,
            kind=item.kind,
            item=position,
            # one review per question of an exam: the same id however often a torn submit is finished
            review_id=f"{result.session_id}.{position}",
        )
        records.append(record)
    return records


def finish_interrupted_submit(store: ProgressStore, scheduling: Scheduling) -> SessionResult | None:
    """If the saved session was already submitted when the app stopped, complete that submit."""
    pending = store.pending_session
    if not pending:
        return None
    attempt = store.attempt(pending.session_id)
    if attempt is None:
        return None
    return record_exam_result(store, scheduling, attempt)


# the exam's own copy of its questions ----------------------------------------------------------
def exam_copy(session_id: str, items: Sequence[Placed], asked: Sequence[Question]) -> dict[str, Any]:
    return {
        "session_id": session_id,
        "items": [
            {"key": placed.key, "variant": placed.variant, "question": question.to_dict()}
            for placed, question in zip(items, asked, strict=True)
        ],
    }


def _asked_from_copy(copy: dict[str, Any] | None, items: Sequence[Placed]) -> list[Question] | None:
    """The questions in a (checked) copy, if it is the copy of exactly these items."""
    if copy is None or len(copy["items"]) != len(items):
        return None
    asked = []
    for placed, saved in zip(items, copy["items"], strict=True):
        question = Question.from_dict(saved["question"])
        if (
            saved["key"] != placed.key
            or saved.get("variant", 0) != placed.variant
            or not kind_of(question).fits(question, placed.presentation)
        ):
            return None
        asked.append(question)
    return asked


def _asked_from_library(items: Sequence[Placed], library: Library) -> list[Question]:
    return [library.entries[placed.key].variant(placed.variant) for placed in items]


def _fits(entry: Entry | None, placed: Placed) -> bool:
    """Whether the banks' version of a question can still be shown as the exam saved it."""
    if entry is None:
        return False
    question = entry.variant(placed.variant)
    return kind_of(question).fits(question, placed.presentation)


def _keep_only(state: PendingExam, keep: list[int]) -> None:
    remap = {old: new for new, old in enumerate(keep)}
    state.items = [state.items[i] for i in keep]
    state.answers = {remap[i]: v for i, v in state.answers.items() if i in remap}
    state.flagged = {remap[i] for i in state.flagged if i in remap}
    state.seconds = [state.seconds[i] for i in keep]
    state.struck = {remap[i]: v for i, v in state.struck.items() if i in remap}
    state.remarks = {remap[i]: v for i, v in state.remarks.items() if i in remap}
    state.current = min(remap.get(state.current, 0), max(len(keep) - 1, 0))

"""Any sequence of exam operations keeps the session consistent, and the saved copy resumes to
the same state."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from quiz.clock import ManualClock
from quiz.domains import Domain
from quiz.scheduling.fsrs import Scheduling
from quiz.session.common import SessionFinishedError
from quiz.session.exam import ExamSession
from tests.choices import choice_question, choose
from tests.factories import make_library, make_profile

LIBRARY = make_library(dict.fromkeys(Domain, 4), multi_every=3)


class ExamMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.clock = ManualClock()
        profile = make_profile(questions=12, minutes=10)
        self.exam = ExamSession.start(LIBRARY, profile, clock=self.clock, scheduling=Scheduling(fuzzing=False), seed=9)

    def act(self, action: Callable[[], object]) -> None:
        try:
            action()
        except SessionFinishedError:
            assert self.exam.finished

    @rule(position=st.integers(0, 5))
    def choose(self, position: int) -> None:
        self.act(lambda: choose(self.exam, position))

    @rule()
    def clear(self) -> None:
        self.act(self.exam.clear)

    @rule()
    def flag(self) -> None:
        self.act(self.exam.toggle_flag)

    @rule(index=st.integers(-3, 15))
    def go(self, index: int) -> None:
        self.act(lambda: self.exam.go(index))

    @rule()
    def step(self) -> None:
        self.act(self.exam.next)

    @rule()
    def back(self) -> None:
        self.act(self.exam.previous)

    @rule(seconds=st.floats(0, 200))
    def wait(self, seconds: float) -> None:
        self.clock.advance(seconds)
        self.exam.expire_if_due()

    @precondition(lambda self: not self.exam.finished)
    @rule()
    def submit(self) -> None:
        self.exam.submit()

    @precondition(lambda self: not self.exam.finished)
    @rule()
    def save_and_resume(self) -> None:
        before = self.exam.snapshot()
        resumed = ExamSession.resume(before, LIBRARY, clock=self.clock, scheduling=Scheduling(fuzzing=False))
        assert resumed.snapshot().answers == before.answers
        assert resumed.snapshot().flagged == before.flagged
        # the saved copy keeps times to the millisecond
        assert resumed.remaining == pytest.approx(self.exam.remaining, abs=0.01)
        self.exam = resumed

    @invariant()
    def consistent(self) -> None:
        exam = self.exam
        assert 0 <= exam.index < exam.total
        assert set(exam.state.flagged) <= set(range(exam.total))
        for position, chosen in exam.state.answers.items():
            assert 0 <= position < exam.total
            question = choice_question(exam.question(position))
            assert chosen and len(set(chosen)) == len(chosen)
            assert all(0 <= c < len(question.choices) for c in chosen)
            assert question.is_multi or len(chosen) == 1
        assert sorted(exam.unanswered() + list(exam.state.answers)) == list(range(exam.total))
        assert all(s >= 0 for s in exam.state.seconds)
        if exam.state.limit_seconds is not None:
            assert sum(exam.state.seconds) <= exam.state.limit_seconds + 0.05
            assert exam.remaining is not None and exam.remaining >= 0
        if exam.result is not None:
            assert exam.result.total == exam.total
            assert exam.result.score == sum(i.is_correct for i in exam.result.items)
            assert exam.state.limit_seconds is not None and exam.result.time_used <= exam.state.limit_seconds


TestExamMachine = ExamMachine.TestCase
TestExamMachine.settings = settings(max_examples=60, stateful_step_count=40, deadline=None)

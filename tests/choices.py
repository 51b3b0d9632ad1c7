"""Answering multiple-choice questions in tests the way the keys do: by the position a choice is
shown at (the sessions themselves only take responses, as their question's kind writes them)."""

from __future__ import annotations

from quiz.kinds.choice import ChoiceQuestion, Shown, shown
from quiz.models import Question
from quiz.session.exam import ExamSession
from quiz.session.practice import PracticeSession


def choice_question(question: Question) -> ChoiceQuestion:
    """`question` as the multiple-choice question the test knows it is (its choices, its answer)."""
    assert isinstance(question, ChoiceQuestion), f"{question.id} is a {question.kind_name!r} question, not a choice"
    return question


def on_screen(exam: ExamSession, index: int | None = None) -> Shown:
    position = exam.index if index is None else index
    return shown(exam.question(position), exam.presentation(position))


def choose(exam: ExamSession, position: int) -> None:
    """Press the key of the choice shown at `position` (toggling it on a select-all item)."""
    exam.respond(on_screen(exam).pick(exam.response(), position))


def practice_choices(session: PracticeSession) -> list[str]:
    return shown(session.question, session.presentation).choices


def practice_response(session: PracticeSession, positions: set[int] | frozenset[int]) -> object:
    return shown(session.question, session.presentation).response(positions)

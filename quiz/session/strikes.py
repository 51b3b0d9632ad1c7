"""Striking out a choice, as on the test centre's screen: a struck choice is dimmed and crossed
through, can be restored, and never counts as an answer. Both exams and practice use these rules.

Struck choices are kept as options in the bank file's order (the indexes `Kind.options` and
`Kind.picked` use), not as the letters shown, so they read like the responses beside them.

Striking the chosen choice takes that pick away (as on the exam's own screen, where a choice cannot
be both picked and struck out): on a one-answer item the question is unanswered again, on a
select-all item only that tick goes. Picking a struck choice restores it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from quiz.kinds import Presentation, Response, kind_of
from quiz.models import Question


class CannotStrikeError(ValueError):
    """The question has no choices to strike out, or none is shown at that position."""


@dataclass(frozen=True)
class StrikeChange:
    struck: frozenset[int]  # every struck option of the question after the change
    response: Response  # the response after it (a struck pick is taken away)
    option: int  # the option struck out or restored
    now_struck: bool  # struck out (True) or restored (False)
    cleared_pick: bool  # it was picked: that pick is gone


def can_strike(question: Question) -> bool:
    return kind_of(question).strikeable


def choice_count(question: Question) -> int:
    """How many choices the question shows (0: it has none to strike out)."""
    kind = kind_of(question)
    return len(kind.options(question)) if kind.strikeable else 0


def toggle_strike(
    question: Question, presentation: Presentation, struck: Iterable[int], response: Response, position: int
) -> StrikeChange:
    """Strike out the choice shown at `position`, or restore it when it is struck already."""
    kind = kind_of(question)
    if not kind.strikeable:
        raise CannotStrikeError("this question has no choices to strike out")
    option = kind.option_at(question, presentation, position)
    if option is None:
        raise CannotStrikeError("no choice is shown there")
    before = frozenset(struck)
    if option in before:
        return StrikeChange(before - {option}, response, option, now_struck=False, cleared_pick=False)
    picked = option in kind.picked(response)
    after = kind.without(response, option) if picked else response
    return StrikeChange(before | {option}, after, option, now_struck=True, cleared_pick=picked)


def unstruck_by(question: Question, struck: Iterable[int], response: Response) -> frozenset[int]:
    """The struck options once `response` is given: a picked choice is never struck."""
    return frozenset(struck) - set(kind_of(question).picked(response))

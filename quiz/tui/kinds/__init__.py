"""How each kind of question is drawn and answered on screen: one view per kind (`quiz.kinds`)."""

from __future__ import annotations

from quiz.models import Question
from quiz.tui.kinds.base import KindView
from quiz.tui.kinds.choice import ChoiceView
from quiz.tui.kinds.matching import MatchingView
from quiz.tui.kinds.ordering import OrderingView
from quiz.tui.kinds.true_false import TrueFalseView
from quiz.tui.kinds.typed import TypedView

VIEWS: dict[str, type[KindView]] = {
    "choice": ChoiceView,
    "true-false": TrueFalseView,
    "ordering": OrderingView,
    "matching": MatchingView,
    "short-answer": TypedView,
    "numeric": TypedView,
}


def view_for(question: Question) -> type[KindView]:
    return VIEWS[question.kind_name]


__all__ = ["VIEWS", "KindView", "view_for"]

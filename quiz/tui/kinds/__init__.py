"""How each kind of question is drawn and answered on screen: one view per kind (`quiz.kinds`)."""

from __future__ import annotations

from quiz.models import Question
from quiz.tui.kinds.base import KindView
from quiz.tui.kinds.choice import ChoiceView
from quiz.tui.kinds.true_false import TrueFalseView

VIEWS: dict[str, type[KindView]] = {"choice": ChoiceView, "true-false": TrueFalseView}


def view_for(question: Question) -> type[KindView]:
    return VIEWS[question.kind_name]


__all__ = ["VIEWS", "KindView", "view_for"]

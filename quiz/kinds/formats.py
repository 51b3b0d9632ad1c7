"""Each kind's file format (pydantic), by the `type:` a question gives in a bank file. Imported only
when a file is validated (a warm start reads the cache and never imports pydantic)."""

from __future__ import annotations

from quiz.kinds.choice_format import ChoiceFormat
from quiz.kinds.format_base import QuestionBase
from quiz.kinds.matching_format import MatchingFormat
from quiz.kinds.numeric_format import NumericFormat
from quiz.kinds.ordering_format import OrderingFormat
from quiz.kinds.short_answer_format import ShortAnswerFormat
from quiz.kinds.true_false_format import TrueFalseFormat

FORMATS: dict[str, type[QuestionBase]] = {
    "choice": ChoiceFormat,
    "true-false": TrueFalseFormat,
    "ordering": OrderingFormat,
    "matching": MatchingFormat,
    "short-answer": ShortAnswerFormat,
    "numeric": NumericFormat,
}

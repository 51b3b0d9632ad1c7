"""What every question kind provides, and the registry of kinds."""

from __future__ import annotations

import importlib
import random
from abc import ABC, abstractmethod
from typing import Any, ClassVar

from quiz.models import Question

Response = Any  # a JSON value the question's kind gives meaning to (None: not answered)
Presentation = dict[str, Any]  # how a question was shown (e.g. the choices' order), as JSON


class Kind(ABC):
    """One kind of question. Everything outside the kind's own module treats its responses and
    presentations as opaque values."""

    name: ClassVar[str]  # the `type:` of the question in a bank file
    question_class: ClassVar[type[Question]]
    strikeable: ClassVar[bool] = False  # its options can be struck out (multiple choice, true/false)

    @abstractmethod
    def present(self, question: Question, rng: random.Random) -> Presentation:
        """How to show it this time (a shuffle, ...), drawn from `rng`."""

    def as_written(self, question: Question) -> Presentation:
        """How to show it as the bank file has it (the question browser), where the kind allows it
        (an ordering item is never shown in its right order: it is shuffled the same way each time)."""
        return self.present(question, random.Random(0))

    @abstractmethod
    def grade(self, question: Question, response: Response) -> bool:
        """Whether a response is right (an unanswered one never is)."""

    @abstractmethod
    def guess_floor(self, question: Question) -> float:
        """The chance of getting it right by guessing (for the readiness forecast)."""

    @abstractmethod
    def answer_key(self, question: Question) -> Response:
        """The right response, kept with results so they read without the question."""

    def is_answered(self, response: Response) -> bool:
        return response not in (None, [], "", {})

    def is_complete(self, response: Response) -> bool:
        """Whether a response is a whole answer that can be graded (a matching item with every left
        entry matched); practice takes only a complete one, an exam keeps a partial one."""
        return self.is_answered(response)

    def options(self, question: Question) -> tuple[str, ...]:
        """The labels of the options a response picks among, in the bank file's order ("A", "B"...),
        for counting how often each is chosen (item analysis); () for a kind that is not picked from."""
        return ()

    def picked(self, response: Response) -> tuple[int, ...]:
        """The options (indexes into `options`) a response picked."""
        return ()

    def option_at(self, question: Question, presentation: Presentation, position: int) -> int | None:
        """The option (an index into `options`) shown at `position`; None when none is shown there."""
        return None

    def without(self, response: Response, option: int) -> Response:
        """The response with `option` no longer picked (it was struck out); None when nothing is left."""
        return response

    def displayed(self, question: Question, presentation: Presentation) -> tuple[str, ...]:
        """The parts the question showed beside its stem, labelled and in the order shown ("B. C-STORE"),
        for a problem report; () for a kind that shows none (a typed answer's are not shown)."""
        return ()

    @abstractmethod
    def fits(self, question: Question, presentation: Presentation) -> bool:
        """Whether the question can still be shown as `presentation` says (after a bank edit)."""

    @abstractmethod
    def check_response(self, response: object, question_size: int | None = None) -> None:
        """Raise ValueError when a stored response has the wrong shape."""

    def response_is_sound(self, response: object) -> bool:
        """A quick yes or no for `check_response` (it runs for every stored answer at every start);
        the first version wrote an unanswered response as []."""
        try:
            if response != []:
                self.check_response(response)
        except ValueError:
            return False
        return True

    @abstractmethod
    def check_presentation(self, presentation: object) -> int:
        """Raise ValueError when a stored presentation has the wrong shape; return its size (how
        many parts of the question it arranges), for checking the responses stored beside it."""

    @abstractmethod
    def check_question(self, data: dict[str, Any]) -> None:
        """Raise ValueError when a stored question (an exam's copy) is not one of this kind."""

    @abstractmethod
    def response_text(self, response: Response) -> str:
        """The response in a spreadsheet cell, in the bank file's terms (not as shuffled on screen)."""


_KINDS: dict[str, Kind] = {}
# the kinds that exist, each in its own module, which registers its kind when imported
KIND_MODULES = ("choice", "true_false", "ordering", "matching", "short_answer", "numeric")
_loaded = False


def register(kind: Kind) -> Kind:
    _KINDS[kind.name] = kind
    Question.register_type(kind.name, kind.question_class)
    return kind


def load_kinds() -> None:
    """Import every kind's module (each registers itself), once: a start with nothing to read
    about a question (Home) never imports them."""
    global _loaded
    if not _loaded:
        _loaded = True
        for name in KIND_MODULES:
            importlib.import_module(f"quiz.kinds.{name}")


def _registered() -> dict[str, Kind]:
    load_kinds()
    return _KINDS


def kind_names() -> list[str]:
    """Every kind's name (a bank file's `type:`), in the order they were registered."""
    return list(_registered())


def kind_named(name: str) -> Kind:
    kinds = _registered()
    try:
        return kinds[name]
    except KeyError:
        raise ValueError(f"unknown kind of question {name!r}; known: {', '.join(sorted(kinds))}") from None


def kind_of(question: Question) -> Kind:
    return kind_named(question.kind_name)

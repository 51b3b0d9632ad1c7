"""Ordering: items the bank lists in the right order, shown shuffled, put back in order by the
candidate. A response is the candidate's order as a list of the items' file indexes; a presentation
is `{"order": [...]}`, the order the items were first shown in, which also gives each its letter."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any, ClassVar

from quiz.kinds.base import Kind, Presentation, Response, register
from quiz.kinds.labels import MAX_PARTS, is_permutation, part_letter
from quiz.models import Question


@dataclass(frozen=True, kw_only=True)
class OrderingQuestion(Question):
    kind_name: ClassVar[str] = "ordering"

    items: tuple[str, ...]  # in the right order

    @classmethod
    def from_fields(cls, data: dict[str, Any], common: dict[str, Any]) -> OrderingQuestion:
        return cls(**common, items=tuple(data["items"]))

    def kind_fields(self) -> dict[str, Any]:
        return {"items": self.items}

    def kind_texts(self) -> list[tuple[str, str]]:
        return [(f"item {i + 1}", text) for i, text in enumerate(self.items)]


def shuffled_order(size: int, rng: random.Random) -> list[int]:
    """A shuffle that never shows the items already in order (that would give the answer away)."""
    order = list(range(size))
    while order == sorted(order) and size > 1:
        rng.shuffle(order)
    return order


def first_order(question: OrderingQuestion, presentation: Presentation | None) -> list[int]:
    """The order the items were first shown in (file order for a presentation that does not fit)."""
    order = (presentation or {}).get("order")
    return (
        list(order)
        if order is not None and is_permutation(order, len(question.items))
        else list(range(len(question.items)))
    )


def moved(order: list[int], item: int, delta: int) -> list[int]:
    """`order` with `item` moved `delta` places (up is negative), kept inside the list."""
    if item not in order:
        return order
    start = order.index(item)
    end = max(0, min(len(order) - 1, start + delta))
    changed = list(order)
    changed.insert(end, changed.pop(start))
    return changed


class OrderingKind(Kind):
    name = "ordering"
    question_class = OrderingQuestion

    def present(self, question: Question, rng: random.Random) -> Presentation:
        assert isinstance(question, OrderingQuestion)
        return {"order": shuffled_order(len(question.items), rng)}

    def grade(self, question: Question, response: Response) -> bool:
        assert isinstance(question, OrderingQuestion)
        return bool(response == list(range(len(question.items))))

    def displayed(self, question: Question, presentation: Presentation) -> tuple[str, ...]:
        assert isinstance(question, OrderingQuestion)
        order = presentation.get("order")
        if not is_permutation(order, len(question.items)):
            order = list(range(len(question.items)))
        return tuple(f"{part_letter(p)}. {question.items[i]}" for p, i in enumerate(order))

    def guess_floor(self, question: Question) -> float:
        assert isinstance(question, OrderingQuestion)
        return 1 / math.factorial(len(question.items))

    def answer_key(self, question: Question) -> Response:
        assert isinstance(question, OrderingQuestion)
        return list(range(len(question.items)))

    def fits(self, question: Question, presentation: Presentation) -> bool:
        return isinstance(question, OrderingQuestion) and is_permutation(presentation.get("order"), len(question.items))

    def check_response(self, response: object, question_size: int | None = None) -> None:
        if response is None:
            return
        if not is_permutation(response, question_size) or not 2 <= len(response) <= MAX_PARTS:
            size = f"{question_size} items" if question_size else f"2 to {MAX_PARTS} items"
            raise ValueError(f"{response!r} is not an order of {size}")

    def check_presentation(self, presentation: object) -> int:
        order = presentation.get("order") if isinstance(presentation, dict) else None
        if not is_permutation(order) or not 2 <= len(order) <= MAX_PARTS:
            raise ValueError(f"{presentation!r} is not an order of 2 to {MAX_PARTS} items")
        return len(order)

    def check_question(self, data: dict[str, Any]) -> None:
        items = data.get("items")
        if (
            not isinstance(items, list)
            or not 2 <= len(items) <= MAX_PARTS
            or not all(isinstance(i, str) and i.strip() for i in items)
        ):
            raise ValueError(f"items {items!r} is not a list of 2 to {MAX_PARTS} texts")

    def response_text(self, response: Response) -> str:
        # in the file's terms: the item numbers (1 = the first item the bank lists) in the chosen order
        if not is_permutation(response):
            return ""
        return " ".join(str(i + 1) for i in response)


ORDERING = register(OrderingKind())

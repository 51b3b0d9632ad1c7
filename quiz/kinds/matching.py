"""Matching: each left entry of the bank's pairs goes with one right entry; extra right entries
(distractors) match nothing. The right entries are the pairs' right sides in file order, then the
distractors. A response is, for each left entry in file order, the index of the right entry matched
to it (None while unmatched), or None when nothing is matched; each right entry is used at most once.
A presentation is `{"left": [...], "right": [...]}`: the order both columns were shown in."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any, ClassVar

from quiz.kinds.base import Kind, Presentation, Response, register
from quiz.kinds.labels import MAX_PARTS, is_permutation, part_letter
from quiz.models import Question


@dataclass(frozen=True, kw_only=True)
class MatchingQuestion(Question):
    kind_name: ClassVar[str] = "matching"

    pairs: tuple[tuple[str, str], ...]  # (left, right), in file order
    distractors: tuple[str, ...] = ()

    @property
    def lefts(self) -> tuple[str, ...]:
        return tuple(left for left, _ in self.pairs)

    @property
    def rights(self) -> tuple[str, ...]:
        """Every right entry: the pairs' right sides, then the distractors."""
        return tuple(right for _, right in self.pairs) + self.distractors

    @classmethod
    def from_fields(cls, data: dict[str, Any], common: dict[str, Any]) -> MatchingQuestion:
        return cls(
            **common,
            pairs=tuple((left, right) for left, right in data["pairs"]),
            distractors=tuple(data.get("distractors", ())),
        )

    def kind_fields(self) -> dict[str, Any]:
        return {"pairs": [list(pair) for pair in self.pairs], "distractors": self.distractors}

    def kind_texts(self) -> list[tuple[str, str]]:
        texts = []
        for number, (left, right) in enumerate(self.pairs, start=1):
            texts += [(f"pair {number} left", left), (f"pair {number} right", right)]
        return texts + [(f"distractor {i + 1}", text) for i, text in enumerate(self.distractors)]


def matched(response: Response, lefts: int) -> list[int | None]:
    """A response as one entry per left entry (None: unmatched)."""
    if isinstance(response, list) and len(response) == lefts:
        return list(response)
    return [None] * lefts


def match(response: Response, lefts: int, left: int, right: int) -> Response:
    """`response` with `left` matched to `right` (taken from the left entry that had it); matching a
    left entry to the right entry it already has unmatches it."""
    pairs = matched(response, lefts)
    if pairs[left] == right:
        pairs[left] = None
    else:
        pairs = [None if other == right else other for other in pairs]
        pairs[left] = right
    return pairs if any(p is not None for p in pairs) else None


class MatchingKind(Kind):
    name = "matching"
    question_class = MatchingQuestion

    def present(self, question: Question, rng: random.Random) -> Presentation:
        assert isinstance(question, MatchingQuestion)
        left, right = list(range(len(question.pairs))), list(range(len(question.rights)))
        rng.shuffle(left)
        rng.shuffle(right)
        return {"left": left, "right": right}

    def grade(self, question: Question, response: Response) -> bool:
        assert isinstance(question, MatchingQuestion)
        return bool(response == list(range(len(question.pairs))))

    def displayed(self, question: Question, presentation: Presentation) -> tuple[str, ...]:
        assert isinstance(question, MatchingQuestion)
        left, right = presentation.get("left"), presentation.get("right")
        if not is_permutation(left, len(question.pairs)):
            left = list(range(len(question.pairs)))
        if not is_permutation(right, len(question.rights)):
            right = list(range(len(question.rights)))
        return (
            *(f"{n}. {question.lefts[i]}" for n, i in enumerate(left, start=1)),
            *(f"{part_letter(p)}. {question.rights[i]}" for p, i in enumerate(right)),
        )

    def guess_floor(self, question: Question) -> float:
        # n left entries onto m right ones, each used once: one right assignment of m!/(m-n)!
        assert isinstance(question, MatchingQuestion)
        n, m = len(question.pairs), len(question.rights)
        return math.factorial(m - n) / math.factorial(m)

    def answer_key(self, question: Question) -> Response:
        assert isinstance(question, MatchingQuestion)
        return list(range(len(question.pairs)))

    def is_answered(self, response: Response) -> bool:
        return isinstance(response, list) and any(r is not None for r in response)

    def is_complete(self, response: Response) -> bool:
        return isinstance(response, list) and bool(response) and all(r is not None for r in response)

    def fits(self, question: Question, presentation: Presentation) -> bool:
        return (
            isinstance(question, MatchingQuestion)
            and is_permutation(presentation.get("left"), len(question.pairs))
            and is_permutation(presentation.get("right"), len(question.rights))
        )

    def check_response(self, response: object, question_size: int | None = None) -> None:
        if response is None:
            return
        size = MAX_PARTS if question_size is None else question_size
        if not isinstance(response, list):
            raise ValueError(f"{response!r} is not a matching of left entries to right entries")
        given = [r for r in response if r is not None]
        if (
            not 1 <= len(response) <= MAX_PARTS
            or not all(type(r) is int and 0 <= r < size for r in given)
            or len(set(given)) != len(given)
        ):
            raise ValueError(f"{response!r} is not a matching of left entries to distinct right entries below {size}")

    def check_presentation(self, presentation: object) -> int:
        left = presentation.get("left") if isinstance(presentation, dict) else None
        right = presentation.get("right") if isinstance(presentation, dict) else None
        if not is_permutation(left) or not is_permutation(right) or not 2 <= len(left) <= len(right) <= MAX_PARTS:
            raise ValueError(f"{presentation!r} is not the order of 2 to {MAX_PARTS} matching entries")
        return len(right)

    def check_question(self, data: dict[str, Any]) -> None:
        pairs, distractors = data.get("pairs"), data.get("distractors", [])
        if (
            not isinstance(pairs, list)
            or not 2 <= len(pairs) <= MAX_PARTS
            or not all(isinstance(p, list) and len(p) == 2 and all(isinstance(s, str) for s in p) for p in pairs)
        ):
            raise ValueError(f"pairs {pairs!r} is not a list of 2 to {MAX_PARTS} left/right pairs")
        if not isinstance(distractors, list) or not all(isinstance(d, str) for d in distractors):
            raise ValueError(f"distractors {distractors!r} is not a list of texts")
        if len(pairs) + len(distractors) > MAX_PARTS:
            raise ValueError(f"{len(pairs) + len(distractors)} right entries; at most {MAX_PARTS}")

    def response_text(self, response: Response) -> str:
        # in the file's terms: for each pair in file order, the number of the right entry matched to it
        if not isinstance(response, list):
            return ""
        return " ".join("-" if r is None else str(r + 1) for r in response)


MATCHING = register(MatchingKind())

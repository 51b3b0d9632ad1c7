"""What every drill shares: a stable fact key, its metadata, and building a fresh question per seed."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from quiz.domains import Domain
from quiz.models import Difficulty, Question

if TYPE_CHECKING:
    from quiz.kinds.choice import ChoiceQuestion

LEVEL_DIFFICULTY = {1: Difficulty.EASY, 2: Difficulty.MEDIUM, 3: Difficulty.HARD}
CHOICES = 4


# Not frozen: a start makes one per drilled fact (2,000 now), and a frozen dataclass sets each
# field through object.__setattr__, three times slower. Nothing changes a fact.
@dataclass(slots=True, unsafe_hash=True)
class DrillFact:
    """One fact to drill: FSRS schedules it under `bank/qid` while its distractors change per draw."""

    bank: str
    qid: str
    domain: Domain
    topics: tuple[str, ...]
    level: int
    kind: Callable[[DrillFact, Any, random.Random], Question]  # how to ask it
    subject: Any  # what it is about: a tag, a UID, a VR code, a field ...

    @property
    def key(self) -> str:
        return f"{self.bank}/{self.qid}"

    @property
    def difficulty(self) -> Difficulty:
        return LEVEL_DIFFICULTY[self.level]

    def generate(self, variant: int) -> Question:
        # a string seed is hashed the same way on every run and machine
        return self.kind(self, self.subject, random.Random(f"{self.key}#{variant}"))


def pick_distractors(
    rng: random.Random, correct: str, preferred: Sequence[str], fallback: Iterable[str] = (), count: int = CHOICES - 1
) -> list[str]:
    """Up to `count` wrong answers, distinct from each other and from the right one: the preferred
    pool first (plausible neighbours), then the fallback."""
    chosen: list[str] = []
    seen = {correct.casefold()}
    for pool in (list(preferred), list(fallback)):
        rng.shuffle(pool)
        for option in pool:
            if option.casefold() not in seen:
                chosen.append(option)
                seen.add(option.casefold())
                if len(chosen) == count:
                    return chosen
    return chosen


def drill_question(
    fact: DrillFact, stem: str, correct: str, distractors: list[str], explanation: str, references: Sequence[str]
) -> ChoiceQuestion:
    """The right answer is listed first; every session shuffles choices anyway."""
    from quiz.kinds.choice import ChoiceQuestion  # when a drill is asked, not when its facts are listed

    return ChoiceQuestion(
        id=fact.qid,
        domain=fact.domain,
        topics=fact.topics,
        difficulty=fact.difficulty,
        question=stem,
        choices=(correct, *distractors),
        answer="A",
        explanation=explanation,
        references=tuple(references),
    )

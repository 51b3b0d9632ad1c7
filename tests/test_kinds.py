"""The question-kind seam holds: multiple choice is one kind among possible others.

A static test keeps letters and select-all logic inside the choice kind; a test-only kind (a typed
word) defined here, and nowhere else, runs through an exam, practice, results, readiness and a store
round trip, so a new kind needs no change outside its own module.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from quiz.banks.loader import LoadedBank
from quiz.clock import ManualClock
from quiz.domains import Domain
from quiz.insight.readiness import predict
from quiz.kinds import Kind, Presentation, Response, kind_named, register
from quiz.library import Library
from quiz.models import Bank, Profile, Question
from quiz.store.progress import ProgressStore
from quiz.study import Study

PACKAGE = Path(__file__).resolve().parent.parent / "quiz"
CHOICE_MODULES = {PACKAGE / "kinds" / "choice.py", PACKAGE / "kinds" / "choice_format.py"}


def test_letters_and_select_all_logic_live_in_the_choice_kind_only() -> None:
    """`LETTERS`, `MAX_CHOICES` and `is_multi` (and so letter arithmetic and set equality of letters)
    appear in the choice kind's modules and nowhere else in the package."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path in CHOICE_MODULES:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if re.search(r"\b(LETTERS|MAX_CHOICES|is_multi)\b", line):
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}")
    assert offenders == []


# a kind that exists only in this test ---------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class WordQuestion(Question):
    kind_name: ClassVar[str] = "word-test"
    expected: str

    @classmethod
    def from_fields(cls, data: dict[str, Any], common: dict[str, Any]) -> WordQuestion:
        return cls(**common, expected=data["expected"])

    def kind_fields(self) -> dict[str, Any]:
        return {"expected": self.expected}


class WordKind(Kind):
    name = "word-test"
    question_class = WordQuestion

    def present(self, question: Question, rng: random.Random) -> Presentation:
        return {"case": rng.choice(["upper", "lower"])}

    def grade(self, question: Question, response: Response) -> bool:
        assert isinstance(question, WordQuestion)
        return isinstance(response, str) and response.strip().casefold() == question.expected.casefold()

    def guess_floor(self, question: Question) -> float:
        return 0.0

    def answer_key(self, question: Question) -> Response:
        assert isinstance(question, WordQuestion)
        return question.expected

    def fits(self, question: Question, presentation: Presentation) -> bool:
        return isinstance(question, WordQuestion)

    def check_response(self, response: object, question_size: int | None = None) -> None:
        if response is not None and not isinstance(response, str):
            raise ValueError(f"{response!r} is not text")

    def check_presentation(self, presentation: object) -> int:
        if not isinstance(presentation, dict) or presentation.get("case") not in ("upper", "lower"):
            raise ValueError(f"{presentation!r} is not a case")
        return 1

    def check_question(self, data: dict[str, Any]) -> None:
        if not isinstance(data.get("expected"), str):
            raise ValueError("expected is not text")

    def response_text(self, response: Response) -> str:
        return response if isinstance(response, str) else ""


WORD = register(WordKind())


def word_library() -> Library:
    questions = tuple(
        WordQuestion(
            id=f"w{n}",
            domain=domain,
            question=f"Which word is {n}?",
            expected=f"answer{n}",
            explanation="Because.",
            references=("Test",),
        )
        for n, domain in enumerate([Domain.OPERATIONS, Domain.IMAGE_MANAGEMENT] * 3)
    )
    profile = Profile(
        "words", "Words", 6, {Domain.OPERATIONS: 1.0, Domain.IMAGE_MANAGEMENT: 1.0}, minutes=10, pass_percent=50
    )
    return Library(
        banks=[LoadedBank(Bank("words", "Words", questions), Path("words.yaml"), False)], profiles={"words": profile}
    )


def test_a_new_kind_runs_through_an_exam_practice_results_and_the_store(tmp_path: Path) -> None:
    library = word_library()
    clock = ManualClock()
    study = Study(library, ProgressStore.open(tmp_path, clock.now()), clock=clock, fuzzing=False)
    exam = study.start_exam(library.profiles["words"], seed=3)
    assert exam.presentation(0)["case"] in ("upper", "lower")
    for position in range(exam.total):
        exam.go(position)
        question = exam.question()
        assert isinstance(question, WordQuestion)
        if position % 2 == 0:
            exam.respond(question.expected.upper())  # right, whatever the case
        elif position == 1:
            exam.respond("nonsense")  # wrong
    assert exam.unanswered() == [3, 5]
    study.close()

    # the exam resumes from the store with its own copy of the questions, and is scored by the kind
    study = Study(library, ProgressStore.open(tmp_path, clock.now()), clock=clock, fuzzing=False)
    resumed = study.resume_exam()
    assert resumed is not None and resumed.response(0) == exam.response(0)
    result = resumed.submit()
    assert (result.score, result.total) == (3, 6) and result.passed is True
    assert [item.answered for item in result.items] == [True, True, True, False, True, False]
    reviews = [r for r in study.store.reviews if r.session == result.session_id]
    assert len(reviews) == 6 and all(r.kind == "word-test" for r in reviews)

    # practice with it: answered, graded, recorded, explained
    session = study.review_missed(attempt_id=result.session_id)
    question = session.question
    assert isinstance(question, WordQuestion)
    feedback = session.answer(question.expected)
    assert feedback.correct and feedback.explanation == "Because."
    practice = session.finish()
    study.close()

    # everything reopens exactly (the store's record checks ask the kind), and readiness uses its floor
    study = Study(library, ProgressStore.open(tmp_path, clock.now()), clock=clock, fuzzing=False)
    assert not study.store.damages
    stored = list(study.store.attempts)
    assert stored == [result, practice]
    assert stored[0].items[0].answer == stored[0].items[0].response.lower() or stored[0].items[0].is_correct
    forecast = predict(library, study.store, study.scheduling, library.profiles["words"], clock.now())
    assert 0.0 <= forecast.expected <= 1.0
    assert kind_named("word-test") is WORD
    study.close()

"""The true/false kind end to end: its file format, grading, exam and practice on screen, results,
answer review, the store and the export."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from pydantic import ValidationError

from quiz.banks.formats import validate_bank
from quiz.banks.loader import LoadedBank
from quiz.cli.reports import export_rows
from quiz.clock import ManualClock
from quiz.domains import Domain
from quiz.kinds import kind_named
from quiz.kinds.true_false import TrueFalseQuestion
from quiz.library import Library
from quiz.models import Bank, Profile
from quiz.session.custom import ExamRequest
from quiz.store.progress import ProgressStore
from quiz.study import Study
from quiz.tui.app import StartExam
from quiz.tui.screens.answers import AnswerReviewScreen
from quiz.tui.screens.practice import PracticeScreen
from quiz.tui.screens.results import ResultsScreen
from tests.screen_text import screen_text
from tests.tui_support import exam_screen, make_app, pause_until

STATEMENTS = [
    ("mwl-is-cfind", "Modality Worklist is queried with the DIMSE C-FIND service.", True),
    ("mpps-is-cstore", "MPPS messages are sent with C-STORE.", False),
    ("gsps-keeps-pixels", "Applying a presentation state rewrites the stored pixel data.", False),
    ("sr-is-composite", "A DICOM SR document is a composite instance stored with C-STORE.", True),
]


def tf_library() -> Library:
    questions = tuple(
        TrueFalseQuestion(
            id=qid,
            domain=Domain.IMAGE_MANAGEMENT,
            question=text,
            answer=answer,
            explanation="Because the standard says so. It is in PS3.4.",
            references=("DICOM PS3.4",),
        )
        for qid, text, answer in STATEMENTS
    )
    profile = Profile("tf", "True or false", 4, {Domain.IMAGE_MANAGEMENT: 1.0}, minutes=10, pass_percent=50)
    return Library(banks=[LoadedBank(Bank("tf", "TF", questions), Path("tf.yaml"), False)], profiles={"tf": profile})


def statement(library: Library, key: str) -> TrueFalseQuestion:
    question = library.entries[key].question
    assert isinstance(question, TrueFalseQuestion)
    return question


def test_the_file_format_takes_yaml_booleans_only() -> None:
    base = {"id": "q", "type": "true-false", "domain": "image-management", "question": "MWL uses C-FIND."}
    bank = validate_bank({"bank": "b", "title": "B", "questions": [{**base, "answer": False}]})
    question = bank.questions[0]
    assert isinstance(question, TrueFalseQuestion) and question.answer is False
    for wrong in ("yes", "true", 1, None):
        with pytest.raises(ValidationError, match="true or false"):
            validate_bank({"bank": "b", "title": "B", "questions": [{**base, "answer": wrong}]})
    with pytest.raises(ValidationError):  # a choice item's fields do not belong here
        validate_bank({"bank": "b", "title": "B", "questions": [{**base, "answer": True, "choices": ["x", "y"]}]})


def test_grading_and_the_guessing_floor() -> None:
    kind = kind_named("true-false")
    question = tf_library().entries["tf/mwl-is-cfind"].question
    assert kind.grade(question, True) and not kind.grade(question, False) and not kind.grade(question, None)
    assert not kind.grade(question, 1)  # a stored 1 is not true
    assert kind.guess_floor(question) == 0.5
    assert kind.response_text(False) == "False" and kind.response_text(None) == ""
    with pytest.raises(ValueError):
        kind.check_response("true")


async def test_an_exam_of_true_false_items_from_keys_to_review_and_export(tmp_path: Path) -> None:
    library = tf_library()
    app = make_app(tmp_path, library=library, start=StartExam(ExamRequest(library.profiles["tf"]), seed=1))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = screen_text(app)
        assert "A. True" in shown and "B. False" in shown
        exam = exam_screen(app).exam
        for position in range(exam.total):
            question = exam.question()
            assert isinstance(question, TrueFalseQuestion)
            right = "a" if question.answer else "b"
            wrong = "b" if question.answer else "a"
            await pilot.press(right if position else wrong)  # the first one wrong, the rest right
            await pilot.pause()
            assert "●  " + ("A. True" if (right if position else wrong) == "a" else "B. False") in screen_text(app)
            await pilot.press("n")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pause_until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        assert "3 of 4 correct" in screen_text(app)
        await pilot.press("r")
        await pause_until(pilot, lambda: isinstance(app.screen, AnswerReviewScreen))
        first = exam.state.items[0]
        answer = statement(library, first.key).answer
        assert f"you chose {not answer}; the answer is {answer}" in screen_text(app)
        rows = export_rows(app.study)
        assert (rows[0]["chosen"], rows[0]["correct_answer"]) == (str(not answer), str(answer))
    app.study.close()
    reopened = ProgressStore.open(tmp_path, ManualClock().now())
    assert not reopened.damages and len(reopened.attempts) == 1
    assert sorted(r.response for r in reopened.reviews) == sorted(
        [not answer] + [statement(library, i.key).answer for i in exam.state.items[1:]]
    )
    reopened.close()


async def test_practice_shows_the_verdict_and_the_right_side(tmp_path: Path) -> None:
    library = tf_library()
    app = make_app(tmp_path, library=library)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        study: Study = app.study
        session = study._practice([library.entries["tf/mwl-is-cfind"]], "Practice", "practice", seed=1)
        app._start_flow(PracticeScreen(session))
        await pilot.pause()
        await pilot.press("b")  # False: wrong
        await pilot.pause()
        shown = screen_text(app)
        assert "✗ Incorrect: the answer is True." in shown
        assert "○✓ A. True" in shown and "●✗ B. False" in shown
    app.study.close()


def test_export_of_a_true_false_item_reads_as_text(tmp_path: Path) -> None:
    library = tf_library()
    clock = ManualClock()
    study = Study(library, ProgressStore.open(tmp_path, clock.now()), clock=clock, fuzzing=False)
    practice = study._practice([library.entries["tf/mpps-is-cstore"]], "Practice", "practice", seed=1)
    practice.answer(False)
    practice.finish()
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=["question", "chosen", "correct_answer", "correct"])
    for row in export_rows(study):
        writer.writerow({k: row[k] for k in ("question", "chosen", "correct_answer", "correct")})
    assert text.getvalue().strip() == "tf/mpps-is-cstore,False,False,True"
    study.close()

"""Ordering, matching, short-answer and numeric items end to end: their file formats and located
errors, grading and guessing floors, an exam and practice driven with the keys, results, answer
review, the store and the export."""

from __future__ import annotations

import math
import textwrap
from pathlib import Path
from typing import Any

import pytest

from quiz.banks.formats import validate_bank
from quiz.banks.loader import LoadedBank, check_file
from quiz.cli.reports import export_rows
from quiz.clock import ManualClock
from quiz.domains import Domain
from quiz.kinds import kind_named
from quiz.kinds.matching import MatchingQuestion
from quiz.kinds.numeric import NumericQuestion
from quiz.kinds.ordering import OrderingQuestion
from quiz.kinds.short_answer import ShortAnswerQuestion
from quiz.library import Library
from quiz.models import Bank, Profile, Question
from quiz.session.custom import ExamRequest
from quiz.store.progress import ProgressStore
from quiz.tui.app import StartExam
from quiz.tui.screens.answers import AnswerReviewScreen
from quiz.tui.screens.practice import PracticeScreen
from quiz.tui.screens.results import ResultsScreen
from tests.screen_text import screen_text
from tests.tui_support import exam_screen, make_app, pause_until

COMMON: dict[str, Any] = {
    "domain": Domain.IMAGE_MANAGEMENT,
    "explanation": "Why it is so. It teaches.",
    "references": ("PS3.7",),
}
STORE_STEPS = ("A-ASSOCIATE-RQ", "A-ASSOCIATE-AC", "C-STORE-RQ", "C-STORE-RSP", "A-RELEASE-RQ")
SEGMENTS = {
    "PID": "Patient identification",
    "PV1": "Patient visit",
    "ORC": "Common order",
    "OBR": "Observation request",
}


def four_kinds() -> tuple[Question, ...]:
    return (
        OrderingQuestion(
            id="c-store-order", question="Put the C-STORE exchange in order.", items=STORE_STEPS, **COMMON
        ),
        MatchingQuestion(
            id="segments",
            question="Match each segment to what it carries.",
            pairs=tuple(SEGMENTS.items()),
            distractors=("Next of kin",),
            **COMMON,
        ),
        ShortAnswerQuestion(
            id="mammo-modality", question="Which Modality value do mammograms carry?", accept=("MG",), **COMMON
        ),
        NumericQuestion(
            id="archive-growth",
            question="How many TB after three years?",
            answer="117",
            tolerance="1",
            unit="TB",
            **COMMON,
        ),
    )


def kinds_library() -> Library:
    profile = Profile("kinds", "Four kinds", 4, {Domain.IMAGE_MANAGEMENT: 1.0}, minutes=10, pass_percent=50)
    bank = Bank("kinds", "Kinds", four_kinds())
    return Library(banks=[LoadedBank(bank, Path("kinds.yaml"), False)], profiles={"kinds": profile})


# the file format ----------------------------------------------------------------------------
def test_each_kind_reads_from_a_file_as_the_readme_writes_it(tmp_path: Path) -> None:
    path = tmp_path / "kinds.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            bank: kinds
            title: Kinds
            domain: image-management
            questions:
              - id: assoc-order
                type: ordering
                question: Put the steps of a DICOM C-STORE exchange in order.
                items: [A-ASSOCIATE-RQ, A-ASSOCIATE-AC, C-STORE-RQ, C-STORE-RSP, A-RELEASE-RQ, A-RELEASE-RP]
              - id: segment-meaning
                type: matching
                question: Match each HL7 v2 segment to what it carries.
                pairs: {PID: Patient identification, PV1: Patient visit, ORC: Common order, OBR: Observation request}
                distractors: [Next of kin]
              - id: mammo-modality
                type: short-answer
                question: Which DICOM Modality (0008,0060) value do digital mammography images carry?
                accept: [MG]
              - id: archive-growth
                type: numeric
                question: How many TB will the archive hold after three years?
                answer: 117
                tolerance: 1
                unit: TB
              - id: growth-percent
                type: numeric
                question: By how much?
                answer: 2.5
                tolerance: "2%"
            """
        )
    )
    checked = check_file(path, Bank)
    assert checked.value is not None, checked.errors
    ordering, matching, short, numeric, percent = checked.value.questions
    assert isinstance(ordering, OrderingQuestion) and ordering.items[-1] == "A-RELEASE-RP"
    assert isinstance(matching, MatchingQuestion) and matching.rights[-1] == "Next of kin"
    assert isinstance(short, ShortAnswerQuestion) and short.accept == ("MG",)
    assert isinstance(numeric, NumericQuestion) and (numeric.answer, numeric.tolerance, numeric.unit) == (
        "117",
        "1",
        "TB",
    )
    assert isinstance(percent, NumericQuestion) and percent.relative and percent.answer_text() == "2.5 (±2%)"


def test_validate_names_the_line_and_the_fault_of_each_kind(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            bank: bad
            title: Bad
            domain: image-management
            questions:
              - id: order-twice
                type: ordering
                question: Order them.
                items: [C-FIND-RQ, C-FIND-RSP, c-find-rq]
              - id: same-right
                type: matching
                question: Match them.
                pairs: {PID: Patient, PV1: patient}
              - id: not-a-number
                type: numeric
                question: How many?
                answer: "twelve"
              - id: below-zero
                type: numeric
                question: How many?
                answer: 12
                tolerance: -1
              - id: nothing-accepted
                type: short-answer
                question: Which?
                accept: []
            """
        )
    )
    messages = {(p.line, p.message.split(": ", 1)[-1]) for p in check_file(path, Bank).errors}
    text = "\n".join(f"{line}: {message}" for line, message in sorted(messages, key=lambda m: m[0] or 0))
    assert "8: " in text and "items 1 and 3 are the same: 'c-find-rq'" in text
    assert "12: " in text and "matched to the same right entry 'patient'" in text
    assert "16: " in text and "must be a number (unquoted), not 'twelve'" in text
    assert "21: " in text and "must not be below zero, got -1" in text
    assert "25: " in text


def test_the_schema_covers_every_kind() -> None:
    from quiz.banks.formats import BankFormat

    schema = str(BankFormat.model_json_schema())
    for kind in ("ordering", "matching", "short-answer", "numeric", "true-false", "choice"):
        assert f"'{kind}'" in schema


# grading ------------------------------------------------------------------------------------
def test_grading_is_all_or_nothing_and_the_floors_follow_the_issue() -> None:
    ordering, matching, short, numeric = four_kinds()
    kinds = [kind_named(q.kind_name) for q in four_kinds()]
    assert kinds[0].grade(ordering, [0, 1, 2, 3, 4]) and not kinds[0].grade(ordering, [1, 0, 2, 3, 4])
    assert kinds[0].guess_floor(ordering) == 1 / math.factorial(5)
    assert kinds[1].grade(matching, [0, 1, 2, 3]) and not kinds[1].grade(matching, [0, 1, 2, None])
    assert not kinds[1].grade(matching, [0, 1, 3, 2])
    assert kinds[1].guess_floor(matching) == pytest.approx(math.factorial(5 - 4) / math.factorial(5))
    assert all(kinds[2].grade(short, typed) for typed in ("MG", " mg ", "ｍｇ"))
    assert not kinds[2].grade(short, "M G") and not kinds[2].grade(short, None)
    assert all(kinds[3].grade(numeric, typed) for typed in ("117", "116", "118", "118 TB", "1.18e2", "+116.0"))
    assert not any(kinds[3].grade(numeric, typed) for typed in ("115.99", "118.01", "", "about 117", "117 GB"))
    assert kinds[2].guess_floor(short) == kinds[3].guess_floor(numeric) == 0


def test_a_relative_tolerance_is_inclusive_at_its_edge() -> None:
    question = validate_bank(
        {
            "bank": "b",
            "title": "B",
            "domain": "operations",
            "questions": [{"id": "n", "type": "numeric", "question": "x", "answer": 0.1, "tolerance": "50%"}],
        }
    ).questions[0]
    kind = kind_named("numeric")
    assert kind.grade(question, "0.15") and kind.grade(question, "0.05") and not kind.grade(question, "0.1500001")


def test_matching_takes_a_right_entry_from_the_left_entry_that_had_it() -> None:
    from quiz.kinds.matching import match

    response = match(None, 3, 0, 2)
    assert response == [2, None, None]
    assert match(response, 3, 1, 2) == [None, 2, None]
    assert match([None, 2, None], 3, 1, 2) is None  # matching it again unmatches it


# on screen ----------------------------------------------------------------------------------
HINTS = {
    "ordering": "Put the items in order",
    "matching": "Match each numbered",
    "short-answer": "type the",
    "numeric": "type the",
}


def drawn(app: object, question: Question) -> bool:
    """The question and its view's hint are on screen (a kind's view may take a frame or two)."""
    text = screen_text(app)  # type: ignore[arg-type]
    return question.question in text and HINTS[question.kind_name] in text


async def _arrange(pilot: object, exam: object, question: OrderingQuestion) -> None:
    """Put an ordering item right with the keys: pick each item by its letter, move it up with [."""
    screen_exam = exam  # ExamSession
    shown = list(screen_exam.presentation()["order"])  # type: ignore[attr-defined]
    for place in range(len(question.items)):
        await pilot.press(str(shown.index(place) + 1))  # type: ignore[attr-defined]
        order = screen_exam.response()  # type: ignore[attr-defined]
        for _ in range(order.index(place) - place):
            await pilot.press("left_square_bracket")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def test_an_exam_of_the_four_kinds_from_keys_to_review_and_export(tmp_path: Path) -> None:
    library = kinds_library()
    app = make_app(tmp_path, library=library, start=StartExam(ExamRequest(library.profiles["kinds"]), seed=3))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        exam = exam_screen(app).exam
        await pause_until(pilot, lambda: drawn(app, exam.question()))
        for _ in range(exam.total):
            question = exam.question()
            if isinstance(question, OrderingQuestion):
                assert "move it with [ and" in screen_text(app)
                await _arrange(pilot, exam, question)
                assert exam.response() == [0, 1, 2, 3, 4]
                text = screen_text(app)
                for place, item in enumerate(STORE_STEPS, start=1):
                    assert f"{place}." in text and item in text
            elif isinstance(question, MatchingQuestion):
                presentation = exam.presentation()
                for place in range(len(question.pairs)):
                    entry = presentation["left"][place]
                    wrong = place == 0  # the first entry matched to the distractor: one wrong match
                    right = presentation["right"].index(4 if wrong else entry)
                    await pilot.press(str(right + 1))
                await pilot.pause()
                assert exam.response() is not None and exam.response()[presentation["left"][0]] == 4
                assert "Next of kin" in screen_text(app)
            elif isinstance(question, ShortAnswerQuestion):
                await pilot.press("m")  # an exam key (Choice... none here): nothing is typed yet
                await pilot.press("enter", "m", "g", "enter")
                await pilot.pause()
                assert exam.response() == "mg"
            else:
                await pilot.press("enter", "t", "w", "o", "enter")  # refused: not a number, nothing stored
                await pilot.pause()
                assert exam.response() is None and "'two' is not a number" in screen_text(app)
                await pilot.press("backspace", "backspace", "backspace", *"117 TB", "enter")
                await pilot.pause()
                assert exam.response() == "117 TB"
            await pilot.press("n")
            await pause_until(pilot, lambda: drawn(app, exam.question()))
            await pilot.pause(0.1)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pause_until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        assert "3 of 4 correct" in screen_text(app)
        await pilot.press("r")
        await pause_until(pilot, lambda: isinstance(app.screen, AnswerReviewScreen))
        seen = []
        for _ in range(4):
            seen.append(screen_text(app))
            await pilot.press("n")
            await pilot.pause()
        review = "\n".join(seen)
        assert "✗ Wrong: you chose 1 → " in review and "(the answer: " in review
        rows = {row["question"]: row for row in export_rows(app.study)}
        assert rows["kinds/c-store-order"]["chosen"] == "1 2 3 4 5"
        assert rows["kinds/mammo-modality"]["chosen"] == "mg" and rows["kinds/mammo-modality"]["correct_answer"] == "MG"
        assert rows["kinds/archive-growth"]["correct_answer"] == "117"
        assert rows["kinds/segments"]["correct_answer"] == "1 2 3 4" and rows["kinds/segments"]["correct"] is False
    app.study.close()
    reopened = ProgressStore.open(tmp_path, ManualClock().now())
    assert not reopened.damages and len(reopened.attempts) == 1 and len(reopened.reviews) == 4
    reopened.close()


async def test_an_unfinished_exam_keeps_a_partial_matching_and_an_order_across_a_restart(tmp_path: Path) -> None:
    library = kinds_library()
    app = make_app(tmp_path, library=library, start=StartExam(ExamRequest(library.profiles["kinds"]), seed=3))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        exam = exam_screen(app).exam
        given = {}
        for _ in range(exam.total):
            question = exam.question()
            if isinstance(question, MatchingQuestion | OrderingQuestion):
                await pilot.press("2")
                await pilot.press("down", "right_square_bracket")
                await pilot.pause()
                given[question.id] = exam.response()
            await pilot.press("n")
            await pilot.pause()
    app.study.close()
    store = ProgressStore.open(tmp_path, ManualClock().now())
    assert not store.damages and store.pending_session is not None
    answers = {store.pending_session.items[i].key.split("/")[1]: r for i, r in store.pending_session.answers.items()}
    assert answers == given and None in answers["segments"]
    store.close()


async def test_practice_shows_the_right_order_and_the_right_matches(tmp_path: Path) -> None:
    library = kinds_library()
    app = make_app(tmp_path, library=library)
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        entries = [library.entries[f"kinds/{qid}"] for qid in ("c-store-order", "segments", "mammo-modality")]
        session = app.study._practice(entries, "Practice", "practice", seed=2)
        app._start_flow(PracticeScreen(session))
        await pilot.pause()
        await pilot.press("enter")  # the order as shown: never the right one
        await pilot.pause()
        shown = screen_text(app)
        assert "✗ Incorrect: the answer is" in shown and "The right order:" in shown
        for item in STORE_STEPS:
            assert shown.count(item) == 2  # the candidate's order, then the right one
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("1", "enter")  # one entry matched: not a whole answer yet
        await pilot.pause()
        assert session.answered_count == 1
        await pilot.press("2", "3", "2")  # B goes from the second entry to the third: still not whole
        await pilot.press("enter")
        await pilot.pause()
        assert session.answered_count == 1
        # to the first entry; then E, B, C, D, each to the next unmatched entry: every entry matched once
        await pilot.press("up", "up", "up", "5", "2", "3", "4", "enter")
        await pilot.pause()
        assert session.answered_count == 2 and "(the answer: " in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("space", "M", "g", "enter")
        await pilot.pause()
        shown = screen_text(app)
        assert "✓ Correct." in shown and "Accepted answer: MG" in shown
    app.study.close()


def test_the_readme_example_of_the_four_kinds_is_a_valid_bank(tmp_path: Path) -> None:
    import re

    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    block = next(b for b in re.findall(r"```yaml\n(.*?)```", readme, re.DOTALL) if "type: ordering" in b)
    path = tmp_path / "readme.yaml"
    path.write_text("bank: readme\ntitle: README\nquestions:\n" + block, "utf-8")
    checked = check_file(path, Bank)
    assert checked.value is not None, checked.errors
    assert [q.kind_name for q in checked.value.questions] == ["ordering", "matching", "short-answer", "numeric"]
    numeric = checked.value.questions[3]
    assert kind_named("numeric").grade(numeric, "117") and kind_named("numeric").answer_key(numeric) == "117"

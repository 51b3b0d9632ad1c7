"""Exhibits (issue 16): what a question shows beside its stem, read from the bank file, kept through
the cache and an exam's copy, and drawn exactly as written; HL7 fields numbered by HL7's count."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from quiz.banks.formats import validate_bank
from quiz.banks.loader import LoadedBank
from quiz.domains import Domain
from quiz.hl7 import numbered, numbered_fields, segments
from quiz.kinds.choice import ChoiceQuestion
from quiz.library import Library
from quiz.models import Bank, Exhibit, Profile, Question
from quiz.session.custom import ExamRequest
from quiz.tui.app import StartExam
from quiz.tui.screens.practice import PracticeScreen
from tests.screen_text import screen_text, squashed
from tests.tui_support import make_app

ORM = (
    "MSH|^~\\&|EHR|MERCY|RIS|MERCY|20250310141500||ORM^O01^ORM_O01|MSG00042|P|2.5.1\r"
    "PID|1||123456^^^MERCY^MR~987654^^^STATE^PI||DOE^JANE^Q||19700101|F\r"
    "OBR|1|A1001^EHR||CTHEAD^CT head without contrast^L\r"
)


def test_hl7_fields_are_counted_as_hl7_counts_them() -> None:
    assert segments(ORM) == [line for line in ORM.split("\r") if line]
    msh = dict(numbered_fields(segments(ORM)[0]))
    assert msh["MSH-1"] == "|" and msh["MSH-2"] == "^~\\&" and msh["MSH-3"] == "EHR"
    assert msh["MSH-9"] == "ORM^O01^ORM_O01" and msh["MSH-10"] == "MSG00042" and msh["MSH-12"] == "2.5.1"
    assert "MSH-8" not in msh  # empty fields are not listed
    pid = dict(numbered_fields(segments(ORM)[1]))
    assert pid["PID-3"] == "123456^^^MERCY^MR~987654^^^STATE^PI" and pid["PID-5"] == "DOE^JANE^Q"
    assert numbered_fields("not a segment") == [("", "not a segment")]
    lines = numbered(ORM).splitlines()
    assert lines[0] == "MSH" and "  PID-8  F" in lines


def bank_data(**exhibit: Any) -> dict[str, Any]:
    return {
        "bank": "b",
        "title": "B",
        "questions": [
            {
                "id": "q1",
                "domain": "imaging-informatics",
                "question": "Which authority issued the MRN?",
                "choices": ["MERCY", "STATE"],
                "answer": "A",
                "exhibits": [exhibit],
            }
        ],
    }


def test_an_exhibit_in_a_file_is_checked() -> None:
    bank = validate_bank(bank_data(title="ORM", kind="hl7", text=ORM))
    assert bank.questions[0].exhibits == (Exhibit("ORM", "hl7", ORM),)
    with pytest.raises(ValidationError, match="kind"):
        validate_bank(bank_data(title="ORM", kind="pdf", text=ORM))
    with pytest.raises(ValidationError, match="text"):
        validate_bank(bank_data(title="ORM", kind="hl7"))
    with pytest.raises(ValidationError, match=r"extra|unknown|not permitted"):
        validate_bank(bank_data(title="ORM", kind="hl7", text=ORM, colour="red"))


def test_an_exhibit_survives_the_cache_and_an_exams_copy() -> None:
    question = validate_bank(bank_data(title="ORM", kind="hl7", text=ORM)).questions[0]
    assert Question.from_dict(question.to_dict()) == question


def exhibit_library() -> Library:
    question = ChoiceQuestion(
        id="mrn-authority",
        domain=Domain.IMAGING_INFORMATICS,
        question="Which organisation issued the MRN?",
        choices=("MERCY, the MR identifier's assigning authority", "STATE, the PI identifier's"),
        answer="A",
        explanation="PID-3 component 4 is the assigning authority. The MR repetition is MERCY's.",
        references=("HL7 v2.5.1 Ch. 3 (PID-3)",),
        exhibits=(Exhibit("ORM^O01 from the EHR", "hl7", ORM),),
    )
    profile = Profile("ex", "Exhibits", 1, {Domain.IMAGING_INFORMATICS: 1.0}, minutes=10)
    return Library(banks=[LoadedBank(Bank("ex", "Ex", (question,)), Path("ex.yaml"), False)], profiles={"ex": profile})


async def test_the_exhibit_is_on_screen_as_written_and_its_fields_can_be_numbered(tmp_path: Path) -> None:
    library = exhibit_library()
    app = make_app(tmp_path, library=library)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.study._practice(list(library.entries.values()), "Practice", "practice", seed=1)
        app._start_flow(PracticeScreen(session))
        await pilot.pause()
        shown = squashed(screen_text(app))
        assert "Exhibit 1: ORM^O01 from the EHR" in screen_text(app)
        for segment in segments(ORM):  # every character, a segment per line (wrapped at 80 columns)
            assert squashed(segment) in shown
        await pilot.press("number_sign")
        await pilot.pause()
        assert "PID-3  123456^^^MERCY^MR~987654^^^STATE^PI" in screen_text(app)
        assert "MSH-2   ^~\\&" in screen_text(app)
        await pilot.press("number_sign")
        await pilot.pause()
        assert "PID-3  " not in screen_text(app)
    app.study.close()


async def test_an_exam_shows_the_exhibit_and_keeps_it_in_its_copy(tmp_path: Path) -> None:
    library = exhibit_library()
    app = make_app(tmp_path, library=library, start=StartExam(ExamRequest(library.profiles["ex"]), seed=1))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert squashed(segments(ORM)[1]) in squashed(screen_text(app))
        await pilot.press("a")
        await pilot.pause()
    app.study.close()
    resumed = make_app(tmp_path, library=Library(banks=[], profiles=library.profiles))  # the bank is gone
    exam = resumed.study.resume_exam()
    assert exam is not None and exam.question().exhibits == (Exhibit("ORM^O01 from the EHR", "hl7", ORM),)
    resumed.study.close()

"""`quiz import` of Moodle's Aiken format and of CSV sheets (issue 18): every source question reported, problems at
their line, ids that stay the same on a second import, a bank that `quiz validate` passes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quiz.banks.importers import aiken
from quiz.banks.loader import check_file
from quiz.cli import main
from quiz.models import Bank
from tests.choices import choice_question
from tests.conftest import FIXTURES

GOOD = FIXTURES / "import" / "aiken-good.txt"
BROKEN = FIXTURES / "import" / "aiken-broken.txt"


def test_every_question_of_a_good_file_becomes_a_bank_that_validates(tmp_path: Path) -> None:
    out = tmp_path / "dicom-basics.yaml"
    assert main(["import", str(GOOD), "--domain", "image-management", "--output", str(out)]) == 0
    checked = check_file(out, Bank)
    assert checked.value is not None and not checked.problems, checked.problems
    questions = [choice_question(q) for q in checked.value.questions]
    assert [q.question for q in questions] == [
        "Which DIMSE service does a modality use to send images to the archive?",
        "Which HL7 v2 segment carries the patient's identifiers?",
        "Which port is registered for DICOM over TLS?",
    ]
    assert questions[2].choices == ("104", "2762", "11112")  # "A.104": no space after the letter, as Moodle allows
    assert [q.answer for q in questions] == ["B", "C", "B"]
    assert checked.value.bank == "aiken-good" and all(q.domain.value == "image-management" for q in questions)


def test_the_same_file_imported_twice_gives_the_same_ids() -> None:
    first = [q["id"] for q in aiken.parse(GOOD.read_text()).questions]
    again = [q["id"] for q in aiken.parse(GOOD.read_text()).questions]
    assert first == again and len(set(first)) == 3
    assert first[0].startswith("which-dimse-service-does-a-modality-use-")


def test_problems_are_reported_at_their_line_and_the_rest_is_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, report = tmp_path / "out.yaml", tmp_path / "report.json"
    code = main(["import", str(BROKEN), "--domain", "image-management", "--output", str(out), "--report", str(report)])
    assert code == 3  # something was skipped
    entries = json.loads(report.read_text())
    assert [(e["line"], e["outcome"]) for e in entries] == [
        (1, "skipped"),
        (8, "skipped"),
        (10, "imported"),
        (15, "skipped"),
    ]
    details = [e["detail"] for e in entries]
    assert "too few choices (1)" in details[0] and "ANSWER: E names no choice" in details[1]
    assert "no ANSWER: line" in details[3]
    err = capsys.readouterr().err
    assert f"{BROKEN}:8: skipped: ANSWER: E names no choice" in err and "1 imported, 0 converted, 3 skipped" in err
    checked = check_file(out, Bank)
    assert checked.value is not None and [q.question for q in checked.value.questions] == [
        "Which of these is a C-FIND query level?"
    ]


def test_encodings_are_read_or_refused_with_a_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes(GOOD.read_text().encode("utf-16"))  # with its byte-order mark
    assert main(["import", str(utf16), "--domain", "image-management", "--output", str(tmp_path / "a.yaml")]) == 0
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Quelle modalité ?\nA. CT\nB. MR\nANSWER: A\n".encode("latin-1"))
    assert main(["import", str(latin1), "--domain", "image-management"]) == 1
    assert "line 1: not UTF-8 text" in capsys.readouterr().err
    nul = tmp_path / "nul.txt"
    nul.write_bytes(b"Which?\nA. x\x00\nB. y\nANSWER: A\n")
    assert main(["import", str(nul), "--domain", "image-management"]) == 1
    assert "line 2: a NUL character" in capsys.readouterr().err


def test_a_bank_id_that_is_not_an_id_is_refused_clearly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(GOOD), "--domain", "image-management", "--bank-id", "Not An Id"]) == 2
    assert "the bank cannot be written: bank:" in capsys.readouterr().err


def test_a_csv_sheet_imports_with_its_columns_and_reports_bad_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = FIXTURES / "import" / "questions.csv"
    out, report = tmp_path / "sheet.yaml", tmp_path / "report.json"
    code = main(["import", str(sheet), "--domain", "operations", "--output", str(out), "--report", str(report)])
    assert code == 3
    entries = json.loads(report.read_text())
    assert [(e["line"], e["outcome"]) for e in entries] == [
        (2, "imported"),
        (3, "imported"),
        (4, "imported"),
        (5, "skipped"),
        (6, "skipped"),
        (7, "skipped"),
    ]
    assert "at least 2 choices" in entries[3]["detail"] and "answer C names no choice" in entries[4]["detail"]
    assert "domain 'radiology'" in entries[5]["detail"]
    checked = check_file(out, Bank)
    assert checked.value is not None, checked.errors
    first, select_all, formula = (choice_question(q) for q in checked.value.questions)
    assert (first.domain.value, first.topics, first.difficulty.value) == (
        "image-management",
        ("dicom", "networking"),
        "easy",
    )
    assert first.references == ("DICOM PS3.4 Annex B",) and first.explanation and first.answer == "B"
    assert select_all.answer == ("A", "B") and select_all.references == ("HL7 v2.5.1 Ch. 4", "HL7 v2.5.1 Ch. 2")
    assert formula.question == "=A formula-looking question?" and formula.choices == (
        "+1",
        "-1",
    )  # apostrophes restored
    assert formula.domain.value == "operations"  # the --domain default


def test_a_sheet_without_the_header_says_which_columns_it_needs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "no-header.csv"
    sheet.write_text("What?,x,y,A\n")
    assert main(["import", str(sheet), "--domain", "operations"]) == 1
    assert "the header lacks question (" in capsys.readouterr().err  # "A" is read as column a


def test_a_gift_file_imports_each_construct_and_skips_what_has_no_key(tmp_path: Path) -> None:
    from quiz.kinds import kind_of

    source = FIXTURES / "import" / "questions.gift"
    out, report = tmp_path / "gift.yaml", tmp_path / "report.json"
    assert (
        main(["import", str(source), "--domain", "image-management", "--output", str(out), "--report", str(report)])
        == 3
    )
    entries = {e["id"] or e["line"]: e for e in json.loads(report.read_text())}
    assert entries["missing-word"]["outcome"] == "converted" and entries["html-item"]["outcome"] == "converted"
    assert [e["detail"][:12] for e in entries.values() if e["outcome"] == "skipped"] == [
        "an essay (em",
        "a descriptio",
        "unbalanced b",
    ]
    checked = check_file(out, Bank)
    assert checked.value is not None and not checked.problems, checked.problems  # no warning either
    by_id = {q.id: q for q in checked.value.questions}
    kinds = {qid: q.kind_name for qid, q in by_id.items()}
    assert kinds == {
        "store-service": "choice",
        "order-segments": "choice",
        "mwl-cfind": "true-false",
        "mammo-code": "short-answer",
        "segment-match": "matching",
        "tls-port": "numeric",
        "growth": "numeric",
        "range": "numeric",
        "missing-word": "choice",
        "escapes": "choice",
        "html-item": "choice",
    }
    key = {qid: kind_of(q).answer_key(q) for qid, q in by_id.items()}
    assert key["store-service"] == [0] and key["order-segments"] == [0, 1]  # weights: the positive ones
    assert key["mwl-cfind"] is True and key["mammo-code"] == "MG"  # the 50% answer is not accepted
    grade = kind_of(by_id["growth"]).grade
    assert grade(by_id["growth"], "116") and grade(by_id["range"], "10") and grade(by_id["range"], "20")
    assert by_id["escapes"].question == "Which character separates HL7 components: ~, ^ or =?"
    assert by_id["missing-word"].question == "The DICOM tag (0008,0060) holds the … of a series."
    assert by_id["html-item"].question == "Which VR holds a date & nothing else?"
    assert by_id["store-service"].explanation == "C-FIND: It queries. C-STORE carries the instance."

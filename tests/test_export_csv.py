"""CSV and TSV export (issue 18) under the header the CSV import reads: every shipped bank and a bank
of nasty texts go out as a sheet and come back with their ids, kinds, texts, keys, references,
topics, difficulty, domain and units; formula-looking cells are protected and restored; what a sheet
cannot carry is a loss. And the import reads every kind a sheet can hold, each problem at its row."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.banks.exporters import Exported
from quiz.banks.exporters import csv_table as csv_export
from quiz.banks.importers import csv_table, decode
from quiz.banks.importers.delimited import MAX_CELL, records
from quiz.kinds.choice import ChoiceQuestion
from quiz.kinds.numeric import NumericQuestion
from quiz.models import Bank
from tests.conftest import FIXTURES
from tests.round_trips import NASTY, SHIPPED, back_as_bank, carried, load

CARRIED = frozenset({"references", "topics", "difficulty", "domain", "unit"})


def _back(bank: Bank, folder: Path, *, tab: bool = False) -> tuple[Bank, Exported]:
    exported = csv_export.export([bank], tab=tab)
    imported = csv_table.parse(decode(exported.content), tab=tab)
    assert not imported.skipped, imported.skipped
    return back_as_bank(imported, folder, bank_id=bank.bank, domain="operations"), exported


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_a_shipped_bank_comes_back_from_a_sheet_whole(path: Path, tmp_path: Path) -> None:
    bank = load(path)
    back, exported = _back(bank, tmp_path)
    assert exported.count == len(bank.questions) and not any(loss.left_out for loss in exported.losses)
    assert [carried(q, CARRIED) for q in back.questions] == [carried(q, CARRIED) for q in bank.questions]
    losses = {loss.question_id: loss.detail for loss in exported.losses}
    for question in bank.questions:  # a sheet has no subtopic, exhibits or case: each loss says so
        assert f"its subtopic ({question.subtopic})" in losses[question.id]
        if question.exhibits:
            assert "exhibit" in losses[question.id]
        if question.case:
            assert f"its case scenario '{question.case.title}'" in losses[question.id]


@pytest.mark.parametrize("tab", [False, True], ids=["csv", "tsv"])
def test_the_nasty_bank_comes_back_from_a_sheet(tab: bool, tmp_path: Path) -> None:
    bank = load(NASTY)
    back, exported = _back(bank, tmp_path, tab=tab)
    left_out = {loss.question_id for loss in exported.losses if loss.left_out}
    assert left_out == {"diagram-arrows"}  # a left entry holding -> cannot be a cell's left side
    sent = [carried(q, CARRIED) for q in bank.questions if q.id not in left_out]
    assert [carried(q, CARRIED) for q in back.questions] == sent
    losses = {loss.question_id: loss.detail for loss in exported.losses}
    assert losses["dimse-c-services"] == "a sheet does not carry shuffle: false (its choices' order is kept in the app)"
    assert "its 2 references" not in losses["pid-identifier-list"]  # a sheet carries references
    by_id = {q.id: q for q in back.questions}
    assert by_id["pid-identifier-list"].references == (
        "HL7 v2.5.1 Ch. 3; section 3.4.2",
        "C:\\standards\\hl7\\v251.pdf",
    )
    third, growth = by_id["third-party-retrieve"], by_id["archive-growth"]
    assert isinstance(third, ChoiceQuestion) and third.answer == ("C",)  # one right letter, still select-all
    assert isinstance(growth, NumericQuestion) and (growth.tolerance, growth.unit) == ("2%", "TB")


def test_the_sheet_protects_formula_cells_and_excel_reads_it_as_utf8() -> None:
    content = csv_export.export([load(NASTY)]).content
    assert content.startswith(b"\xef\xbb\xbf")  # a byte-order mark: Excel reads UTF-8
    rows = list(records(decode(content), ","))
    header = rows[0].cells
    assert header == [
        "id", "type", "question", "a", "b", "c", "d", "e", "f", "g", "answer", "tolerance", "unit",
        "explanation", "reference", "domain", "topics", "difficulty",
    ]  # fmt: skip
    cells = {row.cells[0]: dict(zip(header, row.cells, strict=True)) for row in rows[1:]}
    wado = cells["wado-percent-encoding"]
    assert (wado["a"], wado["b"], wado["d"]) == ("%20%2F", "'+/", "'=20=2F")  # a spreadsheet runs = + - @
    assert cells["deviation-index-half"]["answer"] == "'-3"
    assert cells["hl7-delimiters"]["g"] == "'-> messages = batches"  # a distractor: - starts a formula too
    assert cells["pid-identifier-list"]["reference"] == (
        "HL7 v2.5.1 Ch. 3\\; section 3.4.2; C:\\\\standards\\\\hl7\\\\v251.pdf"
    )
    assert cells["dimse-c-services"]["answer"] == "A, B, D" and cells["dimse-c-services"]["type"] == "select-all"
    assert cells["hl7-segment-terminator"]["answer"] == "True"
    assert cells["mammography-modality"]["a"] == "MG" and cells["mammography-modality"]["b"] == "Mammography (MG)"
    text = decode(content)
    assert "\r\n" in text and '"  MSH|' not in text  # rows end CRLF; the stem's surrounding spaces are not kept
    protected = [csv_export.protect(t) for t in ("=SUM(A1)", "+1", "-1", "@home", "\tx", "'=x", "'quoted", "plain")]
    assert protected == ["'=SUM(A1)", "'+1", "'-1", "'@home", "'\tx", "''=x", "'quoted", "plain"]


def test_every_kind_a_sheet_holds_is_imported_from_a_written_sheet() -> None:
    imported = csv_table.parse((FIXTURES / "import" / "kinds.csv").read_text())
    by_id = {str(q["id"]): q for q in imported.questions}
    assert by_id["store-service"]["references"] == ["DICOM PS3.4 Annex B", "DICOM PS3.7 section 9.1.1"]
    assert by_id["third-party"]["answer"] == ["B"]
    assert by_id["mllp-framing"]["type"] == "true-false" and by_id["mllp-framing"]["answer"] is True
    assert by_id["mammo-modality"]["accept"] == ["MG", "Mammography (MG)"]
    assert (by_id["archive-growth"]["answer"], by_id["archive-growth"]["tolerance"]) == (30, "2%")
    assert by_id["deviation-index"]["answer"] == -3  # '-3: the protecting apostrophe is taken off
    assert by_id["hl7-delimiters"]["pairs"] == {
        "|": "fields",
        "^": "components",
        "~": "repetitions",
        "&": "subcomponents",
    }
    assert by_id["hl7-delimiters"]["distractors"] == ["segments"]
    assert by_id["cmove-steps"]["items"][0] == "Open an association with the archive"
    semicolons = next(q for q in imported.questions if str(q["question"]).startswith("A reference holding"))
    assert semicolons["question"] == "A reference holding a ; and a \\ path:\nwhich separator ends an HL7 segment?"
    assert semicolons["references"] == ["HL7 v2.5.1 Ch. 2; section 2.5", "C:\\standards\\hl7.pdf"]
    assert semicolons["topics"] == ["hl7", "interfaces"]
    assert by_id["store-service-2"]["choices"] == ["+1", "-1", "@home", "'=quoted"]
    report = {e.question_id: e.detail for e in imported.report}
    assert report[str(semicolons["id"])] == "topics hl7_v2 left out (a topic is lowercase letters, digits and -)"
    assert report["store-service-2"] == "id 'store-service' became 'store-service-2' (it is taken)"
    assert report["q-7"] == "id 'Q 7' became 'q-7'"


def test_a_broken_sheet_reports_each_row_at_its_line_and_reads_no_further_than_an_open_quote() -> None:
    imported = csv_table.parse((FIXTURES / "import" / "kinds-broken.csv").read_text())
    report = [(e.line, e.outcome, e.detail) for e in imported.report]
    assert report == [
        (1, "skipped", "column notes not read (the columns: " + ", ".join(csv_table.COLUMNS) + ")"),
        (2, "skipped", "type 'essay' is not one of " + ", ".join(csv_table.TYPES)),
        (3, "skipped", "a true-false row has no choices (columns a, b, ...): its answer is in the answer column"),
        (4, "skipped", "a short-answer row leaves the answer column empty: its accepted answers are in a, b, ..."),
        (5, "skipped", "answer 'about thirty' is not a number"),
        (6, "skipped", "column a is not a pair 'left -> right' (or '-> right' for a distractor)"),
        (7, "skipped", "column b is empty between filled ones"),
        (8, "skipped", "tolerance is for a numeric row, not a choice one"),
        (9, "skipped", "the bank format refuses it: accept: accepted answers 1 and 2 are the same: 'mg'"),
        (10, "converted", "1 cell beyond the header's columns not read"),
        (11, "skipped", 'a quoted cell opened on line 11 is never closed (a " without its pair)'),
    ]
    assert [q["id"] for q in imported.questions] == ["k9"]


def test_a_cell_of_a_megabyte_skips_its_row_and_the_rest_is_read() -> None:
    sheet = "question,a,b,answer\n" + f"Huge?,{'x' * 2**20},y,A\n" + "Which port is DICOM TLS?,104,2762,B\n"
    imported = csv_table.parse(sheet)
    assert [(e.line, e.outcome) for e in imported.report] == [(2, "skipped"), (3, "imported")]
    assert imported.report[0].detail == f"a cell of 1,048,576 characters; at most {MAX_CELL:,} are read"


def test_hostile_sheets_are_refused_with_a_line(tmp_path: Path) -> None:
    sheet = csv_export.export([load(NASTY)], tab=True).content
    utf16 = decode(sheet.decode("utf-8-sig").encode("utf-16"))
    assert csv_table.parse(utf16, tab=True).questions == csv_table.parse(decode(sheet), tab=True).questions
    with pytest.raises(ValueError, match="line 2: not UTF-8 text"):
        decode("question,a,b,answer\nQuelle modalité ?,CT,MR,A\n".encode("latin-1"))
    nul = csv_table.parse("question,a,b,answer\nWhich?,x\x00,y,A\n")
    assert [(e.line, e.detail) for e in nul.report] == [(2, "a NUL character: this is not a text file")]
    empty = csv_table.parse("")
    assert [(e.line, e.detail) for e in empty.report] == [(1, "no header: the file is empty")]
    assert csv_table.parse('"question,a\n').report[0].detail.startswith("no header: a quoted cell opened on line 1")


def test_many_rows_import_in_one_go() -> None:
    sheet = "id,question,a,b,answer\n" + "".join(f"q{n},Which port ({n})?,104,2762,B\n" for n in range(20000))
    imported = csv_table.parse(sheet)
    assert len(imported.questions) == 20000 and not imported.skipped


def test_a_sheet_over_the_size_limit_is_refused_before_it_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from quiz.banks.safe_files import MAX_FILE_BYTES
    from quiz.cli import main

    huge = tmp_path / "huge.csv"
    with huge.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing is written
    assert main(["import", str(huge), "--domain", "operations"]) == 1
    assert "the limit is 20 MiB" in capsys.readouterr().err

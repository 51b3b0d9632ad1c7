"""Exporting banks as Moodle XML (issue 18): the shipped banks and a hand-built bank with every kind
go out and come back through the importer as banks that validate, with every field Moodle XML can
carry equal, a Loss for everything it cannot, and the element structure Moodle's own importer
(question/format/xml/format.php) reads."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from xml.etree.ElementTree import Element

import pytest
from defusedxml.ElementTree import fromstring

from quiz.banks.exporters import Exported, Loss
from quiz.banks.exporters import moodle_xml as exporter
from quiz.banks.importers import Imported, write_bank
from quiz.banks.importers import moodle_xml as importer
from quiz.banks.importers.html_text import from_html
from quiz.banks.loader import check_file
from quiz.kinds.numeric import NumericQuestion
from quiz.models import Bank, Question
from quiz.paths import shipped_banks_dir
from tests.conftest import FIXTURES

KINDS = FIXTURES / "export" / "moodle" / "kinds.yaml"
SHIPPED = sorted(shipped_banks_dir().glob("*.yaml"))
# Moodle's grade steps (question_bank::fraction_options_full), which its import matches within 1e-5
_EXACT = ("1", "0.9", "0.8", "0.75", "0.7", "0.6", "0.5", "0.4", "0.3", "0.25", "0.2", "0.125", "0.1", "0.05", "0")
_ROUNDED = ("0.8333333", "0.6666667", "0.3333333", "0.1666667", "0.1428571", "0.1111111")
MOODLE_FRACTIONS = [Decimal(v) for v in _EXACT + _ROUNDED]


def loaded(path: Path) -> Bank:
    checked = check_file(path, Bank)
    assert checked.value is not None, checked.errors
    return checked.value


def back_again(
    banks: Sequence[Bank], folder: Path, *, warnings: bool = False
) -> tuple[Exported, Imported, dict[str, Bank]]:
    """Export, import the file, and write one bank per category (each bank's questions), checked:
    no error, and no warning unless the bank's own text draws one (`warnings`)."""
    exported = exporter.export(banks)
    imported = importer.parse(exported.content)
    assert not imported.skipped, imported.skipped
    for name, data in imported.files.items():
        (folder / name).write_bytes(data)
    result: dict[str, Bank] = {}
    for bank in banks:
        part = Imported(
            questions=[q for q in imported.questions if imported.categories.get(q["id"]) == bank.title],
            files=imported.files,
        )
        path = folder / f"{bank.bank}.yaml"
        path.write_text(write_bank(part, bank_id=bank.bank, title=bank.title, domain="operations"), "utf-8")
        checked = check_file(path, Bank)
        assert checked.value is not None and not checked.errors, [str(p) for p in checked.errors][:5]
        assert warnings or not checked.problems, [str(p) for p in checked.problems][:5]
        result[bank.bank] = checked.value
    return exported, imported, result


def assert_carried(original: Question, back: Question) -> None:
    """Every field Moodle XML carries came back equal."""
    assert back.id == original.id and back.kind_name == original.kind_name
    assert (back.domain, back.topics, back.difficulty, back.subtopic) == (
        original.domain,
        original.topics,
        original.difficulty,
        original.subtopic,
    ), original.id
    assert (back.explanation or "") == (original.explanation or "").strip(), original.id
    mine, theirs = original.kind_fields(), back.kind_fields()
    if isinstance(original, NumericQuestion) and isinstance(back, NumericQuestion):
        assert back.margin == original.margin and not back.relative  # Moodle's tolerance is absolute
        mine.pop("tolerance"), theirs.pop("tolerance")
    assert theirs == mine, original.id
    if not original.all_exhibits and original.case is None:
        assert back.question == original.question.strip()
        assert back.exhibits == ()
        return
    # the case scenario and the text exhibits are part of the question text, every character kept
    assert original.question.strip() in back.question
    if original.case is not None:
        assert original.case.scenario.strip() in back.question
    for number, exhibit in enumerate(original.all_exhibits, start=1):
        if exhibit.kind != "image":
            assert f"Exhibit {number}: {exhibit.title}" in back.question
            assert exhibit.text.strip("\n") in back.question
    images = [e for e in original.all_exhibits if e.kind == "image"]
    assert [(e.title, e.kind, e.text, e.digest) for e in back.exhibits] == [
        (e.title, e.kind, e.text, e.digest) for e in images
    ]


def losses_of(exported: Exported, question_id: str) -> list[str]:
    return [loss.detail for loss in exported.losses if loss.question_id == question_id]


def test_the_shipped_banks_go_out_and_come_back_with_every_field_moodle_carries(tmp_path: Path) -> None:
    banks = [loaded(path) for path in SHIPPED]
    exported, imported, back = back_again(banks, tmp_path)
    assert exported.count == sum(len(b.questions) for b in banks) == len(imported.questions)
    kinds = set()
    for bank in banks:
        returned = {q.id: q for q in back[bank.bank].questions}
        assert list(returned) == [q.id for q in bank.questions]  # the same ids, in the same order
        for question in bank.questions:
            assert_carried(question, returned[question.id])
            kinds.add(question.kind_name)
            lost = losses_of(exported, question.id)
            assert any(d.startswith("references left out") for d in lost) == bool(question.references)
            assert any(d.startswith("case '") for d in lost) == (question.case is not None)
            assert any(d.startswith("exhibits became part of the question text") for d in lost) == bool(
                question.all_exhibits
            )
            assert any(d.startswith("reads left out") for d in lost) == bool(question.reads)
    assert kinds == {"choice", "numeric", "matching", "ordering"}  # what the shipped banks hold
    assert not any(loss.left_out for loss in exported.losses)


def test_every_kind_and_construct_of_a_hand_built_bank_comes_back(tmp_path: Path) -> None:
    bank = loaded(KINDS)
    exported, imported, back = back_again([bank], tmp_path, warnings=True)  # its <b>, carriage returns
    returned = {q.id: q for q in back[bank.bank].questions}
    assert list(returned) == [q.id for q in bank.questions]
    for question in bank.questions:
        if question.id != "escape-character":  # its ESC cannot be written in XML (a Loss, below)
            assert_carried(question, returned[question.id])
    assert {q.kind_name for q in bank.questions} == {
        "choice",
        "true-false",
        "short-answer",
        "numeric",
        "matching",
        "ordering",
    }
    assert returned["mammo-modality"].to_dict()["accept"] == ("MG", "MG*")  # a star is not a wildcard
    assert returned["dimse-c"].to_dict()["answer"] == ("A", "C") and returned["dimse-c"].to_dict()["shuffle"] is False
    assert returned["pid-only"].to_dict()["answer"] == ("B",)  # select-all with one right answer stays so
    assert returned["characters"].question == bank.questions[3].question.strip()  # indentation, <b>, &amp;
    order = returned["order-exhibit"]
    assert "\rPID|1||123456^^^MERCY^MR~987654^^^STATE^PI||DOE^JANE" in order.question  # HL7's carriage returns
    assert "Read the order. Which organisation issued the medical record number?\n  (the first" in order.question
    scout = returned["scout-image"]
    assert scout.question == "Which kind of image is the exhibit?"  # the image's caption went with it
    assert scout.exhibits[0].file == str((tmp_path / "scout-image-scan.png").resolve())
    assert returned["escape-character"].question.startswith("An exhibit said \ufffd[31mERROR\ufffd[0m")
    assert {key: sorted(losses_of(exported, key)) for key in returned if losses_of(exported, key)} == {
        "mammo-modality": ["references left out (Moodle has no place for them): DICOM PS3.3 C.7.3.1.1.1 (Modality)"],
        "growth-percent": ["tolerance 2% written as ±0.05 (Moodle's tolerance is absolute)"],
        "order-exhibit": [
            "exhibits became part of the question text: 'ORM^O01 from the EHR'",
            "reads left out (where the answer is read in the exhibits): PID-3",
        ],
        "riverside-status": [
            "case 'riverside' (Riverside reading room): its scenario is part of the question text "
            "(Moodle has no case sets)",
            "exhibits became part of the question text: 'Router log, Monday'",
        ],
        "escape-character": ["characters XML cannot hold (U+001B) replaced by U+FFFD"],
    }
    assert imported.categories["dimse-c"] == "PACS / HL7 kinds"  # a slash in a category name survives


def test_the_file_has_the_structure_moodles_importer_reads() -> None:
    bank = loaded(KINDS)
    root = fromstring(exporter.export([bank]).content, forbid_dtd=True)
    assert root.tag == "quiz"
    category, *questions = list(root)
    assert category.get("type") == "category"
    assert category.findtext("category/text") == "$course$/top/PACS // HL7 kinds"
    assert category.findtext("idnumber") == "moodle-kinds"
    assert category.find("info").get("format") == "plain_text"
    by_name = {q.findtext("name/text"): q for q in questions}
    assert list(by_name) == [q.id for q in bank.questions]
    for question in questions:
        assert question.findtext("idnumber") == question.findtext("name/text")
        assert question.find("questiontext").get("format") in ("plain_text", "html")
        assert question.find("questiontext/text") is not None and question.find("generalfeedback/text") is not None
        assert [t.findtext("text") for t in question.findall("tags/tag")]
        check_kind(question)
    assert by_name["mammo-modality"].findtext("usecase") == "0"
    assert [a.findtext("text") for a in by_name["mammo-modality"].findall("answer")] == ["MG", "MG\\*"]
    assert by_name["dimse-c"].findtext("single") == "false" and by_name["dimse-c"].findtext("shuffleanswers") == "false"
    assert [a.get("fraction") for a in by_name["dimse-c"].findall("answer")] == ["50", "-100", "50", "-100"]
    assert [a.findtext("text") for a in by_name["mwl-true-false"].findall("answer")] == ["true", "false"]
    assert [a.get("fraction") for a in by_name["mwl-true-false"].findall("answer")] == ["0", "100"]
    growth = by_name["growth-percent"]
    assert growth.findtext("answer/tolerance") == "0.05" and growth.findtext("units/unit/unit_name") == "GB"
    assert growth.findtext("units/unit/multiplier") == "1" and growth.findtext("showunits") == "0"
    matching = by_name["segment-meaning"]
    assert [(s.findtext("text"), s.findtext("answer/text")) for s in matching.findall("subquestion")][-1] == (
        "",
        "Next of kin",
    )
    ordering = by_name["assoc-order"]
    assert (ordering.findtext("selecttype"), ordering.findtext("gradingtype")) == ("ALL", "ALL_OR_NOTHING")
    assert [a.get("fraction") for a in ordering.findall("answer")] == ["1", "2", "3", "4", "5", "6"]
    scout = by_name["scout-image"].find("questiontext")
    assert scout.get("format") == "html"
    (file,) = scout.findall("file")
    assert (file.get("name"), file.get("path"), file.get("encoding")) == ("scan.png", "/", "base64")
    assert '<img src="@@PLUGINFILE@@/scan.png"' in scout.findtext("text")
    assert by_name["characters"].findtext("questiontext/text").startswith("Which of these is the HL7 v2")


def check_kind(question: Element) -> None:
    """What format.php's import_<type> reads is there, and every grade is one of Moodle's steps."""
    qtype = question.get("type")
    needed = {
        "multichoice": ["single", "shuffleanswers", "answernumbering", "answer/text"],
        "truefalse": ["answer/text"],
        "shortanswer": ["usecase", "answer/text"],
        "numerical": ["answer/text", "answer/tolerance"],
        "matching": ["shuffleanswers", "subquestion/text", "subquestion/answer/text"],
        "ordering": ["layouttype", "selecttype", "selectcount", "gradingtype", "answer/text"],
    }[qtype or ""]
    for path in needed:
        assert question.find(path) is not None, (qtype, path)
    if qtype in ("multichoice", "truefalse", "shortanswer", "numerical"):
        fractions = [Decimal(a.get("fraction", "")) / 100 for a in question.findall("answer")]
        for fraction in fractions:
            assert any(abs(abs(fraction) - step) < Decimal("0.00001") for step in MOODLE_FRACTIONS), fraction
        if qtype == "multichoice" and question.findtext("single") == "false":
            right: Decimal = sum((f for f in fractions if f > 0), Decimal(0))
            assert abs(right - 1) < Decimal("0.0001")


@pytest.mark.parametrize("right", [1, 2, 3, 4, 5, 6])
def test_select_all_shares_full_marks_in_moodles_own_steps(right: int) -> None:
    total = Decimal(exporter.SHARES[right]) * right
    assert abs(total - 100) < Decimal("0.0001")
    assert any(abs(Decimal(exporter.SHARES[right]) / 100 - step) < Decimal("0.00001") for step in MOODLE_FRACTIONS)


def test_html_text_is_escaped_and_reads_back_unchanged() -> None:
    for text in [
        "a  b\n  c\td\r",
        "<b>&amp; ^~\\& (0010,0020)",
        " lead and trail ",
        "one\n\n\nthree",
        "\xa0no-break\xa0",
    ]:
        written = exporter.html_text(text)
        assert "<b>" not in written and "\n" not in written and "  " not in written
        assert from_html(written).text == text


def test_a_loss_names_its_bank_and_question(tmp_path: Path) -> None:
    bank = loaded(KINDS)
    losses = exporter.export([bank]).losses
    assert all(isinstance(loss, Loss) and loss.bank == "moodle-kinds" for loss in losses)
    assert {loss.question_id for loss in losses} <= {q.id for q in bank.questions}
    assert all(loss.to_dict()["left_out"] is False for loss in losses)


def test_an_image_that_cannot_be_read_and_a_kind_without_a_moodle_form_are_losses(tmp_path: Path) -> None:
    for name in ("kinds.yaml", "scan.png"):
        (tmp_path / name).write_bytes((KINDS.parent / name).read_bytes())
    bank = loaded(tmp_path / "kinds.yaml")
    (tmp_path / "scan.png").unlink()
    bare = Question(id="bare", domain=bank.questions[0].domain, question="A question of no kind?")
    exported = exporter.export([Bank(bank.bank, bank.title, (*bank.questions, bare))])
    assert exported.count == len(bank.questions)
    assert losses_of(exported, "scout-image") == [
        "image exhibit 'Planning image' left out: cannot read the file: No such file or directory"
    ]
    assert b"<file " not in exported.content
    (left_out,) = [loss for loss in exported.losses if loss.left_out]
    assert (left_out.question_id, left_out.detail) == ("bare", "kind 'Question' has no Moodle XML form")
    assert b"<name>\n      <text>bare</text>" not in exported.content

"""GIFT export (issue 18) in Moodle's own layout, read back whole by the GIFT import: every shipped bank
and a bank of nasty texts go out and come back with the same ids, texts and keys; what GIFT cannot
carry is a loss of its question, never silent. And the import reads GIFT as Moodle's importer does."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.banks.exporters import Exported
from quiz.banks.exporters import gift as gift_export
from quiz.banks.exporters.lost import usual_domain
from quiz.banks.importers import Imported, decode, gift
from quiz.banks.safe_files import MAX_FILE_BYTES
from quiz.cli import main
from quiz.models import Bank
from tests.conftest import FIXTURES
from tests.round_trips import NASTY, SHIPPED, back_as_bank, carried, load


def _round_trip(bank: Bank, folder: Path) -> tuple[Bank, Exported, Imported]:
    exported = gift_export.export([bank])
    imported = gift.parse(decode(exported.content))
    domain = usual_domain(bank)
    assert domain is not None
    return back_as_bank(imported, folder, bank_id=bank.bank, domain=domain.value), exported, imported


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_a_shipped_bank_comes_back_from_gift_with_every_field_gift_carries(path: Path, tmp_path: Path) -> None:
    bank = load(path)
    back, exported, imported = _round_trip(bank, tmp_path)
    left_out = {loss.question_id for loss in exported.losses if loss.left_out}
    assert left_out == {q.id for q in bank.questions if q.kind_name == "ordering"}
    assert exported.count == len(bank.questions) - len(left_out)
    sent = [carried(q) for q in bank.questions if q.id not in left_out]
    assert [carried(q) for q in back.questions] == sent
    assert not imported.skipped
    assert set(imported.categories.values()) == {gift_export.category(bank.title)}
    losses = {loss.question_id: loss.detail for loss in exported.losses if not loss.left_out}
    for question in bank.questions:
        if question.id in left_out:
            continue
        if question.references:  # every shipped question has some, and a subtopic: each loss says so
            assert f"its {len(question.references)} reference" in losses[question.id]
        assert f"its subtopic ({question.subtopic})" in losses[question.id]


def test_the_nasty_bank_comes_back_and_each_loss_says_what_was_lost(tmp_path: Path) -> None:
    bank = load(NASTY)
    back, exported, imported = _round_trip(bank, tmp_path)
    losses = {loss.question_id: loss for loss in exported.losses}
    left_out = {qid for qid, loss in losses.items() if loss.left_out}
    assert left_out == {"data-flow-arrow", "diagram-arrows", "cmove-steps"}
    assert "'MOD->PACS' holds '->'" in losses["data-flow-arrow"].detail
    assert "GIFT has no ordering question" in losses["cmove-steps"].detail
    assert [carried(q) for q in back.questions] == [carried(q) for q in bank.questions if q.id not in left_out]
    assert [e.outcome for e in imported.report if e.question_id] == ["imported"] * exported.count
    assert "its unit (TB)" in losses["archive-growth"].detail
    assert "(2%: written as ±0.6)" in losses["archive-growth"].detail
    assert "shuffle: false" in losses["dimse-c-services"].detail
    pid = losses["pid-identifier-list"].detail
    for lost in (
        "its case scenario 'Orders arriving at Riverside's RIS' (with 1 exhibit)",
        "its own 1 exhibit (and where its answer is read: PID-3)",
        "its 2 references",
        "its topics (hl7, adt)",
        "its difficulty (hard)",
        "its subtopic (ii-hl7-structure)",
        "its domain (imaging-informatics; its bank's questions are image-management)",
    ):
        assert lost in pid
    assert "hl7-field-escape" not in losses and "mammography-modality" not in losses  # nothing lost
    by_id = {q.id: q for q in back.questions}
    assert by_id["hl7-repetition-separator"].question == (
        "This header opens an ORM^O01 message:\n  MSH|^~\\&|RIS|RADIOLOGY|PACS|IMAGING|20240102083000||ORM^O01|"
        "MSG0001|P|2.5.1\nWhich character is the repetition separator? ({braces}, a = b, # and :: are only text here.)"
    )


def test_the_file_is_written_as_moodle_writes_and_reads_gift() -> None:
    text = gift_export.export([load(NASTY)]).content.decode()
    assert "$CATEGORY: $course$/top/Nasty texts // every kind\n" in text  # Moodle's literal slash
    assert "::hl7-repetition-separator::[plain]This header opens an ORM^O01 message\\:\\n  MSH|^\\~\\\\&|RIS|" in text
    assert "\t~^\n\t=\\~\n\t~\\\\\n\t~&\n" in text  # the choices, each on its own line as Moodle writes them
    # Moodle reads a weight after ~ (not after =): a wrong answer that looks like one gets an explicit 0%
    assert "\t=%20%2F\n" in text and "\t~%0%%20%20\n" in text and "\t~\\=20\\=2F\n" in text
    # select-all: right answers share 100% in fractions Moodle allows, each wrong one is -100%
    assert "\t~%33.33333%C-STORE\n\t~%33.33333%C-FIND\n\t~%-100%N-CREATE\n" in text
    assert "\t~%-100%C-FIND\n\t~%100%C-MOVE\n" in text  # one right answer: still multiple response
    assert "{TRUE####Segments end with <CR>; MLLP wraps the whole message in <VT> ... <FS><CR>. \\#\\#\\#\\# is" in text
    assert "{FALSE####Port 104" in text
    assert "\t=\\\\*\n\t=asterisk\n" in text  # Moodle's short answer reads \* as a star, * as a wildcard
    assert "{#30:0.6####12 months x 2.5 TB \\= 30 TB.}" in text and "{#-3:0.1####" in text
    assert "\t=\\~ -> repetitions\n" in text and "\t= -> segments\n\t= -> messages \\= batches\n" in text
    assert (
        "\t####MSH-2 holds the encoding characters in a fixed order\\: component (^), repetition (\\~),\\nescape"
        in text
    )
    assert "::cmove-steps::" not in text and "::diagram-arrows::" not in text


def test_text_that_looks_like_gift_syntax_or_a_format_name_stays_text(tmp_path: Path) -> None:
    from quiz.kinds.choice import ChoiceQuestion
    from quiz.kinds.short_answer import ShortAnswerQuestion

    base = load(NASTY)
    choice = ChoiceQuestion(
        id="format-names",
        domain=base.questions[0].domain,
        question="[html] is not this stem's format: <b>bold</b> stays text",
        choices=("[html]<i>x</i>", "[plain] spaced", "::a::b::", "//not a comment"),
        answer="A",
        explanation="[markdown]*not* emphasis",
    )
    typed = ShortAnswerQuestion(
        id="weight-like",
        domain=base.questions[0].domain,
        question="Which answer starts like a weight?",
        accept=("%50% of studies", "C:\\new\\table"),
    )
    bank = Bank("formats", "Formats", (choice, typed), domain=base.questions[0].domain)
    text = gift_export.export([bank]).content.decode()
    assert "\t=[plain][html]<i>x</i>\n" in text and "\t####[plain][markdown]*not* emphasis\n" in text
    assert "\t=%100%%50% of studies\n" in text
    back = gift.parse(text)
    assert [q["question"] for q in back.questions] == [choice.question, typed.question]
    assert back.questions[0]["choices"] == list(choice.choices)
    assert back.questions[0]["explanation"] == choice.explanation
    assert back.questions[1]["accept"] == list(typed.accept)


def test_the_import_reads_gift_as_moodle_does() -> None:
    imported = gift.parse((FIXTURES / "import" / "moodle-constructs.gift").read_text())
    by_id = {str(q["id"]): q for q in imported.questions}
    assert by_id["eq-no-weight"]["choices"] == ["%20%2F", "%20%20", "+/"] and by_id["eq-no-weight"]["answer"] == "A"
    assert by_id["single-right-multi"]["answer"] == ["A"]  # no =: multiple response, even with one right answer
    assert by_id["with-distractors"]["pairs"] == {"104": "DICOM", "2762": "DICOM over TLS"}
    assert by_id["with-distractors"]["distractors"] == ["HL7 over MLLP", "FHIR over HTTPS"]
    assert by_id["stars"]["accept"] == ["*", "asterisk"]
    assert by_id["html-answers"]["choices"] == ["TM", "DA", "DT"]  # the answers are HTML too
    assert by_id["html-answers"]["explanation"] == "TM is hh:mm:ss."
    assert by_id["numeric-feedback"]["answer"] == 2762
    assert by_id["numeric-feedback"]["explanation"] == "Not 104: that one has no TLS."
    report = {e.question_id: e for e in imported.report if e.question_id}
    assert "the wildcard answer '*star*' was left out" in report["stars"].detail
    assert report["port-question-1"].detail == "name 'Port Question 1' became the id 'port-question-1'"
    assert imported.categories == {
        qid: "PACS/Networking" for qid in by_id if qid != "no-category"
    }  # "$system$/top" alone names no category


def test_unbalanced_braces_skip_their_question_at_its_line_and_the_rest_is_imported() -> None:
    imported = gift.parse((FIXTURES / "import" / "gift-unbalanced.gift").read_text())
    assert [(e.line, e.outcome) for e in imported.report] == [
        (2, "imported"),
        (4, "skipped"),
        (6, "skipped"),
        (8, "skipped"),
        (10, "imported"),
        (12, "imported"),
    ]
    assert all(e.detail.startswith("unbalanced braces") for e in imported.skipped)
    assert imported.questions[1]["question"] == "A literal { brace } is text, not a block."


def test_hostile_bytes_are_refused_with_their_line_or_read_whole(tmp_path: Path) -> None:
    text = gift_export.export([load(NASTY)]).content.decode()
    assert gift.parse(decode(text.encode("utf-16"))).questions == gift.parse(text).questions  # with its BOM
    with pytest.raises(ValueError, match="line 3: not UTF-8 text"):
        decode("// GIFT\n\n::q::Quelle modalité ?{=CT ~MR}\n".encode("latin-1"))
    with pytest.raises(ValueError, match="line 2: a NUL character"):
        decode(b"// GIFT\n::q::A\x00B{T}\n")
    nul = gift.parse("::a::Fine.{T}\n\n::b::Not \x00 fine.{T}\n")  # handed text that did not go through decode
    assert [(e.line, e.outcome) for e in nul.report] == [(3, "skipped")] and not nul.questions


def test_a_gift_file_over_the_size_limit_is_refused_before_it_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    huge = tmp_path / "huge.gift"
    with huge.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing is written
    assert main(["import", str(huge), "--domain", "image-management"]) == 1
    assert "the limit is 20 MiB" in capsys.readouterr().err


def test_many_questions_import_in_one_go() -> None:
    block = "::q{n}::Which port is registered for DICOM over TLS ({n})?{{=2762 ~104 ~11112####Port 2762.}}\n\n"
    text = "".join(block.format(n=n) for n in range(5000))
    imported = gift.parse(text)
    assert len(imported.questions) == 5000 and not imported.skipped

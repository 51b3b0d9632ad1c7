"""Importing Moodle XML (issue 18): each construct of Moodle's format (question/format/xml/format.php)
from a fixture written from Moodle's documentation, every source question reported with its line,
banks that validate, and every hostile or broken file refused with a clear error at its line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from quiz.banks.importers import Imported, ReportEntry, moodle_xml, write_bank
from quiz.banks.importers.html_text import from_html
from quiz.banks.loader import check_file
from quiz.kinds import kind_of
from quiz.models import Bank, Question
from tests.conftest import FIXTURES

MOODLE = FIXTURES / "import" / "moodle"


def parsed(name: str) -> Imported:
    return moodle_xml.parse((MOODLE / name).read_bytes())


def report(imported: Imported) -> list[tuple[int, str, str | None]]:
    return [(entry.line, entry.outcome, entry.question_id) for entry in imported.report]


def entry(imported: Imported, line: int) -> ReportEntry:
    return next(e for e in imported.report if e.line == line)


def validated(imported: Imported, folder: Path, domain: str = "image-management") -> dict[str, Question]:
    """The imported questions as a bank file that `quiz validate` passes without a warning."""
    path = folder / "imported.yaml"
    path.write_text(write_bank(imported, bank_id="imported", title="Imported", domain=domain), "utf-8")
    for name, data in imported.files.items():
        (folder / name).write_bytes(data)
    checked = check_file(path, Bank)
    assert checked.value is not None and not checked.problems, [str(p) for p in checked.problems]
    return {q.id: q for q in checked.value.questions}


def by_id(imported: Imported) -> dict[str, dict[str, Any]]:
    return {q["id"]: q for q in imported.questions}


# -- each construct ---------------------------------------------------------------------------------
def test_multichoice_with_one_right_answer(tmp_path: Path) -> None:
    imported = parsed("multichoice-single.xml")
    assert report(imported) == [
        (5, "converted", "store-service"),
        (45, "converted", "worklist-source"),
        (66, "skipped", None),
        (78, "skipped", None),
    ]
    assert entry(imported, 5).detail == "HTML taken out of its tags; answer feedback added to the explanation"
    assert "partial credit not kept (C (25%))" in entry(imported, 45).detail
    assert "answers A, B are each worth 100% in a one-answer question" in entry(imported, 66).detail
    assert entry(imported, 78).detail == "7 answers: a bank question has at most 6 choices ('Seven answers')"
    questions = validated(imported, tmp_path)
    store = questions["store-service"]
    assert store.question == "Which DIMSE service does a modality use to send its images to the archive?"
    assert kind_of(store).answer_key(store) == [0]
    assert store.explanation == (
        "C-STORE carries each SOP instance to the Storage SCP.\n\n"
        "A. C-STORE: Right: storage is a C-STORE per instance.\nB. C-FIND: C-FIND queries; it sends no images."
    )
    assert by_id(imported)["store-service"].get("shuffle", True) is True  # <shuffleanswers>true</shuffleanswers>
    worklist = by_id(imported)["worklist-source"]
    assert worklist["answer"] == "A" and worklist["shuffle"] is False  # Moodle's defaults: <single> true, no shuffle


def test_multichoice_with_several_right_answers_is_select_all(tmp_path: Path) -> None:
    imported = parsed("multichoice-multiple.xml")
    assert report(imported) == [
        (5, "converted", "dimse-c"),
        (23, "imported", "one-right-of-several"),
        (35, "skipped", None),
    ]
    assert "no answer has a positive fraction" in entry(imported, 35).detail
    questions = validated(imported, tmp_path)
    dimse = questions["dimse-c"]
    assert kind_of(dimse).answer_key(dimse) == [0, 1, 3]  # the positive fractions, in file order
    assert by_id(imported)["one-right-of-several"]["answer"] == ["A"]  # still select-all: Moodle said several


def test_truefalse_reads_the_answer_named_true(tmp_path: Path) -> None:
    imported = parsed("truefalse.xml")
    assert report(imported) == [
        (4, "converted", "mwl-is-cfind"),
        (27, "imported", "uid-letters"),
        (44, "converted", "old-style"),
        (58, "skipped", None),
    ]
    assert "answer 'Wahr' read as true (by its place)" in entry(imported, 44).detail
    assert "one of them, not both, must be 100%" in entry(imported, 58).detail
    questions = validated(imported, tmp_path)
    assert [kind_of(q).answer_key(q) for q in questions.values()] == [True, False, True]
    assert questions["mwl-is-cfind"].explanation == (
        "True: Yes: the worklist is a C-FIND of the Modality Worklist information model."
    )


def test_shortanswer_accepts_the_full_marks_answers_only(tmp_path: Path) -> None:
    imported = parsed("shortanswer.xml")
    assert report(imported) == [
        (4, "converted", "mammo-modality"),
        (31, "converted", "xds-profile"),
        (49, "imported", "cfind-wildcard"),
        (61, "skipped", None),
    ]
    assert "partial-credit answer 'MAMMO' (50%) is not accepted" in entry(imported, 4).detail
    assert "case-sensitive in Moodle" in entry(imported, 31).detail
    assert "wildcard answer 'XDS*' left out" in entry(imported, 31).detail
    questions = validated(imported, tmp_path)
    accepted = {qid: q.to_dict()["accept"] for qid, q in questions.items()}
    # 'mg' is 'MG' once compared without case; '\*' is Moodle's escape for a literal star
    assert accepted == {"mammo-modality": ("MG",), "xds-profile": ("XDS", "XDS.b"), "cfind-wildcard": ("*",)}


def test_numerical_keeps_the_full_marks_answer_its_tolerance_and_unit(tmp_path: Path) -> None:
    imported = parsed("numerical.xml")
    assert report(imported) == [
        (4, "converted", "archive-growth"),
        (34, "converted", "acr-nema-port"),
        (53, "imported", "compression-ratio"),
        (65, "skipped", None),
    ]
    assert "other units not kept: GB" in entry(imported, 4).detail
    assert "not kept: 11112 (50%)" in entry(imported, 34).detail
    assert "the right answer is '*'" in entry(imported, 65).detail
    questions = validated(imported, tmp_path)
    growth = questions["archive-growth"].to_dict()
    assert (growth["answer"], growth["tolerance"], growth["unit"]) == ("117", "1", "TB")
    grade = kind_of(questions["compression-ratio"]).grade
    assert grade(questions["compression-ratio"], "4.05") and not grade(questions["compression-ratio"], "4.1")


def test_matching_turns_an_answer_without_a_subquestion_into_a_distractor(tmp_path: Path) -> None:
    imported = parsed("matching.xml")
    assert report(imported) == [(4, "converted", "segment-meaning"), (40, "skipped", None), (60, "skipped", None)]
    assert "answers 'Patient' and 'Patient' read the same" in entry(imported, 40).detail
    assert "1 subquestion(s) with text" in entry(imported, 60).detail
    matching = validated(imported, tmp_path)["segment-meaning"].to_dict()
    assert matching["pairs"] == [
        ["PID", "Patient identification"],
        ["PV1", "Patient visit"],
        ["OBR", "Observation request"],
    ]
    assert matching["distractors"] == ("Next of kin",)


def test_ordering_takes_the_answers_in_their_order(tmp_path: Path) -> None:
    imported = parsed("ordering.xml")
    assert report(imported) == [
        (5, "imported", "assoc-order"),
        (40, "converted", "order-workflow"),
        (55, "skipped", None),
    ]
    detail = entry(imported, 40).detail
    assert "Moodle showed 3 of the 5 items" in detail and "Moodle gave partial credit (RELATIVE)" in detail
    questions = validated(imported, tmp_path)
    assert questions["assoc-order"].to_dict()["items"][0] == "A-ASSOCIATE-RQ"
    assert len(questions["order-workflow"].to_dict()["items"]) == 5


def test_categories_are_recorded_for_the_questions_after_them() -> None:
    imported = parsed("categories.xml")
    assert [(e.line, e.outcome) for e in imported.report if e.question_id is None] == [
        (10, "converted"),
        (25, "converted"),
        (36, "converted"),
    ]
    assert entry(imported, 10).detail.startswith("category 'PACS/HL7': the questions after it")
    # no $course$ or top, and a "//" is a slash inside a category's name
    assert imported.categories == {"ack-msa": "PACS/HL7", "echo-verifies": "Shared/Common"}


def test_html_text_loses_no_character_and_other_formats_are_kept_as_written(tmp_path: Path) -> None:
    imported = parsed("html-text.xml")
    assert report(imported) == [
        (5, "converted", "html-message"),
        (23, "imported", "auto-format"),
        (32, "imported", "plain-brackets"),
        (40, "converted", "markdown-text"),
    ]
    assert entry(imported, 5).detail == "HTML taken out of its tags"
    assert entry(imported, 40).detail == "markdown text kept as written (its marks show as typed)"
    questions = {q["id"]: q for q in imported.questions}
    assert questions["html-message"]["question"] == (
        "Read the message below.\xa0Which field holds the medical record number?\n\n"
        "MSH|^~\\&|EHR|MERCY|RIS|MERCY|20250310141500||ORM^O01|MSG00042|P|2.5.1\n"
        "PID|1||123456^^^MERCY^MR||DOE^JANE\n\n"
        "- Segments end with a carriage return.\n- Fields are split by |.\n\n"
        "See HL7 (https://www.hl7.org/) for the standard; 10^6 messages a day is common."
    )
    assert questions["html-message"]["choices"][0] == "PID-3 (Patient Identifier List)"
    assert questions["html-message"]["explanation"] == "PID-3 is the patient identifier list: A & B <C>."
    assert questions["auto-format"]["question"] == (
        "Line one of the statement:\nthe tag (0010,0020) holds the Patient ID."
    )
    assert questions["plain-brackets"]["question"] == (
        "In plain text, <b> and &amp; are characters, and HL7's ^~\\& is kept."
    )
    path = tmp_path / "imported.yaml"
    path.write_text(write_bank(imported, bank_id="imported", title="Imported", domain="imaging-informatics"))
    checked = check_file(path, Bank)
    assert checked.value is not None and not checked.errors  # warnings only: the <b> and ** written as text


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("a  b\n c", "a b c"),  # HTML collapses spaces and line breaks
        ("a<br>&#32;&#32;b&#9;c&#13;", "a\n  b\tc\r"),  # character references are kept as written
        ("<p>one</p>\n<p>two</p>", "one\n\ntwo"),
        ("<pre>\n  indented\n\n  kept</pre>", "  indented\n\n  kept"),  # the first newline is not content
        ("<ol><li>first</li><li>second</li></ol>", "1. first\n2. second"),
        ("<table><tr><td>AE</td><td>Port</td></tr><tr><td>PACS</td><td>104</td></tr></table>", "AE | Port\nPACS | 104"),
        ("x <!-- a comment --> y<style>p {}</style>", "x y"),
        ('<a href="mailto:pacs@example.org">pacs@example.org</a>', "pacs@example.org"),
    ],
)
def test_html_becomes_the_text_a_reader_sees(source: str, expected: str) -> None:
    assert from_html(source).text == expected


def test_embedded_images_become_exhibits_written_beside_the_bank(tmp_path: Path) -> None:
    imported = parsed("image.xml")
    detail = entry(imported, 4).detail
    for reason in (
        "file '../../evil.png' left out: not a plain file name",
        "file 'report.pdf' left out: not an image",
        "file 'broken.png' left out: its content is not valid base64",
        "image https://example.org/remote.png is not embedded in the file: left out",
        "1 image(s) in answers or feedback left out",
    ):
        assert reason in detail
    assert set(imported.files) == {"scout-view-ct scout.png", "scout-view-legend.png"}
    assert imported.files["scout-view-ct scout.png"].startswith(b"\x89PNG")
    question = validated(imported, tmp_path)["scout-view"]
    assert question.question == "Which kind of image is shown?"
    shown, legend = question.exhibits
    assert (shown.title, shown.kind, shown.text) == ("CT localizer", "image", "A lateral CT localizer")
    assert shown.file == str((tmp_path / "scout-view-ct scout.png").resolve())
    assert (legend.title, legend.text) == ("legend.png", "")  # embedded, though no <img> shows it


def test_ids_come_from_idnumber_or_name_and_tags_give_topics_difficulty_domain_and_subtopic(tmp_path: Path) -> None:
    imported = parsed("tags-and-ids.xml")
    assert [e.question_id for e in imported.report] == [
        "pacs-07",  # <idnumber> over <name>
        "question-8-storage-commitment",  # a slug of the name
        "hl7.pid-3",  # already an id: kept as it is
        "hl7.pid-3-2",  # the same name again: numbered
        "a-c-echo-needs-an-open-association-23a9b7",  # no name: the stem and a hash
    ]
    assert "tag 'PACS' became topic 'pacs'" in entry(imported, 4).detail
    assert "tag 'Image Management' is not a topic" in entry(imported, 4).detail
    assert "'subtopic-no-such-subtopic' names no sub-topic of the outline" in entry(imported, 19).detail
    assert "that sub-topic is in image-management, not imaging-informatics" in entry(imported, 28).detail
    questions = validated(imported, tmp_path, domain="operations")
    worklist = questions["pacs-07"]
    assert (worklist.topics, worklist.difficulty.value, worklist.domain.value, worklist.subtopic) == (
        ("dicom", "pacs"),
        "hard",
        "image-management",
        "im-dicom-workflow-services",
    )
    assert questions["hl7.pid-3-2"].domain.value == "imaging-informatics"  # the sub-topic's own domain
    assert questions["question-8-storage-commitment"].domain.value == "operations"  # the bank's default
    again = [q["id"] for q in parsed("tags-and-ids.xml").questions]
    assert again == [q["id"] for q in imported.questions]  # the same ids on every import


def test_types_without_a_bank_kind_are_skipped_with_why_and_where() -> None:
    imported = parsed("skipped-types.xml")
    assert imported.questions == [] and all(e.outcome == "skipped" for e in imported.report)
    details = {e.line: e.detail for e in imported.report}
    assert details[4].startswith("an essay: a person marks it")
    assert details[9].startswith("a cloze (embedded answers) question")
    assert details[13].startswith("a calculated question") and details[17].startswith("a calculated question")
    assert details[21].startswith("a calculated multichoice question")
    assert details[25].startswith("a description")
    assert details[29].startswith("a drag-and-drop-into-text question")
    assert details[33].startswith("a select-missing-words question")
    assert details[37].startswith("a random question")
    assert details[41] == "question type 'mystery' has no bank kind ('mystery')"
    assert details[45] == "a <question> without a type ('no type')"
    assert details[48] == "<comment> is not a <question>"


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("latin1.xml", "La modalité « MR » désigne l'IRM."),
        ("utf16.xml", "Größe der Bilddatei: 2 MB – über 1 MB."),
    ],
)
def test_the_declared_encoding_or_the_byte_order_mark_is_honoured(name: str, text: str) -> None:
    assert [q["question"] for q in parsed(name).questions] == [text]


def test_a_utf8_file_with_a_byte_order_mark_is_read() -> None:
    content = b"\xef\xbb\xbf" + (MOODLE / "truefalse.xml").read_bytes()
    assert len(moodle_xml.parse(content).questions) == 3


# -- hostile and broken files ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("billion-laughs.xml", "line 3: the file declares an entity 'lol'; entities are refused"),
        ("external-entity.xml", "line 4: the file declares an external entity 'secret' (file:///etc/passwd)"),
        ("dtd.xml", "line 3: a DOCTYPE declaration (<!DOCTYPE quiz>); a DTD is refused"),
        ("external-dtd.xml", "line 2: the DOCTYPE names an external DTD (http://example.invalid/quiz.dtd)"),
        ("malformed.xml", "line 7: not well-formed XML: mismatched tag (column 39)"),
        ("deep-nesting.xml", "line 5: elements nested more than 32 deep"),
        ("wrong-encoding.xml", "line 6: not UTF-8 text at byte 217 (the file declares no encoding"),
        ("nul.xml", "line 4: a NUL character; this is not a text file"),
        ("not-quiz.xml", "line 2: the root element is <questions>, not <quiz>"),
    ],
)
def test_a_hostile_or_broken_file_is_refused_at_its_line(name: str, message: str) -> None:
    with pytest.raises(ValueError) as refused:
        parsed(name)
    assert str(refused.value).startswith(message), str(refused.value)


def test_an_unknown_encoding_and_an_empty_file_are_refused_clearly() -> None:
    with pytest.raises(ValueError, match=r"^line 1: the XML declaration names an encoding Python does not know"):
        moodle_xml.parse(b'<?xml version="1.0" encoding="x-no-such"?>\n<quiz/>')
    with pytest.raises(ValueError, match=r"^line 1: not well-formed XML: no element found"):
        moodle_xml.parse(b"")


def test_an_external_entity_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("the secret")
    content = (
        f'<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY s SYSTEM "{secret.as_uri()}">]>\n'
        "<quiz><question type='truefalse'><questiontext><text>&s;</text></questiontext></question></quiz>"
    ).encode()
    with pytest.raises(ValueError) as refused:
        moodle_xml.parse(content)
    assert "the secret" not in str(refused.value) and "external entity 's'" in str(refused.value)

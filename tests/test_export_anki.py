"""The Anki package export (issue 18), checked with Anki's own library: the package imports into a
fresh collection with a note per question, each field as written (escaped: no bank text is markup),
its tags, its bank's deck and its image; a later export updates those notes instead of adding new
ones; the cards render with the answer only on the back; and the package's collection and the
collection it was imported into hold the rows sqlite3 reads back."""

from __future__ import annotations

import dataclasses
import html
import io
import json
import re
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import genanki
import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.import_export_pb2 import IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER, ImportResponse
from anki.models import NotetypeId
from anki.notes import Note
from PIL import Image, ImageDraw

from quiz.banks.exporters import Exported, Loss, anki
from quiz.banks.exporters.anki_fields import escaped, preformatted, prose
from quiz.banks.exporters.anki_model import FIELDS, MODEL_ID, MODEL_NAME
from quiz.banks.loader import check_file
from quiz.banks.problems import Severity
from quiz.domains import Domain
from quiz.kinds.choice import ChoiceQuestion
from quiz.kinds.ordering import OrderingQuestion
from quiz.models import Bank, Question
from quiz.text import printable
from tests.conftest import FIXTURES

KINDS = FIXTURES / "export" / "anki-kinds.yaml"
SHIPPED = Path(__file__).parent.parent / "question_banks" / "image-management-archive.yaml"
WHEN = 1_767_225_600.0  # 2026-01-01: the first export's notes are dated this
KINDS_DECK = "Imaging quiz::Anki export, every kind"
# text that means something to HTML, to Anki (a sound to play, a field to fill) and to MathJax
HOSTILE = "<script>alert(1)</script> [sound:beep.mp3] {{Answer}} \\(x^2\\) &amp;"


def kinds_bank(folder: Path) -> Bank:
    """The fixture bank, with its image drawn beside it: eleven grey steps, black to white."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(KINDS, folder / KINDS.name)
    (folder / "images").mkdir(exist_ok=True)
    image = Image.new("L", (110, 20))
    draw = ImageDraw.Draw(image)
    for step in range(11):
        draw.rectangle((step * 10, 0, step * 10 + 9, 19), fill=round(step * 25.5))
    image.save(folder / "images" / "grey-steps.png")
    checked = check_file(folder / KINDS.name, Bank)
    assert checked.value is not None, checked.problems
    assert not [p for p in checked.problems if p.severity is Severity.ERROR]
    return checked.value


def shipped_bank() -> Bank:
    bank = check_file(SHIPPED, Bank, shipped=True).value
    assert bank is not None
    return bank


def hostile_bank(template: Question) -> Bank:
    question = dataclasses.replace(template, id="markup", question=HOSTILE, explanation=f"Still text: {HOSTILE}")
    return Bank("markup", "Markup :: <i>not</i> a sub-deck", (question,), description="<b>plain</b>")


def import_package(col: Collection, content: bytes, folder: Path) -> ImportResponse:
    """Import as Anki's import dialog does by default: notes and note types updated when newer."""
    path = folder / "export.apkg"
    path.write_bytes(content)
    options = ImportAnkiPackageOptions(
        merge_notetypes=False,
        update_notes=IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
        update_notetypes=IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
        with_scheduling=False,
        with_deck_configs=False,
    )
    return col.import_anki_package(ImportAnkiPackageRequest(package_path=str(path), options=options)).log


def note(col: Collection, bank: str, question: str) -> Note:
    found = col.find_notes(f'"Bank:{bank}" "Id:{question}"')  # the Bank and Id fields are there to search
    assert len(found) == 1, (bank, question, found)
    return col.get_note(found[0])


def text_of(field: str) -> str:
    """What a field shows, as text: line breaks back, tags out, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", field.replace("<br>", "\n")))


def lines(field: str) -> list[str]:
    """The text of each innermost block of a field (a choice, a label, a hint), letters spaced."""
    blocks = re.findall(r"<div class=\"[^\"]*\">((?:(?!<div).)*?)</div>", field)
    return [text_of(block.replace("</span><span", "</span> <span")) for block in blocks]


@dataclass
class Imported:
    col: Collection
    kinds: Bank
    shipped: Bank
    hostile: Bank
    exported: Exported
    log: ImportResponse

    @property
    def banks(self) -> list[Bank]:
        return [self.kinds, self.shipped, self.hostile]


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Imported]:
    """One fresh collection (Anki's is slow to open) with the three banks imported, for the tests
    that only read it."""
    folder = tmp_path_factory.mktemp("anki")
    kinds = kinds_bank(folder / "bank")
    hostile = hostile_bank(kinds.questions[0])
    shipped = shipped_bank()
    exported = anki.export([kinds, shipped, hostile], timestamp=WHEN)
    col = Collection(str(folder / "collection.anki2"))
    try:
        yield Imported(col, kinds, shipped, hostile, exported, import_package(col, exported.content, folder))
    finally:
        col.close()


def test_every_question_is_a_note_in_its_banks_deck(imported: Imported) -> None:
    col, log = imported.col, imported.log
    total = sum(len(bank.questions) for bank in imported.banks)
    assert imported.exported.count == total and imported.exported.losses == []
    assert len(log.new) == total and not log.updated and not log.duplicate and not log.conflicting
    assert col.note_count() == total and col.card_count() == total  # one card per note
    names = {name.name for name in col.decks.all_names_and_ids()}
    assert {
        KINDS_DECK,
        "Imaging quiz::Image Management: archives, display and sharing",
        "Imaging quiz::Markup : <i>not</i> a sub-deck",  # `::` would have nested a deck
    } <= names
    for bank in imported.banks:
        for question in bank.questions:
            found = note(col, bank.bank, question.id)
            assert found.guid == genanki.guid_for(bank.bank, question.id)
            assert col.decks.name(found.cards()[0].did) == anki.deck_name(bank)
    kinds = {note(col, "anki-kinds", q.id)["Kind"] for q in imported.kinds.questions}
    assert kinds == {"choice", "select-all", "true-false", "short-answer", "numeric", "matching", "ordering"}


def test_the_note_type_has_its_fixed_id_and_fields(imported: Imported) -> None:
    assert MODEL_ID == 1419708589  # Anki knows the note type by this id: a new one duplicates every note
    model = imported.col.models.get(NotetypeId(MODEL_ID))
    assert model is not None and model["name"] == MODEL_NAME
    assert [f["name"] for f in model["flds"]] == list(FIELDS)
    assert ".nightMode" in model["css"] and len(model["tmpls"]) == 1


def test_fields_are_the_bank_text_escaped_character_for_character(imported: Imported) -> None:
    col = imported.col
    order = note(col, "anki-kinds", "orm-assigning-authority")
    assert order["Question"] == "Read the order. Which organisation issued the first identifier in PID-3?"
    assert order["Exhibits"] == (
        '<div class="iq-exhibit"><div class="iq-exhibit-title">Exhibit 1: ORM^O01 from the EHR</div>'
        '<pre class="iq-pre">MSH|^~\\&amp;|EHR|MERCY|RIS|MERCY|20250310141500||ORM^O01^ORM_O01|MSG00042|P|2.5.1\n'
        "PID|1||123456^^^MERCY^MR~987654^^^STATE^PI||DOE^JANE^Q||19700101|F</pre></div>"
    )
    assert order["Answer"] == (
        '<div class="iq-label">Answer</div>'
        '<div class="iq-line"><span class="iq-letter">A.</span><span class="iq-text">MERCY</span></div>'
    )
    assert order["References"] == (
        '<div class="iq-line iq-text">HL7 v2.5.1 Ch. 3, PID-3 Patient Identifier List</div>'
        '<div class="iq-line iq-text">HL7 v2.5.1 Ch. 2A, CX data type</div>'
    )
    assert (order["Bank"], order["Id"], order["Kind"]) == ("anki-kinds", "orm-assigning-authority", "choice")

    delimiters = note(col, "anki-kinds", "hl7-delimiters")
    assert delimiters["Question"] == (
        "A message uses the default encoding characters ^~\\&amp;.<br>"
        "Which of these characters must be escaped when they appear in a text field?"
    )
    assert "report text such as &lt;b&gt;IMPRESSION&lt;/b&gt; passes through" in delimiters["Explanation"]
    assert "<b>" not in delimiters["Explanation"]
    assert delimiters["Answer"].startswith('<div class="iq-label">Answers: A, B, C</div>')
    assert "&amp; (subcomponent separator)" in delimiters["Answer"] and "&lt; (less-than" not in delimiters["Answer"]

    case_question = note(col, "anki-kinds", "misfiled-key")
    assert case_question["Case"] == (
        '<div class="iq-case-title">Case: A CT study under the wrong patient</div><div class="iq-text">'
        "The CT scanner sends each study to the PACS, which files it under the patient its DICOM header names. "
        "A technologist reports that this morning&#x27;s head CT appears in another patient&#x27;s folder."
        "<br><br>The order in the RIS is correct.</div>"
    )
    assert "(0010,0020) LO  Patient ID         MRN-004512" in case_question["Exhibits"]  # the case's exhibit


def test_every_text_shows_as_the_bank_wrote_it(imported: Imported) -> None:
    for bank in imported.banks:
        for question in bank.questions:
            found = note(imported.col, bank.bank, question.id)
            assert text_of(found["Question"]) == printable(question.question), question.id
            assert text_of(found["Explanation"]) == printable(question.explanation or ""), question.id
            assert text_of(found["References"]) == "".join(printable(r) for r in question.references)
            for exhibit in question.all_exhibits:
                if exhibit.kind != "image":
                    assert printable(exhibit.text) in text_of(found["Exhibits"]), (question.id, exhibit.title)
            for _, text in question.kind_texts():
                assert printable(text) in text_of(found["Choices"] + found["Answer"]), (question.id, text)


def test_the_answer_is_spelled_out_for_each_kind(imported: Imported) -> None:
    col = imported.col

    def shown(question_id: str, field: str) -> list[str]:
        return lines(note(col, "anki-kinds", question_id)[field])

    assert shown("misfiled-rename", "Choices") == ["A. True", "B. False"]
    assert shown("misfiled-rename", "Answer") == ["Answer", "B. False"]
    assert shown("hl7-delimiters", "Answer") == [
        "Answers: A, B, C",
        "A. | (field separator)",
        "B. ^ (component separator)",
        "C. & (subcomponent separator)",
    ]
    assert shown("hl7-delimiters", "Choices")[0] == "Select all that apply."
    assert shown("mwl-service", "Choices") == ["Answer with a word or phrase."]
    assert shown("mwl-service", "Answer") == [
        "Answer",
        "C-FIND",
        "Also accepted",
        "CFIND",
        "C FIND",
        "Compared without regard to case or extra spaces.",
    ]
    assert shown("ct-study-size", "Choices") == ["Answer with a number (MB)."]
    assert shown("ct-study-size", "Answer") == ["Answer", "600 MB (±5 MB)", "Accepted: 595 to 605 MB"]
    assert shown("yearly-intake", "Answer") == ["Answer", "65.7 TB (±2%)", "Accepted: 64.386 to 67.014 TB"]

    columns = shown("segment-meaning", "Choices")
    assert columns[0] == "Match each numbered entry with a lettered one. Some lettered entries match nothing."
    lefts = [line for line in columns[1:] if line[0].isdigit()]
    rights = {line[3:]: line[0] for line in columns[1:] if line[0].isalpha()}
    assert lefts == ["1. PID", "2. PV1", "3. ORC", "4. OBX"]
    assert sorted(rights) == [
        "Common order",
        "Next of kin",
        "Observation or result",
        "Patient identification",
        "Patient visit",
    ]
    assert [line[0] for line in columns[1:] if line[0].isalpha()] == list("ABCDE")
    assert shown("segment-meaning", "Answer") == [
        "Answer",
        f"1. PID → {rights['Patient identification']}. Patient identification",
        f"2. PV1 → {rights['Patient visit']}. Patient visit",
        f"3. ORC → {rights['Common order']}. Common order",
        f"4. OBX → {rights['Observation or result']}. Observation or result",
        "Matches nothing",
        f"{rights['Next of kin']}. Next of kin",
    ]
    in_rows = [
        rights[right] for right in ("Patient identification", "Patient visit", "Common order", "Observation or result")
    ]
    assert in_rows != ["A", "B", "C", "D"]  # the rows never pair each entry with its match

    steps = shown("cstore-exchange", "Choices")
    assert steps[0] == "Put these in order:" and [step[0] for step in steps[1:]] == list("ABCDEF")
    letter_of = {step[3:]: step[0] for step in steps[1:]}
    right_order = next(q.items for q in imported.kinds.questions if isinstance(q, OrderingQuestion))
    assert sorted(letter_of) == sorted(right_order) and [step[3:] for step in steps[1:]] != list(right_order)
    assert shown("cstore-exchange", "Answer") == [
        f"The order: {', '.join(letter_of[item] for item in right_order)}",
        *(f"{place}. {letter_of[item]}. {item}" for place, item in enumerate(right_order, start=1)),
    ]


def test_tags_are_hierarchical_and_searchable(imported: Imported) -> None:
    col = imported.col
    assert sorted(note(col, "anki-kinds", "misfiled-key").tags) == [
        "bank::anki-kinds",
        "case::misfiled-ct",
        "difficulty::hard",
        "domain::image-management",
        "topic::dicom",
        "topic::reconciliation",
    ]
    shipped = note(col, imported.shipped.bank, imported.shipped.questions[0].id)
    assert f"subtopic::{imported.shipped.questions[0].subtopic}" in shipped.tags
    in_domain = [q for q in imported.kinds.questions if q.domain is Domain.IMAGE_MANAGEMENT]
    assert len(col.find_notes("tag:bank::anki-kinds tag:domain::image-management")) == len(in_domain)
    assert all(" " not in tag for nid in col.find_notes("") for tag in col.get_note(nid).tags)


def test_an_image_exhibit_is_a_media_file_shown_with_img(imported: Imported, tmp_path: Path) -> None:
    found = note(imported.col, "anki-kinds", "display-calibration")
    match = re.search(
        r'<img src="(imaging-quiz-[0-9a-f]{20}\.png)" alt="Eleven bars from black to white\.">', found["Exhibits"]
    )
    assert match, found["Exhibits"]
    assert imported.col.media.have(match.group(1))
    image = imported.kinds.questions[-1].exhibits[0]
    assert image.file is not None
    assert (Path(imported.col.media.dir()) / match.group(1)).read_bytes() == Path(image.file).read_bytes()
    assert "Exhibit 1: Grey steps" in found["Exhibits"]


def test_cards_show_the_answer_only_on_the_back_and_every_text_as_text(imported: Imported) -> None:
    col = imported.col
    for bank in imported.banks:
        for question in bank.questions:
            found = note(col, bank.bank, question.id)
            card = found.cards()[0]
            front, back = card.question(), card.answer()
            assert found["Answer"] not in front and found["Answer"] in back, question.id
            assert 'class="iq-answer"' not in front and 'class="iq-answer"' in back
            assert found["Question"] in front and found["Choices"] in front and found["Exhibits"] in front
            if question.explanation:
                assert found["Explanation"] in back and found["Explanation"] not in front
    order = note(col, "anki-kinds", "orm-assigning-authority").cards()[0].question()
    assert "MSH|^~\\&amp;|EHR|MERCY" in order and "tex2jax_ignore" in order  # MathJax leaves bank text alone
    card = note(col, "markup", "markup").cards()[0]
    front, back = card.question(), card.answer()
    assert "<script>" not in back and "&lt;script&gt;alert(1)&lt;/script&gt;" in front
    assert "&#91;sound:beep.mp3]" in front and "[sound:" not in back  # not a sound to play
    assert card.question_av_tags() == [] and card.answer_av_tags() == []
    assert "{{Answer}}" in front and "\\(x^2\\) &amp;amp;" in front  # not a field to fill, not an entity


def test_a_later_export_updates_the_notes_it_holds(tmp_path: Path) -> None:
    bank = kinds_bank(tmp_path / "bank")
    col_path = tmp_path / "collection.anki2"
    col = Collection(str(col_path))
    try:
        first = import_package(col, anki.export([bank], timestamp=WHEN).content, tmp_path)
        assert len(first.new) == len(bank.questions)
        cards = sorted(col.find_cards(""))
        changed = [
            dataclasses.replace(q, explanation="Edited: the <PID-3> list repeats with ~.")
            if q.id == "mwl-service"
            else q
            for q in bank.questions
        ]
        again = dataclasses.replace(bank, questions=tuple(changed))
        second = import_package(col, anki.export([again], timestamp=WHEN + 60).content, tmp_path)
        assert not second.new and not second.conflicting and len(second.updated) == len(bank.questions)
        assert col.note_count() == len(bank.questions) and sorted(col.find_cards("")) == cards  # same cards
        assert note(col, "anki-kinds", "mwl-service")["Explanation"] == "Edited: the &lt;PID-3&gt; list repeats with ~."
        # an export no newer than the notes in the collection changes nothing (Anki's "if newer")
        stale = import_package(col, anki.export([bank], timestamp=WHEN + 30).content, tmp_path)
        assert not stale.new and not stale.updated and len(stale.duplicate) == len(bank.questions)
    finally:
        col.close()
    # the collection Anki wrote, read with sqlite3: its own notes table
    with sqlite3.connect(col_path) as db:
        rows = db.execute("select guid, flds, tags from notes").fetchall()
    by_guid = {guid: (flds.split("\x1f"), tags) for guid, flds, tags in rows}
    assert set(by_guid) == {genanki.guid_for("anki-kinds", q.id) for q in bank.questions}
    fields, tags = by_guid[genanki.guid_for("anki-kinds", "mwl-service")]
    assert len(fields) == len(FIELDS) and fields[FIELDS.index("Explanation")].startswith("Edited: the &lt;PID-3&gt;")
    assert fields[FIELDS.index("Id")] == "mwl-service" and " bank::anki-kinds " in f" {tags} "


def test_the_package_is_a_zip_of_an_anki_collection(tmp_path: Path) -> None:
    bank = kinds_bank(tmp_path / "bank")
    exported = anki.export([bank], timestamp=WHEN)
    with zipfile.ZipFile(io.BytesIO(exported.content)) as archive:
        media = json.loads(archive.read("media"))
        assert sorted(archive.namelist()) == sorted(["collection.anki2", "media", *media])
        assert len(media) == 1 and media["0"].startswith("imaging-quiz-") and media["0"].endswith(".png")
        (tmp_path / "collection.anki2").write_bytes(archive.read("collection.anki2"))
    with sqlite3.connect(tmp_path / "collection.anki2") as db:
        rows = db.execute("select guid, mid, flds, tags from notes").fetchall()
        (models,) = db.execute("select models from col").fetchone()
    assert len(rows) == len(bank.questions) and {mid for _, mid, _, _ in rows} == {MODEL_ID}
    assert json.loads(models)[str(MODEL_ID)]["name"] == MODEL_NAME
    by_guid = {guid: (flds.split("\x1f"), tags.split()) for guid, _, flds, tags in rows}
    fields, tags = by_guid[genanki.guid_for("anki-kinds", "mwl-service")]
    assert fields[: FIELDS.index("Answer")] == [
        "Which DIMSE service does a modality use to query the Modality Worklist?",
        "",
        '<div class="iq-hint">Answer with a word or phrase.</div>',
    ]
    assert fields[FIELDS.index("Kind")] == "short-answer"
    assert sorted(tags) == [
        "bank::anki-kinds",
        "difficulty::medium",
        "domain::image-management",
        "topic::dicom",
        "topic::worklist",
    ]


def test_an_image_that_cannot_be_read_is_reported_and_the_rest_kept(tmp_path: Path) -> None:
    bank = kinds_bank(tmp_path / "bank")
    (tmp_path / "bank" / "images" / "grey-steps.png").unlink()
    exported = anki.export([bank], timestamp=WHEN)
    assert exported.count == len(bank.questions)
    assert len(exported.losses) == 1
    loss = exported.losses[0]
    assert (loss.bank, loss.question_id, loss.left_out) == ("anki-kinds", "display-calibration", False)
    assert loss.detail.startswith(
        "exhibit 1 (Grey steps): the image is not in the package, as grey-steps.png cannot be read"
    )
    with zipfile.ZipFile(io.BytesIO(exported.content)) as archive:
        assert json.loads(archive.read("media")) == {}


def test_a_kind_the_export_does_not_know_is_left_out_and_reported() -> None:
    @dataclass(frozen=True, kw_only=True)
    class Essay(Question):
        kind_name: ClassVar[str] = "essay"

    essay = Essay(id="describe", domain=Domain.OPERATIONS, question="Describe a downtime plan.")
    chosen = ChoiceQuestion(id="pick", domain=Domain.OPERATIONS, question="Pick one.", choices=("a", "b"), answer="A")
    exported = anki.export([Bank("mixed", "Mixed", (essay, chosen))], timestamp=WHEN)
    assert exported.count == 1
    assert exported.losses == [
        Loss("mixed", "describe", "the Anki export cannot show a 'essay' question", left_out=True)
    ]


def test_exporting_leaves_no_file_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bank = kinds_bank(tmp_path / "bank")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # where tempfile (and genanki) would write
    assert anki.export([bank]).content.startswith(b"PK")
    assert list(scratch.iterdir()) == []


def test_ids_are_stable_and_in_ankis_range() -> None:
    assert anki.deck_id("dicom-basics") == anki.deck_id("dicom-basics") != anki.deck_id("dicom-basic")
    assert all(1 << 30 <= anki.deck_id(name) < 1 << 31 for name in ("a", "dicom-basics", "x" * 80))
    assert anki.note_guid("dicom-basics", "c-move-dest") == genanki.guid_for("dicom-basics", "c-move-dest")
    assert anki.note_guid("dicom-basics", "c-move-dest") != anki.note_guid("dicom-basics", "c-move-dest2")


def test_text_is_escaped_line_breaks_kept_and_controls_made_visible() -> None:
    assert escaped("<b>DOE^JANE</b> & [latex]x[/latex]") == "&lt;b&gt;DOE^JANE&lt;/b&gt; &amp; &#91;latex]x&#91;/latex]"
    assert prose("one\n  two\r\nthree\n") == "one<br>  two<br>three"  # a YAML block's last line break is not a line
    # HL7 segments end with carriage returns; a stray escape character shows as its symbol, as on screen
    assert preformatted("MSH|^~\\&|RIS\rPID|1|\x1b\r") == '<pre class="iq-pre">MSH|^~\\&amp;|RIS\nPID|1|\u241b</pre>'
    assert preformatted("\nindented") == '<pre class="iq-pre">\n\nindented</pre>'  # HTML drops the first one
    assert preformatted("a\tb") == '<pre class="iq-pre">a   b</pre>'

"""Anki's "Notes in Plain Text" (issue 18), both ways. The import reads files written by hand in Anki's
format with each header variant, a broken one, and what Anki's own library exports; the export is
imported into a fresh collection by Anki's own library (its notes, fields, tags, decks and guids
checked, a second import updating instead of adding)."""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from quiz.banks.exporters import anki_text as anki_export
from quiz.banks.importers import anki_text, decode
from quiz.models import Bank
from tests.conftest import FIXTURES
from tests.round_trips import NASTY, SHIPPED, back_as_bank, load

IMPORT = FIXTURES / "import"


def _report(name: str) -> list[tuple[int, str, str]]:
    imported = anki_text.parse((IMPORT / name).read_text())
    return [(e.line, e.outcome, e.detail) for e in imported.report]


def test_anki_text_is_told_from_the_other_formats() -> None:
    for name in ("anki-notes.txt", "anki-notes-plain.txt", "anki-notes-legacy.txt", "anki-broken.txt"):
        assert anki_text.is_anki_text((IMPORT / name).read_text()), name
    for name in ("questions.gift", "questions.csv", "aiken-good.txt", "kinds.csv"):
        assert not anki_text.is_anki_text((IMPORT / name).read_text()), name
    assert anki_text.is_anki_text("\ufeff#separator:tab\nfront\tback\n")
    assert not anki_text.is_anki_text("#hashtag: not a header Anki knows\n")


def test_a_full_export_with_guid_notetype_deck_and_tags_columns(tmp_path: Path) -> None:
    imported = anki_text.parse((IMPORT / "anki-notes.txt").read_text())
    tags = "are not topics (a topic is lowercase letters, digits and -)"
    long = "too long to type as the answer (a short answer is one line of at most 80 characters)"
    one_way = "only its Front -> Back card is kept (the app asks one way)"
    custom = "note type 'Imaging term': its first field is the question, its second the answer"
    assert [(e.line, e.outcome, e.detail) for e in imported.report] == [
        (7, "converted", f"HTML tags taken out; tags DICOM::Networking {tags}"),
        (8, "converted", f"HTML tags taken out; {one_way}; tags marked {tags}"),
        (9, "converted", "HTML entities decoded"),
        (11, "skipped", "a cloze note ({{c1::...}} deletions in its text): the app has no cloze question"),
        (12, "skipped", f"its Back is several lines: {long}"),
        (13, "skipped", f"its Back is 100 characters: {long}"),
        (14, "skipped", "it shows an image or plays a sound, which a text file does not hold"),
        (15, "skipped", "an image-occlusion note: its image is not in a text file"),
        (16, "converted", f"{custom}; 1 more field is not kept"),
        (17, "imported", ""),
    ]
    first, pid, mammo, vna, pipe = imported.questions
    assert first == {
        "id": first["id"],
        "type": "short-answer",
        "question": "Which port is registered for DICOM over TLS?",
        "accept": ["2762"],
        "domain": "image-management",  # the domain:: and difficulty:: tags the app's own export writes
        "difficulty": "hard",
        "topics": ["dicom"],
    }
    assert str(first["id"]).startswith("anki-") and pid["accept"] == ["PID"] and pid["topics"] == ["hl7"]
    assert mammo["question"] == 'Which Modality value do mammograms carry? (two letters, e.g. "CT")'
    assert vna["accept"] == ["VNA"] and vna["topics"] == ["terms"]
    assert pipe["question"] == 'A field with a tab and "quotes": which character separates HL7 fields?'  # HTML: a space
    assert imported.categories[str(first["id"])] == "Imaging/DICOM"
    assert imported.categories[str(pid["id"])] == "Imaging/HL7"
    back_as_bank(imported, tmp_path, bank_id="anki", domain="imaging-informatics")


def test_the_guid_keeps_the_id_when_the_text_is_edited_in_anki() -> None:
    text = (IMPORT / "anki-notes.txt").read_text()
    edited = text.replace("Which port is registered for <b>DICOM over TLS</b>?", "Which TCP port does DICOM TLS use?")
    before, after = anki_text.parse(text).questions[0], anki_text.parse(edited).questions[0]
    assert before["question"] != after["question"] and before["id"] == after["id"]
    twice = anki_text.parse("#separator:tab\n#guid column:1\ng1\tWhich port?\t104\ng1\tWhich TLS port?\t2762\n")
    first, second = (str(q["id"]) for q in twice.questions)
    assert (
        second == f"{first}-2" and twice.report[1].detail == f"its guid is an earlier note's too: its id is {second!r}"
    )
    no_guid = anki_text.parse((IMPORT / "anki-notes-legacy.txt").read_text())
    again = anki_text.parse((IMPORT / "anki-notes-legacy.txt").read_text())
    assert [q["id"] for q in no_guid.questions] == [q["id"] for q in again.questions]  # from the text, stably


def test_named_columns_a_global_deck_and_tags_and_plain_text() -> None:
    imported = anki_text.parse((IMPORT / "anki-notes-plain.txt").read_text())
    assert [(e.line, e.outcome) for e in imported.report] == [(8, "imported"), (9, "imported"), (10, "converted")]
    msh, cr, a01 = imported.questions
    assert (msh["question"], msh["accept"]) == ("Which segment opens every HL7 v2 message?", ["MSH"])  # Back first
    assert msh["topics"] == ["hl7", "interfaces", "mllp"]  # #tags: for every note, then its own
    assert cr["accept"] == ["<CR>"]  # #html:false: the text is as written, never markup
    assert a01["accept"] == ["A01"] and "tags adt_events are not topics" in imported.report[2].detail
    assert set(imported.categories.values()) == {"Imaging/HL7"}


def test_the_old_tags_line_and_a_guessed_separator() -> None:
    assert _report("anki-notes-legacy.txt") == [
        (1, "converted", "no usable #separator line: the separator is taken to be semicolon, "
         "the first of Anki's separators the file holds"),
        (2, "imported", ""),
        (3, "imported", ""),
    ]  # fmt: skip
    imported = anki_text.parse((IMPORT / "anki-notes-legacy.txt").read_text())
    assert [q["accept"] for q in imported.questions] == [["C-ECHO"], ["11112"]]
    assert imported.questions[0]["topics"] == ["legacy", "dicom"]


def test_a_broken_file_says_what_is_wrong_at_its_line() -> None:
    assert _report("anki-broken.txt") == [
        (1, "converted", "#separator:banana is not one Anki knows (tab, pipe, semicolon, colon, comma, space); "
         "read as Anki reads it without it"),
        (2, "converted", "#html:yes is neither true nor false; read as Anki reads it without it"),
        (3, "converted", "#tags column:x is not a column number (1 is the first); read as Anki reads it without it"),
        (1, "converted", "no usable #separator line: the separator is taken to be tab, "
         "the first of Anki's separators the file holds"),
        (5, "imported", ""),
        (6, "skipped", "it has no Back: nothing to accept as the answer (a Basic note's second field)"),
        (7, "skipped", "its Front (the question) is empty"),
        (8, "skipped", 'a quoted cell opened on line 8 is never closed (a " without its pair)'),
    ]  # fmt: skip


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[Any]:
    from anki.collection import Collection

    col = Collection(str(tmp_path / "collection.anki2"))
    yield col
    col.close()


def _import_into(col: Any, path: Path) -> Any:
    from anki.import_export_pb2 import ImportCsvRequest

    metadata = col.get_csv_metadata(str(path), None)
    return col.import_csv(ImportCsvRequest(path=str(path), metadata=metadata)).log


def test_what_anki_itself_exports_is_read(collection: Any, tmp_path: Path) -> None:
    basic, cloze = collection.models.by_name("Basic"), collection.models.by_name("Cloze")
    note = collection.new_note(basic)
    note["Front"], note["Back"] = "Which VR holds a <i>date</i> &amp; nothing else?", "DA"
    note.tags = ["dicom", "VR"]
    collection.add_note(note, collection.decks.id("PACS::DICOM"))
    deletion = collection.new_note(cloze)
    deletion["Text"] = "{{c1::C-FIND}} queries the archive."
    collection.add_note(deletion, collection.decks.id("PACS::DICOM"))
    for with_html in (True, False):
        path = tmp_path / f"notes-{with_html}.txt"
        collection.export_note_csv(
            out_path=str(path),
            limit=None,
            with_html=with_html,
            with_tags=True,
            with_deck=True,
            with_notetype=True,
            with_guid=True,
        )
        text = path.read_text()
        assert anki_text.is_anki_text(text)
        imported = anki_text.parse(text)
        assert [e.outcome for e in imported.report] == ["converted" if with_html else "imported", "skipped"]
        (question,) = imported.questions
        assert question["question"] == "Which VR holds a date & nothing else?" and question["accept"] == ["DA"]
        assert question["topics"] == ["dicom", "vr"]  # Anki's tags are case-insensitive
        assert imported.categories[str(question["id"])] == "PACS/DICOM"


def test_the_export_imports_into_anki_and_a_second_import_updates(collection: Any, tmp_path: Path) -> None:
    import genanki

    banks = [load(NASTY), load(SHIPPED[0])]
    exported = anki_export.export(banks)
    assert exported.count == sum(len(b.questions) for b in banks)
    path = tmp_path / "notes.txt"
    path.write_bytes(exported.content)
    log = _import_into(collection, path)
    assert len(log.new) == exported.count and not log.conflicting and not log.missing_notetype
    assert collection.note_count() == exported.count
    notes = {collection.get_note(nid).guid: collection.get_note(nid) for nid in collection.find_notes("")}
    for bank in banks:
        for question in bank.questions:
            note = notes[genanki.guid_for(bank.bank, question.id)]  # the .apkg export's guid
            assert note.note_type()["name"] == "Basic"
            assert set(note.tags) == set(anki_export.note_tags(bank, question))
            assert note["Front"] == anki_export.front_html(bank, question)
            assert note["Back"] == anki_export.back_html(question)
            assert collection.decks.name(note.cards()[0].did) == anki_export.deck_name(bank)
    again = _import_into(collection, path)
    assert not again.new and collection.note_count() == exported.count  # matched by guid, not added
    changed = path.read_text().replace("<b>C.</b> C-MOVE", "<b>C.</b> C-MOVE (to the Move Destination)")
    path.write_text(changed)
    updated = _import_into(collection, path)
    assert len(updated.updated) == 1 and not updated.new


def test_the_front_shows_the_question_and_the_back_its_answer_all_escaped() -> None:
    bank = load(NASTY)
    by_id = {q.id: q for q in bank.questions}
    front = anki_export.front_html(bank, by_id["hl7-repetition-separator"])
    assert front.startswith("This header opens an ORM^O01 message:<br> &nbsp;MSH|^~\\&amp;|RIS|")
    assert "<br><br>A. ^<br>B. ~<br>C. \\<br>D. &amp;" in front
    assert anki_export.back_html(by_id["hl7-repetition-separator"]).startswith("<b>B.</b> ~<br><br>MSH-2 holds")
    assert "<i>(Select all that apply.)</i>" in anki_export.front_html(bank, by_id["dimse-c-services"])
    assert anki_export.back_html(by_id["dimse-c-services"]).startswith(
        "<b>A.</b> C-STORE<br><b>B.</b> C-FIND<br><b>D.</b> C-ECHO<br><br>"
    )
    assert "<b>True</b><br><br>Segments end with &lt;CR&gt;" in anki_export.back_html(by_id["hl7-segment-terminator"])
    assert anki_export.back_html(by_id["archive-growth"]).startswith("<b>30 TB (±2%)</b>")
    assert anki_export.front_html(bank, by_id["archive-growth"]).endswith("<i>(in TB)</i>")
    assert anki_export.back_html(by_id["mammography-modality"]).startswith(
        "<b>MG</b><br><i>Also accepted:</i> Mammography (MG)"
    )
    matching = anki_export.front_html(bank, by_id["hl7-delimiters"])
    assert "1. |<br>2. ^<br>3. &amp;<br>4. ~<br>5. \\<br><br>A. " in matching
    assert "| → <b>fields</b>" in anki_export.back_html(by_id["hl7-delimiters"])
    ordering = anki_export.front_html(bank, by_id["cmove-steps"])
    shown = [line.split(". ", 1)[1] for line in ordering.split("<br>")[3:]]  # after "Put these in order:"
    items = by_id["cmove-steps"].items  # type: ignore[attr-defined]
    assert sorted(shown) == sorted(items) and shown != list(items)  # never shown already in order
    assert ordering == anki_export.front_html(bank, by_id["cmove-steps"])  # the same order every time
    pid = anki_export.front_html(bank, by_id["pid-identifier-list"])
    assert pid.startswith("<b>Orders arriving at Riverside&#x27;s RIS</b><br>Riverside&#x27;s EHR sends")
    assert "<b>Exhibit 1: ORM^O01 from the EHR</b><pre>MSH|^~\\&amp;|EHR|RIVERSIDE|" in pid
    assert "<b>Exhibit 2: The same PID with a second identifier</b><pre>PID|1||MRN12345" in pid
    assert "<i>References:</i><br>HL7 v2.5.1 Ch. 3; section 3.4.2<br>C:\\standards" in anki_export.back_html(
        by_id["pid-identifier-list"]
    )
    assert not anki_export.export([bank]).losses  # no image exhibit: nothing lost


def test_an_image_exhibit_is_the_one_loss(tmp_path: Path) -> None:
    import dataclasses

    from quiz.models import Exhibit

    bank = load(NASTY)
    question = dataclasses.replace(
        bank.questions[0], exhibits=(Exhibit("Head CT, axial", "image", "A <b>hyperdense</b> area", "head.png"),)
    )
    exported = anki_export.export([Bank(bank.bank, bank.title, (question,))])
    (loss,) = exported.losses
    assert loss.detail == "a text file holds no image: the picture of exhibit 'Head CT, axial'" and not loss.left_out
    front = anki_export.front_html(bank, question)
    assert "<b>Exhibit 1: Head CT, axial</b> <i>(an image, not in this file)</i> A &lt;b&gt;hyperdense" in front


def test_the_export_read_back_by_the_import_is_reported_note_by_note() -> None:
    bank = load(NASTY)
    text = decode(anki_export.export([bank]).content)
    assert anki_text.is_anki_text(text)
    imported = anki_text.parse(text)
    notes = [e for e in imported.report if e.line > len(anki_export.HEADER)]
    assert len(notes) == len(bank.questions)  # each note reported: a flashcard's Back is mostly too long to type
    assert all(e.outcome == "skipped" and "too long to type" in e.detail for e in notes)


def test_html_escaping_never_lets_a_text_become_markup() -> None:
    assert anki_export.text_html('<script>alert("x")</script> & <b>') == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;"
    )
    assert html.unescape(anki_export.text_html("a  b\nc")).replace("\xa0", " ") == "a  b<br>c"


def test_hostile_anki_files_are_read_or_refused_with_a_line() -> None:
    text = (IMPORT / "anki-notes.txt").read_text()
    assert anki_text.parse(decode(text.encode("utf-16"))).questions == anki_text.parse(text).questions
    with pytest.raises(ValueError, match="line 7: not UTF-8 text"):
        decode(text.replace("2762", "2762 é").encode("latin-1"))
    huge = "#separator:tab\n#html:false\n" + f"Huge?\t{'x' * 2**20}\n" + "Which port is DICOM TLS?\t2762\n"
    imported = anki_text.parse(huge)
    assert [(e.line, e.outcome) for e in imported.report] == [(3, "skipped"), (4, "imported")]
    assert imported.report[0].detail.startswith("a cell of 1,048,576 characters")
    nul = anki_text.parse("#separator:tab\nA\x00B\tC\n")  # handed text that did not go through decode
    assert [(e.line, e.detail) for e in nul.report] == [(2, "a NUL character: this is not a text file")]


def test_without_an_html_line_a_file_is_html_when_a_field_holds_a_tag() -> None:
    tagged = anki_text.parse("#separator:tab\nWhich <b>VR</b> holds a date?\tDA\n")
    assert tagged.questions[0]["question"] == "Which VR holds a date?" and tagged.report[0].outcome == "converted"
    plain = anki_text.parse("#separator:tab\nWhich VR holds a date & a time?\tDT\n")
    assert plain.questions[0]["question"] == "Which VR holds a date & a time?"  # no tag: the text as it is

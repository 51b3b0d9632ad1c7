"""Banks as an Anki package (`.apkg`, made with genanki): a deck per bank, `Imaging quiz::<title>`,
a note per question in the one "imaging-quiz" note type (`anki_model`), its fields built by
`anki_fields`, its image exhibits as media files. Each note's guid comes from its bank id and
question id, and each deck's id from its bank id, so importing a later export updates the notes
already in the user's collection instead of adding them again.

What a note cannot carry is reported as a loss: an image exhibit whose file cannot be read (the card
keeps its title and description). A kind of question the export does not know is left out, with a
loss that says so. Nothing else is lost: the choices keep the bank's letters, and the app's shuffle
of them, its checks of where an answer is read (`reads`, `fault`) and its exhibit digests are how
the app presents and checks a question, not text a person reads in it."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Sequence
from contextlib import closing
from io import BytesIO
from pathlib import Path
from typing import Any

from quiz.banks.exporters import Exported, Loss
from quiz.banks.exporters import anki_fields as fields
from quiz.banks.exporters.anki_model import note_type
from quiz.models import Bank, Question

DECK_PARENT = "Imaging quiz"
_ID_LOW, _ID_SPAN = 1 << 30, 1 << 30  # genanki's range for note type and deck ids


def deck_id(bank_id: str) -> int:
    """The same id for the same bank at every export."""
    digest = hashlib.sha256(f"imaging-quiz deck {bank_id}".encode()).digest()
    return _ID_LOW + int.from_bytes(digest[:8], "big") % _ID_SPAN


def deck_name(bank: Bank) -> str:
    """`Imaging quiz::<title>`; a `::` in the title would make Anki nest a deck, so it is one colon."""
    title = " ".join(bank.title.split()).replace("::", ":")
    return f"{DECK_PARENT}::{title or bank.bank}"


def note_guid(bank_id: str, question_id: str) -> str:
    import genanki

    return str(genanki.guid_for(bank_id, question_id))


def tags(bank: Bank, question: Question) -> list[str]:
    """Anki's hierarchical tags (`domain::imaging-informatics`); a tag holds no space."""
    found = [f"domain::{question.domain.value}", *(f"topic::{topic}" for topic in question.topics)]
    found.append(f"difficulty::{question.difficulty.value}")
    if question.subtopic:
        found.append(f"subtopic::{question.subtopic}")
    if question.case:
        found.append(f"case::{question.case.id}")
    found.append(f"bank::{bank.bank}")
    return [re.sub(r"\s+", "_", tag) for tag in found]


def note_fields(bank: Bank, question: Question, media: fields.Media) -> tuple[list[str], list[str]]:
    """The note's fields in the note type's order, and what it could not carry."""
    choices, answer = fields.choices_and_answer(question, f"{bank.bank}/{question.id}")
    exhibits, lost = fields.exhibits(question, media)
    values = [
        fields.prose(question.question),
        fields.case(question),
        choices,
        answer,
        fields.prose(question.explanation or ""),
        fields.references(question),
        exhibits,
        fields.escaped(bank.bank),
        fields.escaped(question.id),
        fields.escaped(fields.kind_label(question)),
    ]
    return values, lost


def export(banks: Sequence[Bank], *, timestamp: float | None = None) -> Exported:
    """The package's bytes. `timestamp` (seconds) dates the notes; Anki updates a note it holds only
    from a newer one, so each export is dated now unless a test needs a given time."""
    import genanki

    model = note_type()
    media = fields.Media()
    exported = Exported(b"")
    decks = []
    for bank in banks:
        deck = genanki.Deck(deck_id(bank.bank), deck_name(bank), description=fields.escaped(bank.description or ""))
        for question in bank.questions:
            try:
                values, lost = note_fields(bank, question, media)
            except fields.UnknownKind as problem:
                exported.losses.append(Loss(bank.bank, question.id, str(problem), left_out=True))
                continue
            guid = note_guid(bank.bank, question.id)
            deck.add_note(genanki.Note(model=model, fields=values, tags=tags(bank, question), guid=guid))
            exported.count += 1
            exported.losses += [Loss(bank.bank, question.id, detail) for detail in lost]
        decks.append(deck)
    exported.content = _package_bytes(decks, media.files, time.time() if timestamp is None else timestamp)
    return exported


def _package_bytes(decks: list[Any], media: dict[str, bytes], timestamp: float) -> bytes:
    """genanki's package, laid out as `Package.write_to_file` lays it out, without the file that
    method leaves behind (genanki 0.13 writes the collection to a `mkstemp` file it never removes):
    the collection is written in a folder of our own that is removed, and the zip in memory."""
    import genanki

    with tempfile.TemporaryDirectory(prefix="quiz-anki-") as folder:
        paths = []
        for name, content in media.items():
            path = Path(folder, "media", name)
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(content)
            paths.append(str(path))
        package = genanki.Package(decks, media_files=paths)
        collection = Path(folder, "collection.anki2")
        with closing(sqlite3.connect(collection)) as connection:
            package.write_to_db(connection.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            connection.commit()
        out = BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(collection, "collection.anki2")
            archive.writestr("media", json.dumps({str(i): Path(p).name for i, p in enumerate(package.media_files)}))
            for index, path_name in enumerate(package.media_files):
                archive.write(path_name, str(index))
    return out.getvalue()

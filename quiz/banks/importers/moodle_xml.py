"""Moodle XML, the format of Moodle's question bank export (question/format/xml/format.php): a
`<quiz>` of `<question type="...">` elements. Read with a hardened parser (quiz.banks.importers.
safe_xml: no DTD, no entities, no external references, bounded depth), from the file's bytes so
its declared encoding is honoured.

Supported: multichoice (one answer, or several: select-all), truefalse, shortanswer, numerical,
matching and ordering (quiz.banks.importers.moodle_questions); `category` elements (each question
is recorded under the category above it, without Moodle's `$course$/top` prefix); the question's
`<idnumber>`, else its `<name>`, as its id; the general feedback, and any answer feedback after it,
as the explanation; rich text taken out of its HTML (quiz.banks.importers.html_text); images
embedded in the question text (`<file encoding="base64">`) as image exhibits written beside the
bank; `<tags>` as topics, difficulty, domain and sub-topic (quiz.banks.moodle_tags). Essays, cloze,
calculated, descriptions, drag-and-drop and random questions have no bank kind: skipped, with why
and the line of their `<question>`."""

from __future__ import annotations

import base64
import binascii
import re
from pathlib import PurePath
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import Element

from quiz.banks.exhibit_files import IMAGE_SUFFIXES, MAX_EXHIBIT_BYTES
from quiz.banks.importers import Imported, ReportEntry, stable_id
from quiz.banks.importers.html_text import Image
from quiz.banks.importers.moodle_questions import READERS, UNSUPPORTED, Reading, Skip, plain_of, text_of
from quiz.banks.importers.safe_xml import read_xml
from quiz.banks.moodle_tags import read_tags

if TYPE_CHECKING:
    from quiz.banks.outline import Outline

QUESTION_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")  # the bank format's id rule (format_base.QuestionId)
_SAFE_NAME = re.compile(r'^[^/\\:*?"<>|\x00-\x1f]{1,120}$')
HTML_TAKEN_OUT = "HTML taken out of its tags"


def parse(content: bytes) -> Imported:
    document = read_xml(content)
    root = document.root
    if root.tag != "quiz":
        raise ValueError(
            f"line {document.line(root)}: the root element is <{root.tag}>, not <quiz>: not a Moodle XML question file"
        )
    imported = Imported()
    taken: set[str] = set()
    category = ""
    outline = _OutlineOnce()
    for element in root:
        line = document.line(element)
        if element.tag != "question":
            imported.report.append(ReportEntry(line, "skipped", None, f"<{element.tag}> is not a <question>"))
            continue
        kind = (element.get("type") or "").strip()
        if kind == "category":
            holder = element.find("category")
            category = category_path(text_of(holder) if holder is not None else "")
            imported.report.append(
                ReportEntry(
                    line,
                    "converted",
                    None,
                    f"category '{category or 'top'}': the questions after it are recorded under it "
                    "(--category-domain gives them a domain)",
                )
            )
            continue
        stem_holder = element.find("questiontext")
        text_format = (stem_holder.get("format") if stem_holder is not None else None) or "html"
        reading = Reading(element, text_format.strip())
        try:
            question = _question(element, kind, reading, taken, imported, outline)
        except Skip as why:
            name = plain_of(element.find("name"))
            imported.report.append(ReportEntry(line, "skipped", None, f"{why}" + (f" ('{name}')" if name else "")))
            continue
        imported.questions.append(question)
        if category:
            imported.categories[question["id"]] = category
        notes = ([HTML_TAKEN_OUT] if reading.html_taken_out else []) + reading.notes
        imported.report.append(
            ReportEntry(line, "converted" if notes else "imported", question["id"], "; ".join(notes))
        )
    return imported


def category_path(written: str) -> str:
    """`$course$/top/PACS/HL7` as `PACS/HL7`: without the context and `top` (Moodle writes a `/`
    inside a category's name as `//`)."""
    parts = [part.replace("\x00", "/").strip() for part in written.strip().replace("//", "\x00").split("/")]
    parts = [part for part in parts if part]
    if parts and len(parts[0]) > 1 and parts[0].startswith("$") and parts[0].endswith("$"):
        parts = parts[1:]
    if parts and parts[0].lower() == "top":
        parts = parts[1:]
    return "/".join(parts)


def question_id(stem: str, taken: set[str], name: str) -> str:
    """The source's own id when it already is one (so ids the app exported come back as they
    were), else `stable_id` (a slug of the name, or of the stem with a hash)."""
    if QUESTION_ID.match(name) and name not in taken:
        taken.add(name)
        return name
    return stable_id(stem, taken, name or None)


def _question(
    element: Element, kind: str, reading: Reading, taken: set[str], imported: Imported, outline: _OutlineOnce
) -> dict[str, Any]:
    if kind in UNSUPPORTED:
        raise Skip(UNSUPPORTED[kind])
    reader = READERS.get(kind)
    if reader is None:
        raise Skip(f"question type '{kind}' has no bank kind" if kind else "a <question> without a type")
    stem_holder = element.find("questiontext")
    stem, images = reading.rich(stem_holder, "html")
    fields = reader(reading)
    if not stem:
        raise Skip("no question text" + (" (only an image)" if images else ""))
    general, general_images = reading.rich(element.find("generalfeedback"))
    reading.stray_images += len(general_images)
    common = _tagged(element, reading, outline)
    name = plain_of(element.find("name"))
    qid = question_id(stem, taken, (element.findtext("idnumber") or "").strip() or name)
    exhibits = _exhibits(stem_holder, images, qid, reading, imported.files)
    question: dict[str, Any] = {"id": qid}
    if "type" in fields:
        question["type"] = fields.pop("type")
    question |= common
    question["question"] = stem
    if exhibits:
        question["exhibits"] = exhibits
    question |= fields
    explanation = _explanation(general, reading)
    if explanation:
        question["explanation"] = explanation
    _left_out(element, reading)
    return question


def _tagged(element: Element, reading: Reading, outline: _OutlineOnce) -> dict[str, Any]:
    tags = [plain_of(tag) for tag in element.findall("tags/tag") + element.findall("coursetags/tag")]
    fields, notes = read_tags(tags)
    for note in notes:
        reading.note(note)
    subtopic = fields.pop("subtopic", None)
    known = outline.get() if subtopic else None
    if subtopic and known is not None:
        domain = known.domain_of(subtopic)
        if domain is None:
            reading.note(f"tag 'subtopic-{subtopic}' names no sub-topic of the outline: left out")
            subtopic = None
        elif fields.setdefault("domain", domain.value) != domain.value:
            reading.note(
                f"tag 'subtopic-{subtopic}' left out: that sub-topic is in {domain.value}, not {fields['domain']}"
            )
            subtopic = None
    common = {key: fields[key] for key in ("domain",) if key in fields}
    if subtopic:
        common["subtopic"] = subtopic
    common |= {key: fields[key] for key in ("topics", "difficulty") if key in fields}
    return common


def _explanation(general: str, reading: Reading) -> str:
    parts = [general] if general else []
    if reading.feedback:
        parts.append("\n".join(f"{label}: {text}" for label, text in reading.feedback))
        reading.note("answer feedback added to the explanation")
    return "\n\n".join(parts)


def _left_out(element: Element, reading: Reading) -> None:
    """What Moodle holds beside the question that a bank question has no place for, noted (its
    HTML is not what "HTML taken out" reports: none of that text is kept)."""
    html_taken_out = reading.html_taken_out
    combined = [
        name
        for name in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback")
        if reading.rich(element.find(name))[0]
    ]
    if combined:
        reading.note(f"{', '.join(combined)} left out (the bank has one explanation)")
    hints = [hint for hint in element.findall("hint") if reading.rich(hint)[0]]
    reading.html_taken_out = html_taken_out
    if hints:
        reading.note(f"{len(hints)} hint(s) left out (the bank has no hints)")
    if reading.stray_images:
        reading.note(
            f"{reading.stray_images} image(s) in answers or feedback left out (only the question text has exhibits)"
        )


def _exhibits(
    holder: Element | None, images: list[Image], qid: str, reading: Reading, files: dict[str, bytes]
) -> list[dict[str, str]]:
    """The images embedded in the question text, as image exhibits; their bytes go to `files`."""
    embedded = _embedded_files(holder, reading)
    exhibits: list[dict[str, str]] = []
    shown: set[str] = set()
    for image in images:
        name = image.embedded_name
        if name is None:
            reading.note(f"image {image.src or '(no source)'} is not embedded in the file: left out")
        elif name not in embedded:
            reading.note(f"image '{name}' is not embedded in the file: left out")
        elif name not in shown:
            shown.add(name)
            exhibits.append(_image_exhibit(qid, name, image, embedded[name], files))
    for name, data in embedded.items():
        if name not in shown:  # embedded but not shown by an <img>: still the question's
            exhibits.append(_image_exhibit(qid, name, Image("", "", ""), data, files))
    return exhibits


def _embedded_files(holder: Element | None, reading: Reading) -> dict[str, bytes]:
    embedded: dict[str, bytes] = {}
    for file in holder.findall("file") if holder is not None else []:
        name = file.get("name", "")
        if not _SAFE_NAME.match(name) or name.startswith(".") or ".." in name or name != name.strip():
            reading.note(f"file '{name}' left out: not a plain file name (no folders, no '..')")
            continue
        if PurePath(name).suffix.lower() not in IMAGE_SUFFIXES:
            reading.note(f"file '{name}' left out: not an image ({', '.join(IMAGE_SUFFIXES)})")
            continue
        if (file.get("encoding") or "base64").strip() != "base64":
            reading.note(f"file '{name}' left out: its encoding is not base64")
            continue
        try:
            data = base64.b64decode("".join((file.text or "").split()), validate=True)
        except (binascii.Error, ValueError):
            reading.note(f"file '{name}' left out: its content is not valid base64")
            continue
        if len(data) > MAX_EXHIBIT_BYTES:
            reading.note(f"file '{name}' left out: larger than the {MAX_EXHIBIT_BYTES >> 20} MiB an exhibit may be")
            continue
        embedded.setdefault(name, data)  # Moodle keeps the first of two files with one name too
    return embedded


def _image_exhibit(qid: str, name: str, image: Image, data: bytes, files: dict[str, bytes]) -> dict[str, str]:
    file_name = f"{qid}-{name}"
    files[file_name] = data
    title = image.title.strip() or name
    exhibit = {"title": title, "kind": "image", "file": file_name}
    if image.alt.strip() and image.alt.strip() != title:
        exhibit["text"] = image.alt.strip()
    return exhibit


class _OutlineOnce:
    """The shipped outline (what `subtopic-` tags are checked against), read when first needed."""

    def __init__(self) -> None:
        self._read = False
        self._outline: Outline | None = None

    def get(self) -> Outline | None:
        if not self._read:
            self._read = True
            from quiz.banks.outline import shipped_outline
            from quiz.banks.problems import SourceError

            try:
                self._outline = shipped_outline()
            except (SourceError, OSError):  # no outline: the bank's validation checks no sub-topics either
                self._outline = None
        return self._outline

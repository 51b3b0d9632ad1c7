"""Anki's "Notes in Plain Text" export (and any text file Anki's importer reads), read as Anki reads
it (rslib/src/import_export/text/csv): `#key:value` header lines first (`#separator:`, `#html:`,
`#tags:`, `#columns:`, `#notetype:`, `#deck:`, `#notetype column:`, `#deck column:`, `#tags column:`,
`#guid column:`; a first line `tags:...` is the old form of `#tags:`), then a note per record;
columns are numbered from 1, and a record starting with # is a comment. Without `#separator`, the
separator is Anki's guess (the first of tab, |, ;, :, comma or space the file holds); without
`#html`, the notes are HTML when a field holds a tag, as Anki decides.

A note of the Basic kinds (Front, Back) becomes a short-answer item: the Front is the question, the
Back the accepted answer (HTML taken out and entities decoded when the file is HTML: reported as
converted). The fields are the columns that are not guid, note type, deck or tags, in order (by
name, Front and Back, when `#columns` names them). A Back one cannot type as an answer (more than
ANSWER_LIMIT characters, or several lines) is skipped with why, as are cloze and image-occlusion
notes and notes showing media (a text file holds no images or sounds). Tags that are topic slugs
become topics (Anki's tags are case-insensitive: they are lowercased); `domain::` and
`difficulty::` tags (what the app's Anki export writes) set those; other tags are reported. The deck
is kept as the question's category ("::" as "/"); a note with a guid gets an id made from it
(`anki-` and a hash), which stays the same when its text is edited in Anki."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from quiz.banks.importers import Imported, ReportEntry, stable_id
from quiz.banks.importers.checking import nul_refusal, problem_of
from quiz.banks.importers.delimited import Record, records
from quiz.banks.importers.html_text import has_media, html_to_text
from quiz.domains import DOMAIN_KEYS

PREVIEW = 5  # the notes Anki looks at to guess whether a file is HTML
ANSWER_LIMIT = 80  # characters of a typed answer: a word, a code, a short phrase
# Anki's separators, in the order it guesses them (its Delimiter enum)
SEPARATORS = {"tab": "\t", "pipe": "|", "semicolon": ";", "colon": ":", "comma": ",", "space": " "}
META_KEYS = frozenset(
    {
        "separator",
        "html",
        "tags",
        "columns",
        "notetype",
        "deck",
        "notetype column",
        "deck column",
        "tags column",
        "guid column",
        "match scope",
        "if matches",
    }
)
COLUMN_KEYS = ("notetype column", "deck column", "tags column", "guid column")
TOPIC = re.compile(r"[a-z0-9][a-z0-9-]*")
CLOZE = re.compile(r"\{\{c\d+::")
ANKI_OWN_TAGS = frozenset({"marked", "leech"})  # Anki's flags for a note, not what it is about
_HTML = re.compile(r"<!--.*?-->|<[^>]*>", re.S)  # Anki's is_html: any tag


@dataclass
class Header:
    """What the `#` lines say, and what was wrong with them."""

    lines: int = 0  # how many lines the header takes
    separator: str | None = None
    html: bool | None = None
    tags: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    notetype: str | None = None
    deck: str | None = None
    column: dict[str, int] = field(default_factory=dict)  # "guid column" -> 1 (1-based)
    problems: list[tuple[int, str]] = field(default_factory=list)


def is_anki_text(text: str) -> bool:
    """Whether `text` starts as Anki's text files do: a `#key:value` line Anki knows, or `tags:`."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    if first.startswith("tags:"):
        return True
    key = re.match(r"#([^:\n]*):", first)
    return key is not None and key.group(1).strip().lower() in META_KEYS


def read_header(text: str) -> Header:
    header = Header()
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\r")
        if number == 1 and line.startswith("tags:"):
            header.tags = line[5:].split()
        elif line.startswith("#"):
            key, colon, value = line[1:].partition(":")
            if colon:
                _meta(header, number, key.strip().lower(), value)
        else:
            header.lines = number - 1
            return header
    header.lines = len(lines)
    return header


def _trimmed(value: str) -> str:
    """Anki's reading of a value: its first character and the letters and digits right after it (a
    header line saved as a record trails separators)."""
    match = re.match(r".[A-Za-z0-9]*", value, re.S)
    return match.group(0) if match else value


def _meta(header: Header, line: int, key: str, value: str) -> None:
    trimmed = _trimmed(value)
    if key == "separator":
        named = SEPARATORS.get(trimmed.strip().lower())
        if named is None and trimmed in SEPARATORS.values():
            named = trimmed
        if named is None:
            header.problems.append(
                (line, f"#separator:{value.strip()} is not one Anki knows ({', '.join(SEPARATORS)})")
            )
        else:
            header.separator = named
    elif key == "html":
        if trimmed.lower() in ("true", "false"):
            header.html = trimmed.lower() == "true"
        else:
            header.problems.append((line, f"#html:{value.strip()} is neither true nor false"))
    elif key == "tags":
        header.tags = value.split()
    elif key == "columns":
        parsed = next(records(value, header.separator or "\t"), None)
        header.columns = parsed.cells if parsed is not None and not parsed.problem else []
    elif key == "notetype":
        header.notetype = value.strip()
    elif key == "deck":
        header.deck = value.strip()
    elif key in COLUMN_KEYS:
        if trimmed.strip().isdigit() and int(trimmed) > 0:
            header.column[key] = int(trimmed)
        else:
            header.problems.append((line, f"#{key}:{value.strip()} is not a column number (1 is the first)"))


def _guess_separator(body: str) -> str:
    sample = body[: 8 * 1024]
    return next((s for s in SEPARATORS.values() if s in sample), " ")


def parse(text: str) -> Imported:
    imported = Imported()
    refusal = nul_refusal(text)
    if refusal is not None:
        imported.report.append(refusal)
        return imported
    text = text.lstrip("\ufeff")
    header = read_header(text)
    lines = text.split("\n")
    body = "\n".join(lines[header.lines :])
    for line, problem in header.problems:
        imported.report.append(ReportEntry(line, "converted", None, problem + "; read as Anki reads it without it"))
    separator = header.separator or _guess_separator(body)
    if header.separator is None:
        name = next(n for n, s in SEPARATORS.items() if s == separator)
        guess = f"the separator is taken to be {name}, the first of Anki's separators the file holds"
        imported.report.append(ReportEntry(1, "converted", None, f"no usable #separator line: {guess}"))
    # the header lines are comments to the records (the line numbers stay the file's)
    notes = list(records("\n" * header.lines + body, separator, comments=True))
    html = header.html
    if html is None:  # Anki looks at the first notes, as its import preview shows them
        html = any(_HTML.search(cell) for r in notes[:PREVIEW] for cell in r.cells)
    taken: set[str] = set()
    for note in notes:
        if note.problem:
            imported.report.append(ReportEntry(note.line, "skipped", None, note.problem))
            continue
        _note(note, header, html=html, imported=imported, taken=taken)
    return imported


def _cell(record: Record, column: int | None) -> str | None:
    if column is None or column > len(record.cells):
        return None
    return record.cells[column - 1]


def _fields(record: Record, header: Header) -> tuple[str | None, str | None, list[str]]:
    """The note's Front, Back and other fields."""
    meta = set(header.column.values())
    numbers = [n for n in range(1, len(record.cells) + 1) if n not in meta]
    if header.columns and "notetype column" not in header.column:
        named = {label: n for n, label in enumerate(header.columns, start=1) if n not in meta}
        if "Front" in named or "Back" in named:
            front, back = named.get("Front"), named.get("Back")
            rest = [n for n in numbers if n not in (front, back)]
            return _cell(record, front), _cell(record, back), [record.cells[n - 1] for n in rest]
    values = [record.cells[n - 1] for n in numbers]
    return (values[0] if values else None), (values[1] if len(values) > 1 else None), values[2:]


def _note(record: Record, header: Header, *, html: bool, imported: Imported, taken: set[str]) -> None:
    def skip(why: str) -> None:
        imported.report.append(ReportEntry(record.line, "skipped", None, why))

    notetype = _cell(record, header.column.get("notetype column")) or header.notetype or ""
    front, back, rest = _fields(record, header)
    kind = notetype.casefold()
    if "cloze" in kind or CLOZE.search(front or ""):
        skip("a cloze note ({{c1::...}} deletions in its text): the app has no cloze question")
        return
    if "image occlusion" in kind:
        skip("an image-occlusion note: its image is not in a text file")
        return
    if front is None or not front.strip():
        skip("its Front (the question) is empty")
        return
    if back is None or not back.strip():
        skip("it has no Back: nothing to accept as the answer (a Basic note's second field)")
        return
    if html and (has_media(front) or has_media(back)):
        skip("it shows an image or plays a sound, which a text file does not hold")
        return
    notes: list[str] = []
    stem, answer = _text(front, html, notes), _text(back, html, notes)
    if "\n" in answer or len(answer) > ANSWER_LIMIT:
        how = "several lines" if "\n" in answer else f"{len(answer)} characters"
        skip(
            f"its Back is {how}: too long to type as the answer (a short answer is one line of at most "
            f"{ANSWER_LIMIT} characters)"
        )
        return
    if notetype and not notetype.startswith("Basic"):
        notes.append(f"note type {notetype!r}: its first field is the question, its second the answer")
    elif "reversed" in kind:
        notes.append("only its Front -> Back card is kept (the app asks one way)")
    if any(value.strip() for value in rest):
        more = sum(1 for value in rest if value.strip())
        notes.append(f"{more} more {'field is' if more == 1 else 'fields are'} not kept")
    question: dict[str, Any] = {"type": "short-answer", "question": stem, "accept": [answer]}
    _tags(record, header, question, notes)
    refused = problem_of({"id": "x", **question})
    if refused:
        skip(f"the bank format refuses it: {refused}")
        return
    guid = _cell(record, header.column.get("guid column"))
    # a note's guid survives edits of its text in Anki, so the id does too (and progress with it)
    name = f"anki-{hashlib.sha256(guid.encode()).hexdigest()[:10]}" if guid else None
    question_id = stable_id(stem, taken, name)
    if name and question_id != name:
        notes.append(f"its guid is an earlier note's too: its id is {question_id!r}")
    deck = _cell(record, header.column.get("deck column")) or header.deck
    if deck:
        imported.categories[question_id] = deck.replace("::", "/")
    imported.questions.append({"id": question_id, **question})
    entry = ReportEntry(record.line, "converted" if notes else "imported", question_id, "; ".join(dict.fromkeys(notes)))
    imported.report.append(entry)


def _text(value: str, html: bool, notes: list[str]) -> str:
    if not html:
        return value.strip()  # Anki takes such a file's text as it is
    text, changes = html_to_text(value)
    notes += changes
    return text


def _tags(record: Record, header: Header, question: dict[str, Any], notes: list[str]) -> None:
    tags = [*header.tags, *(_cell(record, header.column.get("tags column")) or "").split()]
    topics: list[str] = []
    others: list[str] = []
    for tag in dict.fromkeys(tags):
        lowered = tag.lower()
        prefix, _, value = lowered.partition("::")
        if prefix == "domain" and value in DOMAIN_KEYS:
            question["domain"] = value
        elif prefix == "difficulty" and value in ("easy", "medium", "hard"):
            question["difficulty"] = value
        elif prefix == "topic" and TOPIC.fullmatch(value):
            topics.append(value)  # the app's own Anki exports tag topics so
        elif prefix in ("bank", "case", "subtopic") and value:
            continue  # the app's own export's: the bank and case are where it came from, not a property
        elif TOPIC.fullmatch(lowered) and lowered not in ANKI_OWN_TAGS:
            topics.append(lowered)
        else:
            others.append(tag)
    if topics:
        question["topics"] = list(dict.fromkeys(topics))
    if others:
        notes.append(f"tags {', '.join(others)} are not topics (a topic is lowercase letters, digits and -)")

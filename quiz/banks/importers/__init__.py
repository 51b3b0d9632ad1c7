"""Converters from other question formats into a bank (issue 18). Each reads a file's text and
returns the questions it could convert, in the bank file's terms, and a report entry for every
source question (imported, converted with what changed, or skipped with why and where), so nothing
is dropped silently. `write_bank` turns them into a YAML bank that `quiz validate` passes."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

Outcome = Literal["imported", "converted", "skipped"]


@dataclass(frozen=True)
class ReportEntry:
    line: int  # where the source question starts (1-based)
    outcome: Outcome
    question_id: str | None
    detail: str = ""  # what changed, or why it was skipped

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "outcome": self.outcome, "id": self.question_id, "detail": self.detail}


@dataclass
class Imported:
    questions: list[dict[str, Any]] = field(default_factory=list)
    report: list[ReportEntry] = field(default_factory=list)
    # files the questions' exhibits name (`file:`), by their name relative to the bank: written beside it
    files: dict[str, bytes] = field(default_factory=dict)
    # the source's category of each question that had one (question id -> "Top/Sub"), for --category-domain
    categories: dict[str, str] = field(default_factory=dict)

    @property
    def skipped(self) -> list[ReportEntry]:
        return [entry for entry in self.report if entry.outcome == "skipped"]


QUESTION_ID = re.compile(r"[a-z0-9][a-z0-9._-]*")  # the bank format's question id (quiz.kinds.format_base)


def stable_id(stem: str, taken: set[str], name: str | None = None) -> str:
    """An id that importing the same file again gives again (progress is keyed by it): the source's
    own question name when it has one (as it is when it already is an id, so an exported bank comes
    back with its ids), else a slug of the stem and a short hash of it."""
    base = (name if QUESTION_ID.fullmatch(name) else _slug(name)) if name else ""
    if not base:
        digest = hashlib.sha256(" ".join(stem.split()).encode()).hexdigest()[:6]
        base = f"{_slug(stem)[:40].rstrip('-') or 'question'}-{digest}"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug if slug and slug[0].isalnum() else ""


def decode(content: bytes) -> str:
    """A source file's text: UTF-8 (with or without a byte-order mark) or UTF-16 with its mark;
    anything else is refused with the byte where it fails, never guessed."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        line = content[: problem.start].count(b"\n") + 1
        raise ValueError(f"line {line}: not UTF-8 text (byte {problem.start}); save the file as UTF-8") from None
    if "\x00" in text:
        raise ValueError(
            f"line {text[: text.index(chr(0))].count(chr(10)) + 1}: a NUL character; this is not a text file"
        )
    return text


def write_bank(imported: Imported, *, bank_id: str, title: str, domain: str | None) -> str:
    """The questions as a bank file in the documented format (every text quoted, so no character of
    it is read as YAML)."""
    import yaml

    document: dict[str, Any] = {"bank": bank_id, "title": title}
    if domain is not None:  # None: every question names its own
        document["domain"] = domain
    document["questions"] = imported.questions
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100, default_style=None)

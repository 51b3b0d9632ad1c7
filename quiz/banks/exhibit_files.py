"""Exhibits kept in files beside a bank (`file:` instead of `text:`): read when the bank is checked,
only from inside the bank's folder, bounded, regular files only. Text exhibits are read as UTF-8;
a DICOM exhibit from a `.dcm` file becomes a tag / VR / name / value table (pydicom); an image is
kept as a path and drawn by the screen. Each file's digest is kept with the exhibit, so a cached
bank whose exhibit file changed is checked again (`files_unchanged`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from quiz.banks.cache import content_digest
from quiz.banks.safe_files import MIB, UnreadableFile, read_regular_file
from quiz.dicom_text import dicom_table

if TYPE_CHECKING:
    from quiz.models import Bank

MAX_EXHIBIT_BYTES = 8 * MIB
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp")


class ExhibitFileError(ValueError):
    """The exhibit's file cannot be used; the message says why, in the bank author's terms."""


def resolve(folder: Path, name: str) -> Path:
    """`name` inside `folder` (the bank's folder), never outside it, even through a symbolic link."""
    if Path(name).is_absolute():
        raise ExhibitFileError(f"file '{name}' must be a path relative to the bank's folder")
    base = folder.resolve()
    path = (base / name).resolve()
    if path != base and base not in path.parents:
        raise ExhibitFileError(f"file '{name}' is outside the bank's folder")
    return path


def read_exhibit(folder: Path, name: str, kind: str) -> tuple[str, str, str]:
    """(text to show, resolved path, digest of the file's bytes) of an exhibit file."""
    path = resolve(folder, name)
    try:
        content = read_regular_file(path, MAX_EXHIBIT_BYTES)
    except UnreadableFile as problem:
        raise ExhibitFileError(f"file '{name}': {problem}") from None
    digest = content_digest(content)
    if kind == "image":
        if path.suffix.lower() not in IMAGE_SUFFIXES:
            raise ExhibitFileError(f"file '{name}' is not an image ({', '.join(IMAGE_SUFFIXES)})")
        return "", str(path), digest
    if kind == "dicom" and path.suffix.lower() == ".dcm":
        try:
            return dicom_table(content), str(path), digest
        except ValueError as problem:
            raise ExhibitFileError(f"file '{name}' {problem}") from None
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as problem:
        raise ExhibitFileError(f"file '{name}' is not UTF-8 text (byte {problem.start})") from None
    if not text.strip():
        raise ExhibitFileError(f"file '{name}' is empty")
    return text, str(path), digest


def files_unchanged(bank: Bank) -> bool:
    """Whether every exhibit file of a cached bank still holds what it held when the bank was checked."""
    for question in bank.questions:
        for exhibit in question.all_exhibits:
            if exhibit.file is None:
                continue
            try:
                content = read_regular_file(Path(exhibit.file), MAX_EXHIBIT_BYTES)
            except UnreadableFile:
                return False
            if content_digest(content) != exhibit.digest:
                return False
    return True

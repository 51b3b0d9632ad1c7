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

if TYPE_CHECKING:
    from pydicom.dataset import Dataset

    from quiz.models import Bank

MAX_EXHIBIT_BYTES = 8 * MIB
MAX_VALUE_CHARACTERS = 64  # a longer value is cut, with a note of its length
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
        return dicom_table(content, name), str(path), digest
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as problem:
        raise ExhibitFileError(f"file '{name}' is not UTF-8 text (byte {problem.start})") from None
    if not text.strip():
        raise ExhibitFileError(f"file '{name}' is empty")
    return text, str(path), digest


def dicom_table(content: bytes, name: str) -> str:
    """A DICOM file's header as the banks write DICOM exhibits: one element per line,
    `(gggg,eeee) VR Name: value`, the file meta first, sequence items indented, pixel data summarised."""
    import io

    from pydicom import dcmread
    from pydicom.errors import InvalidDicomError

    try:
        dataset = dcmread(io.BytesIO(content), force=False)
    except (InvalidDicomError, OSError, ValueError, EOFError) as problem:
        raise ExhibitFileError(f"file '{name}' is not a DICOM file ({problem})") from None
    lines: list[str] = []
    if dataset.file_meta:
        _elements(dataset.file_meta, lines, 0)
    _elements(dataset, lines, 0)
    return "\n".join(lines)


def _elements(dataset: Dataset, lines: list[str], depth: int) -> None:
    indent = "  " * depth
    for element in dataset:
        tag = f"({element.tag.group:04X},{element.tag.element:04X})"
        name = element.name if element.name else "Private tag"
        if element.VR == "SQ":
            lines.append(f"{indent}{tag} SQ {name}: {len(element.value)} item(s)")
            for number, item in enumerate(element.value, start=1):
                lines.append(f"{indent}  > item {number}")
                _elements(item, lines, depth + 2)
        elif element.tag == 0x7FE00010 or element.VR in ("OB", "OW", "OF", "OD", "OL", "OV", "UN"):
            size = len(element.value) if element.value is not None else 0
            lines.append(f"{indent}{tag} {element.VR} {name}: <{size:,} bytes>")
        else:
            lines.append(f"{indent}{tag} {element.VR} {name}: {_value(element.value)}")


def _value(value: object) -> str:
    from pydicom.multival import MultiValue

    text = "\\".join(map(str, value)) if isinstance(value, MultiValue | list | tuple) else str(value)
    text = " ".join(text.split()) if "\n" in text or "\r" in text else text
    if len(text) > MAX_VALUE_CHARACTERS:
        return f"{text[:MAX_VALUE_CHARACTERS]}… ({len(text)} characters)"
    return text


def files_unchanged(bank: Bank) -> bool:
    """Whether every exhibit file of a cached bank still holds what it held when the bank was checked."""
    for question in bank.questions:
        exhibits = (*question.exhibits, *(question.case.exhibits if question.case else ()))
        for exhibit in exhibits:
            if exhibit.file is None:
                continue
            try:
                content = read_regular_file(Path(exhibit.file), MAX_EXHIBIT_BYTES)
            except UnreadableFile:
                return False
            if content_digest(content) != exhibit.digest:
                return False
    return True

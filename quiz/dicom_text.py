"""A DICOM file's header as text, the way the banks write DICOM exhibits: one element per line,
`(gggg,eeee) VR Name: value`, the file meta first, sequence items indented, pixel data summarised
(pydicom, imported when a header is first drawn)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydicom.dataset import Dataset

MAX_VALUE_CHARACTERS = 64  # a longer value is cut, with a note of its length


def dicom_table(content: bytes) -> str:
    """A DICOM file's header as the banks write DICOM exhibits: one element per line,
    `(gggg,eeee) VR Name: value`, the file meta first, sequence items indented, pixel data summarised."""
    import io

    from pydicom import dcmread
    from pydicom.errors import InvalidDicomError

    try:
        dataset = dcmread(io.BytesIO(content), force=False)
    except (InvalidDicomError, OSError, ValueError, EOFError) as problem:
        raise ValueError(f"is not a DICOM file ({problem})") from None
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

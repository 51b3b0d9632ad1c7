"""HL7 v2 message text as a reader counts it: one segment per line, and each field with its
position, by HL7's own convention (MSH-1 is the field separator itself, MSH-2 the encoding
characters, so MSH-3 is the first field after them; in every other segment field 1 follows the
segment name). Nothing is parsed beyond the field separator: components, repetitions and escapes
are shown exactly as written."""

from __future__ import annotations


def segments(text: str) -> list[str]:
    """The message's segments, one per line: HL7 ends each with a carriage return; a file may have
    line feeds or both. Blank lines are dropped."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [line for line in lines if line.strip()]


def numbered_fields(segment: str) -> list[tuple[str, str]]:
    """(position, value) of each non-empty field: ("PID-3", "12345^^^MERCY^MR"). A line that is
    not a segment (no three-character name before the separator) is returned whole, unnumbered."""
    if segment.startswith("MSH") and len(segment) > 3:
        separator = segment[3]
        rest = segment[4:].split(separator)
        fields = [("MSH-1", separator)]
        fields += [(f"MSH-{n}", value) for n, value in enumerate(rest, start=2) if value]
        return fields
    name, bar, after = segment.partition("|")
    if not bar or len(name) != 3 or not name.isalnum():
        return [("", segment)]
    return [(f"{name}-{n}", value) for n, value in enumerate(after.split("|"), start=1) if value]


def numbered(text: str) -> str:
    """The whole message with every non-empty field on its own line, under its segment."""
    lines: list[str] = []
    for segment in segments(text):
        fields = numbered_fields(segment)
        if fields and fields[0][0] == "":
            lines.append(segment)
            continue
        lines.append(segment[:3])
        width = max(len(position) for position, _ in fields) if fields else 0
        lines += [f"  {position:<{width}}  {value}" for position, value in fields]
    return "\n".join(lines)

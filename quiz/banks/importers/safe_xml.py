"""An XML file from a stranger, read without letting it act: defusedxml's parser with DTDs,
entities and external references refused, a bound on how deep elements nest, and the line every
element starts on (ElementTree keeps none). Whatever is refused, or is not well-formed, raises a
ValueError whose message starts with "line N:" and says why in the file author's terms.

The file is given as bytes, so expat honours its byte-order mark and the encoding its XML
declaration names (UTF-8 when it names none, as XML says)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml.ElementTree import DefusedXMLParser

# a Moodle XML file nests about seven deep (quiz/question/.../dataset_item/value)
MAX_DEPTH = 32


@dataclass(frozen=True)
class XmlDocument:
    root: Element
    _lines: dict[int, int]

    def line(self, element: Element) -> int:
        """The line the element's start tag is on (1-based)."""
        return self._lines.get(id(element), 1)


class _LineBuilder(TreeBuilder):
    """Builds the tree and notes where each element starts; refuses nesting past MAX_DEPTH."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[int, int] = {}
        self.position: Any = None  # the expat parser, for its current line
        self._depth = 0

    def start(self, tag: str, attrs: dict[str, str], /) -> Element:
        self._depth += 1
        line = self.position.CurrentLineNumber if self.position is not None else 1
        if self._depth > MAX_DEPTH:
            raise ValueError(
                f"line {line}: elements nested more than {MAX_DEPTH} deep; a Moodle XML file nests about seven "
                "(this one may be built to exhaust the reader)"
            )
        element = super().start(tag, attrs)
        self.lines[id(element)] = line  # the tree keeps every element alive, so its id stays its own
        return element

    def end(self, tag: str, /) -> Element:
        self._depth -= 1
        return super().end(tag)


class _Parser(DefusedXMLParser):  # type: ignore[misc]  # defusedxml ships no types
    """defusedxml's parser, with messages that say what was refused and where. A DTD is refused
    when it ends, so that an entity declared inside it (a billion laughs, an external entity) is
    named as such first; nothing in a DTD is expanded before that, since every declaration that
    could be is refused as it is read."""

    def __init__(self, target: _LineBuilder) -> None:
        super().__init__(target=target, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        self.parser.EndDoctypeDeclHandler = self._end_doctype
        self._declared_doctype: tuple[int, str] | None = None

    def _line(self) -> int:
        return int(self.parser.CurrentLineNumber)

    def defused_start_doctype_decl(
        self, name: str, sysid: str | None, pubid: str | None, has_internal_subset: bool
    ) -> None:
        if sysid:
            raise ValueError(
                f"line {self._line()}: the DOCTYPE names an external DTD ({sysid}); it is not read, and a file "
                "with a DTD is refused (Moodle XML has none)"
            )
        self._declared_doctype = (self._line(), name)

    def _end_doctype(self) -> None:
        line, name = self._declared_doctype or (self._line(), "")
        raise ValueError(
            f"line {line}: a DOCTYPE declaration (<!DOCTYPE {name}>); a DTD is refused, since it can declare "
            "entities (Moodle XML has none)"
        )

    def defused_entity_decl(
        self,
        name: str,
        is_parameter_entity: bool,
        value: str | None,
        base: str | None,
        sysid: str | None,
        pubid: str | None,
        notation_name: str | None,
    ) -> None:
        if sysid:
            raise ValueError(
                f"line {self._line()}: the file declares an external entity '{name}' ({sysid}); entities are "
                "refused: one that names a file or address would read it into the questions"
            )
        raise ValueError(
            f"line {self._line()}: the file declares an entity '{name}'; entities are refused: nested ones "
            "expand without end (a 'billion laughs'), and Moodle XML uses none"
        )

    def defused_unparsed_entity_decl(
        self, name: str, base: str | None, sysid: str | None, pubid: str | None, notation_name: str | None
    ) -> None:
        raise ValueError(f"line {self._line()}: the file declares an unparsed entity '{name}'; entities are refused")

    def defused_external_entity_ref_handler(
        self, context: str, base: str | None, sysid: str | None, pubid: str | None
    ) -> None:
        raise ValueError(
            f"line {self._line()}: a reference to an external entity ({sysid}); it is not read, and the file is refused"
        )


def read_xml(content: bytes) -> XmlDocument:
    builder = _LineBuilder()
    parser = _Parser(builder)
    builder.position = parser.parser
    try:
        parser.feed(content)
        root = parser.close()
    except ParseError as problem:
        line = problem.position[0]
        raise ValueError(_diagnosis(content) or f"line {line}: not well-formed XML: {_reason(problem)}") from None
    except LookupError:  # expat asks Python for an encoding it does not know itself
        raise ValueError(_diagnosis(content) or "line 1: the file's encoding is unknown") from None
    return XmlDocument(root, builder.lines)


def _reason(problem: ParseError) -> str:
    """expat's message without its own "line N, column M" (the message leads with the line)."""
    column = problem.position[1]
    reason = re.sub(r":\s*line \d+, column \d+$", "", str(problem))
    return f"{reason} (column {column + 1})"


_DECLARED = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")


def _diagnosis(content: bytes) -> str | None:
    """A plainer reason than expat's for a file that is not text in its encoding, or holds NULs."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif content.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    else:
        declared = _DECLARED.match(content.lstrip())
        encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        text = content.decode(encoding)
    except LookupError:
        return f"line 1: the XML declaration names an encoding Python does not know ('{encoding}')"
    except UnicodeDecodeError as problem:
        line = content[: problem.start].count(b"\n") + 1
        undeclared = encoding == "utf-8" and not _DECLARED.match(content.lstrip())
        why = " (the file declares no encoding, so XML reads it as UTF-8)" if undeclared else ""
        return (
            f"line {line}: not {'UTF-8' if undeclared else encoding} text at byte {problem.start}{why}; save the "
            'file as UTF-8, or declare its real encoding (<?xml version="1.0" encoding="ISO-8859-1"?>)'
        )
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return f"line {line}: a NUL character; this is not a text file (a UTF-16 file needs its byte-order mark)"
    return None

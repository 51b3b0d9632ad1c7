"""Mechanical checks of shipped question content against the standards' own dictionaries.

pydicom supplies the DICOM data dictionary and UID registry; hl7apy the HL7 v2.5 segments, fields
and tables. Each function returns a list of problems (empty when the text is clean).
"""

from __future__ import annotations

import itertools
import re
from functools import cache

from hl7apy.v2_5 import segments as hl7_segments
from hl7apy.v2_5 import tables as hl7_tables
from pydicom._uid_dict import UID_dictionary  # where it is defined (pydicom.uid imports it, not re-exported)
from pydicom.datadict import dictionary_description, dictionary_keyword, get_entry

from quiz.banks.text_warnings import MARKDOWN

TAG = re.compile(r"\(([0-9A-Fa-f]{4}),\s?([0-9A-Fa-f]{4})\)")
UID = re.compile(r"\b1\.2\.840\.10008(?:\.\d+)+")
HL7_FIELD = re.compile(r"\b([A-Z][A-Z0-9]{2})-(\d{1,3})(?:\.\d+)*\b(?:\s*\(([^)]{3,60})\))?")
HL7_EVENT = re.compile(r"\b(ADT|ORM|ORU|OMI|OMG|SIU|MDM|ACK|DFT|BAR|MFN|QRY|RDE|ORR|ORL|OML)\^([A-Z]\d{2})\b")
TITLE_PHRASE = re.compile(r"((?:[A-Z][A-Za-z'/-]*)(?:\s+(?:[A-Z][A-Za-z'/-]*|of|in|to|for|and|or|the|a)){0,7})\s*$")


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


@cache
def _dicom_names() -> dict[str, int]:
    from pydicom._dicom_dict import DicomDictionary

    return {_norm(entry[2]): tag for tag, entry in DicomDictionary.items()}


def dicom_tag_problems(text: str) -> list[str]:
    problems = []
    for match in TAG.finditer(text):
        tag = int(match.group(1) + match.group(2), 16)
        try:
            get_entry(tag)
        except KeyError:
            problems.append(f"tag {match.group(0)} is not in the DICOM data dictionary")
            continue
        name, keyword = dictionary_description(tag), dictionary_keyword(tag)
        window = _norm(text[max(0, match.start() - 90) : match.end() + 90])
        if _norm(name) in window or _norm(keyword) in window:
            continue
        before = TITLE_PHRASE.search(text[: match.start()].rstrip(" :"))
        candidates = []
        if before:
            words = before.group(1).split()
            candidates += [" ".join(words[i:]) for i in range(len(words))]
        for candidate in candidates:
            other = _dicom_names().get(_norm(candidate))
            if other is not None and other != tag:
                problems.append(
                    f"{match.group(0)} is written beside {candidate!r}, but the dictionary names it {name!r}"
                )
                break
    return problems


def dicom_uid_problems(text: str) -> list[str]:
    return [f"UID {uid} is not in the DICOM UID registry" for uid in UID.findall(text) if uid not in UID_dictionary]


def _field_long_name(segment: str, number: int) -> str | None:
    structure = hl7_segments.SEGMENTS.get(segment)
    if structure is None:
        return None
    fields = structure[1]
    if number > len(fields):
        return ""
    return str(fields[number - 1][1][3])


def hl7_field_problems(text: str) -> list[str]:
    problems = []
    for match in HL7_FIELD.finditer(text):
        segment, number, written = match.group(1), int(match.group(2)), match.group(3)
        long_name = _field_long_name(segment, number)
        if long_name is None:
            continue  # not an HL7 segment (RAD-4, ITI-19, TF-2 ...)
        if long_name == "":
            problems.append(f"{segment}-{number}: {segment} has no field {number} in HL7 v2.5")
            continue
        looks_like_a_name = bool(written and re.fullmatch(r"[A-Z][A-Za-z /'-]+", written.strip()))
        if looks_like_a_name and _norm(written) not in _norm(long_name) and _norm(long_name) not in _norm(written):
            problems.append(f"{segment}-{number} is written as {written!r}; HL7 v2.5 names it {long_name}")
    return problems


@cache
def _event_codes() -> frozenset[str]:
    _description, codes = hl7_tables.TABLES["HL70003"]
    return frozenset(codes)


def hl7_event_problems(text: str) -> list[str]:
    return [
        f"{kind}^{event}: trigger event {event} is not in HL7 v2.5 table 0003"
        for kind, event in HL7_EVENT.findall(text)
        if kind != "ACK" and event not in _event_codes()
    ]


# --- How text shows on screen: literally (quiz.text), so it must read well as written -------------

# Markdown and HTML are shown as written, so in a shipped bank they are noise. The patterns are the
# ones `quiz validate` warns about (HL7 and DICOM text such as <VT> <FS> <CR>, ^~\& and \F\ \E\ is
# not markup); a shipped bank is held to more: not even a lone backtick.
MARKUP = {**MARKDOWN, "a backtick (Markdown code)": re.compile(r"`")}


def markup_problems(text: str) -> list[str]:
    return [f"{what}: {m.group(0)!r}" for what, pattern in MARKUP.items() for m in pattern.finditer(text)]


# A line "carries meaning" (and may follow a single line break) when it is
# - indented (code, a query, a header dump, a log, a list item's continuation),
# - an HL7 segment: three letters/digits starting with a letter, then "|" (MSH|^~\&|...),
# - a list item: "- ", "* ", "• ", "1. " or "1) " (one or two digits),
# - a DICOM dump line: a tag and a VR, "(0010,0010) PN [DOE^JANE]",
# - a log line that starts with an ISO date and time, "2025-03-10 14:15 ...".
# Anything else that must keep its lines is indented.
STRUCTURED_LINE = re.compile(
    r"^(?:\s|[A-Z][A-Z0-9]{2}\||[-*\u2022] |\d{1,2}[.)] |\([0-9A-Fa-f]{4}, ?[0-9A-Fa-f]{4}\) +[A-Z]{2}\b"
    r"|\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2})"
)


def hard_wrap_problems(text: str) -> list[str]:
    """Prose must not be hard-wrapped: shown literally, each source line would wrap raggedly.

    A single line break (one not next to a blank line) is allowed only before a line that carries
    meaning (STRUCTURED_LINE). So a list or a message may follow its introduction directly, but
    prose after a list or a block starts after a blank line, and a prose paragraph is one line.
    """
    lines = text.rstrip("\n").split("\n")
    return [
        f"line break inside a paragraph: {before[-30:]!r} / {after[:30]!r}"
        for before, after in itertools.pairwise(lines)
        if before.strip() and after.strip() and not STRUCTURED_LINE.match(after)
    ]


# Choices are shuffled on screen, so in a shuffled question no text may point at a choice by its
# position or letter: "the third choice", "option B", "the first two options", "answers A and C",
# "the first query" (where the choices are queries), "the other sets ... respectively".
_ORDINAL = r"(?:first|second|third|fourth|fifth|sixth|last|final|top|bottom|1st|2nd|3rd|4th|5th|6th)"
_ORDINALS = rf"{_ORDINAL}(?:\s*(?:,|and|or|&)\s*(?:the\s+)?{_ORDINAL})*(?:\s+(?:two|three|four|2|3|4))?"
_CHOICE = r"(?:choices?|options?|answers?|alternatives?|distractors?)"
_LETTER = r"(?-i:\(?[A-F]\)?)(?![\w'-])"
POSITIONAL = [
    re.compile(rf"\b{_ORDINALS}\s+{_CHOICE}\b", re.I),
    re.compile(rf"\bthe\s+{_ORDINALS}\s+(?:quer(?:y|ies)|statements?|sets?)\b", re.I),
    re.compile(rf"\b{_CHOICE}\s+(?:is\s+|are\s+)?{_LETTER}(?:\s*(?:,|and|or|to|-)\s*{_LETTER})*", re.I),
    re.compile(r"\b(?i:both|either|neither)\s+[A-F]\s+(?:and|or|nor)\s+[A-F]\b"),
    re.compile(rf"\b{_CHOICE}\s+(?:number\s+|no\.\s*|#\s*)?[1-6](?![\d.,])", re.I),
    re.compile(r"\bother\s+(?:choices|options|answers|sets|statements)\b[^.]*\brespectively\b", re.I),
]


def positional_problems(text: str) -> list[str]:
    return [f"points at a choice by position: {m.group(0)!r}" for p in POSITIONAL for m in p.finditer(text)]


# HL7 v2.5.1 Ch. 2, Use of escape sequences in text fields, with the standard encoding characters.
_ESCAPES = {
    "F": ("|", "field separator"),
    "S": ("^", "component separator"),
    "T": ("&", "subcomponent separator"),
    "R": ("~", "repetition separator"),
    "E": ("\\", "escape character"),
}
_ESCAPE = re.compile(r"\\([A-Z])\\")
_NAMES = "field separator|component separator|subcomponent separator|repetition separator|escape character"
_ESCAPE_MEANING = re.compile(
    rf"\\([FSTRE])\\\s+(?:is the escape sequence\s+|stands\s+)?for\s+(?:the\s+)?(?:\"(.)\"|({_NAMES}))"
)
_ESCAPED_AS = re.compile(rf"\"(.)\" is the ({_NAMES}),\s+escaped as \\([FSTRE])\\")


def hl7_escape_problems(text: str) -> list[str]:
    """HL7 delimiters and escapes as written must be the standard ones: a YAML double-quoted string or
    a renderer that ate a backslash turns ^~\\& into ^~& and \\T\\ into T."""
    problems = [
        f"encoding characters written {m.group(0)!r}: the standard MSH-2 is ^~\\&"
        for m in re.finditer(r"\^~(?!\\&)\S{0,2}", text)
    ]
    problems += [
        f"{m.group(0)} is not an HL7 escape sequence (\\F\\ \\S\\ \\T\\ \\R\\ \\E\\ \\H\\ \\N\\)"
        for m in _ESCAPE.finditer(text)
        if m.group(1) not in "FSTREHN"
    ]
    for m in _ESCAPE_MEANING.finditer(text):
        char, name = _ESCAPES[m.group(1)]
        if (m.group(2) or char) != char or (m.group(3) or name) != name:
            problems.append(f"{m.group(0)!r}: \\{m.group(1)}\\ is the escape for the {name} {char!r}")
    for m in _ESCAPED_AS.finditer(text):
        char, name = _ESCAPES[m.group(3)]
        if m.group(1) != char or m.group(2) != name:
            problems.append(f"{m.group(0)!r}: \\{m.group(3)}\\ is the escape for the {name} {char!r}")
    return problems


# --- What an exhibit item reads: each `reads:` entry found in its exhibits ------------------------
HL7_REFERENCE = re.compile(r"([A-Z][A-Z0-9]{2})-(\d{1,3})(?:\.(\d{1,2}))?")
TAG_REFERENCE = re.compile(r"\(([0-9A-Fa-f]{4}),([0-9A-Fa-f]{4})\)")


def _hl7_value(texts: list[str], segment: str, field: int, component: int | None) -> str | None:
    """The first non-empty value of SEG-n(.c) in the exhibits (a segment may follow a log prefix)."""
    from quiz.hl7 import numbered_fields, segments

    for text in texts:
        for line in segments(text):
            at = line.find(f"{segment}|") if segment != "MSH" else line.find("MSH|")
            if at < 0 or (at > 0 and line[at - 1] not in " \t:>|\u240d"):
                continue
            for position, value in numbered_fields(line[at:]):
                if position != f"{segment}-{field}":
                    continue
                if component is None:
                    return value
                components = value.split("~")[0].split("^")
                if component <= len(components) and components[component - 1]:
                    return components[component - 1]
    return None


def reads_problems(reads: tuple[str, ...], exhibit_texts: list[str]) -> list[str]:
    """Each declared reading must be in an exhibit: an HL7 field holding a value, a DICOM tag on a
    line, or the exact words."""
    problems = []
    for reference in reads:
        hl7 = HL7_REFERENCE.fullmatch(reference)
        tag = TAG_REFERENCE.fullmatch(reference)
        if hl7:
            segment, field, component = hl7.group(1), int(hl7.group(2)), hl7.group(3)
            if _hl7_value(exhibit_texts, segment, field, int(component) if component else None) is None:
                problems.append(f"reads {reference}: no exhibit holds a value there")
        elif tag:
            wanted = f"({tag.group(1)},{tag.group(2)})".upper()
            if not any(wanted in text.upper() for text in exhibit_texts):
                problems.append(f"reads {reference}: no exhibit shows that tag")
        elif not any(reference in text for text in exhibit_texts):
            problems.append(f"reads {reference!r}: no exhibit has these words")
    return problems


def hl7_parse_problems(text: str, fault: str | None = None) -> list[str]:
    """Every message of an HL7 exhibit must pass hl7apy's strict parser (segments in their groups,
    each field of its data type), unless the exhibit declares the field at `fault:` (broken on
    purpose), which must then be a field that holds a value. A fault hl7apy cannot see (a wrong code,
    a swapped identifier) may be declared too; then the rest of the message is still checked."""
    from hl7apy.consts import VALIDATION_LEVEL
    from hl7apy.exceptions import HL7apyException
    from hl7apy.parser import parse_message

    from quiz.hl7 import segments

    lines = segments(text)
    if not lines or not lines[0].startswith("MSH"):
        return ["the HL7 exhibit does not start with an MSH segment"]
    messages: list[list[str]] = []
    for line in lines:  # an exhibit may hold a message and its ACK
        if line.startswith("MSH"):
            messages.append([])
        messages[-1].append(line)
    problems = []
    if fault is not None and _hl7_value(["\n".join(m) for m in messages], *_field(fault)) is None:
        problems.append(f"fault {fault}: the message holds no value there")
    for message in messages:
        try:
            parse_message("\r".join(message), find_groups=True, validation_level=VALIDATION_LEVEL.STRICT)
        except (HL7apyException, ValueError, KeyError, IndexError) as problem:
            if fault is None:
                problems.append(
                    f"hl7apy rejects the message starting {message[0][:40]!r} ({problem}); if it is broken on "
                    "purpose, declare the field at fault (fault: SEG-n)"
                )
    return problems


def _field(reference: str) -> tuple[str, int, None]:
    segment, number = reference.split("-")
    return segment, int(number), None

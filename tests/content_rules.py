"""Mechanical checks of shipped question content against the standards' own dictionaries.

pydicom supplies the DICOM data dictionary and UID registry; hl7apy the HL7 v2.5 segments, fields
and tables. Each function returns a list of problems (empty when the text is clean).
"""

from __future__ import annotations

import re
from functools import cache

from hl7apy.v2_5 import segments as hl7_segments
from hl7apy.v2_5 import tables as hl7_tables
from pydicom.datadict import dictionary_description, dictionary_keyword, get_entry
from pydicom.uid import UID_dictionary

TAG = re.compile(r"\(([0-9A-Fa-f]{4}),\s?([0-9A-Fa-f]{4})\)")
UID = re.compile(r"\b1\.2\.840\.10008(?:\.\d+)+")
HL7_FIELD = re.compile(r"\b([A-Z][A-Z0-9]{2})-(\d{1,3})(?:\.\d+)*\b(?:\s*\(([^)]{3,60})\))?")
HL7_EVENT = re.compile(r"\b(ADT|ORM|ORU|OMI|OMG|SIU|MDM|ACK|DFT|BAR|MFN|QRY|RDE|ORR|ORL|OML)\^([A-Z]\d{2})\b")
TITLE_PHRASE = re.compile(
    r"((?:[A-Z][A-Za-z'/-]*)(?:\s+(?:[A-Z][A-Za-z'/-]*|of|in|to|for|and|or|the|a)){0,7})\s*$"
)


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
        window = _norm(text[max(0, match.start() - 90): match.end() + 90])
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

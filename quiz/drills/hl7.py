"""HL7 v2 drills built from hl7apy's v2.5 reference (imported when a drill is first built)."""

from __future__ import annotations

import random
from functools import cache
from typing import Any

from quiz.domains import Domain
from quiz.drills.common import DrillFact, drill_question, pick_distractors
from quiz.drills.hl7_data import CHAPTERS, EVENT_CHAPTERS, EVENTS, FIELDS, SEGMENTS, STRUCTURE_DISTRACTORS, STRUCTURES
from quiz.models import Question

BANK = "drill-hl7"
TOPICS = ("hl7", "drill")
VERSION = "HL7 v2.5"
# words hl7apy spells in capitals that read better kept that way
UPPER_WORDS = {
    "id",
    "pid",
    "obr",
    "obx",
    "msh",
    "pv1",
    "orc",
    "ssn",
    "nk1",
    "evn",
    "mrg",
    "dg1",
    "al1",
    "txa",
    "sch",
    "ipc",
    "msa",
    "nte",
    "ce",
    "cwe",
    "dicom",
}


@cache
def _segment_fields(segment: str) -> tuple[tuple[str, str, bool], ...]:
    """(name, data type, repeats) of each field of a v2.5 segment, in order."""
    from hl7apy.v2_5 import segments

    fields = []
    for _name, ref, (_minimum, maximum), _kind in segments.SEGMENTS[segment][1]:
        fields.append((_words(str(ref[3])), str(ref[2]), maximum != 1))
    return tuple(fields)


def _words(name: str) -> str:
    """hl7apy's PATIENT_IDENTIFIER_LIST as the standard writes it: Patient Identifier List. A trailing
    segment code is set off as the standard does (SET_ID_PID: Set ID - PID)."""
    parts = name.lower().split("_")
    suffix = ""
    if len(parts) > 1 and parts[-1].upper() in SEGMENTS:
        suffix = f" - {parts.pop().upper()}"
    words = [w.upper() if w in UPPER_WORDS else w.capitalize() for w in parts]
    return " ".join(words) + suffix


@cache
def structure_segments(structure: str) -> frozenset[str]:
    """Every segment that can appear anywhere in a v2.5 message structure (groups included)."""
    from hl7apy.v2_5 import messages

    found: set[str] = set()

    def walk(children: Any) -> None:
        for child in children:
            name, ref, _cardinality, kind = child
            if kind == "SEG":
                found.add(str(name))
            elif kind == "GRP":
                walk(ref[1])

    walk(messages.MESSAGES[structure][1])
    return frozenset(found)


def field_name(segment: str, number: int) -> str:
    return _segment_fields(segment)[number - 1][0]


def _field_facts(segment: str, number: int) -> str:
    name, data_type, repeats = _segment_fields(segment)[number - 1]
    return f"{segment}-{number} is {name}: data type {data_type}, {'repeating' if repeats else 'not repeating'}."


def _reference(segment: str) -> str:
    return f"{VERSION} {CHAPTERS.get(segment, 'Ch. 2')}, {segment} segment"


def _nearby(segment: str, number: int, spread: int = 6) -> list[int]:
    count = len(_segment_fields(segment))
    return sorted((n for n in range(1, count + 1) if n != number), key=lambda n: abs(n - number))[:spread]


# --- kinds ------------------------------------------------------------------------------------
def ask_field_name(fact: DrillFact, subject: tuple[str, int], rng: random.Random) -> Question:
    segment, number = subject
    name = field_name(segment, number)
    others = pick_distractors(
        rng,
        name,
        [field_name(segment, n) for n in _nearby(segment, number)],
        [field_name(segment, n) for n in _nearby(segment, number, 40)],
    )
    return drill_question(
        fact,
        f"What does {segment}-{number} hold?",
        name,
        others,
        f"{_field_facts(segment, number)} The other choices are neighbouring fields of {segment}.",
        [_reference(segment)],
    )


def ask_field_position(fact: DrillFact, subject: tuple[str, int], rng: random.Random) -> Question:
    segment, number = subject
    name = field_name(segment, number)
    same_name = {n for n in range(1, len(_segment_fields(segment)) + 1) if field_name(segment, n) == name}
    positions = [f"{segment}-{n}" for n in _nearby(segment, number) if n not in same_name]
    others = pick_distractors(rng, f"{segment}-{number}", positions)
    return drill_question(
        fact,
        f"Which field of the {segment} segment is {name}?",
        f"{segment}-{number}",
        others,
        f"{_field_facts(segment, number)} Fields are numbered from 1 after the segment name"
        f"{' (in MSH the field separator itself is MSH-1)' if segment == 'MSH' else ''}.",
        [_reference(segment)],
    )


def ask_field_type(fact: DrillFact, subject: tuple[str, int], rng: random.Random) -> Question:
    segment, number = subject
    _name, data_type, _repeats = _segment_fields(segment)[number - 1]
    types = [t for _, t, _ in _segment_fields(segment)]
    common = ["ST", "ID", "IS", "CE", "CWE", "CX", "XPN", "XAD", "XCN", "TS", "EI", "HD", "SI", "NM", "TX"]
    others = pick_distractors(rng, data_type, types, common)
    return drill_question(
        fact,
        f"What is the data type of {segment}-{number} ({field_name(segment, number)})?",
        data_type,
        others,
        f"{_field_facts(segment, number)} Data types are defined in {VERSION} Ch. 2A.",
        [_reference(segment), f"{VERSION} Ch. 2A (Data Types)"],
    )


def ask_segment(fact: DrillFact, segment: str, rng: random.Random) -> Question:
    meaning = SEGMENTS[segment]
    others = pick_distractors(rng, meaning, [m for s, m in SEGMENTS.items() if s != segment])
    return drill_question(
        fact,
        f"What is the {segment} segment?",
        meaning,
        others,
        f"{segment} is the {meaning} segment, defined in {VERSION} {CHAPTERS.get(segment, 'Ch. 2')}. "
        "The other choices are the names of other segments.",
        [_reference(segment)],
    )


def ask_segment_code(fact: DrillFact, segment: str, rng: random.Random) -> Question:
    others = pick_distractors(rng, segment, [s for s in SEGMENTS if s != segment])
    return drill_question(
        fact,
        f"Which segment is the {SEGMENTS[segment]} segment?",
        segment,
        others,
        f"{SEGMENTS[segment]} is {segment}, defined in {VERSION} {CHAPTERS.get(segment, 'Ch. 2')}. "
        "The other choices are other segments' codes.",
        [_reference(segment)],
    )


def _other_events(subject: tuple[str, str]) -> list[tuple[str, str]]:
    """The other trigger events of the same message type: the plausible wrong answers."""
    return [other for other in EVENTS if other[0] == subject[0] and other != subject]


def _event_references(kind: str) -> list[str]:
    return [f"{VERSION} {EVENT_CHAPTERS[kind]}", f"{VERSION} Table 0003 (Event Type)"]


def ask_event_code(fact: DrillFact, subject: tuple[str, str], rng: random.Random) -> Question:
    kind, event = subject
    meaning = EVENTS[subject][0]
    others = pick_distractors(rng, f"{kind}^{event}", ["^".join(other) for other in _other_events(subject)])
    return drill_question(
        fact,
        f"Which trigger event means {meaning}?",
        f"{kind}^{event}",
        others,
        f'"{meaning}" is {kind}^{event} (HL7 table 0003), defined in {VERSION} {EVENT_CHAPTERS[kind]}. '
        f"The other choices are other {kind} trigger events.",
        _event_references(kind),
    )


def ask_event(fact: DrillFact, subject: tuple[str, str], rng: random.Random) -> Question:
    kind, event = subject
    meaning = EVENTS[subject][0]
    same_type = [EVENTS[other][0] for other in _other_events(subject)]
    others = pick_distractors(rng, meaning, same_type, [m for m, _ in EVENTS.values()])
    return drill_question(
        fact,
        f"What does the trigger event {kind}^{event} signal?",
        meaning,
        others,
        f'{kind}^{event} is "{meaning}" (HL7 table 0003, event type {event}), defined in {VERSION} '
        f"{EVENT_CHAPTERS[kind]}. The other choices are other {kind} trigger events.",
        _event_references(kind),
    )


def ask_structure(fact: DrillFact, subject: tuple[str, str], rng: random.Random) -> Question:
    structure, segment = subject
    written = STRUCTURES[structure][0]
    present = structure_segments(structure)
    absent = [s for s in STRUCTURE_DISTRACTORS if s not in present]
    others = pick_distractors(rng, segment, absent)
    return drill_question(
        fact,
        f"Which of these segments belongs in an {written} message?",
        segment,
        others,
        f"The {written} message structure ({structure}) includes {segment} ({SEGMENTS[segment]}); "
        f"{', '.join(others)} do not appear anywhere in it.",
        [f"{VERSION} message structure {structure}"],
    )


# --- facts -------------------------------------------------------------------------------------
def _fact(qid: str, level: int, kind: Any, subject: Any) -> DrillFact:
    return DrillFact(BANK, qid, Domain.IMAGING_INFORMATICS, TOPICS, level, kind, subject)


def curated_facts() -> list[DrillFact]:
    facts: list[DrillFact] = []
    for segment, number, level in FIELDS:
        base = f"field.{segment.lower()}-{number}"
        facts.append(_fact(f"{base}.name", level, ask_field_name, (segment, number)))
        facts.append(_fact(f"{base}.position", level, ask_field_position, (segment, number)))
        facts.append(_fact(f"{base}.type", min(level + 1, 3), ask_field_type, (segment, number)))
    for segment in SEGMENTS:
        level = 1 if segment in ("MSH", "PID", "PV1", "ORC", "OBR", "OBX", "MSA", "EVN") else 2
        facts.append(_fact(f"segment.{segment.lower()}.meaning", level, ask_segment, segment))
        facts.append(_fact(f"segment.{segment.lower()}.code", min(level + 1, 3), ask_segment_code, segment))
    for (kind, event), (_meaning, level) in EVENTS.items():
        facts.append(_fact(f"event.{kind.lower()}-{event.lower()}.meaning", level, ask_event, (kind, event)))
        facts.append(
            _fact(f"event.{kind.lower()}-{event.lower()}.code", min(level + 1, 3), ask_event_code, (kind, event))
        )
    for structure, (_written, segments, level) in STRUCTURES.items():
        for segment in segments:
            facts.append(
                _fact(f"structure.{structure.lower()}.{segment.lower()}", level, ask_structure, (structure, segment))
            )
    return facts

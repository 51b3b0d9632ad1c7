"""DICOM drills built from pydicom's data dictionary and UID registry.

pydicom is imported only when a drill question is first built (it costs ~0.1 s to import).
"""

from __future__ import annotations

import random
from functools import cache
from typing import Any

from quiz.domains import Domain
from quiz.drills.common import DrillFact, drill_question, pick_distractors
from quiz.drills.dicom_data import ATTRIBUTES, MULTI_VR, RETIRED, UIDS, VR_FAMILIES, VRS
from quiz.models import Question

BANK = "drill-dicom"
BANK_ALL = "drill-dicom-all"
TOPICS = ("dicom", "drill")
DICTIONARY_REF = "DICOM PS3.6 Section 6 (Registry of DICOM Data Elements)"
UID_REF = "DICOM PS3.6 Annex A (Registry of DICOM Unique Identifiers)"
VR_REF = "DICOM PS3.5 Section 6.2 (Value Representation), Table 6.2-1"


@cache
def _dictionary() -> dict[int, tuple[str, str, str, str, str]]:
    from pydicom._dicom_dict import DicomDictionary

    return DicomDictionary


@cache
def _uids() -> dict[str, tuple[str, str, str, str, str]]:
    from pydicom._uid_dict import UID_dictionary

    return UID_dictionary


def tag_text(tag: int) -> str:
    return f"({tag >> 16:04X},{tag & 0xFFFF:04X})"


def _entry(tag: int) -> tuple[str, str, str, bool, str]:
    vr, vm, name, retired, keyword = _dictionary()[tag]
    return vr, vm, name, bool(retired), keyword


@cache
def _current_in_group(group: int) -> tuple[int, ...]:
    """Current (not retired), single tags of a group, for plausible neighbours."""
    return tuple(
        tag
        for tag, (_, _, name, retired, _) in _dictionary().items()
        if isinstance(tag, int) and tag >> 16 == group and not retired and name and "Retired" not in name
    )


def _neighbours(tag: int, spread: int = 40) -> list[int]:
    """Current tags of the same group, nearest element numbers first."""
    others = [t for t in _current_in_group(tag >> 16) if t != tag]
    others.sort(key=lambda t: abs(t - tag))
    return others[:spread]


def _describe(tag: int) -> str:
    vr, vm, name, retired, keyword = _entry(tag)
    vr_name = VRS.get(vr, (vr, ""))[0] if len(vr) == 2 else vr
    state = " It is retired from the current standard." if retired else ""
    return f"{name} {tag_text(tag)}: keyword {keyword}, VR {vr} ({vr_name}), VM {vm}.{state}"


def _curated_names() -> list[str]:
    return [_entry(int(tag, 16))[2] for tag, _, _ in ATTRIBUTES]


# --- kinds ------------------------------------------------------------------------------------
@cache
def _curated_tags() -> tuple[int, ...]:
    return tuple(int(tag, 16) for tag, _, _ in ATTRIBUTES)


def _curated_neighbours(tag: int) -> list[int]:
    """Curated attributes of the same group: the ones a learner actually confuses."""
    return [t for t in _curated_tags() if t >> 16 == tag >> 16 and t != tag]


def ask_name(fact: DrillFact, tag: int, rng: random.Random) -> Question:
    name = _entry(tag)[2]
    preferred = [_entry(t)[2] for t in _curated_neighbours(tag)] or [_entry(t)[2] for t in _neighbours(tag, 8)]
    others = pick_distractors(rng, name, preferred, [_entry(t)[2] for t in _neighbours(tag, 8)])
    return drill_question(
        fact,
        f"Which attribute has the tag {tag_text(tag)}?",
        name,
        others,
        f"{_describe(tag)} The other choices are attributes of nearby tags.",
        [DICTIONARY_REF],
    )


def ask_tag(fact: DrillFact, tag: int, rng: random.Random) -> Question:
    name = _entry(tag)[2]
    preferred = [tag_text(t) for t in _curated_neighbours(tag)]
    others = pick_distractors(rng, tag_text(tag), preferred, [tag_text(t) for t in _neighbours(tag, 12)])
    return drill_question(
        fact,
        f"What is the tag of {name}?",
        tag_text(tag),
        others,
        f"{_describe(tag)} Tags are (group,element) in hexadecimal; the other choices are neighbours in the "
        "same group.",
        [DICTIONARY_REF],
    )


def _vr_choice(code: str) -> str:
    return f"{code} ({VRS[code][0]})"


def _other_vrs(code: str) -> tuple[list[str], list[str]]:
    """VRs a learner confuses with `code` (its family), then every other VR."""
    family = next((f for f in VR_FAMILIES if code in f), ())
    return [v for v in family if v != code], [v for v in VRS if v != code]


def ask_vr(fact: DrillFact, tag: int, rng: random.Random) -> Question:
    vr, _, name, _, _ = _entry(tag)
    similar, rest = _other_vrs(vr)
    others = pick_distractors(rng, _vr_choice(vr), [_vr_choice(v) for v in similar], [_vr_choice(v) for v in rest])
    return drill_question(
        fact,
        f"What is the Value Representation (VR) of {name} {tag_text(tag)}?",
        _vr_choice(vr),
        others,
        f"{_describe(tag)} {vr} values: {VRS[vr][1]}.",
        [DICTIONARY_REF, VR_REF],
    )


def ask_retired(fact: DrillFact, tag: int, rng: random.Random) -> Question:
    name = _entry(tag)[2]
    current = [n for n in _curated_names() if n != name]
    others = pick_distractors(rng, name, [_entry(t)[2] for t in _neighbours(tag) if not _entry(t)[3]], current)
    return drill_question(
        fact,
        "Which of these attributes is retired from the current DICOM standard?",
        name,
        others,
        f"{_describe(tag)} Retired attributes may still appear in old data and older interfaces, but new "
        "implementations should not send them. The other choices are current attributes.",
        [DICTIONARY_REF],
    )


def ask_vr_meaning(fact: DrillFact, code: str, rng: random.Random) -> Question:
    def text(v: str) -> str:
        return f"{VRS[v][0]}; {VRS[v][1]}"

    similar, rest = _other_vrs(code)
    others = pick_distractors(rng, text(code), [text(v) for v in similar], [text(v) for v in rest])
    return drill_question(
        fact,
        f"What does the VR {code} stand for, and how long may its value be?",
        text(code),
        others,
        f"{code} is {VRS[code][0]}: {VRS[code][1]}. Value Representations are defined in PS3.5 Table 6.2-1; "
        "the other choices describe other VRs.",
        [VR_REF],
    )


def _uid_family(uid: str) -> tuple[str, bool]:
    name, kind = _uids()[uid][:2]
    return kind, "Storage" in name


def _uid_peers(uid: str) -> list[str]:
    """Curated UIDs of the same family: transfer syntaxes, storage classes, or service classes."""
    family = _uid_family(uid)
    return [u for u, _, _ in UIDS if u != uid and _uid_family(u) == family]


def ask_uid_name(fact: DrillFact, uid: str, rng: random.Random) -> Question:
    name, kind, _info, retired, keyword = _uids()[uid]
    others = pick_distractors(rng, name, [_uids()[u][0] for u in _uid_peers(uid)])
    return drill_question(
        fact,
        f"Which {kind} has the UID {uid}?",
        name,
        others,
        f"{uid} is {name} (a {kind}; keyword {keyword}){'; retired' if retired else ''}. "
        f"UIDs under 1.2.840.10008 are assigned by the DICOM standard itself.",
        [UID_REF],
    )


def ask_uid(fact: DrillFact, uid: str, rng: random.Random) -> Question:
    name, kind, _, _, keyword = _uids()[uid]
    others = pick_distractors(rng, uid, _uid_peers(uid))
    return drill_question(
        fact,
        f"What is the UID of the {kind} {name}?",
        uid,
        others,
        f"{name} (keyword {keyword}) is {uid}. The other choices are UIDs of other entries of the same kind.",
        [UID_REF],
    )


# --- facts -------------------------------------------------------------------------------------
def _fact(bank: str, qid: str, level: int, kind: Any, subject: Any) -> DrillFact:
    return DrillFact(bank, qid, Domain.IMAGE_MANAGEMENT, TOPICS, level, kind, subject)


def curated_facts() -> list[DrillFact]:
    """The curated drills, built from the lists in `dicom_data` without importing pydicom."""
    facts: list[DrillFact] = []
    for hex_tag, keyword, level in ATTRIBUTES:
        tag, name = int(hex_tag, 16), hex_tag.lower()
        facts.append(_fact(BANK, f"tag.{name}.name", level, ask_name, tag))
        facts.append(_fact(BANK, f"tag.{name}.tag", level, ask_tag, tag))
        if keyword not in MULTI_VR:
            facts.append(_fact(BANK, f"tag.{name}.vr", level, ask_vr, tag))
    for hex_tag, _keyword in RETIRED:
        facts.append(_fact(BANK, f"tag.{hex_tag.lower()}.retired", 3, ask_retired, int(hex_tag, 16)))
    for code in VRS:
        level = 1 if code in ("DA", "TM", "DT", "PN", "UI", "CS", "LO", "SH") else 2
        facts.append(_fact(BANK, f"vr.{code.lower()}.meaning", level, ask_vr_meaning, code))
    for uid, _keyword, level in UIDS:
        facts.append(_fact(BANK, f"uid.{uid}.name", level, ask_uid_name, uid))
        facts.append(_fact(BANK, f"uid.{uid}.uid", min(level + 1, 3), ask_uid, uid))
    return facts


def all_attribute_facts() -> list[DrillFact]:
    """Every current, single-VR attribute of the dictionary (this one imports pydicom)."""
    facts = []
    for tag, (vr, _, name, retired, _keyword) in sorted(_dictionary().items()):
        if not isinstance(tag, int) or retired or not name or vr not in VRS:
            continue
        facts.append(_fact(BANK_ALL, f"tag.{tag:08x}.name", 3, ask_name, tag))
        facts.append(_fact(BANK_ALL, f"tag.{tag:08x}.vr", 3, ask_vr, tag))
    return facts

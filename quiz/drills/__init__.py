"""Drills: questions generated from the standards' own dictionaries (pydicom, hl7apy).

Each drill is a fact with a stable key, so FSRS schedules the fact while its distractors change on
every draw. Building the list of facts imports neither pydicom nor hl7apy; they load when the first
drill question is generated.
"""

from __future__ import annotations

from quiz.drills.common import DrillFact

DRILL_BANK_TITLES = {
    "drill-dicom": "Drills: DICOM attributes, VRs and UIDs",
    "drill-hl7": "Drills: HL7 v2.5 segments, fields and events",
    "drill-dicom-all": "Drills: every DICOM attribute",
    "drill-exhibits": "Drills: read a generated HL7 order or DICOM header",
}

DRILL_SOURCES = {
    "drill-dicom": "generated from pydicom's DICOM dictionary",
    "drill-hl7": "generated from hl7apy's HL7 v2.5 reference",
    "drill-dicom-all": "generated from pydicom's DICOM dictionary",
    "drill-exhibits": "messages and headers built afresh each time (headers with pydicom)",
}


def drill_facts(*, all_attributes: bool = False) -> list[DrillFact]:
    from quiz.drills import dicom, exhibits, hl7

    facts = dicom.curated_facts() + hl7.curated_facts() + exhibits.curated_facts()
    if all_attributes:
        facts += dicom.all_attribute_facts()
    return facts

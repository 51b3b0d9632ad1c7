"""Exhibit drills: read a generated HL7 message or DICOM header and answer what it says. Each
variant builds a fresh exhibit (other patients, numbers, dates, modalities) and reads the answer
back out of it, so the key is right by construction; the fact (the field or attribute to read)
keeps one key, so FSRS schedules the skill while the exhibit changes."""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from quiz.domains import Domain
from quiz.drills.common import DrillFact, drill_question, pick_distractors
from quiz.hl7 import numbered_fields, segments
from quiz.models import Exhibit, Question

if TYPE_CHECKING:
    from quiz.kinds.choice import ChoiceQuestion

BANK = "drill-exhibits"
TOPICS = ("drill",)
FAMILIES = ("ADAMS", "OKAFOR", "NGUYEN", "KOWALSKI", "GARCIA", "LINDQVIST", "MORENO", "HALE", "SATO", "BRENNAN")
GIVEN = ("ANNA", "JAMES", "PRIYA", "TOMAS", "LEAH", "OMAR", "GRACE", "MILO", "NORA", "IVAN")
FACILITIES = ("MERCY", "RIVERSIDE", "NORTHGATE", "HARBOURVIEW", "KESTREL")
PROCEDURES = (
    ("CTHEAD", "CT head without contrast", "CT"),
    ("MRKNEE", "MR knee left", "MR"),
    ("XRCHEST", "XR chest 2 views", "DX"),
    ("USABD", "US abdomen complete", "US"),
    ("MGSCREEN", "MG screening bilateral", "MG"),
)


# --- HL7 messages -------------------------------------------------------------------------------
def order_message(rng: random.Random) -> str:
    """An ORM^O01 new order from an EHR to a RIS (HL7 v2.5.1), every identifier drawn afresh."""
    facility = rng.choice(FACILITIES)
    family, given = rng.choice(FAMILIES), rng.choice(GIVEN)
    mrn, visit = rng.randrange(100000, 999999), rng.randrange(10000000, 99999999)
    placer, filler = f"PL{rng.randrange(100000, 999999)}", f"AC{rng.randrange(100000, 999999)}"
    code, name, _modality = rng.choice(PROCEDURES)
    day = f"2025{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"
    born = f"{rng.randrange(1935, 2015)}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"
    sex = rng.choice("FM")
    control = f"MSG{rng.randrange(10000, 99999)}"
    doctor = f"{rng.randrange(1000, 9999)}^{rng.choice(FAMILIES)}^{rng.choice(GIVEN)}"
    return "\r".join(
        [
            f"MSH|^~\\&|EHR|{facility}|RIS|{facility}|{day}0915||ORM^O01^ORM_O01|{control}|P|2.5.1",
            segment("PID", {1: "1", 3: f"{mrn}^^^{facility}^MR", 5: f"{family}^{given}", 7: born, 8: sex}),
            segment("PV1", {1: "1", 2: "O", 3: f"RAD^^^{facility}", 7: doctor, 19: str(visit)}),
            segment("ORC", {1: "NW", 2: f"{placer}^EHR", 3: f"{filler}^RIS", 5: "SC", 9: f"{day}0914", 12: doctor}),
            segment(
                "OBR",
                {1: "1", 2: f"{placer}^EHR", 3: f"{filler}^RIS", 4: f"{code}^{name}^L", 7: f"{day}0914", 16: doctor},
            ),
        ]
    )


def segment(name: str, fields: dict[int, str]) -> str:
    """A segment with each field at its number (field 1 follows the name), empty ones between."""
    return "|".join([name, *(fields.get(n, "") for n in range(1, max(fields) + 1))])


HL7_READINGS: dict[str, tuple[str, str]] = {
    # field: (what the stem asks, where the answer sits and why it matters)
    "MSH-9": ("the message type", "MSH-9 holds the message code, trigger event and structure."),
    "MSH-10": ("the message control ID that its ACK must echo", "MSH-10 is echoed in MSA-2 of the acknowledgement."),
    "PID-3": (
        "the patient's identifier list (MRN and its assigning authority)",
        "PID-3 carries the MRN with its assigning authority and type.",
    ),
    "PID-7": ("the patient's date of birth", "PID-7 is the date/time of birth."),
    "PV1-19": ("the visit number", "PV1-19 is the visit number, often used as the encounter or admission id."),
    "ORC-2": ("the placer order number", "ORC-2 is the placer order number assigned by the ordering system."),
    "ORC-3": ("the filler order number", "ORC-3 is the filler order number, here the RIS's accession."),
    "OBR-4": ("the universal service identifier (the procedure ordered)", "OBR-4 names the procedure ordered."),
}


def _field_values(message: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for line in segments(message):
        for position, value in numbered_fields(line):
            values.setdefault(position, value)
    return values


def ask_hl7_field(fact: DrillFact, field: str, rng: random.Random) -> Question:
    message = order_message(rng)
    values = _field_values(message)
    what, why = HL7_READINGS[field]
    right = values[field]
    # the other fields of the same message: plausible to someone counting the bars wrongly
    others = [
        v for position, v in values.items() if position != field and len(v) > 2 and not position.startswith("MSH-1")
    ]
    distractors = pick_distractors(rng, right, others)
    question = drill_question(
        fact,
        f"In the order message shown, what is {field}: {what}?",
        right,
        distractors,
        f"{why} Count the fields from the segment name: in MSH the field separator itself is MSH-1 and "
        "the encoding characters are MSH-2, so MSH-3 is the first field after them. The other choices are "
        "values of other fields of the same message. Press # to number the fields.",
        ["HL7 v2.5.1 Ch. 2 (Control: message construction)", "HL7 v2.5.1 Ch. 4 (Order Entry: ORM^O01)"],
    )
    return _with_exhibit(question, Exhibit("ORM^O01 from the EHR", "hl7", message), field)


# --- DICOM headers ------------------------------------------------------------------------------
TRANSFER_SYNTAXES = (
    "1.2.840.10008.1.2",
    "1.2.840.10008.1.2.1",
    "1.2.840.10008.1.2.4.50",
    "1.2.840.10008.1.2.4.70",
    "1.2.840.10008.1.2.4.80",
    "1.2.840.10008.1.2.4.90",
    "1.2.840.10008.1.2.4.91",
    "1.2.840.10008.1.2.5",
)
STORAGE = {
    "CT": "1.2.840.10008.5.1.4.1.1.2",
    "MR": "1.2.840.10008.5.1.4.1.1.4",
    "DX": "1.2.840.10008.5.1.4.1.1.1.1",
    "US": "1.2.840.10008.5.1.4.1.1.6.1",
    "MG": "1.2.840.10008.5.1.4.1.1.1.2",
}


def header(rng: random.Random) -> tuple[str, dict[str, str]]:
    """A DICOM header built with pydicom (file meta and the main identifying attributes) as the
    banks show DICOM exhibits, and the values asked about."""
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import UID, generate_uid

    from quiz.dicom_text import dicom_table

    _code, name, modality = rng.choice(PROCEDURES)
    syntax = rng.choice(TRANSFER_SYNTAXES)
    root = "1.2.826.0.1.3680043.8.498."
    entropy = [str(rng.random())]
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = UID(STORAGE[modality])
    instance = generate_uid(root, entropy_srcs=[*entropy, "instance"])
    meta.MediaStorageSOPInstanceUID = instance
    meta.TransferSyntaxUID = UID(syntax)
    data = Dataset()
    data.file_meta = meta
    data.SOPClassUID = STORAGE[modality]
    data.SOPInstanceUID = instance
    data.StudyDate = f"2025{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"
    data.AccessionNumber = f"AC{rng.randrange(100000, 999999)}"
    data.Modality = modality
    data.StudyDescription = name
    data.PatientName = f"{rng.choice(FAMILIES)}^{rng.choice(GIVEN)}"
    data.PatientID = str(rng.randrange(100000, 999999))
    data.StudyInstanceUID = generate_uid(root, entropy_srcs=[*entropy, "study"])
    data.SeriesInstanceUID = generate_uid(root, entropy_srcs=[*entropy, "series"])
    data.SeriesNumber = rng.randrange(1, 12)
    data.InstanceNumber = rng.randrange(1, 300)
    buffer = io.BytesIO()
    data.save_as(buffer, enforce_file_format=True)
    values = {
        "TransferSyntaxUID": f"{syntax} ({UID(syntax).name})",
        "SOPClassUID": f"{STORAGE[modality]} ({UID(STORAGE[modality]).name})",
        "AccessionNumber": data.AccessionNumber,
        "StudyInstanceUID": str(data.StudyInstanceUID),
        "SeriesInstanceUID": str(data.SeriesInstanceUID),
        "SOPInstanceUID": instance,
        "PatientID": data.PatientID,
    }
    return dicom_table(buffer.getvalue()), values


DICOM_TAGS = {
    "TransferSyntaxUID": "(0002,0010)",
    "SOPClassUID": "(0008,0016)",
    "StudyInstanceUID": "(0020,000D)",
    "AccessionNumber": "(0008,0050)",
}
DICOM_READINGS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    # attribute: (what the stem asks, why, the attributes whose values make plausible distractors)
    "TransferSyntaxUID": (
        "Which transfer syntax is this file encoded in?",
        "The transfer syntax is in the file meta information, (0002,0010) Transfer Syntax UID; it says how "
        "the data set after the meta information is encoded (VR explicit or implicit, byte order, compression).",
        (),
    ),
    "SOPClassUID": (
        "Which kind of object (SOP class) does this file hold?",
        "(0008,0016) SOP Class UID names the IOD the instance follows; (0002,0002) Media Storage SOP Class UID "
        "repeats it in the file meta information.",
        (),
    ),
    "StudyInstanceUID": (
        "Which UID identifies the study this image belongs to?",
        "(0020,000D) Study Instance UID identifies the study; the series and instance UIDs identify the series "
        "and this one image, and a viewer groups images into a study by the study UID alone.",
        ("SeriesInstanceUID", "SOPInstanceUID"),
    ),
    "AccessionNumber": (
        "What is the accession number of this study?",
        "(0008,0050) Accession Number is the RIS's order identifier for the requested procedure; it links the "
        "images to the order and report, while (0010,0020) Patient ID identifies the patient.",
        ("PatientID",),
    ),
}


def ask_dicom_attribute(fact: DrillFact, attribute: str, rng: random.Random) -> Question:
    text, values = header(rng)
    stem, why, neighbours = DICOM_READINGS[attribute]
    right = values[attribute]
    if attribute == "TransferSyntaxUID":
        from pydicom.uid import UID

        pool = [f"{uid} ({UID(uid).name})" for uid in TRANSFER_SYNTAXES]
    elif attribute == "SOPClassUID":
        from pydicom.uid import UID

        pool = [f"{uid} ({UID(uid).name})" for uid in STORAGE.values()]
    else:
        pool = [values[n] for n in neighbours] + [values["SOPInstanceUID"], values["PatientID"]]
    distractors = pick_distractors(rng, right, pool)
    if len(distractors) < 3:  # always four choices: other headers' values of the same attribute
        distractors += pick_distractors(
            rng, right, [header(rng)[1][attribute] for _ in range(6)], count=3 - len(distractors)
        )
    question = drill_question(
        fact,
        stem,
        right,
        distractors,
        why,
        ["DICOM PS3.10 7.1 (File Meta Information)", "DICOM PS3.3 C.7 (Patient, Study and Series modules)"],
    )
    exhibit = Exhibit("DICOM header (file meta and main attributes)", "dicom", text)
    return _with_exhibit(question, exhibit, DICOM_TAGS[attribute])


def _with_exhibit(question: ChoiceQuestion, exhibit: Exhibit, reads: str) -> ChoiceQuestion:
    import dataclasses

    return dataclasses.replace(question, exhibits=(exhibit,), reads=(reads,))


# --- facts -------------------------------------------------------------------------------------
def _fact(qid: str, domain: Domain, level: int, kind: Callable[..., Question], subject: Any, topic: str) -> DrillFact:
    return DrillFact(BANK, qid, domain, (topic, *TOPICS), level, kind, subject)


def curated_facts() -> list[DrillFact]:
    facts = [
        _fact(
            f"read.hl7.{field.lower()}",
            Domain.SYSTEMS_MANAGEMENT,
            1 if field in ("PID-3", "MSH-9") else 2,
            ask_hl7_field,
            field,
            "hl7",
        )
        for field in HL7_READINGS
    ]
    facts += [
        _fact(f"read.dicom.{attribute.lower()}", Domain.IMAGE_MANAGEMENT, 2, ask_dicom_attribute, attribute, "dicom")
        for attribute in DICOM_READINGS
    ]
    return facts

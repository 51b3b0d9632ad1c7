"""Curated HL7 v2 facts for the drills. Field names, data types and message structures come from
hl7apy's v2.5 reference when a drill is built; segment and trigger-event meanings are the standard's
own descriptions (HL7 v2.5 segment definitions and table 0003), checked against hl7apy by tests."""

from __future__ import annotations

# (segment, field number, level)
FIELDS: tuple[tuple[str, int, int], ...] = (
    ("MSH", 3, 2), ("MSH", 4, 2), ("MSH", 5, 2), ("MSH", 6, 2), ("MSH", 7, 1), ("MSH", 9, 1), ("MSH", 10, 1),
    ("MSH", 11, 2), ("MSH", 12, 1), ("MSH", 15, 3), ("MSH", 16, 3),
    ("EVN", 1, 3), ("EVN", 2, 2),
    ("PID", 2, 3), ("PID", 3, 1), ("PID", 5, 1), ("PID", 7, 1), ("PID", 8, 1), ("PID", 11, 2), ("PID", 13, 2),
    ("PID", 18, 2), ("PID", 19, 3),
    ("PV1", 2, 1), ("PV1", 3, 2), ("PV1", 7, 2), ("PV1", 8, 3), ("PV1", 10, 3), ("PV1", 17, 3), ("PV1", 18, 3),
    ("PV1", 19, 1), ("PV1", 44, 2), ("PV1", 45, 2),
    ("MRG", 1, 2), ("MRG", 5, 3),
    ("ORC", 1, 1), ("ORC", 2, 2), ("ORC", 3, 2), ("ORC", 5, 2), ("ORC", 9, 3), ("ORC", 12, 2),
    ("OBR", 2, 2), ("OBR", 3, 2), ("OBR", 4, 1), ("OBR", 7, 2), ("OBR", 16, 2), ("OBR", 18, 3), ("OBR", 19, 3),
    ("OBR", 22, 3), ("OBR", 24, 2), ("OBR", 25, 1), ("OBR", 27, 3), ("OBR", 32, 3),
    ("OBX", 2, 2), ("OBX", 3, 1), ("OBX", 5, 1), ("OBX", 11, 1), ("OBX", 14, 3),
    ("MSA", 1, 1), ("MSA", 2, 2),
    ("IPC", 1, 3), ("IPC", 2, 3), ("IPC", 3, 3), ("IPC", 4, 3),
    ("TXA", 2, 3), ("TXA", 12, 3), ("TXA", 17, 3),
    ("SCH", 1, 3), ("SCH", 2, 3),
    ("NTE", 3, 2),
    ("DG1", 3, 3),
    ("AL1", 3, 3),
)

# segment -> its name in the standard
SEGMENTS: dict[str, str] = {
    "MSH": "Message Header",
    "EVN": "Event Type",
    "PID": "Patient Identification",
    "PD1": "Patient Additional Demographic",
    "NK1": "Next of Kin / Associated Parties",
    "PV1": "Patient Visit",
    "PV2": "Patient Visit - Additional Information",
    "MRG": "Merge Patient Information",
    "AL1": "Patient Allergy Information",
    "DG1": "Diagnosis",
    "IN1": "Insurance",
    "GT1": "Guarantor",
    "ORC": "Common Order",
    "OBR": "Observation Request",
    "OBX": "Observation/Result",
    "NTE": "Notes and Comments",
    "MSA": "Message Acknowledgment",
    "ERR": "Error",
    "TXA": "Transcription Document Header",
    "SCH": "Scheduling Activity Information",
    "AIS": "Appointment Information - Service",
    "AIL": "Appointment Information - Location Resource",
    "AIP": "Appointment Information - Personnel Resource",
    "RGS": "Resource Group",
    "IPC": "Imaging Procedure Control",
    "TQ1": "Timing/Quantity",
    "SFT": "Software Segment",
}

# segment -> the chapter of the standard that defines it
CHAPTERS: dict[str, str] = {
    "MSH": "Ch. 2 (Control)", "MSA": "Ch. 2 (Control)", "ERR": "Ch. 2 (Control)", "NTE": "Ch. 2 (Control)",
    "SFT": "Ch. 2 (Control)",
    "EVN": "Ch. 3 (Patient Administration)", "PID": "Ch. 3 (Patient Administration)",
    "PD1": "Ch. 3 (Patient Administration)", "NK1": "Ch. 3 (Patient Administration)",
    "PV1": "Ch. 3 (Patient Administration)", "PV2": "Ch. 3 (Patient Administration)",
    "MRG": "Ch. 3 (Patient Administration)", "AL1": "Ch. 3 (Patient Administration)",
    "DG1": "Ch. 6 (Financial Management)", "IN1": "Ch. 6 (Financial Management)", "GT1": "Ch. 6 (Financial Management)",
    "ORC": "Ch. 4 (Order Entry)", "OBR": "Ch. 4 (Order Entry)", "IPC": "Ch. 4 (Order Entry)",
    "TQ1": "Ch. 4 (Order Entry)",
    "OBX": "Ch. 7 (Observation Reporting)",
    "TXA": "Ch. 9 (Medical Records/Information Management)",
    "SCH": "Ch. 10 (Scheduling)", "AIS": "Ch. 10 (Scheduling)", "AIL": "Ch. 10 (Scheduling)",
    "AIP": "Ch. 10 (Scheduling)", "RGS": "Ch. 10 (Scheduling)",
}

# (message type, trigger event, level) -> meaning from HL7 table 0003
EVENTS: dict[tuple[str, str], tuple[str, int]] = {
    ("ADT", "A01"): ("Admit/visit notification", 1),
    ("ADT", "A02"): ("Transfer a patient", 1),
    ("ADT", "A03"): ("Discharge/end visit", 1),
    ("ADT", "A04"): ("Register a patient", 1),
    ("ADT", "A05"): ("Pre-admit a patient", 2),
    ("ADT", "A06"): ("Change an outpatient to an inpatient", 2),
    ("ADT", "A07"): ("Change an inpatient to an outpatient", 2),
    ("ADT", "A08"): ("Update patient information", 1),
    ("ADT", "A11"): ("Cancel admit/visit notification", 2),
    ("ADT", "A12"): ("Cancel transfer", 3),
    ("ADT", "A13"): ("Cancel discharge/end visit", 2),
    ("ADT", "A18"): ("Merge patient information", 3),
    ("ADT", "A28"): ("Add person information", 3),
    ("ADT", "A31"): ("Update person information", 3),
    ("ADT", "A34"): ("Merge patient information - patient ID only", 3),
    ("ADT", "A40"): ("Merge patient - patient identifier list", 1),
    ("SIU", "S12"): ("Notification of new appointment booking", 2),
    ("SIU", "S13"): ("Notification of appointment rescheduling", 2),
    ("SIU", "S14"): ("Notification of appointment modification", 2),
    ("SIU", "S15"): ("Notification of appointment cancellation", 2),
    ("MDM", "T01"): ("Original document notification", 3),
    ("MDM", "T02"): ("Original document notification and content", 2),
    ("MDM", "T08"): ("Document edit notification and content", 3),
    ("MDM", "T11"): ("Document cancel notification", 3),
}

EVENT_CHAPTERS = {"ADT": "Ch. 3 (Patient Administration)", "SIU": "Ch. 10 (Scheduling)",
                  "MDM": "Ch. 9 (Medical Records/Information Management)"}

# message structure -> (how it is written, segments worth asking about, level)
STRUCTURES: dict[str, tuple[str, tuple[str, ...], int]] = {
    "ORU_R01": ("ORU^R01", ("OBX", "OBR"), 1),
    "ADT_A01": ("ADT^A01", ("PV1", "EVN"), 1),
    "ORM_O01": ("ORM^O01", ("ORC", "OBR"), 1),
    "OMI_O23": ("OMI^O23", ("IPC", "ORC"), 2),
    "SIU_S12": ("SIU^S12", ("SCH", "AIS"), 2),
    "MDM_T02": ("MDM^T02", ("TXA", "OBX"), 2),
    "ADT_A39": ("ADT^A40", ("MRG",), 2),
    "ACK": ("ACK", ("MSA",), 1),
}

# segments that make plausible wrong answers for "which segment belongs to this message?"
STRUCTURE_DISTRACTORS: tuple[str, ...] = (
    "MRG", "SCH", "TXA", "IPC", "OBX", "AIS", "AIL", "MSA", "IN1", "RGS", "OBR", "PV1", "ORC", "EVN", "AL1",
    "DG1", "NK1", "GT1",
)

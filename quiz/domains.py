"""The ten CIIP content domains (ABII Test Content Outline, approved June 2018)."""

from __future__ import annotations

from enum import StrEnum


class Domain(StrEnum):
    PROCUREMENT = "procurement"
    PROJECT_MANAGEMENT = "project-management"
    OPERATIONS = "operations"
    COMMUNICATIONS = "communications"
    TRAINING_EDUCATION = "training-education"
    IMAGE_MANAGEMENT = "image-management"
    INFORMATION_TECHNOLOGY = "information-technology"
    SYSTEMS_MANAGEMENT = "systems-management"
    CLINICAL_ENGINEERING = "clinical-engineering"
    IMAGING_INFORMATICS = "imaging-informatics"

    @property
    def label(self) -> str:
        return DOMAIN_TITLES[self]


DOMAIN_TITLES: dict[Domain, str] = {
    Domain.PROCUREMENT: "Procurement",
    Domain.PROJECT_MANAGEMENT: "Project Management",
    Domain.OPERATIONS: "Operations",
    Domain.COMMUNICATIONS: "Communications",
    Domain.TRAINING_EDUCATION: "Training and Education",
    Domain.IMAGE_MANAGEMENT: "Image Management",
    Domain.INFORMATION_TECHNOLOGY: "Information Technology",
    Domain.SYSTEMS_MANAGEMENT: "Systems Management",
    Domain.CLINICAL_ENGINEERING: "Clinical Engineering",
    Domain.IMAGING_INFORMATICS: "Medical Imaging Informatics",
}

DOMAIN_KEYS: tuple[str, ...] = tuple(d.value for d in Domain)

# two letters each, for tables that have one narrow column per domain
DOMAIN_ABBREVIATIONS: dict[Domain, str] = {
    Domain.PROCUREMENT: "PR",
    Domain.PROJECT_MANAGEMENT: "PM",
    Domain.OPERATIONS: "OP",
    Domain.COMMUNICATIONS: "CO",
    Domain.TRAINING_EDUCATION: "TE",
    Domain.IMAGE_MANAGEMENT: "IM",
    Domain.INFORMATION_TECHNOLOGY: "IT",
    Domain.SYSTEMS_MANAGEMENT: "SM",
    Domain.CLINICAL_ENGINEERING: "CE",
    Domain.IMAGING_INFORMATICS: "II",
}

"""The sub-topic outline (question_banks/outline/subtopics.yaml): what each CIIP domain is made of,
finer than the domain, so coverage gaps show. Every shipped question names one primary `subtopic:`
from it, of its own domain; in a user's bank the field is optional, but an unknown id is an error.

Read only when a bank file is validated (a cache miss) or coverage is reported; the cache key
carries the outline's digest (quiz.banks.cache.outline_digest), so a changed outline re-checks the banks.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from quiz.domains import Domain
from quiz.paths import shipped_outline_file

SubtopicId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")]
PREFIXES = {
    Domain.PROCUREMENT: "proc-",
    Domain.PROJECT_MANAGEMENT: "pm-",
    Domain.OPERATIONS: "ops-",
    Domain.COMMUNICATIONS: "comm-",
    Domain.TRAINING_EDUCATION: "train-",
    Domain.IMAGE_MANAGEMENT: "im-",
    Domain.INFORMATION_TECHNOLOGY: "it-",
    Domain.SYSTEMS_MANAGEMENT: "sm-",
    Domain.CLINICAL_ENGINEERING: "ce-",
    Domain.IMAGING_INFORMATICS: "ii-",
}


class SubtopicFormat(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: SubtopicId
    title: str = Field(min_length=1)
    source: Literal["abii", "derived"] = Field(
        description="abii: named in the ABII CIIP Test Content Outline (2018); derived: our grouping of the "
        "domain's content (from PARCA's requirement lists and the banks)"
    )
    minimum: int = Field(ge=1, description="The fewest shipped questions it should have (the content gate).")


class OutlineFormat(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    source_notes: str
    domains: dict[Domain, tuple[SubtopicFormat, ...]]

    @model_validator(mode="after")
    def _ids_unique_and_prefixed(self) -> OutlineFormat:
        seen: set[str] = set()
        for domain, subtopics in self.domains.items():
            for subtopic in subtopics:
                if not subtopic.id.startswith(PREFIXES[domain]):
                    raise ValueError(f"{subtopic.id}: a {domain.value} sub-topic starts with {PREFIXES[domain]!r}")
                if subtopic.id in seen:
                    raise ValueError(f"{subtopic.id}: listed twice")
                seen.add(subtopic.id)
        return self


@dataclass(frozen=True)
class Subtopic:
    id: str
    title: str
    domain: Domain
    source: str
    minimum: int


@dataclass(frozen=True)
class Outline:
    subtopics: dict[str, Subtopic]  # by id, in the file's order

    def domain_of(self, subtopic_id: str) -> Domain | None:
        found = self.subtopics.get(subtopic_id)
        return found.domain if found else None

    def of_domain(self, domain: Domain) -> list[Subtopic]:
        return [s for s in self.subtopics.values() if s.domain is domain]


def read_outline(path: Path) -> Outline:
    """The outline in `path`; raises SourceError (with the line) when it is malformed."""
    from pydantic import ValidationError

    from quiz.banks.problems import Problem, SourceError
    from quiz.banks.validation_messages import validation_problems
    from quiz.banks.yaml_reader import read_yaml

    document = read_yaml(path)
    try:
        parsed = OutlineFormat.model_validate(document.data)
    except ValidationError as error:  # located like a bank's problems
        raise SourceError(
            validation_problems(error, path=path, document=document, model=OutlineFormat) or [Problem(path, str(error))]
        ) from None
    return Outline(
        {
            s.id: Subtopic(s.id, s.title, domain, s.source, s.minimum)
            for domain, subtopics in parsed.domains.items()
            for s in subtopics
        }
    )


@cache
def shipped_outline() -> Outline:
    return read_outline(shipped_outline_file())

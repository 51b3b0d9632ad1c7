"""The bank and profile file formats (the users' contract), as pydantic models.

They validate what a file says and build the plain objects of `quiz.models` that the app uses.
They are also the source of `quiz schema`, so field descriptions double as editor help.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from quiz.domains import Domain
from quiz.kinds.format_base import BankId, CaseFormat, QuestionBase, Text, Topic
from quiz.kinds.formats import FORMATS as KIND_FORMATS
from quiz.models import Bank, Profile

ProfileId = BankId


def question_formats() -> dict[str, type[QuestionBase]]:
    """Each kind's file format, by the `type:` a question gives (default: choice)."""
    return KIND_FORMATS


DEFAULT_TYPE = "choice"
TAG_PREFIX = "type="  # pydantic puts the tag in error locations; no key of a file has a "="


def question_type(value: Any) -> str | None:
    """The kind a question in a file is (its `type:`, choice by default), as the union's tag."""
    kind = value.get("type", DEFAULT_TYPE) if isinstance(value, dict) else getattr(value, "type", DEFAULT_TYPE)
    return f"{TAG_PREFIX}{kind}" if isinstance(kind, str) else None


def format_of(question: Any) -> type[QuestionBase] | None:
    """The file format a question (as parsed from a file) claims to be."""
    kind = question.get("type", DEFAULT_TYPE) if isinstance(question, dict) else None
    return question_formats().get(kind) if isinstance(kind, str) else None


if TYPE_CHECKING:
    QuestionFormat = QuestionBase
else:  # one member per kind, told apart by `type:` (choice when absent)
    QuestionFormat = Annotated[
        Union[tuple(Annotated[fmt, Tag(f"{TAG_PREFIX}{name}")] for name, fmt in question_formats().items())],  # noqa: UP007
        Discriminator(question_type, custom_error_type="unknown_type", custom_error_message="unknown type of question"),
    ]


# Generated drill banks (quiz.drills) have ids starting so; a written bank using one would be taken
# for a drill by some counts and not by others.
RESERVED_BANK_PREFIX = "drill-"
DOMAIN_VALUES = frozenset(d.value for d in Domain)


class BankFormat(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, title="Bank")

    bank: BankId = Field(
        description="Bank id, unique among loaded banks; 'drill-...' is reserved for the generated drills."
    )
    title: Text
    description: str | None = None
    domain: Domain | None = Field(
        default=None, description="The domain of every question that does not name its own (an imported or small bank)."
    )
    cases: tuple[CaseFormat, ...] = Field(
        default=(), description="Case sets: scenarios that the questions naming them in `case:` share."
    )
    questions: list[QuestionFormat] = Field(min_length=1, description="At least one question.")

    @model_validator(mode="before")
    @classmethod
    def _bank_domain_for_each_question(cls, data: Any) -> Any:
        # a question's own domain wins; an invalid bank domain is reported once, at the bank's key
        if not isinstance(data, dict) or data.get("domain") not in DOMAIN_VALUES:
            return data
        questions = data.get("questions")
        if not isinstance(questions, list):
            return data
        filled = [
            {**q, "domain": data["domain"]} if isinstance(q, dict) and "domain" not in q else q for q in questions
        ]
        return {**data, "questions": filled}

    @field_validator("bank")
    @classmethod
    def _not_a_drill_id(cls, bank: str) -> str:
        if bank.startswith(RESERVED_BANK_PREFIX):
            raise PydanticCustomError(
                "reserved_bank_id",
                "bank id '{id}' starts with '{prefix}', which is reserved for the generated drills; choose another id",
                {"id": bank, "prefix": RESERVED_BANK_PREFIX},
            )
        return bank

    @model_validator(mode="after")
    def _unique_ids(self) -> BankFormat:
        _refuse_repeats([q.id for q in self.questions], "duplicate_id", "question", "questions")
        return self

    @model_validator(mode="after")
    def _known_cases(self) -> BankFormat:
        _refuse_repeats([c.id for c in self.cases], "duplicate_case", "case", "cases")
        known = {c.id for c in self.cases}
        for index, question in enumerate(self.questions):
            if question.case is not None and question.case not in known:
                raise PydanticCustomError(
                    "unknown_case",
                    "unknown case '{case}': {known}",
                    {
                        "case": question.case,
                        "known": f"the bank's cases are {', '.join(sorted(known))}"
                        if known
                        else "the bank has no cases",
                        "at": ("questions", index, "case"),
                    },
                )
        used = {q.case for q in self.questions}
        for index, case in enumerate(self.cases):
            if case.id not in used:
                raise PydanticCustomError(
                    "unused_case",
                    "case '{id}' has no questions (none names it in case:)",
                    {"id": case.id, "at": ("cases", index, "id")},
                )
        return self

    def build(self) -> Bank:
        cases = {c.id: c.build() for c in self.cases}
        questions = tuple(q.build(cases) for q in self.questions)
        return Bank(self.bank, self.title, questions, self.description, self.domain, tuple(cases.values()))


def _refuse_repeats(ids: list[str], error: str, noun: str, field: str) -> None:
    """ "question id 'x' is already used by question #3", at the repeat's id."""
    repeats = duplicate_ids(ids)
    if repeats:
        index, first = repeats[0]
        raise PydanticCustomError(
            error,
            "{noun} id '{id}' is already used by {noun} #{first}",
            {"noun": noun, "id": ids[index], "first": first + 1, "at": (field, index, "id")},
        )


def duplicate_ids(ids: list[Any]) -> list[tuple[int, int]]:
    """(index of the repeat, index of the first use) for every repeated id; non-strings are skipped."""
    seen: dict[Any, int] = {}
    repeats: list[tuple[int, int]] = []
    for index, item in enumerate(ids):
        if not isinstance(item, str):
            continue
        if item in seen:
            repeats.append((index, seen[item]))
        else:
            seen[item] = index
    return repeats


class ProfileFormat(BaseModel):
    """An exam blueprint: how many questions, how long, and how they spread over the domains."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="Profile")

    id: ProfileId
    title: Text
    questions: int = Field(ge=1, le=1000, description="How many questions an exam draws.")
    minutes: int | None = Field(default=None, ge=1, le=1440, description="Time limit; null for untimed.")
    pass_percent: float | None = Field(default=None, ge=0, le=100, description="Pass mark; null when unknown.")
    # .inf and .nan are YAML floats; either would make the draw's proportions NaN
    domains: dict[Domain, Annotated[float, Field(gt=0, allow_inf_nan=False)]] = Field(
        min_length=1, description="Domain key -> weight; questions are drawn in proportion."
    )
    topics: tuple[Topic, ...] = Field(default=(), description="Only questions carrying one of these tags.")
    banks: tuple[BankId, ...] = Field(default=(), description="Only questions from these banks.")
    include_drills: bool = Field(default=False, description="Allow generated drill questions.")
    notes: str | None = Field(default=None, description="Where the numbers come from; what is unverified.")

    def build(self) -> Profile:
        return Profile(**self.__dict__)


FORMATS: dict[type[Any], type[BankFormat] | type[ProfileFormat]] = {Bank: BankFormat, Profile: ProfileFormat}


def validate_bank(data: Any, *, shipped: bool = False) -> Bank:
    """A bank from already-parsed data; raises pydantic's ValidationError."""
    from quiz.banks.file_check import validation_context

    return BankFormat.model_validate(data, context=validation_context(shipped)).build()


def validate_profile(data: Any) -> Profile:
    return ProfileFormat.model_validate(data).build()

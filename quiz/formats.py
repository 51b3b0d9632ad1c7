"""The bank and profile file formats (the users' contract), as pydantic models.

They validate what a file says and build the plain objects of `quiz.models` that the app uses.
They are also the source of `quiz schema`, so field descriptions double as editor help.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from quiz.domains import Domain
from quiz.models import LETTERS, MAX_CHOICES, Bank, Difficulty, Profile, Question

BankId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
QuestionId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*$")]
ProfileId = BankId
Topic = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
Letter = Annotated[str, StringConstraints(pattern=r"^[A-F]$")]
Text = Annotated[str, StringConstraints(min_length=1, pattern=r"\S")]


class QuestionFormat(BaseModel):
    """One multiple-choice item. Its progress key is `bank/id`, so ids must never be renamed."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="Question")

    id: QuestionId = Field(description="Unique in the bank; progress is keyed by bank/id.")
    domain: Domain = Field(description="One of the ten CIIP content domains.")
    topics: tuple[Topic, ...] = Field(default=(), description="Lowercase tags used by profiles and filters.")
    difficulty: Difficulty = Difficulty.MEDIUM
    question: Text = Field(description="The stem, shown exactly as written (no Markdown or HTML).")
    choices: tuple[Text, ...] = Field(min_length=2, max_length=MAX_CHOICES, description="2 to 6 distinct choices.")
    answer: Letter | list[Letter] = Field(
        description="The correct letter; a list of letters makes the item select-all-that-apply."
    )
    explanation: str | None = Field(default=None, description="Why the answer is right (required in shipped banks).")
    references: tuple[Text, ...] = Field(default=(), description="Sources, e.g. 'DICOM PS3.7 section 9.1.4'.")
    shuffle: bool = Field(default=True, description="false keeps the choice order (e.g. 'All of the above').")

    @field_validator("answer", mode="before")
    @classmethod
    def _normalise_answer(cls, value: Any) -> Any:
        if isinstance(value, str):
            return _letter(value)
        if isinstance(value, list):
            if not value:
                raise PydanticCustomError("answer_empty", "answer list is empty; give at least one letter")
            letters = [_letter(v) for v in value]
            if len(set(letters)) != len(letters):
                raise PydanticCustomError("answer_repeated", "answer list repeats a letter")
            return letters
        raise PydanticCustomError(
            "answer_type", "answer must be a letter (A-F) or a list of letters, not '{value}'", {"value": value}
        )

    @field_validator("choices")
    @classmethod
    def _distinct_choices(cls, choices: tuple[str, ...]) -> tuple[str, ...]:
        seen: dict[str, int] = {}
        for index, choice in enumerate(choices):
            normalised = " ".join(choice.split()).casefold()
            if normalised in seen:
                raise PydanticCustomError(
                    "duplicate_choice",
                    "choices {first} and {second} are the same: '{text}'",
                    {"first": LETTERS[seen[normalised]], "second": LETTERS[index], "text": choice, "at": (index,)},
                )
            seen[normalised] = index
        return choices

    @field_validator("topics")
    @classmethod
    def _distinct_topics(cls, topics: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(topics))

    @field_validator("answer")
    @classmethod
    def _answer_in_range(cls, answer: str | list[str], info: ValidationInfo) -> str | list[str]:
        # a field check, not a model check, so it is reported beside the question's other errors
        # (an unknown field, a bad domain); it needs valid choices, which are checked first
        choices = info.data.get("choices")
        if choices is None:
            return answer
        for position, letter in enumerate(answer if isinstance(answer, list) else [answer]):
            if LETTERS.index(letter) >= len(choices):
                raise PydanticCustomError(
                    "answer_out_of_range",
                    "answer '{letter}' is out of range: there are {count} choices (A-{last})",
                    {"letter": letter, "count": len(choices), "last": LETTERS[len(choices) - 1],
                     "at": (position,) if isinstance(answer, list) else ()},
                )
        return answer

    @model_validator(mode="after")
    def _explained_when_shipped(self, info: ValidationInfo) -> QuestionFormat:
        if info.context and info.context.get("shipped") and not (self.explanation or "").strip():
            raise PydanticCustomError("explanation_required", "shipped questions need an explanation",
                                      {"at": ("explanation",)})
        return self

    def build(self) -> Question:
        answer = self.answer if isinstance(self.answer, str) else tuple(self.answer)
        return Question(**{**self.__dict__, "answer": answer})


def _letter(value: Any) -> str:
    letter = value.strip().upper() if isinstance(value, str) else value
    if not isinstance(letter, str) or len(letter) != 1 or letter not in LETTERS:
        raise PydanticCustomError(
            "answer_letter", "answer '{value}' is not a choice letter (A-F)", {"value": value}
        )
    return letter


# Generated drill banks (quiz.drills) have ids starting so; a written bank using one would be taken
# for a drill by some counts and not by others.
RESERVED_BANK_PREFIX = "drill-"


class BankFormat(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, title="Bank")

    bank: BankId = Field(description="Bank id, unique among loaded banks; 'drill-...' is reserved for the "
                         "generated drills.")
    title: Text
    description: str | None = None
    questions: list[QuestionFormat] = Field(min_length=1, description="At least one question.")

    @field_validator("bank")
    @classmethod
    def _not_a_drill_id(cls, bank: str) -> str:
        if bank.startswith(RESERVED_BANK_PREFIX):
            raise PydanticCustomError(
                "reserved_bank_id",
                "bank id '{id}' starts with '{prefix}', which is reserved for the generated drills; "
                "choose another id",
                {"id": bank, "prefix": RESERVED_BANK_PREFIX},
            )
        return bank

    @model_validator(mode="after")
    def _unique_ids(self) -> BankFormat:
        repeats = duplicate_ids([q.id for q in self.questions])
        if repeats:
            index, first = repeats[0]
            raise PydanticCustomError(
                "duplicate_id",
                "question id '{id}' is already used by question #{first}",
                {"id": self.questions[index].id, "first": first + 1, "at": ("questions", index, "id")},
            )
        return self

    def build(self) -> Bank:
        return Bank(self.bank, self.title, tuple(q.build() for q in self.questions), self.description)


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
    return BankFormat.model_validate(data, context={"shipped": shipped}).build()


def validate_profile(data: Any) -> Profile:
    return ProfileFormat.model_validate(data).build()

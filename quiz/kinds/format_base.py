"""What every question says in a file, whatever its kind (pydantic): the base of each kind's format."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from quiz.domains import Domain
from quiz.models import Case, Difficulty, Exhibit, Question

BankId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
QuestionId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*$")]
Topic = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
Text = Annotated[str, StringConstraints(min_length=1, pattern=r"\S")]


def comparable(text: str) -> str:
    """Two texts that differ only in case or spacing read as the same to a person."""
    return " ".join(text.split()).casefold()


def distinct_texts(
    texts: tuple[str, ...],
    plural: str,
    name: Callable[[int], str],
    key: Callable[[str], str] = comparable,
) -> tuple[str, ...]:
    """`texts`, refused when two of them read the same: "choices C and D are the same: 'x'"."""
    seen: dict[str, int] = {}
    for index, text in enumerate(texts):
        normalised = key(text)
        if normalised in seen:
            raise PydanticCustomError(
                "duplicate_text",
                "{plural} {first} and {second} are the same: '{text}'",
                {
                    "plural": plural,
                    "first": name(seen[normalised]),
                    "second": name(index),
                    "text": text,
                    "at": (index,),
                },
            )
        seen[normalised] = index
    return texts


class ExhibitFormat(BaseModel):
    """Something to read beside the stem, written inline: shown exactly as written."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Text = Field(description="What it is, e.g. 'ORM^O01 from the EHR' or 'C-FIND log'.")
    kind: Literal["hl7", "dicom", "log", "table", "text", "image"] = Field(
        description="How it is laid out: hl7 (a segment per line; fields can be numbered), dicom (a header "
        "dump, or a .dcm file shown as a tag/VR/name/value table), log, table, text, or image (a file)."
    )
    text: Text | None = Field(
        default=None,
        description="The exhibit itself; use a | block so every line is kept (an image's: its description).",
    )
    file: Text | None = Field(
        default=None,
        description="Instead of text: a file relative to the bank's folder (and inside it): UTF-8 text, a .dcm "
        "file for a dicom exhibit, or a PNG/JPEG/GIF/BMP/WebP image.",
    )

    fault: Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]{2}-\d{1,3}$")] | None = Field(
        default=None,
        description="An HL7 message broken on purpose: the one field at fault (e.g. PID-8); the content gate "
        "checks that the message is sound apart from it.",
    )
    _read: tuple[str, str, str] | None = PrivateAttr(default=None)  # (text, path, digest) of a file

    @model_validator(mode="after")
    def _text_or_file(self, info: ValidationInfo) -> Self:
        if self.fault is not None and self.kind != "hl7":
            raise PydanticCustomError("fault_not_hl7", "only an hl7 exhibit declares a fault", {"at": ("fault",)})
        if self.kind == "image" and self.file is None:
            raise PydanticCustomError("image_needs_file", "an image exhibit needs a file:", {"at": ("kind",)})
        if self.kind != "image" and (self.text is None) == (self.file is None):
            raise PydanticCustomError(
                "text_or_file", "give the exhibit's text: or a file:, not both and not neither", {"at": ("title",)}
            )
        if self.file is not None:
            # the bank pipeline reads the file (quiz.banks.exhibit_files): it knows the bank's folder
            reader = (info.context or {}).get("read_exhibit")
            if reader is None:
                raise PydanticCustomError(
                    "file_without_folder", "a file: exhibit needs a bank file to be relative to", {"at": ("file",)}
                )
            try:
                text, path, digest = reader(self.file, self.kind)
            except ValueError as problem:
                raise PydanticCustomError(
                    "exhibit_file", "{problem}", {"problem": str(problem), "at": ("file",)}
                ) from None
            self._read = (text if self.kind != "image" else (self.text or ""), path, digest)
        return self

    def build(self) -> Exhibit:
        if self._read is not None:
            return Exhibit(self.title, self.kind, *self._read, fault=self.fault)
        return Exhibit(self.title, self.kind, self.text or "", fault=self.fault)


class CaseFormat(BaseModel):
    """A case set's scenario, shared by the questions that name its id in `case:`."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="Case")

    id: QuestionId = Field(description="Unique among the bank's cases; questions name it in `case:`.")
    title: Text = Field(description="A short name, e.g. 'Archive migration at Riverside'.")
    scenario: Text = Field(description="The situation, shown above each of its questions.")
    exhibits: tuple[ExhibitFormat, ...] = Field(default=(), description="What every question of the case may read.")

    def build(self) -> Case:
        return Case(self.id, self.title, self.scenario, tuple(e.build() for e in self.exhibits))


class QuestionBase(BaseModel):
    """What every question says in a file, whatever its kind; each kind's format adds its own
    fields (`quiz.kinds.choice_format.ChoiceFormat`). Its progress key is `bank/id`, so ids must
    never be renamed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: QuestionId = Field(description="Unique in the bank; progress is keyed by bank/id.")
    domain: Domain = Field(description="One of the ten CIIP content domains.")
    topics: tuple[Topic, ...] = Field(default=(), description="Lowercase tags used by profiles and filters.")
    difficulty: Difficulty = Difficulty.MEDIUM
    question: Text = Field(description="The stem, shown exactly as written (no Markdown or HTML).")
    explanation: str | None = Field(default=None, description="Why the answer is right (required in shipped banks).")
    references: tuple[Text, ...] = Field(default=(), description="Sources, e.g. 'DICOM PS3.7 section 9.1.4'.")
    exhibits: tuple[ExhibitFormat, ...] = Field(
        default=(), description="HL7 messages, DICOM headers, logs or tables shown with the question."
    )
    case: QuestionId | None = Field(
        default=None, description="The id of the bank's case set this question belongs to (its scenario is shown)."
    )
    reads: tuple[Text, ...] = Field(
        default=(),
        description="Where the answer is read in the exhibits: HL7 fields (PID-3, OBR-25), DICOM tags "
        "((0008,0060)) or exact words of a log or table (0xA700); shipped exhibit items must say, and each must "
        "be found in an exhibit.",
    )
    subtopic: Topic | None = Field(
        default=None,
        description="The outline sub-topic this question tests "
        "(an id from question_banks/outline/subtopics.yaml; required in shipped banks).",
    )

    @field_validator("topics")
    @classmethod
    def _distinct_topics(cls, topics: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(topics))

    @model_validator(mode="after")
    def _explained_when_shipped(self, info: ValidationInfo) -> Self:
        if info.context and info.context.get("shipped") and not (self.explanation or "").strip():
            raise PydanticCustomError(
                "explanation_required", "shipped questions need an explanation", {"at": ("explanation",)}
            )
        return self

    @model_validator(mode="after")
    def _subtopic_in_the_outline(self, info: ValidationInfo) -> Self:
        context = info.context or {}
        outline = context.get("outline")  # quiz.banks.outline.Outline, when there is one
        if self.subtopic is None:
            if context.get("shipped") and outline is not None:
                raise PydanticCustomError(
                    "subtopic_required", "shipped questions need a subtopic from the outline", {"at": ("id",)}
                )
            return self
        if outline is None:
            return self
        domain = outline.domain_of(self.subtopic)
        if domain is None:
            raise PydanticCustomError(
                "unknown_subtopic",
                "unknown sub-topic '{subtopic}': use an id from question_banks/outline/subtopics.yaml",
                {"subtopic": self.subtopic, "at": ("subtopic",)},
            )
        if domain is not self.domain:
            raise PydanticCustomError(
                "subtopic_domain",
                "sub-topic '{subtopic}' belongs to {domain}, not to this question's domain",
                {"subtopic": self.subtopic, "domain": domain.value, "at": ("subtopic",)},
            )
        return self

    def common_fields(self, cases: dict[str, Case] | None = None) -> dict[str, Any]:
        fields = {name: getattr(self, name) for name in QuestionBase.model_fields}
        fields["exhibits"] = tuple(exhibit.build() for exhibit in self.exhibits)
        fields["case"] = (cases or {}).get(self.case) if self.case else None
        return fields

    def build(self, cases: dict[str, Case] | None = None) -> Question:
        raise NotImplementedError(type(self).__name__)

    # how this kind's own errors read; None: the general wording
    @classmethod
    def describe_error(cls, kind: str, field: str, value: Any, ctx: dict[str, Any]) -> str | None:
        return None

    @classmethod
    def item_label(cls, field: str, index: int) -> str:
        """How an item of one of this kind's list fields is named in a message: "references[2]"."""
        return f"{field}[{index + 1}]"

    @classmethod
    def text_fields(cls, question: dict[str, Any]) -> Iterator[tuple[tuple[str | int, ...], str, object]]:
        """(location in the question, how a message names it, value) of every text a person reads:
        this kind's fields beside the stem, the explanation and the references."""
        yield ("question",), "question", question.get("question")
        yield from cls.kind_text_fields(question)
        exhibits = question.get("exhibits")
        for index, exhibit in enumerate(exhibits if isinstance(exhibits, list) else []):
            if isinstance(exhibit, dict):
                yield ("exhibits", index, "title"), f"exhibit {index + 1} title", exhibit.get("title")
                yield ("exhibits", index, "text"), f"exhibit {index + 1}", exhibit.get("text")
        yield ("explanation",), "explanation", question.get("explanation")
        references = question.get("references")
        for index, value in enumerate(references if isinstance(references, list) else []):
            yield ("references", index), f"reference {index + 1}", value

    @classmethod
    def kind_text_fields(cls, question: dict[str, Any]) -> Iterator[tuple[tuple[str | int, ...], str, object]]:
        return iter(())

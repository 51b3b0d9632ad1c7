"""Questions, banks and exam profiles as the rest of the app uses them: plain frozen dataclasses.

Files are validated by the pydantic models in `quiz.banks.formats` (the users' contract, and the source of
`quiz schema`), which build these objects. Keeping pydantic out of this module keeps it off the warm
start path: a start with an unchanged bank cache rebuilds these from JSON without importing pydantic.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any, ClassVar, NamedTuple, overload

from quiz.domains import Domain


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


EXHIBIT_KINDS = ("hl7", "dicom", "log", "table", "text", "image")


@dataclass(frozen=True)
class Exhibit:
    """What a question shows beside its stem for the candidate to read: an HL7 message, a DICOM
    header, a log, a table or plain text, shown exactly as written (`kind` says how it is laid out)."""

    title: str
    kind: str  # one of EXHIBIT_KINDS
    text: str  # an image's is its description (may be empty)
    file: str | None = None  # the file it was read from (an image is drawn from it)
    digest: str | None = None  # of that file's bytes when the bank was checked
    fault: str | None = None  # an HL7 message broken on purpose: the field at fault ("PID-8")

    def to_dict(self) -> dict[str, str]:
        data = {"title": self.title, "kind": self.kind, "text": self.text}
        if self.file is not None and self.digest is not None:
            data |= {"file": self.file, "digest": self.digest}
        if self.fault is not None:
            data["fault"] = self.fault
        return data


@dataclass(frozen=True)
class Case:
    """A scenario several questions of a bank share (a case set): shown with each of them, and drawn
    into an exam as one unit, its questions together and in file order."""

    id: str
    title: str
    scenario: str
    exhibits: tuple[Exhibit, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "scenario": self.scenario,
            "exhibits": [e.to_dict() for e in self.exhibits],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Case:
        return cls(data["id"], data["title"], data["scenario"], _exhibits(data))


def _exhibits(data: dict[str, Any]) -> tuple[Exhibit, ...]:
    return tuple(
        Exhibit(e["title"], e["kind"], e["text"], e.get("file"), e.get("digest"), e.get("fault"))
        for e in data.get("exhibits", ())
    )


@dataclass(frozen=True, kw_only=True)
class Question:
    """What every question has, whatever its kind (`quiz.kinds`): an id (its progress key is
    `bank/id`, so ids must never be renamed), a domain, the stem and what teaches it. Each kind adds
    its own fields in a subclass (`quiz.kinds.choice.ChoiceQuestion`)."""

    kind_name: ClassVar[str] = ""  # the kind's name, as written in a bank file's `type:`
    _types: ClassVar[dict[str, type[Question]]] = {}

    id: str
    domain: Domain
    question: str
    topics: tuple[str, ...] = ()
    difficulty: Difficulty = Difficulty.MEDIUM
    explanation: str | None = None
    references: tuple[str, ...] = ()
    subtopic: str | None = None  # an id from the outline (question_banks/outline/subtopics.yaml)
    exhibits: tuple[Exhibit, ...] = ()
    case: Case | None = None  # the case set it belongs to (its scenario is shown with it)
    reads: tuple[str, ...] = ()  # where its answer is read in the exhibits: "PID-3", "(0008,0060)", "0xA700"

    @property
    def all_exhibits(self) -> tuple[Exhibit, ...]:
        """What the question shows to read: its case's exhibits first, then its own."""
        return (*(self.case.exhibits if self.case else ()), *self.exhibits)

    @classmethod
    def register_type(cls, name: str, question_class: type[Question]) -> None:
        cls._types[name] = question_class

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Question:
        """From `to_dict` output (the bank cache, an exam's copy): trusted, already validated data."""
        name = data.get("type", "choice")
        question_class = cls._types.get(name)
        if question_class is None:
            from quiz.kinds.base import load_kinds

            load_kinds()  # the kinds register their classes when first needed
            question_class = cls._types.get(name)
        if question_class is None:
            raise ValueError(f"unknown kind of question {name!r}")
        return question_class.from_fields(data, _common_fields(data))

    @classmethod
    def from_fields(cls, data: dict[str, Any], common: dict[str, Any]) -> Question:
        """The kind's own fields from `data`, with the common ones already read."""
        raise NotImplementedError(cls.__name__)

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.kind_name,
            "id": self.id,
            "domain": self.domain,
            "question": self.question,
            "topics": self.topics,
            "difficulty": self.difficulty,
            "explanation": self.explanation,
            "references": self.references,
            "subtopic": self.subtopic,
            "exhibits": [e.to_dict() for e in self.exhibits],
            "case": self.case.to_dict() if self.case else None,
            "reads": self.reads,
            **self.kind_fields(),
        }

    def kind_fields(self) -> dict[str, Any]:
        return {}

    def kind_texts(self) -> list[tuple[str, str]]:
        """(name, text) of every text of the kind's own a person reads beside the stem: the choices,
        the items, the pairs, the accepted answers (for the content gate, search and exports)."""
        return []


def _common_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": data["id"],
        "domain": Domain(data["domain"]),
        "question": data["question"],
        "topics": tuple(data.get("topics", ())),
        "difficulty": Difficulty(data.get("difficulty", Difficulty.MEDIUM)),
        "explanation": data.get("explanation"),
        "references": tuple(data.get("references", ())),
        "subtopic": data.get("subtopic"),
        "exhibits": _exhibits(data),
        "case": Case.from_dict(data["case"]) if data.get("case") else None,
        "reads": tuple(data.get("reads", ())),
    }


class Summary(NamedTuple):
    """What a start needs of a question without building it: the Library's entry (key, domain,
    topics, difficulty, case), whether it has an image to draw and whether an exhibit is read from
    a file (whose digest the cache checks)."""

    id: str
    domain: Domain
    topics: tuple[str, ...]
    difficulty: Difficulty
    case: str | None
    images: bool
    files: bool

    @classmethod
    def of(cls, question: Question) -> Summary:
        exhibits = question.all_exhibits
        images = any(e.kind == "image" for e in exhibits)
        files = any(e.file for e in exhibits)
        case = question.case.id if question.case else None
        return cls(question.id, question.domain, question.topics, question.difficulty, case, images, files)

    def to_json(self) -> list[Any]:
        topics = list(self.topics)
        return [self.id, self.domain.value, topics, self.difficulty.value, self.case, self.images, self.files]

    @classmethod
    def from_json(cls, data: list[Any]) -> Summary:
        id_, domain, topics, difficulty, case, images, files = data
        # the enums' own value maps: calling Domain(value) costs three times as much, 2,800 times a start
        domain_of: dict[str, Domain] = Domain._value2member_map_  # type: ignore[assignment]
        difficulty_of: dict[str, Difficulty] = Difficulty._value2member_map_  # type: ignore[assignment]
        return cls(id_, domain_of[domain], tuple(topics), difficulty_of[difficulty], case, images, files)


class LazyQuestions(Sequence["Question"]):
    """A cached bank's questions, kept as the cache's JSON until something reads one: building
    every question object is most of a warm start's loading, and Home only counts them (the
    summaries say enough). Reading any question builds them all, once; then the JSON is dropped."""

    __slots__ = ("_built", "_json", "summaries")

    def __init__(self, questions_json: bytes, summaries: tuple[Summary, ...]) -> None:
        self._json: bytes | None = questions_json
        self._built: tuple[Question, ...] | None = None
        self.summaries = summaries

    @property
    def built(self) -> bool:
        return self._built is not None

    def _questions(self) -> tuple[Question, ...]:
        if self._built is None:
            assert self._json is not None
            self._built = tuple(Question.from_dict(q) for q in json.loads(self._json))
            self._json = None
        return self._built

    def __len__(self) -> int:
        return len(self.summaries)

    @overload
    def __getitem__(self, index: int) -> Question: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Question]: ...
    def __getitem__(self, index: int | slice) -> Question | Sequence[Question]:
        return self._questions()[index]

    def __iter__(self) -> Iterator[Question]:
        return iter(self._questions())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return self._questions() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._questions())

    def __repr__(self) -> str:
        return repr(self._questions()) if self.built else f"LazyQuestions({len(self)} not built yet)"


@dataclass(frozen=True)
class Bank:
    """One bank file's questions, after validation."""

    bank: str
    title: str
    questions: Sequence[Question]  # a tuple, or from the cache LazyQuestions (built on first read)
    description: str | None = None
    domain: Domain | None = None  # the file's default for questions that name none (already applied)
    cases: tuple[Case, ...] = ()  # the case sets its questions share (each question holds its own)

    @property
    def summaries(self) -> tuple[Summary, ...]:
        if isinstance(self.questions, LazyQuestions):
            return self.questions.summaries
        return tuple(Summary.of(q) for q in self.questions)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Bank:
        return cls._with_questions(data, tuple(Question.from_dict(q) for q in data["questions"]))

    @classmethod
    def _with_questions(cls, data: dict[str, Any], questions: Sequence[Question]) -> Bank:
        domain = data.get("domain")
        return cls(
            bank=data["bank"],
            title=data["title"],
            questions=questions,
            description=data.get("description"),
            domain=Domain(domain) if domain else None,
            cases=tuple(Case.from_dict(c) for c in data.get("cases", ())),
        )

    def to_dict(self) -> dict[str, Any]:
        return {**self._head(), "questions": [q.to_dict() for q in self.questions]}

    def _head(self) -> dict[str, Any]:
        return {
            "bank": self.bank,
            "title": self.title,
            "description": self.description,
            "domain": self.domain,
            "cases": [c.to_dict() for c in self.cases],
        }

    # the bank cache keeps the questions apart from the rest, so a start reads only the rest
    def cache_parts(self) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        head = self._head() | {"summaries": [s.to_json() for s in self.summaries]}
        return head, [q.to_dict() for q in self.questions]

    @classmethod
    def from_cache_parts(cls, head: dict[str, Any], questions_json: bytes) -> Bank:
        summaries = tuple(Summary.from_json(s) for s in head["summaries"])
        return cls._with_questions(head, LazyQuestions(questions_json, summaries))


@dataclass(frozen=True)
class Profile:
    """An exam blueprint: how many questions, how long, and how they spread over the domains."""

    id: str
    title: str
    questions: int
    domains: dict[Domain, float]
    minutes: int | None = None
    pass_percent: float | None = None
    topics: tuple[str, ...] = ()
    banks: tuple[str, ...] = ()
    include_drills: bool = False
    notes: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Profile:
        return cls(
            id=data["id"],
            title=data["title"],
            questions=data["questions"],
            domains={Domain(key): float(weight) for key, weight in data["domains"].items()},
            minutes=data.get("minutes"),
            pass_percent=data.get("pass_percent"),
            topics=tuple(data.get("topics", ())),
            banks=tuple(data.get("banks", ())),
            include_drills=data.get("include_drills", False),
            notes=data.get("notes"),
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

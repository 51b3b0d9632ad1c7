"""Everything loaded for one run: banks, profiles and the problems met while loading them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from quiz.banks.cache import PREBUILT_FOLDER, BankCache
from quiz.banks.loader import LoadedBank, default_bank_sources, load_banks, load_profiles
from quiz.banks.problems import Problem
from quiz.domains import Domain
from quiz.models import Difficulty, Profile, Question, Summary
from quiz.paths import UserPaths, shipped_banks_dir, user_paths


def prebuilt_cache() -> Path | None:
    folder = shipped_banks_dir() / PREBUILT_FOLDER
    return folder if folder.is_dir() else None


def question_key(bank_id: str, question_id: str) -> str:
    return f"{bank_id}/{question_id}"


# Not frozen: a start builds one for every question and drill (3,400 now), and a frozen dataclass
# sets each field through object.__setattr__, three times slower. Nothing changes an entry.
@dataclass(slots=True, unsafe_hash=True)
class Entry:
    """A question with the bank it came from. A bank's entry holds the bank's questions and its
    place among them, so the question is built only when something reads it (`fixed`). A drill
    entry has no fixed question: `generator` builds a fresh one for each variant seed (same fact,
    new distractors), so metadata lives here."""

    key: str
    bank_id: str
    domain: Domain
    topics: tuple[str, ...]
    difficulty: Difficulty
    generator: Callable[[int], Question] | None = field(default=None, compare=False)
    case: str | None = None  # "bank/case-id" of the case set it belongs to: drawn with the others of it
    position: int = 0  # its place in the bank file (a case's questions are asked in file order)
    source: Sequence[Question] | None = field(default=None, compare=False, repr=False)  # the bank's questions
    at: int = field(default=0, compare=False, repr=False)  # this one's index in `source`

    @classmethod
    def of(cls, bank_id: str, question: Question, position: int = 0) -> Entry:
        return cls.summarised(bank_id, Summary.of(question), (question,), position, at=0)

    @classmethod
    def summarised(
        cls, bank_id: str, summary: Summary, source: Sequence[Question], position: int, *, at: int | None = None
    ) -> Entry:
        """The entry of the question `summary` describes, at `source[at]` (default: `position`)."""
        case = f"{bank_id}/{summary.case}" if summary.case else None
        return cls(
            question_key(bank_id, summary.id),
            bank_id,
            summary.domain,
            summary.topics,
            summary.difficulty,
            case=case,
            position=position,
            source=source,
            at=position if at is None else at,
        )

    @property
    def fixed(self) -> Question | None:
        """The bank's question (built now if its bank's questions were not built yet); None for a drill."""
        return None if self.source is None else self.source[self.at]

    @property
    def question(self) -> Question:
        """The bank's question; for a drill, its first variant."""
        return self.variant(0)

    def variant(self, seed: int) -> Question:
        fixed = self.fixed
        if fixed is not None:
            return fixed
        assert self.generator is not None
        return self.generator(seed)

    @property
    def is_generated(self) -> bool:
        return self.generator is not None


@dataclass
class Library:
    """Every loaded bank and profile, with an entry per question for selection and counts."""

    banks: list[LoadedBank] = field(default_factory=list)
    profiles: dict[str, Profile] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # errors: what could not be loaded
    failed: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # about banks that loaded (for the Banks screen)
    entries: dict[str, Entry] = field(default_factory=dict)
    drill_banks: dict[str, int] = field(default_factory=dict)  # drill bank id -> number of facts
    # questions no session may ask now (suspended, or buried until later): the Study keeps it current
    set_aside: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        if not self.entries:
            for loaded in self.banks:
                bank = loaded.bank
                for position, summary in enumerate(bank.summaries):
                    entry = Entry.summarised(bank.bank, summary, bank.questions, position)
                    self.entries[entry.key] = entry

    @classmethod
    def load(
        cls,
        paths: UserPaths | None = None,
        extra_banks: Sequence[Path] = (),
        *,
        use_cache: bool = True,
        drills: bool = True,
        all_attributes: bool = False,
    ) -> Library:
        paths = paths or user_paths()
        cache = BankCache(paths.bank_cache, prebuilt=prebuilt_cache()) if use_cache else None
        sources, listing_problems = default_bank_sources(paths, extra_banks)
        report = load_banks(sources, cache)
        profiles, profile_problems = load_profiles(paths, cache)
        if cache is not None:
            cache.signatures.save()
        library = cls(
            banks=report.banks,
            profiles={p.id: p for p in profiles},
            problems=listing_problems + report.problems + profile_problems,
            failed=report.failed,
            warnings=report.warnings,
        )
        if drills:
            library.add_drills(all_attributes=all_attributes)
        return library

    def add_drills(self, *, all_attributes: bool = False) -> None:
        from quiz.drills import drill_facts

        for fact in drill_facts(all_attributes=all_attributes):
            self.entries[fact.key] = Entry(
                fact.key, fact.bank, fact.domain, fact.topics, fact.difficulty, generator=fact.generate
            )
            self.drill_banks[fact.bank] = self.drill_banks.get(fact.bank, 0) + 1

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, key: str) -> Entry | None:
        return self.entries.get(key)

    def select(
        self,
        *,
        domains: Collection[Domain] = (),
        topics: Collection[str] = (),
        banks: Collection[str] = (),
        difficulties: Collection[Difficulty] = (),
    ) -> list[Entry]:
        """Entries matching every given filter (an empty filter matches everything), none set aside."""
        wanted_topics = set(topics)
        set_aside = self.set_aside
        return [
            entry
            for entry in self.entries.values()
            if (not set_aside or entry.key not in set_aside)
            and (not domains or entry.domain in domains)
            and (not banks or entry.bank_id in banks)
            and (not difficulties or entry.difficulty in difficulties)
            and (not wanted_topics or not wanted_topics.isdisjoint(entry.topics))
        ]

    def available(self, keys: Iterable[str]) -> list[Entry]:
        """The loaded entries of `keys`, in their order, but those set aside."""
        return [self.entries[k] for k in keys if k in self.entries and k not in self.set_aside]

    def domain_counts(self, *, drills: bool = False) -> Counter[Domain]:
        return Counter(entry.domain for entry in self.entries.values() if drills or not entry.is_generated)

    @property
    def has_images(self) -> bool:
        """Whether any bank's question shows an image (from the banks' summaries: builds nothing)."""
        return any(summary.images for loaded in self.banks for summary in loaded.bank.summaries)

    @property
    def question_count(self) -> int:
        """Questions in the banks, drills not counted."""
        return sum(1 for entry in self.entries.values() if not entry.is_generated)

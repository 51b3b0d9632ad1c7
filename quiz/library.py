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
from quiz.models import Difficulty, Profile, Question
from quiz.paths import UserPaths, shipped_banks_dir, user_paths


def prebuilt_cache() -> Path | None:
    folder = shipped_banks_dir() / PREBUILT_FOLDER
    return folder if folder.is_dir() else None


def question_key(bank_id: str, question_id: str) -> str:
    return f"{bank_id}/{question_id}"


@dataclass(frozen=True)
class Entry:
    """A question with the bank it came from. A drill entry has no fixed question: `generator`
    builds a fresh one for each variant seed (same fact, new distractors), so metadata lives here."""

    key: str
    bank_id: str
    domain: Domain
    topics: tuple[str, ...]
    difficulty: Difficulty
    fixed: Question | None = None
    generator: Callable[[int], Question] | None = field(default=None, compare=False)
    case: str | None = None  # "bank/case-id" of the case set it belongs to: drawn with the others of it
    position: int = 0  # its place in the bank file (a case's questions are asked in file order)

    @classmethod
    def of(cls, bank_id: str, question: Question, position: int = 0) -> Entry:
        return cls(
            question_key(bank_id, question.id),
            bank_id,
            question.domain,
            question.topics,
            question.difficulty,
            fixed=question,
            case=f"{bank_id}/{question.case.id}" if question.case else None,
            position=position,
        )

    @property
    def question(self) -> Question:
        """The bank's question; for a drill, its first variant."""
        return self.variant(0)

    def variant(self, seed: int) -> Question:
        if self.fixed is not None:
            return self.fixed
        assert self.generator is not None
        return self.generator(seed)

    @property
    def is_generated(self) -> bool:
        return self.generator is not None


@dataclass
class Library:
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
                for position, question in enumerate(loaded.bank.questions):
                    entry = Entry.of(loaded.bank.bank, question, position)
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
    def question_count(self) -> int:
        """Questions in the banks, drills not counted."""
        return sum(1 for entry in self.entries.values() if not entry.is_generated)

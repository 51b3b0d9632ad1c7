"""`quiz validate`: check bank and profile files and report every problem, errors and warnings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from quiz.banks.file_check import check_document, collector_paused, looks_like_profile
from quiz.banks.loader import Source, default_bank_sources, find_sources
from quiz.banks.problems import Problem, SourceError
from quiz.banks.yaml_reader import YamlDocument, read_yaml
from quiz.models import Bank, Profile
from quiz.paths import UserPaths, shipped_profiles_dir
from quiz.text import counted


@dataclass
class ValidationReport:
    banks: list[tuple[Bank, Path]] = field(default_factory=list)  # the banks that would load
    profiles: list[tuple[Profile, Path]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # errors and warnings
    bank_files: int = 0  # files holding a bank, with errors or not
    profile_files: int = 0

    @property
    def question_count(self) -> int:
        return sum(len(bank.questions) for bank, _ in self.banks)

    @property
    def error_count(self) -> int:
        return sum(p.count for p in self.problems if p.is_error)

    @property
    def warning_count(self) -> int:
        return sum(p.count for p in self.problems if not p.is_error)

    def sorted_problems(self) -> list[Problem]:
        return sorted(self.problems, key=Problem.sort_key)

    def summary(self) -> str:
        parts = [
            counted(self.bank_files, "bank"),
            counted(self.question_count, "question"),
            counted(self.profile_files, "profile"),
            counted(self.error_count, "error"),
        ]
        if self.warning_count:
            parts.append(counted(self.warning_count, "warning"))
        return ", ".join(parts)


def default_sources(paths: UserPaths) -> tuple[list[Source], list[Problem]]:
    sources, problems = default_bank_sources(paths)
    profiles, more = find_sources(
        [(shipped_profiles_dir(), True), (paths.profiles, False)], optional=[shipped_profiles_dir(), paths.profiles]
    )
    return sources + profiles, problems + more


def sources_for(paths: Sequence[Path]) -> tuple[list[Source], list[Problem]]:
    """The files the user named, and the YAML files in the folders they named."""
    return find_sources((path, False) for path in paths)


def validate_sources(sources: Sequence[Source], problems: Sequence[Problem] = ()) -> ValidationReport:
    report = ValidationReport(problems=list(problems))
    owners: dict[str, Path] = {}
    shipped_ids: set[str] = set()
    for source in sources:
        with collector_paused():
            try:
                document = read_yaml(source.path)
            except SourceError as error:
                report.problems.extend(error.problems)
                continue
            bank = _check(source, document, report)
        if bank is None:
            continue
        if bank.bank in shipped_ids and not source.shipped:
            # the user's copy of a shipped bank replaces it, as loading does (quiz.banks.loader)
            shipped_ids.discard(bank.bank)
            report.banks = [(b, p) for b, p in report.banks if b.bank != bank.bank]
        elif bank.bank in owners:
            line, column = document.locate(("bank",)) or (None, None)
            report.problems.append(
                Problem(
                    source.path,
                    f"bank id {bank.bank!r} is already used by {owners[bank.bank]}",
                    line,
                    column,
                    bank=bank.bank,
                )
            )
            continue
        owners[bank.bank] = source.path
        if source.shipped:
            shipped_ids.add(bank.bank)
        report.banks.append((bank, source.path))
    return report


def _check(source: Source, document: YamlDocument, report: ValidationReport) -> Bank | None:
    """Check a bank or profile file into `report`; the bank, if the file holds a valid one."""
    if looks_like_profile(document.data):
        report.profile_files += 1
        profile = check_document(source.path, document, Profile)
        report.problems.extend(profile.problems)
        if profile.value is not None:
            report.profiles.append((profile.value, source.path))
        return None
    if isinstance(document.data, dict):
        report.bank_files += 1
    checked = check_document(source.path, document, Bank, shipped=source.shipped)
    report.problems.extend(checked.problems)
    return checked.value

"""`quiz validate`: check bank and profile files and report every problem."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from quiz.bank_loader import Source, default_bank_sources, looks_like_profile, validate_data, yaml_files
from quiz.models import Bank, Profile
from quiz.paths import UserPaths, shipped_profiles_dir
from quiz.problems import Problem, SourceError
from quiz.yaml_reader import locate, read_yaml


@dataclass
class ValidationReport:
    banks: list[tuple[Bank, Path]] = field(default_factory=list)
    profiles: list[tuple[Profile, Path]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def question_count(self) -> int:
        return sum(len(bank.questions) for bank, _ in self.banks)

    def summary(self) -> str:
        errors = len(self.problems)
        return (
            f"{len(self.banks)} banks, {self.question_count} questions, {len(self.profiles)} profiles, "
            f"{errors} error{'s' if errors != 1 else ''}"
        )


def default_sources(paths: UserPaths) -> list[Source]:
    sources = default_bank_sources(paths)
    for folder in (shipped_profiles_dir(), paths.profiles):
        if folder.is_dir():
            sources += [Source(p, shipped=folder == shipped_profiles_dir()) for p in yaml_files(folder)]
    return sources


def validate_sources(sources: Sequence[Source]) -> ValidationReport:
    report = ValidationReport()
    owners: dict[str, Path] = {}
    for source in sources:
        try:
            data, text = read_yaml(source.path)
            if looks_like_profile(data):
                report.profiles.append((validate_data(source.path, text, data, Profile), source.path))
                continue
            bank = validate_data(source.path, text, data, Bank, shipped=source.shipped)
        except SourceError as error:
            report.problems.extend(error.problems)
            continue
        if bank.bank in owners:
            line, column = locate(text, ("bank",)) or (None, None)
            report.problems.append(
                Problem(source.path, f"bank id {bank.bank!r} is already used by {owners[bank.bank]}",
                        line, column, bank=bank.bank)
            )
            continue
        owners[bank.bank] = source.path
        report.banks.append((bank, source.path))
    return report

"""Find, read and validate question banks and exam profiles.

A broken file is reported with every problem located, and skipped; the other files still load.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from quiz.bank_cache import BankCache, CacheKey
from quiz.models import Bank, Profile
from quiz.paths import UserPaths, shipped_banks_dir, shipped_profiles_dir
from quiz.problems import Problem, SourceError

# YAML reading, pydantic validation and their error reporting are imported on first use: a warm
# start reads only the cache.

Model = TypeVar("Model", Bank, Profile)
YAML_SUFFIXES = (".yaml", ".yml")
# the order a user meets them in: the CIIP first, then a short check, then PARCA's chain
SHIPPED_PROFILE_ORDER = {name: rank for rank, name in enumerate(["ciip", "quick", "cpas", "cpsa", "cdip", "cpsm"])}


@dataclass(frozen=True)
class Source:
    path: Path
    shipped: bool = False


@dataclass(frozen=True)
class LoadedBank:
    bank: Bank
    path: Path
    shipped: bool


@dataclass
class LoadReport:
    banks: list[LoadedBank] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    failed: list[Path] = field(default_factory=list)


def read_model(path: Path, model: type[Model], *, shipped: bool = False) -> Model:
    """Read one YAML file into `model`, or raise SourceError with every problem found."""
    from quiz.yaml_reader import read_yaml

    data, text = read_yaml(path)
    return validate_data(path, text, data, model, shipped=shipped)


def looks_like_profile(data: Any) -> bool:
    return isinstance(data, dict) and "bank" not in data and ("domains" in data or "id" in data)


def validate_data(path: Path, text: str, data: Any, model: type[Model], *, shipped: bool = False) -> Model:
    from pydantic import ValidationError

    from quiz.formats import FORMATS
    from quiz.validation_messages import validation_problems

    if not isinstance(data, dict):
        what = "empty" if data is None else f"a {type(data).__name__}"
        expected = "bank, title and questions" if model is Bank else "id, title, questions and domains"
        raise SourceError([Problem(path, f"the file must be a mapping with {expected}; it is {what}", 1, 1)])
    context = {"shipped": shipped}
    problems: list[Problem] = []
    result: Model | None = None
    file_format = FORMATS[model]
    try:
        result = file_format.model_validate(data, context=context).build()  # type: ignore[assignment]
    except ValidationError as error:
        problems = validation_problems(
            error, path=path, text=text, data=data, model=file_format, skip_types=("duplicate_id",)
        )
    if model is Bank:
        # duplicate ids are reported even when other errors stop the model's own check
        problems.extend(_duplicate_id_problems(path, text, data))
    if problems:
        raise SourceError(problems)
    assert result is not None
    return result


def _duplicate_id_problems(path: Path, text: str, data: dict[str, Any]) -> list[Problem]:
    from quiz.formats import duplicate_ids
    from quiz.validation_messages import bank_id_of
    from quiz.yaml_reader import locate

    questions = data.get("questions")
    if not isinstance(questions, list):
        return []
    ids = [q.get("id") if isinstance(q, dict) else None for q in questions]
    problems = []
    for index, first in duplicate_ids(ids):
        position = locate(text, ("questions", index, "id"))
        line, column = position if position else (None, None)
        problems.append(
            Problem(path, f"question id {ids[index]!r} is already used by question #{first + 1}",
                    line, column, bank=bank_id_of(data), question=ids[index])
        )
    return problems


def yaml_files(path: Path) -> list[Path]:
    """A file as given, or the YAML files directly inside a folder, sorted for a stable order."""
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())
    return [path]


def default_bank_sources(paths: UserPaths, extra: Sequence[Path] = ()) -> list[Source]:
    sources = [Source(p, shipped=True) for p in yaml_files(shipped_banks_dir())]
    if paths.banks.is_dir():
        sources += [Source(p) for p in yaml_files(paths.banks)]
    for item in extra:
        sources += [Source(p) for p in yaml_files(item)]
    return sources


def load_banks(sources: Iterable[Source], cache: BankCache | None = None) -> LoadReport:
    report = LoadReport()
    owners: dict[str, Path] = {}
    for source in sources:
        try:
            bank = _load_bank(source, cache)
        except SourceError as error:
            report.problems.extend(error.problems)
            report.failed.append(source.path)
            continue
        if bank.bank in owners:
            from quiz.yaml_reader import locate

            text = source.path.read_text("utf-8", errors="replace")
            line, column = locate(text, ("bank",)) or (None, None)
            message = f"bank id {bank.bank!r} is already used by {owners[bank.bank]}; this file is skipped"
            report.problems.append(Problem(source.path, message, line, column, bank=bank.bank))
            report.failed.append(source.path)
            continue
        owners[bank.bank] = source.path
        report.banks.append(LoadedBank(bank, source.path, source.shipped))
    return report


def _load_bank(source: Source, cache: BankCache | None) -> Bank:
    return read_cached(source.path, Bank, cache, shipped=source.shipped)


def read_cached(path: Path, model: type[Model], cache: BankCache | None, *, shipped: bool = False) -> Model:
    """`read_model` through the cache: an unchanged file is not parsed again."""
    key = None
    if cache is not None:
        try:
            key = CacheKey.for_file(path, shipped=shipped, model=model)
        except OSError:
            key = None
        cached = cache.get(key, model) if key else None
        if cached is not None:
            return cached
    value = read_model(path, model, shipped=shipped)
    if cache is not None and key is not None:
        cache.put(key, value)
    return value


def load_profiles(paths: UserPaths, cache: BankCache | None = None) -> tuple[list[Profile], list[Problem]]:
    """Shipped profiles, then the user's; a user profile with a shipped id replaces it."""
    profiles: dict[str, Profile] = {}
    problems: list[Problem] = []
    folders = [shipped_profiles_dir(), paths.profiles]
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in yaml_files(folder):
            try:
                profile = read_cached(path, Profile, cache)
            except SourceError as error:
                problems.extend(error.problems)
                continue
            profiles[profile.id] = profile
    last = len(SHIPPED_PROFILE_ORDER)
    ordered = sorted(profiles.values(), key=lambda p: (SHIPPED_PROFILE_ORDER.get(p.id, last), p.id))
    return ordered, problems

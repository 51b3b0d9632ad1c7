"""Find, read and validate question banks and exam profiles.

A broken file is reported with every problem located, and skipped; the other files still load. A
folder that cannot be listed is reported and skipped the same way.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, TypeVar

from quiz.banks.cache import BankCache, CacheKey
from quiz.banks.problems import Checked, Problem, Severity, SourceError
from quiz.banks.safe_files import MAX_FILE_BYTES, UnreadableFile, read_regular_file_and_stat
from quiz.models import Bank, Profile
from quiz.paths import UserPaths, shipped_banks_dir, shipped_profiles_dir

# YAML reading, pydantic validation and their error reporting (quiz.banks.file_check) are imported on
# first use: a warm start reads only the cache.

Model = TypeVar("Model", Bank, Profile)
YAML_SUFFIXES = (".yaml", ".yml")
# the order a user meets them in: the CIIP first, then a short check, then PARCA's chain
SHIPPED_PROFILE_ORDER = {name: rank for rank, name in enumerate(["ciip", "quick", "cpas", "cpsa", "cdip", "cpsm"])}


# Named tuples, not dataclasses: cheaper to define at start-up (see quiz.tui.app).
class Source(NamedTuple):
    path: Path
    shipped: bool = False


class LoadedBank(NamedTuple):
    bank: Bank
    path: Path
    shipped: bool


@dataclass
class LoadReport:
    """What loading the bank folders gave: the banks that loaded, and the problems of those that did not."""

    banks: list[LoadedBank] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # errors: each failed file has at least one
    failed: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # about files that loaded


def read_model(path: Path, model: type[Model], *, shipped: bool = False) -> Model:
    """Read one YAML file into `model`, or raise SourceError with every problem found."""
    return _value_or_raise(check_file(path, model, shipped=shipped))


def check_file(
    path: Path, model: type[Model], *, shipped: bool = False, cache: BankCache | None = None
) -> Checked[Model]:
    """Read one file (regular files only, bounded) and check it, through the cache when given: an
    unchanged file, broken or not, is not parsed again, and not even read when its signature says
    it is unchanged (quiz.banks.file_signatures)."""
    if cache is not None:
        digest = cache.signatures.digest_of(path)
        if digest is not None:
            found = _cached(path, CacheKey.for_digest(path, digest, shipped=shipped, model=model), model, cache)
            if found is not None:
                return found
    try:
        content, info = read_regular_file_and_stat(path, MAX_FILE_BYTES)
    except UnreadableFile as exc:
        return Checked(None, (Problem(path, str(exc)),))
    key = CacheKey.for_content(path, content, shipped=shipped, model=model) if cache is not None else None
    if cache is not None and key is not None:
        cache.signatures.record(path, info, key.digest)
        found = _cached(path, key, model, cache)
        if found is not None:
            return found
    from quiz.banks.file_check import check_bytes

    checked = check_bytes(path, content, model, shipped=shipped)
    if cache is not None and key is not None:
        cache.put(key, checked)
    return checked


def _cached(path: Path, key: CacheKey, model: type[Model], cache: BankCache) -> Checked[Model] | None:
    cached = cache.get(key, model)
    if cached is None or not _exhibit_files_unchanged(cached.value):
        return None  # not checked yet, or an exhibit file beside the bank was edited: check it again
    # the entry may have been written when the file was reached by another path
    return Checked(cached.value, tuple(dataclasses.replace(p, path=path) for p in cached.problems))


def _exhibit_files_unchanged(value: object) -> bool:
    from quiz.models import Bank

    if not isinstance(value, Bank) or not any(summary.files for summary in value.summaries):
        return True
    from quiz.banks.exhibit_files import files_unchanged

    return files_unchanged(value)


def read_cached(path: Path, model: type[Model], cache: BankCache | None, *, shipped: bool = False) -> Model:
    """`read_model` through the cache."""
    return _value_or_raise(check_file(path, model, shipped=shipped, cache=cache))


def _value_or_raise(checked: Checked[Model]) -> Model:
    if checked.value is None:
        raise SourceError(checked.errors)
    return checked.value


def yaml_files(path: Path) -> list[Path]:
    """A file as given, or the YAML files directly inside a folder, sorted for a stable order.
    Raises SourceError when the folder cannot be listed."""
    try:
        is_folder = path.is_dir()
    except OSError as exc:  # e.g. a parent folder that may not be entered
        raise SourceError([Problem(path, f"cannot open: {exc.strerror or exc}; skipped")]) from None
    if not is_folder:
        return [path]
    try:
        entries = sorted(path.iterdir())
    except OSError as exc:
        raise SourceError(
            [Problem(path, f"cannot open the folder: {exc.strerror or exc}; the files in it are skipped")]
        ) from None
    # anything not a folder is kept, FIFOs and devices too: reading them reports what they are
    return [p for p in entries if p.suffix in YAML_SUFFIXES and not _is_folder(p)]


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False  # reading it will say why it cannot be read


def find_sources(
    places: Iterable[tuple[Path, bool]], *, optional: Sequence[Path] = ()
) -> tuple[list[Source], list[Problem]]:
    """The YAML files of each (file or folder, shipped) place, and a problem for each place that
    cannot be listed. A place in `optional` that does not exist is no problem (a user folder not
    made yet)."""
    sources: list[Source] = []
    problems: list[Problem] = []
    for place, shipped in places:
        if place in optional and not is_present(place):
            continue
        try:
            sources += [Source(p, shipped=shipped) for p in yaml_files(place)]
        except SourceError as error:
            problems += error.problems
    return sources, problems


def is_present(path: Path) -> bool:
    """Whether something is at `path`, even something this user may not read."""
    try:
        path.stat()
    except FileNotFoundError:
        return False
    except OSError:
        return True  # there, but not readable: listing it reports that
    return True


def default_bank_sources(paths: UserPaths, extra: Sequence[Path] = ()) -> tuple[list[Source], list[Problem]]:
    places = [(shipped_banks_dir(), True), (paths.banks, False), *((item, False) for item in extra)]
    return find_sources(places, optional=[paths.banks])


def load_banks(sources: Iterable[Source], cache: BankCache | None = None) -> LoadReport:
    report = LoadReport()
    owners: dict[str, Path] = {}
    shipped_ids: set[str] = set()
    for source in sources:
        checked = check_file(source.path, Bank, shipped=source.shipped, cache=cache)
        bank = checked.value
        if bank is None:
            report.problems.extend(checked.errors)
            report.failed.append(source.path)
            continue
        if bank.bank in shipped_ids and not source.shipped:
            # the user's copy of a shipped bank (made to edit it) replaces it
            report.banks = [b for b in report.banks if b.bank.bank != bank.bank]
            shipped_ids.discard(bank.bank)
            line, column = _bank_id_position(source.path)
            message = f"replaces the shipped bank {bank.bank!r}: remove this file to use the shipped one again"
            report.warnings.append(
                Problem(source.path, message, line, column, bank=bank.bank, severity=Severity.WARNING)
            )
        elif bank.bank in owners:
            line, column = _bank_id_position(source.path)
            message = f"bank id {bank.bank!r} is already used by {owners[bank.bank]}; this file is skipped"
            report.problems.append(Problem(source.path, message, line, column, bank=bank.bank))
            report.failed.append(source.path)
            continue
        owners[bank.bank] = source.path
        if source.shipped:
            shipped_ids.add(bank.bank)
        report.banks.append(LoadedBank(bank, source.path, source.shipped))
        report.warnings.extend(checked.warnings)
    return report


def _bank_id_position(path: Path) -> tuple[int | None, int | None]:
    """Where the file says `bank:`; parsing again is fine for this rare problem."""
    from quiz.banks.yaml_reader import read_yaml

    try:
        return read_yaml(path).locate(("bank",)) or (None, None)
    except SourceError:
        return None, None


def load_profiles(paths: UserPaths, cache: BankCache | None = None) -> tuple[list[Profile], list[Problem]]:
    """Shipped profiles, then the user's; a user profile with a shipped id replaces it."""
    profiles: dict[str, Profile] = {}
    sources, problems = find_sources(
        [(shipped_profiles_dir(), True), (paths.profiles, False)], optional=[shipped_profiles_dir(), paths.profiles]
    )
    for source in sources:
        try:
            profile = read_cached(source.path, Profile, cache, shipped=source.shipped)
        except SourceError as error:
            problems.extend(error.problems)
            continue
        profiles[profile.id] = profile
    last = len(SHIPPED_PROFILE_ORDER)
    ordered = sorted(profiles.values(), key=lambda p: (SHIPPED_PROFILE_ORDER.get(p.id, last), p.id))
    return ordered, problems

"""Cache of checked banks and profiles, so an unchanged file skips YAML parsing on the next start.

An entry is keyed by the file's resolved path, a digest of its content, the model it holds and the
app version: an edit always changes the digest, even when the file's size and mtime are put back
(`touch -r`). A file whose signature (size, inode, mtime, ctime) is as it was when its digest was
taken is not even read (quiz.banks.file_signatures). The outcome is cached whatever it was: the
validated object with its warnings, or the located problems of a broken file, so a broken unchanged
bank is not parsed again at every start either. The payload is checked against a digest on load, so
a damaged entry is never trusted: it is ignored and rebuilt. Only checked outcomes are ever written,
so a matching entry is used without validating again: a warm start never imports pydantic.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, Self, TypeVar, cast, runtime_checkable

from quiz import __version__
from quiz.banks.file_signatures import FileSignatures
from quiz.banks.problems import Checked, Problem
from quiz.banks.safe_files import UnreadableFile, read_regular_file
from quiz.paths import shipped_outline_file

CACHE_FORMAT = 5  # 5: a bank's questions on a line of their own, decoded when one is first read
# An entry holds one checked file (at most 20 MiB of YAML) as JSON, which is about the same size.
MAX_ENTRY_BYTES = 64 * 2**20
Value = TypeVar("Value", bound="Cacheable")
if TYPE_CHECKING:
    from quiz.models import Bank, Profile

    Model = TypeVar("Model", Bank, Profile)


class Cacheable(Protocol):
    """A validated object that round-trips through JSON (`quiz.models.Bank`, `Profile`)."""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self: ...

    def to_dict(self) -> dict[str, Any]: ...


@runtime_checkable
class SplitCacheable(Protocol):
    """One kept in two parts: a head read at every start and a body (a bank's questions) kept as
    JSON bytes until it is needed (`quiz.models.Bank`)."""

    @classmethod
    def from_cache_parts(cls, head: dict[str, Any], body_json: bytes) -> Self: ...

    def cache_parts(self) -> tuple[dict[str, Any], list[dict[str, Any]]]: ...


def content_digest(content: bytes) -> str:
    # sha256 runs on the CPU's SHA instructions where they exist (most x86 and ARM machines today):
    # about 1 ms per MiB, faster there than blake2b
    return hashlib.sha256(content).hexdigest()


@functools.cache
def outline_digest() -> str:
    """Of the shipped sub-topic outline's bytes ("" when there is none): part of every bank's key,
    since a bank's `subtopic:` ids are checked against it."""
    try:
        return content_digest(shipped_outline_file().read_bytes())
    except OSError:
        return ""


class CacheKey(NamedTuple):  # not a dataclass: cheaper to define at start-up (see quiz.tui.app)
    path: str
    digest: str  # of the file's content
    shipped: bool
    model: str = "Bank"
    app_version: str = __version__
    format: int = CACHE_FORMAT
    outline: str = ""  # the shipped outline's digest: subtopics are checked against it

    @classmethod
    def for_content(
        cls, path: Path, content: bytes, *, shipped: bool, model: type[Cacheable] | None = None
    ) -> CacheKey:
        return cls.for_digest(path, content_digest(content), shipped=shipped, model=model)

    @classmethod
    def for_digest(cls, path: Path, digest: str, *, shipped: bool, model: type[Cacheable] | None = None) -> CacheKey:
        name = model.__name__ if model is not None else "Bank"
        return cls(str(path.resolve()), digest, shipped, name, outline=outline_digest())


PREBUILT_FOLDER = ".validated"  # inside the shipped banks folder of an installed wheel


class BankCache:
    """The user's cache folder; with `prebuilt`, also the checked outcomes of the shipped files that
    the wheel was built with (see `build_prebuilt`), so even the first start after an install or an
    upgrade reads no YAML for them. Prebuilt entries are keyed by file name instead of path."""

    def __init__(self, folder: Path, *, prebuilt: Path | None = None) -> None:
        self.folder = folder
        self.prebuilt = prebuilt
        self.signatures = FileSignatures(folder)  # which files need no reading to find their entry

    def _entry_path(self, key: CacheKey, folder: Path | None = None) -> Path:
        name = hashlib.sha256(f"{key.path}\0{key.shipped}\0{key.model}".encode()).hexdigest()[:32]
        return (folder or self.folder) / f"{name}.json"

    def get(self, key: CacheKey, model: type[Value]) -> Checked[Value] | None:
        found = self._read(self._entry_path(key), key, model)
        if found is None and key.shipped and self.prebuilt is not None:
            portable = _portable(key)
            found = self._read(self._entry_path(portable, self.prebuilt), portable, model)
        return found

    def _read(self, entry: Path, key: CacheKey, model: type[Value]) -> Checked[Value] | None:
        try:
            # bounded and regular-only: an entry replaced by a FIFO or a huge file must not stall a start
            header_line, _, payload = read_regular_file(entry, MAX_ENTRY_BYTES).partition(b"\n")
            header = json.loads(header_line)
        except (UnreadableFile, ValueError):
            return None
        if not isinstance(header, dict) or header.get("key") != key._asdict():
            return None
        if header.get("digest") != content_digest(payload):
            return None
        outcome_json, _, body_json = payload.partition(b"\n")
        try:
            outcome = json.loads(outcome_json)
            value = outcome["value"]
            problems = tuple(Problem.from_dict(p) for p in outcome["problems"])
            if value is None:
                return Checked(None, problems)
            if outcome.get("split"):
                split = cast("type[SplitCacheable]", model)
                return Checked(cast("Value", split.from_cache_parts(value, body_json)), problems)
            return Checked(model.from_dict(value), problems)
        except (ValueError, KeyError, TypeError, AttributeError):  # written by an older layout: rebuild
            return None

    def put(self, key: CacheKey, checked: Checked[Value], *, portable: bool = False) -> None:
        """Best effort: a cache that cannot be written only costs speed. `portable` keys the entry
        by file name, for a prebuilt cache."""
        if portable:
            key = _portable(key)
        problems = [p.to_dict() for p in checked.problems]
        if checked.value is None:
            payload = _json_line({"value": None, "problems": problems})
        elif isinstance(checked.value, SplitCacheable):
            head, body = checked.value.cache_parts()
            payload = _json_line({"value": head, "problems": problems, "split": True}) + b"\n" + _json_line(body)
        else:
            payload = _json_line({"value": checked.value.to_dict(), "problems": problems})
        header = {"key": key._asdict(), "digest": content_digest(payload)}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(json.dumps(header).encode() + b"\n" + payload)
                os.replace(temp, self._entry_path(key))
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
                raise
        except OSError:
            pass


def _json_line(data: object) -> bytes:
    try:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    except UnicodeEncodeError:  # a lone surrogate (YAML can write "\ud800"): JSON escapes it
        return json.dumps(data, separators=(",", ":")).encode()


def _portable(key: CacheKey) -> CacheKey:
    return key._replace(path=Path(key.path).name)


def build_prebuilt(shipped: Path, out: Path) -> int:
    """Check every shipped bank and profile and write their outcomes into `out` (build time: the
    wheel carries them as `question_banks/.validated`). Returns how many files were written;
    raises if a shipped file does not check cleanly, so a broken bank cannot be built into a wheel."""
    from quiz.models import Bank, Profile

    cache = BankCache(out)
    banks = [_prebuild(cache, path, Bank) for path in sorted(shipped.glob("*.yaml"))]
    profiles = [_prebuild(cache, path, Profile) for path in sorted((shipped / "profiles").glob("*.yaml"))]
    return len(banks) + len(profiles)


def _prebuild(cache: BankCache, path: Path, model: type[Model]) -> Path:
    from quiz.banks.file_check import check_bytes

    content = path.read_bytes()
    checked = check_bytes(path, content, model, shipped=True)
    if checked.value is None:
        raise ValueError("\n".join(str(p) for p in checked.errors))
    cache.put(CacheKey.for_content(path, content, shipped=True, model=model), checked, portable=True)
    return path

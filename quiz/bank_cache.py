"""Cache of checked banks and profiles, so an unchanged file skips YAML parsing on the next start.

An entry is keyed by the file's resolved path, a digest of its content, the model it holds and the
app version: an edit always changes the digest, even when the file's size and mtime are put back
(`touch -r`). The outcome is cached whatever it was: the validated object with its warnings, or
the located problems of a broken file, so a broken unchanged bank is not parsed again at every
start either. The payload is checked against a digest on load, so a damaged entry is never
trusted: it is ignored and rebuilt. Only checked outcomes are ever written, so a matching entry is
used without validating again: a warm start never imports pydantic.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol, Self, TypeVar

from quiz import __version__
from quiz.problems import Checked, Problem
from quiz.safe_files import UnreadableFile, read_regular_file

CACHE_FORMAT = 4
# An entry holds one checked file (at most 20 MiB of YAML) as JSON, which is about the same size.
MAX_ENTRY_BYTES = 64 * 2**20
Value = TypeVar("Value", bound="Cacheable")


class Cacheable(Protocol):
    """A validated object that round-trips through JSON (`quiz.models.Bank`, `Profile`)."""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self: ...

    def to_dict(self) -> dict[str, Any]: ...


def content_digest(content: bytes) -> str:
    # sha256 runs on the CPU's SHA instructions where they exist (most x86 and ARM machines today):
    # about 1 ms per MiB, faster there than blake2b
    return hashlib.sha256(content).hexdigest()


@dataclass(frozen=True)
class CacheKey:
    path: str
    digest: str  # of the file's content
    shipped: bool
    model: str = "Bank"
    app_version: str = __version__
    format: int = CACHE_FORMAT

    @classmethod
    def for_content(
        cls, path: Path, content: bytes, *, shipped: bool, model: type[Cacheable] | None = None
    ) -> CacheKey:
        name = model.__name__ if model is not None else "Bank"
        return cls(str(path.resolve()), content_digest(content), shipped, name)


class BankCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _entry_path(self, key: CacheKey) -> Path:
        name = hashlib.sha256(f"{key.path}\0{key.shipped}\0{key.model}".encode()).hexdigest()[:32]
        return self.folder / f"{name}.json"

    def get(self, key: CacheKey, model: type[Value]) -> Checked[Value] | None:
        try:
            # bounded and regular-only: an entry replaced by a FIFO or a huge file must not stall a start
            header_line, _, payload = read_regular_file(self._entry_path(key), MAX_ENTRY_BYTES).partition(b"\n")
            header = json.loads(header_line)
        except (UnreadableFile, ValueError):
            return None
        if not isinstance(header, dict) or header.get("key") != asdict(key):
            return None
        if header.get("digest") != content_digest(payload):
            return None
        try:
            outcome = json.loads(payload)
            value = outcome["value"]
            problems = tuple(Problem.from_dict(p) for p in outcome["problems"])
            return Checked(None if value is None else model.from_dict(value), problems)
        except (ValueError, KeyError, TypeError, AttributeError):  # written by an older layout: rebuild
            return None

    def put(self, key: CacheKey, checked: Checked[Value]) -> None:
        """Best effort: a cache that cannot be written only costs speed."""
        value = None if checked.value is None else checked.value.to_dict()
        outcome = {"value": value, "problems": [p.to_dict() for p in checked.problems]}
        try:
            payload = json.dumps(outcome, ensure_ascii=False, separators=(",", ":")).encode()
        except UnicodeEncodeError:  # a lone surrogate (YAML can write "\ud800"): JSON escapes it
            payload = json.dumps(outcome, separators=(",", ":")).encode()
        header = {"key": asdict(key), "digest": content_digest(payload)}
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

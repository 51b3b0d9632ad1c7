"""Cache of validated banks and profiles, so an unchanged file skips YAML parsing on the next start.

An entry is keyed by the file's resolved path, size, mtime, the model it holds and the app version.
Its payload is the validated object as JSON, checked against a digest on load, so a stale or damaged
entry is never trusted: it is ignored and rebuilt. Only validated objects are ever written, so a
matching entry is rebuilt without validating again: a warm start never imports pydantic.
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

CACHE_FORMAT = 3
Value = TypeVar("Value", bound="Cacheable")


class Cacheable(Protocol):
    """A validated object that round-trips through JSON (`quiz.models.Bank`, `Profile`)."""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self: ...

    def to_dict(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class CacheKey:
    path: str
    size: int
    mtime_ns: int
    shipped: bool
    model: str = "Bank"
    app_version: str = __version__
    format: int = CACHE_FORMAT

    @classmethod
    def for_file(cls, path: Path, *, shipped: bool, model: type[Cacheable] | None = None) -> CacheKey:
        stat = path.stat()
        name = model.__name__ if model is not None else "Bank"
        return cls(str(path.resolve()), stat.st_size, stat.st_mtime_ns, shipped, name)


class BankCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _entry_path(self, key: CacheKey) -> Path:
        name = hashlib.sha256(f"{key.path}\0{key.shipped}\0{key.model}".encode()).hexdigest()[:32]
        return self.folder / f"{name}.json"

    def get(self, key: CacheKey, model: type[Value]) -> Value | None:
        entry = self._entry_path(key)
        try:
            with entry.open("rb") as handle:
                header = json.loads(handle.readline())
                payload = handle.read()
        except (OSError, ValueError):
            return None
        if header.get("key") != asdict(key):
            return None
        if header.get("digest") != hashlib.blake2b(payload, digest_size=20).hexdigest():
            return None
        try:
            return model.from_dict(json.loads(payload))
        except (ValueError, KeyError, TypeError, AttributeError):  # written by an older layout: rebuild
            return None

    def put(self, key: CacheKey, value: Cacheable) -> None:
        """Best effort: a cache that cannot be written only costs speed."""
        payload = json.dumps(value.to_dict(), ensure_ascii=False, separators=(",", ":")).encode()
        header = {"key": asdict(key), "digest": hashlib.blake2b(payload, digest_size=20).hexdigest()}
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

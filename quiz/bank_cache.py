"""Cache of validated banks and profiles, so an unchanged file skips YAML parsing on the next start.

An entry is keyed by the file's resolved path, size, mtime, the model it holds and the app version.
Its payload is the model as JSON, checked against a digest and validated again on load (pydantic's
JSON validation runs in Rust, far faster than YAML parsing), so a stale or damaged entry is never
trusted: it is ignored and rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from quiz import __version__

CACHE_FORMAT = 2
Model = TypeVar("Model", bound=BaseModel)


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
    def for_file(cls, path: Path, *, shipped: bool, model: type[BaseModel] | None = None) -> CacheKey:
        stat = path.stat()
        name = model.__name__ if model is not None else "Bank"
        return cls(str(path.resolve()), stat.st_size, stat.st_mtime_ns, shipped, name)


class BankCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _entry_path(self, key: CacheKey) -> Path:
        name = hashlib.sha256(f"{key.path}\0{key.shipped}\0{key.model}".encode()).hexdigest()[:32]
        return self.folder / f"{name}.json"

    def get(self, key: CacheKey, model: type[Model]) -> Model | None:
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
            return model.model_validate_json(payload, context={"shipped": key.shipped})
        except ValidationError:
            return None

    def put(self, key: CacheKey, value: BaseModel) -> None:
        """Best effort: a cache that cannot be written only costs speed."""
        payload = value.model_dump_json(exclude_defaults=True).encode()
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

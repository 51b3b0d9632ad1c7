"""Durable file primitives: append-only JSON Lines logs and atomically replaced JSON documents.

Both carry a `schema_version`. Damage is never fatal and never silent: the damaged file is moved
aside with a timestamp, everything readable is kept, and a note says what happened.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

SCHEMA_VERSION = 1

# kind -> {from_version: function that upgrades one record to from_version + 1}
Migration = Callable[[dict[str, Any]], dict[str, Any]]
MIGRATIONS: dict[str, dict[int, Migration]] = {"reviews": {}, "attempts": {}, "session": {}, "settings": {}}


class StoreError(Exception):
    """The progress store cannot be used (locked, or written by a newer version)."""


@dataclass(frozen=True)
class Damage:
    path: Path
    moved_to: Path
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}; the original was kept as {self.moved_to.name}"


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file itself durable (POSIX); a no-op where directories cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Write a whole file so that a crash leaves either the old or the new content, never a mix."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    fsync_dir(path.parent)


def move_aside(path: Path, now: datetime) -> Path:
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{counter}")
    os.replace(path, target)
    return target


def _check_version(kind: str, version: Any, path: Path) -> int:
    if not isinstance(version, int) or version < 1:
        raise ValueError(f"bad schema_version {version!r}")
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer version of this app (schema {version}, this one reads "
            f"{SCHEMA_VERSION}); upgrade the app rather than lose that progress"
        )
    return version


def migrate(kind: str, record: dict[str, Any], version: int) -> dict[str, Any]:
    for step in range(version, SCHEMA_VERSION):
        record = MIGRATIONS[kind][step](record)
    return record


class JsonLog:
    """An append-only JSON Lines file whose first line is a header naming its kind and schema.

    `append` returns only once the line is on disk (write, flush, fsync), so a crash or a kill loses
    at most the record being written, and that one only as a torn last line that loading repairs.
    """

    def __init__(self, path: Path, kind: str) -> None:
        self.path = path
        self.kind = kind
        self._handle: IO[bytes] | None = None

    def _header(self) -> bytes:
        return json.dumps({"kind": self.kind, "schema_version": SCHEMA_VERSION}).encode() + b"\n"

    def load(self, now: datetime) -> tuple[list[dict[str, Any]], list[Damage]]:
        """Every readable record (migrated to the current schema) and what was damaged."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return [], []
        if not raw.strip():
            return [], []  # created but killed before the header was written
        lines = raw.split(b"\n")
        records: list[dict[str, Any]] = []
        bad: list[int] = []
        version = SCHEMA_VERSION
        start = 0
        try:
            header = json.loads(lines[0])
            if not isinstance(header, dict) or header.get("kind") != self.kind:
                raise ValueError("not a header")
            version = _check_version(self.kind, header.get("schema_version"), self.path)
            start = 1
        except ValueError:
            bad.append(1)  # damaged header: the records may still be fine
        for number, line in enumerate(lines[start:], start=start + 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                if not isinstance(record, dict):
                    raise ValueError("not an object")
            except ValueError:
                bad.append(number)
                continue
            records.append(migrate(self.kind, record, version) if version != SCHEMA_VERSION else record)
        torn_tail = bool(raw) and not raw.endswith(b"\n")
        damages: list[Damage] = []
        if bad or torn_tail or version != SCHEMA_VERSION:
            if bad or torn_tail:
                moved = move_aside(self.path, now)
                what = f"line{'s' if len(bad) > 1 else ''} {', '.join(map(str, bad[:10]))}" if bad else "its end"
                damages.append(
                    Damage(self.path, moved, f"damaged ({what} unreadable); {len(records)} records recovered")
                )
            elif version != SCHEMA_VERSION:
                shutil.copy2(self.path, self.path.with_name(f"{self.path.name}.schema-v{version}.bak"))
            self.rewrite(records)
        return records, damages

    def rewrite(self, records: Iterable[dict[str, Any]]) -> None:
        self.close()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        body = b"".join(_line(r) for r in records)
        write_atomic(self.path, self._header() + body)

    def append(self, records: Iterable[dict[str, Any]]) -> None:
        data = b"".join(_line(r) for r in records)
        if not data:
            return
        handle = self._open()
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())

    def _open(self) -> IO[bytes]:
        if self._handle is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            new = not self.path.exists() or self.path.stat().st_size == 0
            self._handle = self.path.open("ab")
            if new:
                self._handle.write(self._header())
                self._handle.flush()
                os.fsync(self._handle.fileno())
                fsync_dir(self.path.parent)
        return self._handle

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


class JsonDocument:
    """A small JSON document replaced atomically on every save."""

    def __init__(self, path: Path, kind: str) -> None:
        self.path = path
        self.kind = kind

    def load(self, now: datetime) -> tuple[dict[str, Any] | None, list[Damage]]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None, []
        try:
            document = json.loads(raw)
            if not isinstance(document, dict) or not isinstance(document.get("data"), dict):
                raise ValueError("not a document")
            version = _check_version(self.kind, document.get("schema_version"), self.path)
        except ValueError:
            moved = move_aside(self.path, now)
            return None, [Damage(self.path, moved, "damaged (not readable JSON); it was set aside")]
        data: dict[str, Any] = document["data"]
        return migrate(self.kind, data, version), []

    def save(self, data: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        document = {"kind": self.kind, "schema_version": SCHEMA_VERSION, "data": data}
        write_atomic(self.path, json.dumps(document, indent=1, ensure_ascii=False).encode())

    def delete(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
            fsync_dir(self.path.parent)


def _line(record: dict[str, Any]) -> bytes:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"

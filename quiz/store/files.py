"""Durable file primitives: append-only JSON Lines logs and atomically replaced JSON documents.

Both carry a `schema_version`. Damage is never fatal and never silent: the damaged file is kept
beside the repaired one with a timestamp, everything readable is kept, and a note says what happened.
Repairs happen only when the caller holds the folder's writer lock (`repair=True`); a read-only load
reports damage in memory and leaves every byte as it is.

A write that fails (disk full, file size limit, read-only folder) raises `StoreWriteError` and leaves
the file as it was before that write: a half-written line is cut off again, so it can neither be
mistaken for a record nor glue itself to the next one.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from quiz.errors import StoreError, StoreWriteError

SCHEMA_VERSION = 2  # see quiz.store.migrations for what changed

# A log record's check: None when the record is sound, else what is wrong with it.
RecordCheck = Callable[[dict[str, Any]], str | None]
# A document's check: the data to keep (None: set the whole document aside) and what was wrong.
DocumentCheck = Callable[[dict[str, Any]], tuple[dict[str, Any] | None, list[str]]]

_HEADER_KEYS = frozenset({"kind", "schema_version"})


@dataclass(frozen=True)
class Damage:
    """A damaged progress file: what was wrong and where the original was kept."""

    path: Path
    moved_to: Path | None  # where the original was kept; None when it was left in place (read-only)
    message: str

    def __str__(self) -> str:
        if self.moved_to is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}: {self.message}; the original was kept as {self.moved_to.name}"


class _Unreadable:
    """A line that is not JSON (a marker, not a record)."""


class NotAFileError(Exception):
    """A progress file's name is taken by a folder, a pipe, a device..."""


def _write_all(fd: int, data: bytes) -> None:
    """Every byte, or an OSError. The one place progress bytes go to disk (tests make it fail)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


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


def read_file(path: Path) -> bytes | None:
    """A regular file's bytes, None when it does not exist. Never blocks on a pipe or reads a device."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise NotAFileError("a folder") from None
    except OSError as error:
        raise _unreadable(path, error) from error
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotAFileError("a folder" if stat.S_ISDIR(mode) else "not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read()
    except OSError as error:
        raise _unreadable(path, error) from error
    finally:
        os.close(fd)


def _unreadable(path: Path, error: OSError) -> StoreError:
    reason = "permission denied" if isinstance(error, PermissionError) else (error.strerror or str(error)).lower()
    return StoreError(
        f"Cannot read {path}: {reason}. Nothing was changed. Make the progress folder and its files "
        f"readable for your user (or point QUIZ_HOME at another folder), then try again."
    )


def write_atomic(path: Path, data: bytes) -> None:
    """Write a whole file so that a crash leaves either the old or the new content, never a mix."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    fsync_dir(path.parent)


def write_new(folder: Path, name: str, data: bytes) -> Path:
    """Write `data` as a new file `name` in `folder` (made if need be), or as `stem-2.suffix`, `-3` ...
    when that name is taken: never over an existing file. Returns where it went; StoreWriteError when
    it cannot be written (and no part of it is left)."""
    stem, suffix = os.path.splitext(name)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreWriteError("create the folder for the export", folder, error) from error
    for number in range(1, 1000):
        path = folder / (name if number == 1 else f"{stem}-{number}{suffix}")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o644)
        except FileExistsError:
            continue
        except OSError as error:
            raise StoreWriteError("save the export", path, error) from error
        try:
            try:
                _write_all(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as error:
            with contextlib.suppress(OSError):
                os.unlink(path)
            raise StoreWriteError("save the export", path, error) from error
        fsync_dir(folder)
        return path
    raise StoreWriteError("save the export", folder / name, FileExistsError(errno.EEXIST, "every name is taken"))


def _damaged_name(path: Path, now: datetime) -> Path:
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    counter = 1
    while os.path.lexists(target):
        counter += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{counter}")
    return target


def move_aside(path: Path, now: datetime) -> Path:
    """Rename a damaged file (or whatever took its name) out of the way, keeping it whole."""
    target = _damaged_name(path, now)
    os.replace(path, target)
    fsync_dir(path.parent)
    return target


def keep_original(path: Path, now: datetime) -> Path:
    """Keep the damaged original under a new name while `path` itself stays in place (a hard link,
    or a copy where links are not possible), so that no crash can leave the file missing."""
    target = _damaged_name(path, now)
    try:
        os.link(path, target)
    except OSError:
        shutil.copy2(path, target)
    fsync_dir(path.parent)
    return target


def _check_version(version: Any, path: Path) -> int:
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValueError(f"its schema_version {version!r} is not a whole number")
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer version of this app (schema {version}, this one reads "
            f"{SCHEMA_VERSION}); upgrade the app rather than lose that progress"
        )
    return version


def migrate(kind: str, record: dict[str, Any], version: int) -> dict[str, Any]:
    from quiz.store.migrations import MIGRATIONS

    for step in range(version, SCHEMA_VERSION):
        record = MIGRATIONS[kind][step](record)
    return record


def _lines_summary(bad: list[tuple[int, str]]) -> str:
    shown = "; ".join(f"line {number}: {problem}" for number, problem in bad[:5])
    more = f"; and {len(bad) - 5} more" if len(bad) > 5 else ""
    return shown + more


@dataclass
class _Parsed:
    """A log file's lines: the records, the bad lines and the format version."""

    records: list[dict[str, Any]]
    bad: list[tuple[int, str]]  # (line number, what is wrong)
    version: int
    torn_tail: bool  # the last line has no newline and is not a record: a write cut short


class JsonLog:
    """An append-only JSON Lines file whose first line is a header naming its kind and schema.

    `append` returns only once the lines are on disk (write, fsync), so a crash or a kill loses at
    most the records being written, and those only as a torn last line that the next writer's load
    repairs. A failed append is undone (the file is cut back), so the caller can retry.
    """

    def __init__(
        self, path: Path, kind: str, check: RecordCheck | None = None, *, checked_as: str | None = None
    ) -> None:
        self.path = path
        self.kind = kind
        self.check = check
        # what the check is (this app's version and rules): a note from another one is not trusted
        self.checked_as = checked_as
        self._fd: int | None = None
        self._needs_newline = False  # the file ends in a line cut short that could not be repaired

    def _header(self) -> bytes:
        return json.dumps({"kind": self.kind, "schema_version": SCHEMA_VERSION}).encode() + b"\n"

    def load(self, now: datetime, *, repair: bool = True) -> tuple[list[dict[str, Any]], list[Damage]]:
        """Every sound record (migrated to the current schema) and what was damaged. With `repair`
        (only under the writer's lock) the damaged original is kept aside and the file rewritten."""
        try:
            raw = read_file(self.path)
        except NotAFileError as error:
            return [], [self._not_a_file(str(error), now, repair)]
        if raw is None or not raw.strip():
            return [], []  # absent, or created but killed before the header was written
        parsed = self._parse(raw, self._checked_lines(raw))
        if not repair:
            # A torn last line is most likely the running app's write in progress: not damage.
            damages = (
                [Damage(self.path, None, self._summary(parsed, torn=False) + " (left as it is: opened read-only)")]
                if parsed.bad
                else []
            )
            return parsed.records, damages
        damages = self._repair(parsed, now)
        if not damages:
            self.mark_checked()
        return parsed.records, damages

    # The log's records were checked when they were loaded before; what this version checked then
    # need not be checked again while its bytes are unchanged (a start reads 100,000 reviews). A
    # small note beside the log says how many bytes were checked, and their digest. It is only a
    # shortcut: without it, or when it does not match, every record is checked.
    @property
    def _checked_note(self) -> Path:
        return self.path.with_name(f".{self.path.name}.checked")

    def _checked_lines(self, raw: bytes) -> int:
        """How many lines at the start of `raw` (header included) were checked already."""
        if self.check is None or self.checked_as is None:
            return 0
        try:
            note = json.loads(read_file(self._checked_note) or b"{}")
            size = note["bytes"]
            if note.get("as") != self.checked_as or not 0 < size <= len(raw) or raw[size - 1 : size] != b"\n":
                return 0
            if hashlib.sha256(memoryview(raw)[:size]).hexdigest() != note["sha256"]:
                return 0
        except (OSError, NotAFileError, ValueError, KeyError, TypeError):
            return 0
        return raw.count(b"\n", 0, size)

    def mark_checked(self) -> None:
        """Best effort: a note that cannot be written only costs the next start some time."""
        if self.check is None or self.checked_as is None:
            return
        try:
            raw = read_file(self.path)
            if not raw or not raw.endswith(b"\n"):
                return
            note = {"as": self.checked_as, "bytes": len(raw), "sha256": hashlib.sha256(raw).hexdigest()}
            temp = self._checked_note.with_suffix(".tmp")
            temp.write_text(json.dumps(note), "utf-8")
            os.replace(temp, self._checked_note)
        except (OSError, NotAFileError):
            pass

    def _parse(self, raw: bytes, checked_lines: int = 0) -> _Parsed:
        lines: list[str | bytes]
        try:
            lines = list(raw.decode("utf-8").split("\n"))  # decoded once: a large log loads much faster
        except UnicodeDecodeError:
            lines = list(raw.split(b"\n"))  # some line is not UTF-8: each line is judged on its own
        torn_tail = not raw.endswith(b"\n")
        records: list[dict[str, Any]] = []
        bad: list[tuple[int, str]] = []
        version = SCHEMA_VERSION
        start = 0
        try:
            header = _decode_line(lines[0])
        except ValueError:
            header = None
        if isinstance(header, dict) and "kind" in header and set(header) <= _HEADER_KEYS:
            start = 1  # a header, sound or not: never a record
            if header["kind"] != self.kind:
                bad.append((1, f"header of a {header['kind']!r} file, not {self.kind!r}"))
            else:
                try:
                    version = _check_version(header.get("schema_version"), self.path)
                except ValueError as error:
                    bad.append((1, f"damaged header ({error})"))
        elif not (torn_tail and len(lines) == 1):
            bad.append((1, "no header"))  # damaged header: the records after it may still be fine
        if bad:
            checked_lines = 0  # what was checked before is not this file any more
        last = len(lines)
        torn = False
        values = self._values(lines, start)
        if (
            version == SCHEMA_VERSION
            and not bad
            and values
            and values[-1][0] <= checked_lines
            and all(type(value) is dict for _, value in values)
        ):
            # checked before, unchanged since, current schema: nothing to judge line by line
            return _Parsed([value for _, value in values], bad, version, torn)
        for number, record in values:
            if isinstance(record, _Unreadable):
                if number == last and torn_tail:
                    torn = True  # a write cut short: reported as such, not as a bad line
                    continue
                bad.append((number, "not readable JSON"))
                continue
            if not isinstance(record, dict):
                bad.append((number, "not a JSON object"))
                continue
            if version != SCHEMA_VERSION:
                record = migrate(self.kind, record, version)
            problem = self.check(record) if self.check is not None and number > checked_lines else None
            if problem is not None:
                bad.append((number, problem))
                continue
            records.append(record)
        return _Parsed(records, bad, version, torn)

    @staticmethod
    def _values(lines: list[str | bytes], start: int) -> list[tuple[int, Any]]:
        """(line number, the line's JSON value or _Unreadable) for every non-blank line. The lines
        are decoded together as one array, which is about twice as fast as one `json.loads` a line;
        if that fails (a bad line somewhere), each line is decoded on its own."""
        body = lines[start:]
        if body and not body[-1]:
            body = body[:-1]  # the end of the last line
        if body and all(type(line) is str and line for line in body):  # no blank line: numbers follow
            try:
                values = json.loads("[" + ",".join(body) + "]")  # type: ignore[arg-type]
            except ValueError:
                values = None
            if values is not None and len(values) == len(body):  # and no line held two values
                return list(zip(range(start + 1, start + 1 + len(body)), values, strict=True))
        numbered = [(number, line) for number, line in enumerate(lines[start:], start=start + 1) if line.strip()]
        decoded: list[tuple[int, Any]] = []
        for number, line in numbered:
            try:
                decoded.append((number, _decode_line(line)))
            except ValueError:
                decoded.append((number, _Unreadable()))
        return decoded

    def _summary(self, parsed: _Parsed, *, torn: bool = True) -> str:
        what = _lines_summary(parsed.bad) if parsed.bad else "its last line was cut short"
        if parsed.bad and parsed.torn_tail and torn:
            what += "; its last line was cut short"
        return f"damaged ({what}); {len(parsed.records)} records recovered"

    def _repair(self, parsed: _Parsed, now: datetime) -> list[Damage]:
        if not parsed.bad and not parsed.torn_tail:
            if parsed.version != SCHEMA_VERSION:
                self._upgrade(parsed)
            return []
        try:
            kept = keep_original(self.path, now)
        except OSError as error:
            return [
                Damage(
                    self.path,
                    None,
                    f"{self._summary(parsed)}; not repaired now ({error.strerror}), the next start tries again",
                )
            ]
        try:
            self.rewrite(parsed.records)
        except OSError as error:
            with contextlib.suppress(OSError):
                os.unlink(kept)  # a duplicate of the file still in place
            return [
                Damage(
                    self.path,
                    None,
                    f"{self._summary(parsed)}; not repaired now ({error.strerror}), the next start tries again",
                )
            ]
        return [Damage(self.path, kept, self._summary(parsed))]

    def _upgrade(self, parsed: _Parsed) -> None:
        try:
            shutil.copy2(self.path, self.path.with_name(f"{self.path.name}.schema-v{parsed.version}.bak"))
            self.rewrite(parsed.records)
        except OSError as error:
            raise StoreWriteError(f"upgrade {self.path.name} to this version's format", self.path, error) from error

    def _not_a_file(self, what: str, now: datetime, repair: bool) -> Damage:
        message = f"is {what}, not a progress file"
        if not repair:
            return Damage(self.path, None, message + " (left as it is: opened read-only)")
        try:
            return Damage(self.path, move_aside(self.path, now), message + "; a new file is started")
        except OSError as error:
            return Damage(self.path, None, f"{message}; it could not be moved aside ({error.strerror})")

    def rewrite(self, records: Iterable[dict[str, Any]]) -> None:
        """Replace the whole log atomically (raises OSError)."""
        self.close()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        body = b"".join(_line(r) for r in records)
        write_atomic(self.path, self._header() + body)
        self._needs_newline = False

    def append(self, records: Iterable[dict[str, Any]], *, action: str = "save your progress") -> None:
        """Append durably, or raise StoreWriteError with the file as it was before."""
        data = b"".join(_line(r) for r in records)
        if not data:
            return
        try:
            fd = self._open()
            size = os.fstat(fd).st_size
            if self._needs_newline:
                data = b"\n" + data  # end the cut-short line, so it cannot swallow this record
            try:
                _write_all(fd, data)
                os.fsync(fd)
            except OSError:
                self._undo(fd, size)
                raise
            self._needs_newline = False
        except OSError as error:
            raise StoreWriteError(action, self.path, error) from error

    def _undo(self, fd: int, size: int) -> None:
        """Cut a failed append off again; if even that fails, the next load repairs the torn line."""
        try:
            os.ftruncate(fd, size)
            os.fsync(fd)
        except OSError:
            pass
        self.close()  # reopened (and its end checked again) by the next append

    def _open(self) -> int:
        if self._fd is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
            try:
                size = os.fstat(fd).st_size
                if size == 0:
                    try:
                        _write_all(fd, self._header())
                        os.fsync(fd)
                    except OSError:
                        with contextlib.suppress(OSError):
                            os.ftruncate(fd, 0)
                        raise
                    fsync_dir(self.path.parent)
                else:
                    # a line cut short that was not repaired: end it first, or it swallows the next record
                    self._needs_newline = os.pread(fd, 1, size - 1) != b"\n"
            except BaseException:
                os.close(fd)
                raise
            self._fd = fd
        return self._fd

    def close(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None


_DECODER = json.JSONDecoder()


def _decode_line(line: str | bytes) -> Any:
    """One JSON value filling the line, or ValueError; `json.loads` without its per-call overhead."""
    if isinstance(line, bytes):
        return json.loads(line)
    try:
        value, end = _DECODER.raw_decode(line)
    except ValueError:
        return json.loads(line)  # leading spaces and the like: the full parser decides
    if end != len(line) and line[end:].strip():
        raise ValueError("extra data after the record")
    return value


class JsonDocument:
    """A small JSON document replaced atomically on every save."""

    def __init__(self, path: Path, kind: str, check: DocumentCheck | None = None, *, frequent: bool = False) -> None:
        self.path = path
        self.kind = kind
        self.check = check
        self.frequent = frequent  # saved on every change: laid out for speed (a field per line) over looks

    def load(self, now: datetime, *, repair: bool = True) -> tuple[dict[str, Any] | None, list[Damage]]:
        """The document's data (None when absent or unusable) and what was damaged. With `repair`, a
        damaged document is set aside (or, when part of it is sound, kept aside and rewritten)."""
        try:
            raw = read_file(self.path)
        except NotAFileError as error:
            return None, [self._set_aside(f"is {error}, not a progress file", now, repair)]
        if raw is None:
            return None, []
        try:
            document = json.loads(raw)
            if not isinstance(document, dict) or not isinstance(document.get("data"), dict):
                raise ValueError("not a document")
            if document.get("kind", self.kind) != self.kind:
                raise ValueError("a document of another kind")
            version = _check_version(document.get("schema_version"), self.path)
        except ValueError:
            return None, [self._set_aside("damaged (not readable JSON)", now, repair)]
        data = migrate(self.kind, document["data"], version)
        if self.check is None:
            return data, []
        kept, problems = self.check(data)
        if not problems:
            if version != SCHEMA_VERSION and repair and kept is not None:
                self._upgrade(kept, version)
            return kept, []
        what = "; ".join(problems)
        if kept is None:
            return None, [self._set_aside(f"not valid ({what})", now, repair)]
        return kept, [self._repair_to(kept, f"not valid ({what}); the rest is kept", now, repair)]

    def _upgrade(self, data: dict[str, Any], version: int) -> None:
        """An earlier version's document, kept as it was and rewritten in this version's format."""
        try:
            shutil.copy2(self.path, self.path.with_name(f"{self.path.name}.schema-v{version}.bak"))
            self._write(data)
        except OSError as error:
            raise StoreWriteError(f"upgrade {self.path.name} to this version's format", self.path, error) from error

    def _set_aside(self, message: str, now: datetime, repair: bool) -> Damage:
        if not repair:
            return Damage(self.path, None, message + " (left as it is: opened read-only)")
        try:
            return Damage(self.path, move_aside(self.path, now), message + "; it was set aside")
        except OSError as error:
            return Damage(self.path, None, f"{message}; it could not be set aside now ({error.strerror})")

    def _repair_to(self, kept: dict[str, Any], message: str, now: datetime, repair: bool) -> Damage:
        if not repair:
            return Damage(self.path, None, message + " (left as it is: opened read-only)")
        try:
            original = keep_original(self.path, now)
        except OSError as error:
            return Damage(self.path, None, f"{message}; not repaired now ({error.strerror})")
        try:
            self._write(kept)
        except OSError as error:
            with contextlib.suppress(OSError):
                os.unlink(original)
            return Damage(self.path, None, f"{message}; not repaired now ({error.strerror})")
        return Damage(self.path, original, message)

    def save(self, data: dict[str, Any], *, action: str = "save your progress") -> None:
        try:
            self._write(data)
        except OSError as error:
            raise StoreWriteError(action, self.path, error) from error

    def _write(self, data: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, _readable_document(self.kind, data, objects_per_line=not self.frequent).encode())

    def delete(self, *, action: str = "remove a finished file") -> None:
        try:
            self.path.unlink()
        except FileNotFoundError:
            return
        except OSError as error:
            raise StoreWriteError(action, self.path, error) from error
        fsync_dir(self.path.parent)


def _readable_document(kind: str, data: dict[str, Any], *, objects_per_line: bool = True) -> str:
    """JSON a person can read (a field per line; with `objects_per_line`, a list of objects an object
    per line), from the C encoder's one-line output: `indent` would switch to the pure-Python encoder,
    several times slower, and session.json is written on every answer."""
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    fields = []
    for key, value in data.items():
        if objects_per_line and isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            fields.append(f" {dumps(key)}: [\n  " + ",\n  ".join(dumps(v) for v in value) + "\n ]")
        else:
            fields.append(f" {dumps(key)}: {dumps(value)}")
    body = "{\n" + ",\n".join(fields) + "\n}" if fields else "{}"
    return f'{{"kind": {dumps(kind)}, "schema_version": {SCHEMA_VERSION}, "data": {body}}}\n'


def _line(record: dict[str, Any]) -> bytes:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


__all__ = [
    "SCHEMA_VERSION",
    "Damage",
    "JsonDocument",
    "JsonLog",
    "StoreError",
    "StoreWriteError",
    "fsync_dir",
    "keep_original",
    "move_aside",
    "read_file",
    "write_atomic",
]

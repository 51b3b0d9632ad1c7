"""The sync folder's files: this machine appends to its own logs there, and reads the others' logs
from where it stopped last time. Another device's file is only ever read: never repaired, moved or
written, whatever state a sync tool left it in.

    reviews-<device>.jsonl, attempts-, notes-, events-, settings-   one event a line, with its
        device and its place (seq) in that device's log; a header line first, as in the store
    pending-<device>.json   what that device says of its unfinished exam (replaced atomically)
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from quiz.store.checks import (
    DEVICE_ID,
    check_attempt,
    check_origin,
    check_question_note,
    check_review,
    check_settings,
)
from quiz.store.events import check_event
from quiz.store.files import SCHEMA_VERSION, JsonLog, NotAFileError, read_file, write_atomic
from quiz.store.settings import SYNCED

KINDS = ("reviews", "attempts", "notes", "events", "settings")
T = TypeVar("T")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # a read-only load's "now" (it repairs nothing, so dates nothing)
TAIL = 64  # bytes at the end of what was read, kept to tell the same file grown from another one


def check_setting_event(record: dict[str, Any]) -> str | None:
    """One change of a synced setting: which one, its value (None: back to its default), when."""
    name = record.get("name")
    if name not in SYNCED:
        return f"setting {name!r} is not one that syncs"
    for what in ("id", "time"):
        if not isinstance(record.get(what), str):
            return f"setting change: {what} is missing"
    _, problems = check_settings({"changed_at": {name: record["time"]}})
    if problems:
        return "setting change: time is not a date and time with its offset"
    if record.get("value") is not None:
        _, problems = check_settings({name: record["value"]})
        if problems:
            return problems[0]
    return None


CHECKS: dict[str, Callable[[dict[str, Any]], str | None]] = {
    "reviews": check_review,
    "attempts": check_attempt,
    "notes": check_question_note,
    "events": check_event,
    "settings": check_setting_event,
}


def log_name(kind: str, device: str) -> str:
    return f"{kind}-{device}.jsonl"


def _log(folder: Path, kind: str, device: str) -> JsonLog:
    return JsonLog(folder / log_name(kind, device), f"sync-{kind}")


def publish(
    folder: Path,
    device: str,
    kind: str,
    own: Sequence[T],
    record_of: Callable[[T], dict[str, Any]],
    entry: dict[str, int],
) -> tuple[int, dict[str, int]]:
    """Append to this device's `kind` log what it lacks of `own` (this machine's own events of that
    kind, in seq order; `record_of` gives one as published, with its device and seq). `entry` is
    what was published before: while the file is as it was left, only the events after it are new;
    when it is not (deleted, or an older copy came back through the sync tool), the ids in it decide.
    Returns how many were written and the new entry; raises OSError when the folder cannot be written."""
    log = _log(folder, kind, device)
    try:
        size: int | None = os.stat(log.path).st_size
    except FileNotFoundError:
        size = None
    count = entry.get("count", 0)
    if size is not None and size == entry.get("bytes") and count <= len(own):
        missing = [record_of(event) for event in own[count:]]
    else:
        there: set[str] = set()
        if size:
            records, _ = log.load(_EPOCH, repair=False)
            there = {record["id"] for record in records if isinstance(record.get("id"), str)}
        missing = [record for record in map(record_of, own) if record["id"] not in there]
    try:
        log.append(missing, action="publish to the sync folder")
    finally:
        log.close()
    return len(missing), {"count": len(own), "bytes": os.stat(log.path).st_size if log.path.exists() else 0}


@dataclass
class Read:
    """What was read of the other devices' logs of one kind."""

    records: list[dict[str, Any]] = field(default_factory=list)  # checked, in each file's order
    problems: list[str] = field(default_factory=list)
    waiting: int = 0  # files whose last line is still being written
    devices: set[str] = field(default_factory=set)  # every device with a log of this kind
    consumed: dict[str, dict[str, Any]] = field(default_factory=dict)  # file name -> where reading stopped


def read_others(folder: Path, device: str, kind: str, consumed: dict[str, dict[str, Any]]) -> Read:
    """Every complete, sound line the other devices' `kind` logs gained since `consumed` said."""
    read = Read()
    prefix = f"{kind}-"
    check = CHECKS[kind]
    for path in sorted(folder.glob(f"{prefix}*.jsonl")):
        owner = path.name[len(prefix) : -len(".jsonl")]
        if owner == device:
            continue
        if DEVICE_ID.fullmatch(owner):
            read.devices.add(owner)
        _read_one(path, device, kind, check, consumed.get(path.name, {}), read)
    return read


def _read_one(
    path: Path,
    device: str,
    kind: str,
    check: Callable[[dict[str, Any]], str | None],
    before: dict[str, Any],
    read: Read,
) -> None:
    try:
        raw = read_file(path)
    except (NotAFileError, OSError) as error:
        read.problems.append(f"{path.name}: cannot be read now ({error})")
        return
    except Exception as error:  # a StoreError from read_file: a permission problem, said once a sync
        read.problems.append(f"{path.name}: {error}")
        return
    if raw is None:
        return
    start, line_number = 0, 0
    done = before.get("bytes", 0)
    tail = bytes.fromhex(before.get("tail", ""))
    if 0 < done <= len(raw) and raw[max(done - len(tail), 0) : done] == tail:
        start, line_number = done, before.get("lines", 0)  # the same file, grown: only what is new
    if start == 0 and _newer_schema(raw):
        read.problems.append(f"{path.name}: written by a newer version of this app; upgrade it here to read it")
        return  # nothing taken, nothing marked read: it is read once this version can
    end = raw.rfind(b"\n") + 1  # a last line without its newline is still being written
    if end < len(raw) and end >= start:
        read.waiting += 1
    if end <= start:
        read.consumed[path.name] = dict(before) if start else {}
        return
    for line in raw[start:end].split(b"\n")[:-1]:
        line_number += 1
        problem = _take(line, line_number, kind, device, check, read)
        if problem is not None:
            read.problems.append(f"{path.name} line {line_number}: {problem}; set aside")
    read.consumed[path.name] = {"bytes": end, "tail": raw[max(end - TAIL, 0) : end].hex(), "lines": line_number}


def _newer_schema(raw: bytes) -> bool:
    try:
        header = json.loads(raw[: raw.find(b"\n")] if b"\n" in raw else raw)
        version = header.get("schema_version") if isinstance(header, dict) else None
    except ValueError:
        return False
    return isinstance(version, int) and version > SCHEMA_VERSION


def _take(
    line: bytes, number: int, kind: str, device: str, check: Callable[[dict[str, Any]], str | None], read: Read
) -> str | None:
    """Take one line's record, or say what is wrong with it."""
    if not line.strip():
        return None
    try:
        record = json.loads(line)
    except ValueError:
        return "not readable JSON"
    if not isinstance(record, dict):
        return "not a JSON object"
    if number == 1 and set(record) <= {"kind", "schema_version"}:
        if record.get("kind") != f"sync-{kind}":
            return f"the header of a {record.get('kind')!r} file"
        if record.get("schema_version") != SCHEMA_VERSION:
            return f"written in schema {record.get('schema_version')!r}, this version reads {SCHEMA_VERSION}"
        return None
    problem = check_origin(record) or check(record)
    if problem is not None:
        return problem
    if record["device"] != device:  # this machine's own events come from its own store
        read.records.append(record)
    return None


def pending_name(device: str) -> str:
    return f"pending-{device}.json"


def publish_pending(folder: Path, device: str, pending: dict[str, Any] | None) -> None:
    """Say what this machine's unfinished exam is (None: there is none). Raises OSError."""
    data = json.dumps({"kind": "sync-pending", "device": device, "pending": pending}, ensure_ascii=False)
    write_atomic(folder / pending_name(device), data.encode() + b"\n")


def read_pending(folder: Path, device: str) -> list[tuple[str, str]]:
    """(device, the exam's title and progress) of each other device with an unfinished exam."""
    found = []
    for path in sorted(folder.glob("pending-*.json")):
        owner = path.name[len("pending-") : -len(".json")]
        if owner == device or not DEVICE_ID.fullmatch(owner):
            continue
        with contextlib.suppress(Exception):  # another device's file, in whatever state: said by nothing
            data = json.loads(read_file(path) or b"{}")
            pending = data.get("pending") if isinstance(data, dict) else None
            if isinstance(pending, dict) and isinstance(pending.get("title"), str):
                answered, total = pending.get("answered"), pending.get("total")
                shown = pending["title"]
                if isinstance(answered, int) and isinstance(total, int):
                    shown += f": {answered} of {total} answered"
                found.append((owner, shown))
    return found


def with_origin(records: Iterable[dict[str, Any]], device: str, first_seq: int = 0) -> list[dict[str, Any]]:
    """Records as this device publishes them: each with its device and place in its log."""
    return [{**record, "device": device, "seq": seq} for seq, record in enumerate(records, start=first_seq)]

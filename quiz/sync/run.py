"""A sync in two steps: `exchange` with the folder (publish this machine's new events, read what the
others added: only file work, safe in a thread while the app runs), then `apply` what was read to the
local store (on the thread that owns the store)."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from quiz.errors import StoreWriteError
from quiz.scheduling.fsrs import Scheduling
from quiz.store.events import QuestionEvent
from quiz.store.files import JsonLog
from quiz.store.progress import ProgressStore
from quiz.store.review import Review, new_event_id
from quiz.store.settings import SYNCED, Settings
from quiz.sync.folder import KINDS, publish, publish_pending, read_others, read_pending, with_origin
from quiz.sync.merge import merge_reviews
from quiz.sync.report import DeviceNews, SyncReport
from quiz.sync.state import SyncState, load_state, state_document

# the local log each kind of event is kept in (reviews are read from the store itself)
LOCAL_LOGS = {"attempts": "attempts.jsonl", "notes": "question_notes.jsonl", "events": "question_events.jsonl"}
_LOG_KINDS = {"attempts": "attempts", "notes": "question-notes", "events": "question_events"}


class Identified(Protocol):
    @property
    def id(self) -> str: ...


@dataclass
class Exchange:
    """What one exchange with the folder did and read, waiting to be applied."""

    folder: Path
    device: str
    state: SyncState
    missing: bool = False
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # kind -> read, in file order
    problems: list[str] = field(default_factory=list)
    waiting: int = 0
    devices: set[str] = field(default_factory=set)
    published: int = 0
    unfinished: list[tuple[str, str]] = field(default_factory=list)
    stamped: dict[str, str] = field(default_factory=dict)  # synced settings changed here without a time
    answered_here: bool = False  # this machine's reviews or question events changed since the last sync


def exchange(store: ProgressStore, folder: Path, device: str, now: datetime) -> Exchange:
    """Publish and read. Reads the store, never changes it (StoreWriteError when the folder cannot
    be written; an absent folder is `missing`, not an error: it may be a share not mounted now)."""
    state, damages = load_state(store.folder, str(folder), now)
    done = Exchange(folder, device, state, problems=damages)
    if not folder.is_dir():
        done.missing = True
        return done
    try:
        _publish_all(store, done, now)
    except OSError as error:
        raise StoreWriteError("publish your progress to the sync folder", folder, error) from error
    for kind in KINDS:
        read = read_others(folder, device, kind, state.consumed)
        done.records[kind] = read.records
        done.problems += read.problems
        done.waiting += read.waiting
        done.devices |= read.devices
        state.consumed.update(read.consumed)
    try:
        _publish_settings(store.settings, done, now)  # after reading: a change here must be newer than theirs
    except OSError as error:
        raise StoreWriteError("publish your settings to the sync folder", folder, error) from error
    done.unfinished = read_pending(folder, device)
    return done


def _publish_all(store: ProgressStore, done: Exchange, now: datetime) -> None:
    folder, device, state = done.folder, done.device, done.state
    for kind in ("reviews", *LOCAL_LOGS):
        entry = state.published.get(kind, {})
        local = _local_size(store, kind)
        there = folder / f"{kind}-{device}.jsonl"
        if entry.get("local") == local and _size(there) == entry.get("bytes"):
            continue  # nothing new here, and the folder's copy is as it was left
        done.answered_here = done.answered_here or kind in ("reviews", "events")
        if kind == "reviews":
            own_reviews = _own_reviews(store.reviews, device)
            written, entry = publish(folder, device, kind, own_reviews, Review.to_json, entry)
        else:
            own = with_origin(_own_records(store, kind, device), device)
            written, entry = publish(folder, device, kind, own, dict, entry)
        done.published += written
        state.published[kind] = {**entry, "local": local}
    pending = store.pending_session
    said = (
        {
            "session_id": pending.session_id,
            "title": pending.title,
            "answered": pending.answered,
            "total": len(pending.items),
        }
        if pending is not None
        else None
    )
    if said != state.pending or not (folder / f"pending-{device}.json").exists():
        publish_pending(folder, device, said)
        state.pending = said


def _publish_settings(settings: Settings, done: Exchange, now: datetime) -> None:
    """A change of a synced setting made here since the last sync, newer than any other machine's
    change of it that was just read, becomes an event in the folder."""
    state, device = done.state, done.device
    own = state.own_settings  # kept so a lost file is published again in full
    values = settings.synced_values()
    for name in SYNCED:
        value, stamp = values.get(name), settings.changed_at.get(name)
        recorded = state.settings.get(name)  # what this machine last published or took
        theirs = [record for record in done.records.get("settings", []) if record["name"] == name]
        latest = max([*theirs, *([recorded] if recorded else [])], key=_order, default=None)
        if stamp is not None and (recorded is None or datetime.fromisoformat(stamp) > _moment(recorded)):
            if latest is not None and (datetime.fromisoformat(stamp) <= _moment(latest) or value == latest["value"]):
                continue  # another machine's change is later (it is taken), or says the same
            time = stamp
        elif value != (recorded["value"] if recorded else None):
            time = now.isoformat()  # changed without a time (by a version that kept none): now
            done.stamped[name] = time
        else:
            continue
        event = {"id": new_event_id(), "time": time, "name": name, "value": value, "device": device, "seq": len(own)}
        own.append(event)
        state.settings[name] = {"time": time, "device": device, "seq": event["seq"], "value": value}
    written, entry = publish(done.folder, device, "settings", own, dict, state.published.get("settings", {}))
    done.published += written
    state.published["settings"] = entry


def _order(stamp: dict[str, Any]) -> tuple[datetime, str, int]:
    return (datetime.fromisoformat(stamp["time"]), stamp["device"], stamp["seq"])


def _moment(stamp: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(stamp["time"])


def _own_reviews(reviews: list[Review], device: str) -> list[Review]:
    """This machine's own reviews in seq order, each with its device and seq (quiz.sync.merge)."""
    own = []
    count = 0
    for review in reviews:
        if review.device is None:
            own.append(dataclasses.replace(review, device=device, seq=count))
            count += 1
        elif review.device == device:
            own.append(review)
            count += 1
    own.sort(key=lambda review: review.seq)
    return own


def _own_records(store: ProgressStore, kind: str, device: str) -> list[dict[str, Any]]:
    log = JsonLog(store.folder / LOCAL_LOGS[kind], _LOG_KINDS[kind])
    records, _ = log.load(_EPOCH, repair=False)
    return [record for record in records if record.get("device", device) == device]


def _local_size(store: ProgressStore, kind: str) -> int:
    return _size(store.folder / ("reviews.jsonl" if kind == "reviews" else LOCAL_LOGS[kind]))


def _size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return -1


def apply(store: ProgressStore, done: Exchange, scheduling_for: Callable[[Settings], Scheduling]) -> SyncReport:
    """Take into the local store what the exchange read that it does not hold yet; save the state."""
    report = SyncReport(
        done.folder,
        done.device,
        folder_missing=done.missing,
        devices=tuple(sorted(done.devices)),
        published=done.published,
        unfinished_elsewhere=tuple(done.unfinished),
        problems=tuple(done.problems),
        waiting_lines=done.waiting,
    )
    if done.missing:
        return report
    news: dict[str, dict[str, int]] = {}

    def fresh(kind: str, known: set[str]) -> list[dict[str, Any]]:
        taken = []
        for record in done.records.get(kind, []):
            if record["id"] not in known:
                known.add(record["id"])  # the same event twice (a log copied twice): once
                taken.append(record)
                counts = news.setdefault(record["device"], {})
                counts[kind] = counts.get(kind, 0) + 1
        return taken

    settings, taken_settings = _merge_settings(store.settings, done, news)
    if settings != store.settings:
        store.save_settings(settings, action="take settings from your other machines")
    events = fresh("events", _ids(store.events, done, "events"))
    notes = fresh("notes", _ids(store.question_notes, done, "notes"))
    attempts = fresh("attempts", _ids(store.attempts, done, "attempts"))
    arrived = [Review.from_json(record) for record in fresh("reviews", _ids(store.reviews, done, "reviews"))]
    if arrived or any(event["action"] == "reset" for event in events) or done.answered_here:
        # else no question's order can have changed; a reset question is replayed from after its
        # reset whichever machine reset it (an answer merged later may come after it by the clocks)
        all_events = store.events + [QuestionEvent.from_json(event) for event in events]
        resets = {event.key for event in all_events if event.action == "reset"}
        merged = merge_reviews(store.reviews, arrived, done.device, scheduling_for(settings), all_events, resets)
        store.merge_records(
            reviews=merged.reviews, whole_log=merged.whole_log, attempts=attempts, notes=notes, events=events
        )
    else:
        store.merge_records(attempts=attempts, notes=notes, events=events)
    state_document(store.folder).save(done.state.to_json(), action="remember what was synced")
    received = tuple(
        DeviceNews(
            device,
            counts.get("reviews", 0),
            counts.get("attempts", 0),
            counts.get("notes", 0),
            counts.get("events", 0),
            counts.get("settings", 0),
        )
        for device, counts in sorted(news.items())
    )
    return dataclasses.replace(report, received=received, settings_taken=tuple(taken_settings))


def _ids(held: Sequence[Identified], done: Exchange, kind: str) -> set[str]:
    """The ids the store holds of a kind, when anything of that kind was read (100,000 reviews take time)."""
    return {event.id for event in held} if done.records.get(kind) else set()


def _merge_settings(settings: Settings, done: Exchange, news: dict[str, dict[str, int]]) -> tuple[Settings, list[str]]:
    """Each synced setting as its latest change (by time, then device and seq) left it."""
    if done.stamped:
        settings = settings.changed(changed_at={**settings.changed_at, **done.stamped})
    taken: list[str] = []
    state = done.state.settings
    for record in done.records.get("settings", []):
        name = record["name"]
        known = state.get(name)
        if known is not None and _order(record) <= _order(known):
            continue
        state[name] = {key: record[key] for key in ("time", "device", "seq", "value")}
        if settings.synced_values().get(name) == record["value"]:
            continue  # the same value (read again after this machine forgot the folder): nothing changes
        settings = settings.with_synced(name, record["value"])
        settings = settings.changed(changed_at={**settings.changed_at, name: record["time"]})
        counts = news.setdefault(record["device"], {})
        counts["settings"] = counts.get("settings", 0) + 1
        if name not in taken:
            taken.append(name)
    return settings, taken


_EPOCH = datetime.fromisoformat("1970-01-01T00:00:00+00:00")

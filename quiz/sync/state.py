"""What this machine remembers of its sync folder (sync_state.json in the progress folder): how
much of its own events it published, how far it read each other device's files, and which change of
each synced setting it holds. Only a shortcut and a memory: losing it costs a full read, never data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from quiz.store.files import JsonDocument

STATE_FILE = "sync_state.json"


def _check_state(data: dict[str, Any]) -> tuple[dict[str, Any] | None, list[str]]:
    shapes = {"folder": str, "published": dict, "consumed": dict, "settings": dict, "own_settings": list}
    wrong = [name for name, shape in shapes.items() if name in data and not isinstance(data[name], shape)]
    if wrong:  # a shortcut only: a damaged one is set aside and everything is read again
        return None, [f"{', '.join(wrong)} not as written"]
    return data, []


@dataclass
class SyncState:
    folder: str = ""  # the sync folder this state is about
    published: dict[str, dict[str, int]] = field(default_factory=dict)  # kind -> {count, bytes}
    consumed: dict[str, dict[str, Any]] = field(default_factory=dict)  # file name -> {bytes, tail, lines}
    settings: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> {time, device, seq, value}
    pending: dict[str, Any] | None = None  # what this machine last said of its unfinished exam
    own_settings: list[dict[str, Any]] = field(default_factory=list)  # this device's setting changes, as published

    def to_json(self) -> dict[str, Any]:
        return {
            "folder": self.folder,
            "published": self.published,
            "consumed": self.consumed,
            "settings": self.settings,
            "pending": self.pending,
            "own_settings": self.own_settings,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SyncState:
        return cls(
            data.get("folder", ""),
            dict(data.get("published", {})),
            dict(data.get("consumed", {})),
            dict(data.get("settings", {})),
            data.get("pending"),
            list(data.get("own_settings", [])),
        )


def state_document(progress: Path) -> JsonDocument:
    return JsonDocument(progress / STATE_FILE, "sync-state", _check_state)


def load_state(progress: Path, folder: str, now: datetime) -> tuple[SyncState, list[str]]:
    """The state for `folder`; a state about another folder is not used (a new folder starts afresh)."""
    data, damages = state_document(progress).load(now)
    state = SyncState.from_json(data) if data is not None else SyncState()
    if state.folder != folder:
        state = SyncState(folder=folder)
    return state, [str(damage) for damage in damages]


def forget_state(progress: Path) -> None:
    """Detach from a sync folder: the next one is published to and read in full."""
    state_document(progress).delete(action="forget the old sync folder")

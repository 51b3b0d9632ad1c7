"""What a sync did, typed, for the screens and `quiz sync` to say."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from quiz.text import counted


@dataclass(frozen=True)
class DeviceNews:
    """What came from one other device in this sync."""

    device: str
    reviews: int = 0
    attempts: int = 0
    notes: int = 0
    events: int = 0  # suspend, bury, reset
    settings: int = 0

    @property
    def total(self) -> int:
        return self.reviews + self.attempts + self.notes + self.events + self.settings

    def describe(self) -> str:
        parts = [
            counted(self.reviews, "answer"),
            counted(self.attempts, "session"),
            counted(self.notes, "note"),
            counted(self.events, "question change"),
            counted(self.settings, "setting"),
        ]
        shown = [part for part, number in zip(parts, self._numbers(), strict=True) if number]
        return f"{self.device}: {', '.join(shown) if shown else 'nothing new'}"

    def _numbers(self) -> tuple[int, ...]:
        return (self.reviews, self.attempts, self.notes, self.events, self.settings)


@dataclass(frozen=True)
class SyncReport:
    folder: Path | None  # None: no sync folder is set
    device: str = ""
    folder_missing: bool = False  # set, but not there now (an unmounted share): studied from the local copy
    received: tuple[DeviceNews, ...] = ()  # per other device, those that had anything new
    devices: tuple[str, ...] = ()  # every other device seen in the folder
    published: int = 0  # this machine's events newly written to its own files
    settings_taken: tuple[str, ...] = ()  # synced settings another machine changed later than this one
    unfinished_elsewhere: tuple[tuple[str, str], ...] = ()  # (device, what the exam is) not finished there
    problems: tuple[str, ...] = ()  # lines set aside (each said once), files that could not be read
    waiting_lines: int = 0  # last lines still being written by a sync tool: taken when complete

    @property
    def new_events(self) -> int:
        return sum(news.total for news in self.received)

    def summary(self) -> str:
        """One or two sentences for a notification or the command's output."""
        if self.folder is None:
            return "No sync folder is set: `quiz sync --folder PATH` sets one."
        if self.folder_missing:
            return (
                f"The sync folder {self.folder} is not there now: studying from this machine's copy; "
                "it merges when the folder is back."
            )
        others = counted(len(self.devices), "other device")
        if self.new_events:
            news = "; ".join(news.describe() for news in self.received)
            text = f"Synced with {others}: {news}."
        else:
            text = f"Synced with {others}: nothing new."
        if self.settings_taken:
            text += f" Settings from another machine: {', '.join(self.settings_taken)}."
        return text

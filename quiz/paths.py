"""Where the app keeps user banks, profiles, progress and caches.

`QUIZ_HOME` replaces every user folder at once, so tests and portable installs never touch the
machine's real data.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import NamedTuple

import platformdirs

APP_NAME = "quiz"
PACKAGE_DIR = Path(__file__).resolve().parent


class UserPaths(NamedTuple):  # not a dataclass: cheaper to define at start-up (see quiz.tui.app)
    data: Path
    cache: Path

    @property
    def banks(self) -> Path:
        return self.data / "banks"

    @property
    def profiles(self) -> Path:
        return self.data / "profiles"

    @property
    def progress(self) -> Path:
        return self.data / "progress"

    @property
    def keymap(self) -> Path:
        return self.data / "keymap.yaml"

    @property
    def bank_cache(self) -> Path:
        return self.cache / "banks"

    def create_user_folders(self) -> None:
        """The folders the README tells people to put files in exist after the first start, so
        `quiz schema > <banks>/x.json` and copying a bank there just work. Best effort."""
        for folder in (self.banks, self.profiles):
            with contextlib.suppress(OSError):  # a read-only home: loading reports what it cannot read
                folder.mkdir(parents=True, exist_ok=True)


def user_paths() -> UserPaths:
    home = os.environ.get("QUIZ_HOME")
    if home:
        root = Path(home).expanduser()
        return UserPaths(data=root, cache=root / "cache")
    return UserPaths(
        data=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        cache=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
    )


def exports_folder() -> Path:
    """Where a file exported from a screen is saved when the app runs in a terminal (in a browser it
    is downloaded instead): `exports` in QUIZ_HOME when that is set, so a portable install keeps
    everything together, else the user's downloads folder."""
    home = os.environ.get("QUIZ_HOME")
    if home:
        return Path(home).expanduser() / "exports"
    return Path(platformdirs.user_downloads_dir())


def shipped_banks_dir() -> Path:
    """The banks that ship with the app: inside the wheel, or the repository's folder in a checkout."""
    installed = PACKAGE_DIR / "question_banks"
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parent / "question_banks"


def shipped_profiles_dir() -> Path:
    return shipped_banks_dir() / "profiles"


def shipped_outline_file() -> Path:
    """The sub-topic outline every shipped question is tagged from (`subtopic:`)."""
    return shipped_banks_dir() / "outline" / "subtopics.yaml"

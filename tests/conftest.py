"""Shared fixtures. Every test runs with QUIZ_HOME (and the XDG folders) in a temporary folder, so
no test can read or write the machine's real progress, banks or caches."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from quiz.paths import UserPaths, user_paths

FIXTURES = Path(__file__).parent / "fixtures"

# CI must be reproducible: the same examples on every run. Locally, hypothesis explores new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("quiz-home")
    monkeypatch.setenv("QUIZ_HOME", str(home))
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(home / "xdg" / name.lower()))
    monkeypatch.delenv("COLORFGBG", raising=False)  # the app's theme must not depend on the terminal
    monkeypatch.setenv("TZ", "UTC")  # days (streaks, forecasts) and shown times must not depend on the machine
    time.tzset()
    yield home


@pytest.fixture
def paths(isolated_home: Path) -> UserPaths:
    return user_paths()

"""Sync speed with a large history: 100,000 reviews over 20,000 question cards on one machine.

    python -m benchmarks.sync

Prints: the first publish of the whole history, a warm sync with nothing new (its exchange, the
part that runs in a thread in the app, and its apply on the app's thread), and a new machine merging
the whole history (every question replayed).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from benchmarks.progress_store import build_history
from quiz.clock import ManualClock
from quiz.library import Library
from quiz.store.progress import ProgressStore
from quiz.study import Study

T = TypeVar("T")


def timed(label: str, work: Callable[[], T]) -> T:
    start = time.perf_counter()
    result = work()
    print(f"{label:<40} {1000 * (time.perf_counter() - start):8.0f} ms")
    return result


def machine(folder: Path, device: str, clock: ManualClock) -> Study:
    study = Study(Library(banks=[]), ProgressStore.open(folder, clock.now()), clock=clock)
    study.store.save_settings(study.store.settings.changed(device_id=device))
    return study


def main() -> None:
    root = Path(tempfile.mkdtemp())
    build_history(root / "a", 100_000, 20_000, datetime(2025, 1, 1, tzinfo=UTC))
    (root / "shared").mkdir()
    clock = ManualClock(datetime(2026, 1, 1, tzinfo=UTC))
    a = machine(root / "a", "a", clock)
    timed("first sync: publish 100,000 answers", lambda: a.set_sync_folder(root / "shared"))
    exchanged = timed("warm sync, nothing new: exchange", a.sync_exchange)
    timed("warm sync, nothing new: apply", lambda: a.sync_apply(exchanged))
    b = machine(root / "b", "b", clock)
    timed("new machine: merge 100,000 answers", lambda: b.set_sync_folder(root / "shared"))
    a.close()
    b.close()


if __name__ == "__main__":
    main()

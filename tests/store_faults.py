"""Faults for progress-store tests: failing writes, a small real file system, another user."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from quiz.store import files
from quiz.store.review import Review

NOBODY = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]


def folder_bytes(folder: Path) -> dict[str, bytes | None]:
    """Every name under `folder` with its content (None for a folder): equal means unchanged."""
    found: dict[str, bytes | None] = {}
    for path in sorted(folder.rglob("*")):
        found[str(path.relative_to(folder))] = None if path.is_dir() else path.read_bytes()
    return found


def exam_positions(reviews: Iterable[Review]) -> list[int]:
    """The exam positions the reviews record, sorted (every review of an exam records its position)."""
    positions = []
    for review in reviews:
        assert review.item is not None, f"an exam review of {review.key} without its position"
        positions.append(review.item)
    return sorted(positions)


class Killed(BaseException):
    """The process died in the middle of a write: nothing after it runs, nothing is cleaned up."""


class FailingWrites:
    """Stands in for the store's one byte-writing function (`quiz.store.files._write_all`).

    `budget` bytes are written normally; the write that would exceed it writes what still fits and
    then fails with `error` (an errno: the disk is full, the file too large) or kills (`kill=True`).
    With `fail_at_call`, that write call (1 = the next one) fails whole instead. `written` counts
    the bytes that reached the files."""

    def __init__(
        self,
        monkeypatch: pytest.MonkeyPatch,
        budget: int | None = None,
        *,
        error: int = errno.ENOSPC,
        kill: bool = False,
        fail_at_call: int | None = None,
    ) -> None:
        self.budget = budget
        self.error = error
        self.kill = kill
        self.fail_at_call = fail_at_call
        self.calls = 0
        self.written = 0
        self._real = files._write_all
        monkeypatch.setattr(files, "_write_all", self)

    def __call__(self, fd: int, data: bytes) -> None:
        self.calls += 1
        if self.calls == self.fail_at_call:
            raise OSError(self.error, os.strerror(self.error))
        if self.budget is None or self.written + len(data) <= self.budget:
            self._real(fd, data)
            self.written += len(data)
            return
        room = max(self.budget - self.written, 0)
        if room:
            self._real(fd, data[:room])
            self.written += room
        if self.kill:
            raise Killed
        raise OSError(self.error, os.strerror(self.error))

    def fail_now(self, error: int | None = None) -> None:
        """Let no further byte through."""
        self.budget = self.written
        if error is not None:
            self.error = error

    def heal(self) -> None:
        self.budget = self.fail_at_call = None


def can_mount() -> str | None:
    """Why a tmpfs cannot be mounted here, or None when it can."""
    if sys.platform != "linux" or shutil.which("mount") is None:
        return "needs Linux with mount(8)"
    if os.geteuid() != 0:
        return "mounting a tmpfs needs root"
    return None


@contextlib.contextmanager
def small_tmpfs(size: str = "64k") -> Iterator[Path]:
    """A real, tiny file system, so 'disk full' is the kernel's ENOSPC and not a simulation."""
    reason = can_mount()
    if reason:
        pytest.skip(f"no tmpfs for a real full disk: {reason}")
    folder = Path(tempfile.mkdtemp(prefix="quiz-tmpfs-"))
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        folder.rmdir()
        pytest.skip(f"no tmpfs for a real full disk: mount failed: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        if subprocess.run(["umount", str(folder)], capture_output=True, check=False).returncode != 0:
            subprocess.run(["umount", "-l", str(folder)], check=False)  # a file still open: detach it
        with contextlib.suppress(OSError):
            folder.rmdir()


def fill(folder: Path) -> Path:
    """Take every free byte of the file system holding `folder`; returns the filler file."""
    filler = folder / "filler"
    with contextlib.suppress(OSError), filler.open("wb") as handle:
        while True:
            handle.write(b"x" * 4096)
            handle.flush()
    with contextlib.suppress(OSError), filler.open("ab") as handle:
        while True:  # the last partial page
            handle.write(b"x")
            handle.flush()
    return filler


def nobody_available() -> str | None:
    if shutil.which("setpriv") is None:
        return "needs setpriv(1) to run as an unprivileged user"
    if os.geteuid() != 0:
        return "needs root to switch to the user nobody"
    return None


def nobody_home() -> Path:
    """A QUIZ_HOME the user nobody owns (pytest's own temp folders are private to root)."""
    home = Path(tempfile.mkdtemp(prefix="quiz-nobody-"))
    home.chmod(0o755)
    shutil.chown(home, "nobody", "nogroup")
    return home


def run_as_nobody(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("XDG_", "QUIZ_"))}
    env.update(
        QUIZ_HOME=str(home),
        HOME=str(home),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
    )
    return subprocess.run([*NOBODY, *args], capture_output=True, text=True, env=env, check=False, cwd=str(home))


def as_nobody(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    """Run the installed `quiz` (this interpreter's) as the user nobody."""
    return run_as_nobody([sys.executable, "-m", "quiz", *args], home)

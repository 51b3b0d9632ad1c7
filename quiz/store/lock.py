"""One writing app per progress folder.

The lock is held on the folder itself (flock on its descriptor), which cannot vanish while the app
runs, and on `store.lock` inside it, which older versions of the app lock. Deleting `store.lock`
therefore no longer lets a second app in. Where a folder cannot be locked (some network file
systems), the file lock alone is used. Read-only loads take no lock at all.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import time
from pathlib import Path

from quiz.errors import StoreBusyError, StoreWriteError

LOCK_NAME = "store.lock"
_BUSY = (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK)

if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as error:
            if error.errno in _BUSY:
                return False
            raise
        return True

    def _lock_folder(folder: Path) -> tuple[bool, int | None]:
        return False, None  # an open file cannot be deleted on Windows: the file lock is enough

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno in _BUSY:
                return False
            raise
        return True

    def _lock_folder(folder: Path) -> tuple[bool, int | None]:
        """(busy, the folder's locked descriptor); no descriptor where folders cannot be locked."""
        try:
            fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            return False, None
        try:
            if _try_lock(fd):
                return False, fd
        except OSError:
            os.close(fd)
            return False, None  # not supported here (ENOLCK, EBADF on some network file systems)
        os.close(fd)
        return True, None


class FolderLock:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / LOCK_NAME
        self._file_fd: int | None = None
        self._folder_fd: int | None = None

    def acquire(self, wait_seconds: float = 0) -> None:
        """Take the lock, waiting up to `wait_seconds`; StoreBusyError when another app holds it,
        StoreWriteError when the lock file cannot be created (a read-only folder, say)."""
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        except OSError as error:
            raise StoreWriteError("open the progress folder for writing", self.path, error) from error
        deadline = time.monotonic() + wait_seconds
        try:
            while True:
                if _try_lock(fd):
                    busy, folder_fd = _lock_folder(self.folder)
                    if not busy:
                        self._file_fd, self._folder_fd = fd, folder_fd
                        return
                    _unlock(fd)  # the folder is held by an app whose store.lock was deleted
                if time.monotonic() >= deadline:
                    raise StoreBusyError(
                        f"another quiz is already running with the progress in {self.folder}; close it first"
                    )
                time.sleep(0.05)
        except BaseException:
            os.close(fd)
            raise

    def release(self) -> None:
        for fd in (self._folder_fd, self._file_fd):
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)  # closing the descriptor releases its flock
        self._file_fd = self._folder_fd = None

    @property
    def held(self) -> bool:
        return self._file_fd is not None


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)

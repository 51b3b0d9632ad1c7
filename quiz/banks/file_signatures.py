"""Which bank files are unchanged since their content digest was taken, told from `stat` alone.

A warm start would otherwise read and hash every bank file only to find its cache entry (2 MB for
the shipped banks, tens of MB for a large bank of one's own). Like git's index, this keeps, for each
file, the digest of its content together with the file's size, inode, device, mtime and ctime when
the digest was taken. While all of those are the same, the content is too: an edit changes ctime even
when it puts the size and mtime back (`touch -r`), and ctime cannot be set by hand.

A file changed within `RACY_NS` of the moment its digest was taken is not trusted: on a file system
with coarse timestamps a second edit in the same tick would leave every field as it was. Such a file
is hashed again at the next start (and trusted from then on). Kept in the cache folder as
`signatures.json`; anything wrong with that file only costs speed: the files are then hashed.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
import time
from pathlib import Path
from typing import Any

from quiz.banks.safe_files import UnreadableFile, read_regular_file

MAX_BYTES = 16 * 2**20  # some 100,000 files
RACY_NS = 2_000_000_000  # FAT keeps mtimes to 2 s: the coarsest file system a bank may live on
FILE_NAME = "signatures.json"
FORMAT = 1


def signature(info: os.stat_result) -> list[int]:
    return [info.st_size, info.st_ino, info.st_dev, info.st_mtime_ns, info.st_ctime_ns]


class FileSignatures:
    def __init__(self, folder: Path, *, racy_ns: int = RACY_NS) -> None:
        self.path = folder / FILE_NAME
        self.racy_ns = racy_ns
        self._known: dict[str, list[Any]] = self._read()
        self._changed = False

    def _read(self) -> dict[str, list[Any]]:
        try:  # bounded and regular-only, as the cache entries: a FIFO in its place must not stall a start
            data = json.loads(read_regular_file(self.path, MAX_BYTES))
        except (UnreadableFile, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("files"), dict):
            return {}
        return {path: entry for path, entry in data["files"].items() if _well_formed(entry)}

    def digest_of(self, path: Path) -> str | None:
        """The digest of `path`'s content if it is a regular file unchanged since it was taken."""
        entry = self._known.get(str(path))
        if entry is None:
            return None
        try:
            info = os.stat(path)
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode) or signature(info) != entry[0]:
            return None
        digest: str = entry[1]
        return digest

    def record(self, path: Path, info: os.stat_result, digest: str) -> None:
        """`digest` was taken of the content read from the file `info` describes (fstat of the same
        descriptor, before the read): an edit during the read leaves a newer mtime than recorded."""
        taken = time.time_ns()
        if max(info.st_mtime_ns, info.st_ctime_ns) > taken - self.racy_ns:
            self._known.pop(str(path), None)  # too fresh to be told from a second edit in the same tick
            self._changed = True
            return
        entry = [signature(info), digest]
        if self._known.get(str(path)) != entry:
            self._known[str(path)] = entry
            self._changed = True

    def save(self) -> None:
        """Best effort, and only when something changed: one small write after a start that hashed."""
        if not self._changed:
            return
        data = json.dumps({"format": FORMAT, "files": self._known}, separators=(",", ":")).encode()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                os.replace(temp, self.path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
                raise
        except OSError:
            return
        self._changed = False


def _well_formed(entry: object) -> bool:
    return (
        isinstance(entry, list)
        and len(entry) == 2
        and isinstance(entry[0], list)
        and len(entry[0]) == 5
        and all(isinstance(n, int) for n in entry[0])
        and isinstance(entry[1], str)
    )

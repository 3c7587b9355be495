"""Giving memory back to the operating system after a spike (Linux/glibc).

Storing a huge job allocates and frees hundreds of megabytes in large blocks (batches of rows,
the text copied to PostgreSQL). glibc keeps freed blocks inside the process for reuse, so the
Manager's resident memory stayed near its peak afterwards; ``malloc_trim`` hands the free ones
back (measured: 192 → 146 MB after a 400,000-task render job on PostgreSQL). Elsewhere it is a
no-op.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools


@functools.cache
def _malloc_trim() -> object | None:
    name = ctypes.util.find_library("c")
    try:
        return getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    except OSError:
        return None


def give_back() -> None:
    trim = _malloc_trim()
    if trim is not None:
        trim(0)  # type: ignore[operator]

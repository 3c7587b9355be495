"""Small filesystem helpers shared by the store, the checkout and the garbage collector."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

# The garbage collector removes empty directories while uploads may be creating files in them.
# A couple of retries is plenty: the collector runs rarely and never removes a non-empty directory.
_VANISHED_DIR_RETRIES = 3


def in_fresh_directory(directory: Path, action: Callable[[], T]) -> T:
    """Create ``directory`` (with parents) and run ``action``, retrying if the directory vanishes.

    Between ``mkdir`` and the action the garbage collector may prune the directory because it was
    empty at that moment; that shows up as FileNotFoundError and is worth another try.
    """
    for attempt in range(_VANISHED_DIR_RETRIES):
        directory.mkdir(parents=True, exist_ok=True)
        try:
            return action()
        except FileNotFoundError:
            if attempt == _VANISHED_DIR_RETRIES - 1:
                raise
    raise AssertionError("unreachable")


def fsync_directory(directory: Path) -> None:
    """Make a rename into ``directory`` durable; silently skipped where directories cannot be opened."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(directory, flags)
    except OSError:  # e.g. Windows, where directories cannot be opened this way
        return
    try:
        with contextlib.suppress(OSError):  # some network filesystems refuse fsync on directories
            os.fsync(fd)
    finally:
        os.close(fd)


def prune_empty_parents(path: Path, stop_at: Path) -> None:
    """Remove the empty directories from ``path`` upwards, never touching ``stop_at`` itself."""
    current = path
    while current != stop_at and stop_at in current.parents:
        try:
            current.rmdir()
        except OSError:  # not empty (or already gone / in use): stop climbing
            return
        current = current.parent


def unlink_quietly(path: Path) -> None:
    """Remove a file that may already be gone."""
    with contextlib.suppress(FileNotFoundError):
        path.unlink()

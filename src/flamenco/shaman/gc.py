"""Garbage collection: removing blobs no checkout needs any more, and debris of crashed requests.

A blob is kept while any symlink under the checkout root points at it, or while its mtime is
recent (requirements checks and checkouts touch blobs, so content the add-on is about to use
survives even before a checkout links to it). Temp files of uploads and temp checkout
directories older than a day are leftovers of crashed processes or broken connections.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

from flamenco.shaman.checkout import TEMP_CHECKOUT_SUFFIX
from flamenco.shaman.filestore import FileStore
from flamenco.shaman.fsutil import prune_empty_parents

logger = logging.getLogger(__name__)

# Far longer than any upload or checkout takes, even of a huge file over a slow link.
STALE_TEMP_AGE = timedelta(days=1)


def collect_garbage(
    store: FileStore, checkout_root: Path, max_age: timedelta, *, now: float, dry_run: bool = False
) -> list[Path]:
    """Delete unreferenced blobs older than ``max_age`` and stale temp files; return what was removed.

    With ``dry_run`` nothing is deleted and the return value lists what would have been.
    """
    stale_before = now - STALE_TEMP_AGE.total_seconds()
    referenced, stale_checkouts = _scan_checkouts(checkout_root, stale_before)

    removed: list[Path] = []
    for directory in stale_checkouts:
        removed.append(directory)
        if not dry_run:
            shutil.rmtree(directory, ignore_errors=True)  # never follows the symlinks inside

    blob_cutoff = now - max_age.total_seconds()
    stored_real = store.stored_root.resolve()
    for blob in _files_with_suffix(store.stored_root, ".blob"):
        if str(stored_real / blob.relative_to(store.stored_root)) in referenced:
            continue
        if _remove_if_older(blob, blob_cutoff, store.stored_root, dry_run):
            removed.append(blob)

    for temp in _files_with_suffix(store.uploading_root, ".tmp"):
        if _remove_if_older(temp, stale_before, store.uploading_root, dry_run):
            removed.append(temp)

    logger.info(
        "shaman: garbage collection %s %d paths", "would remove" if dry_run else "removed", len(removed)
    )
    return removed


def _scan_checkouts(checkout_root: Path, stale_before: float) -> tuple[set[str], list[Path]]:
    """Real paths of everything symlinked from the checkouts, and abandoned temp checkouts.

    Abandoned temp checkouts are not descended into: their links should not keep blobs alive.
    Symlinked directories are not followed either, which also rules out symlink loops.
    """
    referenced: set[str] = set()
    stale: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(checkout_root, followlinks=False):
        for name in list(dirnames):
            path = os.path.join(dirpath, name)
            if os.path.islink(path):
                referenced.add(os.path.realpath(path))
            elif name.endswith(TEMP_CHECKOUT_SUFFIX) and _mtime(path) < stale_before:
                stale.append(Path(path))
                dirnames.remove(name)
        for name in filenames:
            path = os.path.join(dirpath, name)
            if os.path.islink(path):
                referenced.add(os.path.realpath(path))
    return referenced, stale


def _files_with_suffix(root: Path, suffix: str) -> Iterator[Path]:
    """Files at ``root/<xx>/<rest-of-sha>/`` (the store's fixed two-level layout) ending in ``suffix``."""
    for first in _subdirs(root):
        for second in _subdirs(first):
            try:
                with os.scandir(second) as entries:
                    found = [Path(e.path) for e in entries if e.name.endswith(suffix) and e.is_file()]
            except FileNotFoundError:
                continue
            yield from found


def _subdirs(directory: Path) -> list[Path]:
    try:
        with os.scandir(directory) as entries:
            return [Path(e.path) for e in entries if e.is_dir(follow_symlinks=False)]
    except FileNotFoundError:
        return []


def _remove_if_older(path: Path, cutoff: float, root: Path, dry_run: bool) -> bool:
    """Remove ``path`` if its mtime is before ``cutoff``, then prune its emptied directories.

    The mtime is read right before deleting, to keep the window small in which a concurrent
    requirements check or checkout touches the blob after we decided it was garbage.
    """
    if _mtime(str(path)) >= cutoff:
        return False
    if dry_run:
        return True
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    prune_empty_parents(path.parent, root)
    return True


def _mtime(path: str) -> float:
    try:
        return os.lstat(path).st_mtime
    except FileNotFoundError:
        return float("inf")  # already gone: never "old"

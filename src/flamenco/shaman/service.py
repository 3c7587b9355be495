"""The :class:`Shaman` facade: one object per Manager, owning the storage root.

HTTP handlers, the periodic garbage collector and tests all talk to this class; the work is done
in :mod:`~flamenco.shaman.filestore`, :mod:`~flamenco.shaman.checkout` and :mod:`~flamenco.shaman.gc`.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable, Iterable
from datetime import timedelta
from pathlib import Path

from flamenco.shaman import checkout as _checkout
from flamenco.shaman import gc as _gc
from flamenco.shaman.filestore import FileStatus, FileStore, StoreResult


class Shaman:
    """Content-addressed file store plus checkout service under ``root``.

    Layout: ``file-store/uploading/`` and ``file-store/stored/`` for content, ``jobs/`` for
    checkouts. Keeping both under one root is what makes the checkout symlinks relative and the
    whole tree relocatable. ``clock`` (seconds since the epoch) is injectable for tests.
    """

    def __init__(self, root: Path, *, clock: Callable[[], float] = time.time) -> None:
        self.root = Path(root)
        self._clock = clock
        self.file_store = FileStore(self.root / "file-store", clock=clock)
        self._checkout_root = self.root / "jobs"
        self._checkout_root.mkdir(parents=True, exist_ok=True)

    @property
    def checkout_root(self) -> Path:
        """Directory under which checkouts are created; checkout paths are relative to it."""
        return self._checkout_root

    def file_status(self, sha: str, size: int) -> FileStatus:
        """ "stored", "uploading" (in this or another process) or "unknown"."""
        return self.file_store.status(sha, size)

    def requirements(self, files: Iterable[object]) -> list[dict[str, object]]:
        """The ``ShamanFileSpecWithStatus`` dicts for the files that still need uploading."""
        return _checkout.report_requirements(self.file_store, files)

    async def store(
        self,
        sha: str,
        size: int,
        chunks: AsyncIterator[bytes],
        *,
        can_defer: bool = False,
        original_filename: str | None = None,
    ) -> StoreResult:
        """Receive an upload; see :meth:`FileStore.store`."""
        return await self.file_store.store(
            sha, size, chunks, can_defer=can_defer, original_filename=original_filename
        )

    def checkout(self, checkout_path: str, files: Iterable[object], *, unique: bool = False) -> str:
        """Create a checkout of ``files`` at ``checkout_path``; return the normalised path used.

        ``unique``: a taken path gets a random suffix instead of being refused (Flamenco 3.8).
        """
        return _checkout.create_checkout(
            self.file_store, self._checkout_root, checkout_path, files, unique=unique
        )

    def erase_checkout(self, checkout_id: str) -> bool:
        """Remove a job's checkout (job deletion, as Flamenco 3.8); False when it does not exist."""
        return _checkout.erase_checkout(self._checkout_root, checkout_id)

    def collect_garbage(self, max_age: timedelta, dry_run: bool = False) -> list[Path]:
        """Delete unreferenced blobs older than ``max_age`` and stale temp files; return them."""
        return _gc.collect_garbage(
            self.file_store, self._checkout_root, max_age, now=self._clock(), dry_run=dry_run
        )

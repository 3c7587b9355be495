"""The content-addressed blob store: receiving uploads and answering "do you have this file?".

Layout under the store root::

    uploading/<sha[:2]>/<sha[2:]>/<size>-<random>.tmp   uploads in progress, one file per upload
    stored/<sha[:2]>/<sha[2:]>/<size>.blob              complete, verified content

A blob only ever appears in ``stored/`` by an atomic rename of a fully written, fsynced and
checksum-verified temp file, so readers (checkout symlinks, workers) never see partial content.
Uploads of the same content may run concurrently, in this process or in other gunicorn workers;
each writes its own temp file and the first to finish wins.
"""

from __future__ import annotations

import asyncio
import enum
import hashlib
import logging
import os
import secrets
import stat
import threading
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Literal

from flamenco.shaman.fsutil import fsync_directory, in_fresh_directory, unlink_quietly
from flamenco.shaman.validation import validate_checksum, validate_size

logger = logging.getLogger(__name__)

FileStatus = Literal["unknown", "uploading", "stored"]

# A temp file written to within this many seconds counts as an upload in progress. This is how
# one gunicorn worker process learns about uploads running in another one.
UPLOAD_FRESHNESS_SECONDS = 60.0

# Incoming chunks (typically 64 KiB from the ASGI server) are gathered up to this size and then
# hashed and written in a worker thread. See FileStore.store() for why.
WRITE_BATCH_BYTES = 1 << 20


class StoreResult(enum.Enum):
    """Outcome of an upload; the HTTP layer maps these to 204/208/425/417."""

    STORED = "stored"
    """This upload was verified and is now the stored blob."""
    ALREADY_STORED = "already-stored"
    """The content was already there, or another upload of it finished first."""
    DEFER = "defer"
    """The client allowed deferring and someone else is uploading the same content."""
    MISMATCH = "mismatch"
    """The body did not match the announced size or checksum; nothing was stored."""


class FileStore:
    """Blob storage under ``root``; safe to use from the event loop and from worker threads."""

    def __init__(self, root: Path, *, clock: Callable[[], float] = time.time) -> None:
        self.root = root
        self.uploading_root = root / "uploading"
        self.stored_root = root / "stored"
        self.uploading_root.mkdir(parents=True, exist_ok=True)
        self.stored_root.mkdir(parents=True, exist_ok=True)
        self._clock = clock
        # Guards the in-progress counter and the check-then-rename when committing a blob. A
        # threading lock (not asyncio) because sync HTTP handlers run in Starlette's threadpool.
        self._lock = threading.Lock()
        self._in_progress: Counter[tuple[str, int]] = Counter()

    # -- Paths ---------------------------------------------------------------------------------

    @staticmethod
    def blob_relpath(sha: str, size: int) -> PurePosixPath:
        """Location of a blob relative to :attr:`stored_root`."""
        return PurePosixPath(sha[:2], sha[2:], f"{size}.blob")

    def blob_path(self, sha: str, size: int) -> Path:
        return self.stored_root / self.blob_relpath(sha, size)

    def upload_dir(self, sha: str) -> Path:
        return self.uploading_root / sha[:2] / sha[2:]

    # -- Queries -------------------------------------------------------------------------------

    def status(self, sha: str, size: int) -> FileStatus:
        """Whether the content is stored, being uploaded (here or by another process), or unknown."""
        validate_checksum(sha)
        validate_size(size)
        if self.blob_path(sha, size).is_file():
            return "stored"
        if self._uploading_here(sha, size) or self._fresh_temp_file_exists(sha, size):
            return "uploading"
        return "unknown"

    def touch(self, sha: str, size: int) -> bool:
        """Mark a blob as recently wanted so the garbage collector keeps it; False if it is not stored."""
        try:
            os.utime(self.blob_path(sha, size))
        except FileNotFoundError:
            return False
        return True

    def _uploading_here(self, sha: str, size: int) -> bool:
        with self._lock:
            return self._in_progress[(sha, size)] > 0

    def _fresh_temp_file_exists(self, sha: str, size: int) -> bool:
        cutoff = self._clock() - UPLOAD_FRESHNESS_SECONDS
        prefix = f"{size}-"
        try:
            with os.scandir(self.upload_dir(sha)) as entries:
                for entry in entries:
                    if not (entry.name.startswith(prefix) and entry.name.endswith(".tmp")):
                        continue
                    try:
                        if entry.stat().st_mtime >= cutoff:
                            return True
                    except FileNotFoundError:  # finished or aborted while we looked
                        continue
        except FileNotFoundError:
            return False
        return False

    # -- Uploads -------------------------------------------------------------------------------

    async def store(
        self,
        sha: str,
        size: int,
        chunks: AsyncIterator[bytes],
        *,
        can_defer: bool = False,
        original_filename: str | None = None,
    ) -> StoreResult:
        """Receive one upload, verifying size and SHA-256 while it streams to disk.

        Reads ``chunks`` only as far as needed: not at all when the blob is already stored or the
        upload is deferred, and no further than one chunk past ``size``. Memory use is bounded by
        :data:`WRITE_BATCH_BYTES` plus one chunk.

        I/O choice: hashing and writing happen in ``asyncio.to_thread`` per 1 MiB batch. Shared
        storage is often NFS/SMB, where a write can stall for a long time; in a thread that stall
        never blocks other requests. ``hashlib`` releases the GIL for large buffers, so the hashing
        runs in parallel too, and at one thread hop per MiB the overhead is negligible. Creating
        the temp file stays inline so a cancelled request can never leak a file we do not know of.

        Any exception from ``chunks`` (e.g. the client disconnecting) removes the temp file and is
        re-raised.
        """
        validate_checksum(sha)
        validate_size(size)
        if self.touch(sha, size):
            return StoreResult.ALREADY_STORED

        key = (sha, size)
        with self._lock:
            others_here = self._in_progress[key] > 0
            self._in_progress[key] += 1
        try:
            if can_defer and (others_here or self._fresh_temp_file_exists(sha, size)):
                logger.info(
                    "shaman: deferring upload of %s/%d (%s), in progress elsewhere",
                    sha,
                    size,
                    original_filename or "unnamed",
                )
                return StoreResult.DEFER
            result = await self._receive(sha, size, chunks)
        finally:
            with self._lock:
                self._in_progress[key] -= 1
                if self._in_progress[key] <= 0:
                    del self._in_progress[key]

        logger.info(
            "shaman: upload of %s/%d (%s): %s", sha, size, original_filename or "unnamed", result.value
        )
        return result

    async def _receive(self, sha: str, size: int, chunks: AsyncIterator[bytes]) -> StoreResult:
        temp_path, out = in_fresh_directory(self.upload_dir(sha), lambda: self._create_temp_file(sha, size))
        try:
            early = await self._stream_into(out, sha, size, chunks)
            if early is not None:
                return early
            return await asyncio.to_thread(self._commit, out, temp_path, sha, size)
        finally:
            out.close()
            unlink_quietly(temp_path)  # a no-op after a successful commit

    def _create_temp_file(self, sha: str, size: int) -> tuple[Path, BinaryIO]:
        # os.open with an explicit 0o666 (not tempfile, which forces 0o600) so the umask decides
        # the blob's permissions: workers usually run as a different user than the Manager.
        path = self.upload_dir(sha) / f"{size}-{secrets.token_hex(8)}.tmp"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags, 0o666)
        return path, os.fdopen(fd, "wb")

    async def _stream_into(
        self, out: BinaryIO, sha: str, size: int, chunks: AsyncIterator[bytes]
    ) -> StoreResult | None:
        """Copy ``chunks`` into ``out``; None when the content is verified, else the result to report."""
        hasher = hashlib.sha256()
        received = 0
        batch: list[bytes] = []
        batch_bytes = 0
        blob = self.blob_path(sha, size)

        async for chunk in chunks:
            if not chunk:
                continue
            received += len(chunk)
            if received > size:
                logger.warning("shaman: upload of %s is longer than the announced %d bytes", sha, size)
                return StoreResult.MISMATCH
            batch.append(chunk)
            batch_bytes += len(chunk)
            if batch_bytes >= WRITE_BATCH_BYTES:
                await asyncio.to_thread(_hash_and_write, out, hasher, b"".join(batch))
                batch.clear()
                batch_bytes = 0
                if blob.exists():  # another upload of the same content finished: stop early
                    return StoreResult.ALREADY_STORED
        if batch:
            await asyncio.to_thread(_hash_and_write, out, hasher, b"".join(batch))

        if received != size:
            logger.warning("shaman: upload of %s has %d bytes, announced %d", sha, received, size)
            return StoreResult.MISMATCH
        if hasher.hexdigest() != sha:
            logger.warning("shaman: upload announced as %s has checksum %s", sha, hasher.hexdigest())
            return StoreResult.MISMATCH
        return None

    def _commit(self, out: BinaryIO, temp_path: Path, sha: str, size: int) -> StoreResult:
        """Make verified content durable and move it into ``stored/`` (runs in a worker thread)."""
        out.flush()
        os.fsync(out.fileno())
        out.close()
        # Blobs are shared by every checkout that links to them; a tool writing "through" a
        # symlink in one job would otherwise silently corrupt all others.
        mode = os.stat(temp_path).st_mode
        os.chmod(temp_path, stat.S_IMODE(mode) & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))

        blob = self.blob_path(sha, size)
        with self._lock:  # check-then-rename must not interleave with a concurrent upload here
            if blob.exists():
                return StoreResult.ALREADY_STORED
            in_fresh_directory(blob.parent, lambda: os.replace(temp_path, blob))
        fsync_directory(blob.parent)
        return StoreResult.STORED


def _hash_and_write(out: BinaryIO, hasher: hashlib._Hash, data: bytes) -> None:
    hasher.update(data)
    out.write(data)

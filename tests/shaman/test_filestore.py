"""Uploads: what ends up on disk, and what each kind of client misbehaviour leaves behind."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from flamenco.errors import BadRequest
from flamenco.shaman import Shaman, StoreResult
from flamenco.shaman.filestore import WRITE_BATCH_BYTES

from .helpers import checksum, chunked, files_under, upload

CONTENT = b"the quick brown fox renders over the lazy farm\n" * 100


def uploading_files(shaman: Shaman) -> list[Path]:
    return files_under(shaman.file_store.uploading_root)


def stored_files(shaman: Shaman) -> list[Path]:
    return files_under(shaman.file_store.stored_root)


def test_store_puts_blob_at_content_address(shaman: Shaman) -> None:
    sha = checksum(CONTENT)

    assert upload(shaman, CONTENT) is StoreResult.STORED

    blob = shaman.root / "file-store" / "stored" / sha[:2] / sha[2:] / f"{len(CONTENT)}.blob"
    assert blob.read_bytes() == CONTENT
    assert stored_files(shaman) == [blob]
    assert uploading_files(shaman) == []
    assert shaman.file_status(sha, len(CONTENT)) == "stored"


def test_stored_blob_is_read_only(shaman: Shaman) -> None:
    """A tool writing through a checkout symlink must not corrupt content shared by other jobs."""
    upload(shaman, CONTENT)
    blob = shaman.file_store.blob_path(checksum(CONTENT), len(CONTENT))
    assert os.stat(blob).st_mode & 0o222 == 0


def test_second_upload_reports_already_stored_without_reading_body(shaman: Shaman) -> None:
    upload(shaman, CONTENT)
    reads = 0

    async def body() -> AsyncIterator[bytes]:
        nonlocal reads
        reads += 1
        yield CONTENT

    result = asyncio.run(shaman.store(checksum(CONTENT), len(CONTENT), body()))

    assert result is StoreResult.ALREADY_STORED
    assert reads == 0


def test_empty_file_can_be_stored(shaman: Shaman) -> None:
    assert upload(shaman, b"") is StoreResult.STORED
    assert shaman.file_status(checksum(b""), 0) == "stored"


@pytest.mark.parametrize(
    ("body", "announced_size", "announced_content"),
    [
        pytest.param(CONTENT[:-1], len(CONTENT), CONTENT, id="body-too-short"),
        pytest.param(CONTENT + b"x", len(CONTENT), CONTENT, id="body-too-long"),
        pytest.param(CONTENT, len(CONTENT) - 1, CONTENT, id="size-too-small"),
        pytest.param(CONTENT, len(CONTENT) + 1, CONTENT, id="size-too-large"),
        pytest.param(b"X" + CONTENT[1:], len(CONTENT), CONTENT, id="checksum-differs"),
        pytest.param(b"", len(CONTENT), CONTENT, id="empty-body"),
    ],
)
def test_mismatch_stores_nothing(
    shaman: Shaman, body: bytes, announced_size: int, announced_content: bytes
) -> None:
    result = upload(shaman, body, sha=checksum(announced_content), size=announced_size)

    assert result is StoreResult.MISMATCH
    assert stored_files(shaman) == []
    assert uploading_files(shaman) == []
    assert shaman.file_status(checksum(announced_content), announced_size) == "unknown"


def test_oversized_body_is_not_read_to_the_end(shaman: Shaman) -> None:
    """A client sending far more than announced is cut off right after the size is exceeded."""
    chunks_read = 0

    async def endless() -> AsyncIterator[bytes]:
        nonlocal chunks_read
        while True:
            chunks_read += 1
            yield b"z" * 1000

    result = asyncio.run(shaman.store(checksum(b"z" * 2500), 2500, endless()))

    assert result is StoreResult.MISMATCH
    assert chunks_read == 3
    assert uploading_files(shaman) == []


def test_large_upload_in_many_chunks(shaman: Shaman) -> None:
    content = os.urandom(3 * WRITE_BATCH_BYTES + 12345)
    pieces = [content[i : i + 65536] for i in range(0, len(content), 65536)]

    result = asyncio.run(shaman.store(checksum(content), len(content), chunked(*pieces)))

    assert result is StoreResult.STORED
    assert shaman.file_store.blob_path(checksum(content), len(content)).read_bytes() == content


def test_concurrent_uploads_of_same_file_store_it_once(shaman: Shaman) -> None:
    content = os.urandom(200_000)
    pieces = [content[i : i + 10_000] for i in range(0, len(content), 10_000)]

    async def race() -> list[StoreResult]:
        uploads = [shaman.store(checksum(content), len(content), chunked(*pieces)) for _ in range(4)]
        return list(await asyncio.gather(*uploads))

    results = asyncio.run(race())

    assert results.count(StoreResult.STORED) == 1
    assert results.count(StoreResult.ALREADY_STORED) == 3
    assert uploading_files(shaman) == []
    assert shaman.file_store.blob_path(checksum(content), len(content)).read_bytes() == content


def test_upload_stops_early_when_another_finishes_first(shaman: Shaman) -> None:
    content = os.urandom(3 * WRITE_BATCH_BYTES)
    sha, size = checksum(content), len(content)
    other_done = asyncio.Event()
    chunks_sent = 0

    async def slow_client() -> AsyncIterator[bytes]:
        nonlocal chunks_sent
        for i in range(0, size, WRITE_BATCH_BYTES):
            chunks_sent += 1
            yield content[i : i + WRITE_BATCH_BYTES]
            await other_done.wait()

    async def fast_client() -> StoreResult:
        await asyncio.sleep(0.05)  # let the slow one start first
        try:
            return await shaman.store(sha, size, chunked(content))
        finally:
            other_done.set()

    async def race() -> tuple[StoreResult, StoreResult]:
        return await asyncio.gather(shaman.store(sha, size, slow_client()), fast_client())

    slow, fast = asyncio.run(race())

    assert (slow, fast) == (StoreResult.ALREADY_STORED, StoreResult.STORED)
    assert chunks_sent < 3
    assert uploading_files(shaman) == []


def test_defer_while_same_file_uploads_in_this_process(shaman: Shaman) -> None:
    sha, size = checksum(CONTENT), len(CONTENT)
    release = asyncio.Event()

    async def stalled_client() -> AsyncIterator[bytes]:
        yield CONTENT[:10]
        await release.wait()
        yield CONTENT[10:]

    async def scenario() -> tuple[str, StoreResult, StoreResult]:
        first = asyncio.create_task(shaman.store(sha, size, stalled_client()))
        await asyncio.sleep(0.05)
        status_during = shaman.file_status(sha, size)
        deferred = await shaman.store(sha, size, chunked(CONTENT), can_defer=True)
        release.set()
        return status_during, deferred, await first

    status_during, deferred, first = asyncio.run(scenario())

    assert status_during == "uploading"
    assert deferred is StoreResult.DEFER
    assert first is StoreResult.STORED


def test_without_defer_permission_a_parallel_upload_proceeds(shaman: Shaman) -> None:
    sha, size = checksum(CONTENT), len(CONTENT)
    release = asyncio.Event()

    async def stalled_client() -> AsyncIterator[bytes]:
        yield CONTENT[:10]
        await release.wait()
        yield CONTENT[10:]

    async def scenario() -> tuple[StoreResult, StoreResult]:
        first = asyncio.create_task(shaman.store(sha, size, stalled_client()))
        await asyncio.sleep(0.05)
        second = await shaman.store(sha, size, chunked(CONTENT), can_defer=False)
        release.set()
        return second, await first

    assert asyncio.run(scenario()) == (StoreResult.STORED, StoreResult.ALREADY_STORED)


def fake_upload_by_other_process(shaman: Shaman, content: bytes, age_seconds: float) -> Path:
    """A temp file as another gunicorn worker would be writing it."""
    sha = checksum(content)
    temp = shaman.file_store.uploading_root / sha[:2] / sha[2:] / f"{len(content)}-0123abcd.tmp"
    temp.parent.mkdir(parents=True)
    temp.write_bytes(content[:5])
    then = time.time() - age_seconds
    os.utime(temp, (then, then))
    return temp


def test_fresh_temp_file_of_another_process_counts_as_uploading(shaman: Shaman) -> None:
    fake_upload_by_other_process(shaman, CONTENT, age_seconds=5)
    sha, size = checksum(CONTENT), len(CONTENT)

    assert shaman.file_status(sha, size) == "uploading"
    assert asyncio.run(shaman.store(sha, size, chunked(CONTENT), can_defer=True)) is StoreResult.DEFER
    # Same checksum but another size is different content as far as the store is concerned.
    assert shaman.file_status(sha, size + 1) == "unknown"


def test_abandoned_temp_file_does_not_count_as_uploading(shaman: Shaman) -> None:
    fake_upload_by_other_process(shaman, CONTENT, age_seconds=120)
    sha, size = checksum(CONTENT), len(CONTENT)

    assert shaman.file_status(sha, size) == "unknown"
    assert asyncio.run(shaman.store(sha, size, chunked(CONTENT), can_defer=True)) is StoreResult.STORED


def test_client_disconnect_removes_partial_upload_and_propagates(shaman: Shaman) -> None:
    class Disconnected(Exception):
        pass

    async def dropping_client() -> AsyncIterator[bytes]:
        yield CONTENT[:100]
        raise Disconnected

    with pytest.raises(Disconnected):
        asyncio.run(shaman.store(checksum(CONTENT), len(CONTENT), dropping_client()))

    assert uploading_files(shaman) == []
    assert stored_files(shaman) == []
    assert shaman.file_status(checksum(CONTENT), len(CONTENT)) == "unknown"


@pytest.mark.parametrize(
    ("sha", "size"),
    [
        ("abc", 1),
        (checksum(CONTENT).upper(), 1),
        ("../" + checksum(CONTENT)[3:], 1),
        ("g" * 64, 1),
        (checksum(CONTENT), -1),
    ],
)
def test_invalid_checksum_or_size_is_a_bad_request(shaman: Shaman, sha: str, size: int) -> None:
    with pytest.raises(BadRequest):
        shaman.file_status(sha, size)
    with pytest.raises(BadRequest):
        asyncio.run(shaman.store(sha, size, chunked(CONTENT)))
    assert files_under(shaman.root) == []

"""The database executor: threads shaped like the database, and SQLite's deferred checkpoints."""

from __future__ import annotations

import asyncio
import contextvars
import threading

import pytest

from flamenco.store import db as store_db
from flamenco.store.executor import POSTGRES_THREADS, SQLITE_THREADS, DatabaseExecutor

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id")


def test_sizes_follow_the_database():
    assert DatabaseExecutor.for_database(postgres=False).threads == SQLITE_THREADS == 1
    assert DatabaseExecutor.for_database(postgres=True).threads == POSTGRES_THREADS


def test_runs_on_its_own_threads_with_the_callers_context():
    executor = DatabaseExecutor(1)

    def where() -> tuple[str, str]:
        return threading.current_thread().name, request_id.get()

    async def calls() -> list[tuple[str, str]]:
        request_id.set("r-1")
        return await asyncio.gather(*(executor.run(where) for _ in range(5)))

    try:
        answers = asyncio.run(calls())
    finally:
        executor.shutdown()
    assert {name for name, _ in answers} == {answers[0][0]}  # one thread did all
    assert answers[0][0].startswith("flamenco-db")
    assert {rid for _, rid in answers} == {"r-1"}


def test_starts_again_after_shutdown():
    executor = DatabaseExecutor(1)
    assert asyncio.run(executor.run(lambda: 1)) == 1
    executor.shutdown()
    assert asyncio.run(executor.run(lambda: 2)) == 2
    executor.shutdown()


def test_errors_reach_the_caller():
    executor = DatabaseExecutor(1)

    def fail() -> None:
        raise ValueError("no")

    with pytest.raises(ValueError, match="no"):
        asyncio.run(executor.run(fail))
    executor.shutdown()


def test_a_call_whose_caller_went_away_is_skipped():
    """A worker that hung up while its call waited for the thread does not get work done for it
    (a claim nobody would receive)."""
    executor = DatabaseExecutor(1)
    gate = threading.Event()
    ran: list[str] = []

    async def calls() -> None:
        first = asyncio.ensure_future(executor.run(lambda: gate.wait(5) and ran.append("first")))
        second = asyncio.ensure_future(executor.run(ran.append, "second"))
        await asyncio.sleep(0.05)  # both queued, the first running
        second.cancel()
        gate.set()
        await first
        assert await executor.run(ran.append, "third") is None

    try:
        asyncio.run(calls())
    finally:
        executor.shutdown()
    assert ran == ["first", "third"]


def test_sqlite_thread_leaves_checkpoints_to_the_background(services):
    """The SQLite executor's connection does not checkpoint; `checkpoint()` empties the WAL."""
    if store_db.is_postgres():
        pytest.skip("SQLite's WAL")
    executor = DatabaseExecutor.for_database(postgres=False)

    def autocheckpoint() -> int:
        return store_db.database.execute_sql("PRAGMA wal_autocheckpoint").fetchone()[0]

    try:
        assert asyncio.run(executor.run(autocheckpoint)) == 0
    finally:
        executor.shutdown()
    assert autocheckpoint() == 1000  # other connections keep SQLite's default
    store_db.database.execute_sql("CREATE TABLE scratch (x)")
    store_db.checkpoint()
    busy, wal_pages, copied = store_db.database.execute_sql("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    assert busy == 0 and copied == wal_pages

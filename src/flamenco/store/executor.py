"""Threads for database work, shaped like the database.

Why not anyio's thread pool (40 threads), where Connexion runs synchronous handlers: SQLite takes
one writer at a time, so 40 threads handling workers' requests mostly queued on the write lock and
on Python's global lock, handing both around (measured: ~46 context switches and ~1.3 ms of server
CPU per scheduleTask + taskUpdate cycle, more than the work itself). One thread doing the same work
back to back keeps the database and the interpreter busy without the hand-overs. PostgreSQL runs
transactions side by side and waits on the network for each statement, so there a small pool
overlaps those waits.

Only the farm's hot path (the worker protocol's calls) runs here: a human's request that reads
for half a second (a job of 10,000 tasks) stays in anyio's pool, so it does not hold up workers.
Writers in both places still take `flamenco.store.db`'s write lock on SQLite.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from flamenco.store.db import defer_checkpoints

P = ParamSpec("P")
R = TypeVar("R")

SQLITE_THREADS = 1  # SQLite's single writer
POSTGRES_THREADS = 16  # overlaps network round trips; more only adds lock waits (measured)


class DatabaseExecutor:
    """A fixed set of threads running blocking database calls for the event loop."""

    def __init__(self, threads: int, initializer: Callable[[], None] | None = None) -> None:
        self.threads = threads
        self._initializer = initializer  # run first in each thread
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    @classmethod
    def for_database(cls, *, postgres: bool) -> DatabaseExecutor:
        if postgres:
            return cls(POSTGRES_THREADS)
        # SQLite: its WAL checkpoints are the background checkpoint's, not this thread's.
        return cls(SQLITE_THREADS, initializer=defer_checkpoints)

    async def run(self, function: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """Run ``function`` on a database thread and await its result.

        The caller's context variables go along (Connexion's ``request`` is one), as with
        Starlette's ``run_in_threadpool``.
        """
        context = contextvars.copy_context()
        call = functools.partial(context.run, function, *args, **kwargs)
        return await asyncio.get_running_loop().run_in_executor(self._pool or self._start(), call)

    def _start(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(
                    max_workers=self.threads, thread_name_prefix="flamenco-db", initializer=self._initializer
                )
            return self._pool

    def shutdown(self) -> None:
        """Finish what was submitted and let the threads go; a later call starts new ones."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True)

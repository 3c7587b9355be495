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
import contextlib
import contextvars
import queue
import threading
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from flamenco.store.db import defer_checkpoints

P = ParamSpec("P")
R = TypeVar("R")

SQLITE_THREADS = 1  # SQLite's single writer
POSTGRES_THREADS = 16  # overlaps network round trips; more only adds lock waits (measured)

# What a database thread is handed: where to answer, and the call with the caller's context.
_Call = tuple[asyncio.AbstractEventLoop, "asyncio.Future[Any]", contextvars.Context, Callable[[], Any]]


class DatabaseExecutor:
    """A fixed set of threads running blocking database calls for the event loop.

    Its own threads and queue rather than `loop.run_in_executor` on a `ThreadPoolExecutor`: each
    call there builds a `concurrent.futures.Future` (with its lock and condition), a work item and
    a second, chained asyncio future, and checks whether the function is a coroutine function;
    measured at ~5 % of the event loop's time under `bench/dispatch.py`, for two calls per task.
    Here a call is one tuple on a queue and one `call_soon_threadsafe` back.

    The threads are daemons: the Manager's lifespan shuts them down (finishing what was queued);
    a process that ends without it leaves nothing half-written, since each call is a transaction.
    """

    def __init__(self, threads: int, initializer: Callable[[], None] | None = None) -> None:
        self.threads = threads
        self._initializer = initializer  # run first in each thread
        self._calls: queue.SimpleQueue[_Call | None] | None = None
        self._workers: list[threading.Thread] = []
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
        Starlette's ``run_in_threadpool``. A call whose caller went away (its future cancelled)
        before a thread took it is skipped.
        """
        loop = asyncio.get_running_loop()
        future: asyncio.Future[R] = loop.create_future()
        call = (lambda: function(*args, **kwargs)) if args or kwargs else function
        (self._calls or self._start()).put((loop, future, contextvars.copy_context(), call))
        return await future

    def _start(self) -> queue.SimpleQueue[_Call | None]:
        with self._lock:
            if self._calls is None:
                calls: queue.SimpleQueue[_Call | None] = queue.SimpleQueue()
                self._workers = [
                    threading.Thread(target=self._serve, args=(calls,), name=f"flamenco-db_{n}", daemon=True)
                    for n in range(self.threads)
                ]
                for worker in self._workers:
                    worker.start()
                self._calls = calls
            return self._calls

    def _serve(self, calls: queue.SimpleQueue[_Call | None]) -> None:
        if self._initializer is not None:
            self._initializer()
        while (item := calls.get()) is not None:
            loop, future, context, call = item
            if future.cancelled():
                continue
            try:
                result, error = context.run(call), None
            except BaseException as exc:  # the caller gets it, whatever it is
                result, error = None, exc
            with contextlib.suppress(RuntimeError):  # the loop closed while this ran: nobody waits
                loop.call_soon_threadsafe(_settle, future, result, error)

    def shutdown(self) -> None:
        """Finish what was submitted and let the threads go; a later call starts new ones."""
        with self._lock:
            calls, self._calls = self._calls, None
            workers, self._workers = self._workers, []
        if calls is None:
            return
        for _ in workers:
            calls.put(None)
        for worker in workers:
            worker.join()


def _settle(future: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    if future.done():  # cancelled while it ran
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)

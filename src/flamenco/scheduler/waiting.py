"""Long-polling for work: `Prefer: wait=N` on scheduleTask (RFC 7240).

An idle Flamenco worker re-polls every 20 s, so new work waits up to 20 s. Here a worker may ask
the Manager to hold its request until a task is runnable for it, or N seconds pass. Waiting costs
no thread: the request sleeps on an asyncio event that the domain events wake (a job submitted, a
task finished or requeued, a worker status request), and only then tries to claim again.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import threading
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

from flamenco.events import Event

# Longest a waiting worker sleeps without looking: a safety net only. Every change that can free
# work wakes waiters through the event broker, and other Manager processes' changes through Redis.
RECHECK = 5.0  # seconds

_WAIT = re.compile(r"(?:^|[,;\s])wait\s*=\s*\"?(\d+)\"?", re.IGNORECASE)


def preferred_wait(prefer_header: str | None, ceiling: float) -> float:
    """Seconds a client asked to wait (0 if none), capped at ``ceiling``."""
    if not prefer_header:
        return 0.0
    match = _WAIT.search(prefer_header)
    return min(float(match.group(1)), ceiling) if match else 0.0


def may_free_work(event: Event) -> bool:
    """Events after which a waiting worker might find a task (or must hear of a status request)."""
    if event.kind == "worker":
        return True
    if event.kind == "job":
        return event.data.task_counts is None  # progress updates change nothing runnable
    return event.kind == "task" and event.data.task.status in ("queued", "soft-failed", "completed")


# How many waiting workers a finished or requeued task wakes. Such an event frees a handful of
# tasks at most (a task's dependents), and each waiter that finds a task wakes one more, so a
# bigger release still reaches as many waiters as it has tasks. Waking every waiter on every
# completion made 1,000 idle workers try 1,000 claims per finished task.
TASK_WAKES = 4


class WorkSignal:
    """Wakes coroutines waiting for work: all of them, or the longest-waiting few.

    A new or requeued job and a worker status request wake every waiter (many tasks, or one
    particular worker). A task's completion or requeue wakes :data:`TASK_WAKES`, in the order they
    started waiting, and each waiter that then claims a task passes the wake-up on (:meth:`pass_on`).
    Wakes that find fewer waiters than they are for are kept as credits (up to the same number), so
    an attempt that was in flight when the event came looks again instead of sleeping through it.

    Thread-safe: events arrive from any thread; the waiting and waking happen on the event loop.
    """

    def __init__(self) -> None:
        self.generation = 0  # changes seen (for tests and diagnostics)
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._active = 0  # schedule_waiting calls in progress; none: nothing to wake, skip the syscall
        self._waiters: deque[asyncio.Future[None]] = deque()  # event loop only
        self._credits = 0  # event loop only

    def on_event(self, event: Event) -> None:
        if may_free_work(event):
            self.notify(TASK_WAKES if event.kind == "task" else None)

    def notify(self, count: int | None = None) -> None:
        """Wake ``count`` waiters (None: all of them), from any thread."""
        with self._lock:
            self.generation += 1
            loop = self._loop if self._active else None
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # closed meanwhile
                loop.call_soon_threadsafe(self._wake, count)

    def pass_on(self) -> None:
        """A woken waiter found work: there may be more, wake the next one (event loop only)."""
        self._wake(1)

    def _wake(self, count: int | None) -> None:
        in_flight = self._active - len(self._waiters)  # attempts running now, not waiting
        woken = 0
        while self._waiters and (count is None or woken < count):
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                woken += 1
        owed = in_flight if count is None else min(in_flight, count - woken)
        self._credits = min(TASK_WAKES, self._credits + max(0, owed))

    async def wait(self, timeout: float) -> None:
        """Return when woken, at once if a wake-up is owed, or after ``timeout`` seconds."""
        if self._credits:
            self._credits -= 1
            return
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await asyncio.wait_for(waiter, timeout)
        except TimeoutError:
            pass
        finally:
            if not waiter.done():
                waiter.cancel()
            with contextlib.suppress(ValueError):
                self._waiters.remove(waiter)

    @contextlib.contextmanager
    def active(self) -> Iterator[None]:
        """Around a long poll: events while it runs are delivered to the loop."""
        with self._lock:
            self._loop = self._loop or asyncio.get_running_loop()
            self._active += 1
        try:
            yield
        finally:
            with self._lock:
                self._active -= 1


async def schedule_waiting(
    attempt: Callable[[], Any],
    signal: WorkSignal,
    wait: float,
    *,
    recheck: float,
    run: Callable[[Callable[[], Any]], Any],
) -> Any:
    """Call ``attempt`` (in a thread, via ``run``) until it finds something or ``wait`` runs out.

    ``attempt`` returns None for "nothing yet". ``recheck`` bounds each sleep, in case a wake-up
    was lost (e.g. while Redis was unreachable).
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    with signal.active():
        woken = False
        while True:
            result = await run(attempt)
            if result is not None:
                if woken:
                    signal.pass_on()
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                return result
            await signal.wait(min(remaining, recheck))
            woken = True

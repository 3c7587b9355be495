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
from collections.abc import Callable
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


class WorkSignal:
    """Counts changes that may make work runnable and wakes the coroutines waiting for one."""

    def __init__(self) -> None:
        self.generation = 0
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._event: asyncio.Event | None = None
        self._waiters = 0  # waking the event loop costs a syscall; skip it when nobody waits

    def on_event(self, event: Event) -> None:
        if may_free_work(event):
            self.notify()

    def notify(self) -> None:
        with self._lock:
            self.generation += 1
            loop = self._loop if self._waiters else None
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._wake)

    def _wake(self) -> None:
        if self._event is not None:
            self._event.set()
            self._event = asyncio.Event()

    async def wait_for_change(self, since: int, timeout: float) -> None:
        """Return once the generation moved past ``since``, or after ``timeout`` seconds."""
        with self._lock:
            self._loop = asyncio.get_running_loop()
            if self.generation != since:
                return
        if self._event is None:
            self._event = asyncio.Event()
        event = self._event
        if self.generation != since:  # changed while we set up
            return
        with self._lock:
            self._waiters += 1
        try:
            if self.generation == since:  # no change slipped in before we were counted
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(event.wait(), timeout)
        finally:
            with self._lock:
                self._waiters -= 1


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
    while True:
        since = signal.generation
        result = await run(attempt)
        remaining = deadline - loop.time()
        if result is not None or remaining <= 0:
            return result
        await signal.wait_for_change(since, min(remaining, recheck))

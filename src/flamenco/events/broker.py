"""The event broker: events from any thread, delivered in order on the event loop.

Publishers are request handlers running in the thread pool and background sweeps; listeners live
on the asyncio loop (Socket.IO emits, long-poll wake-ups). Handing over costs one loop wake-up per
burst, not per event: events queue in a deque and one scheduled drain delivers all that arrived
meanwhile (a dispatch cycle publishes 3-5 events; waking the loop for each would cost a syscall and
a context switch apiece).

Without a loop (the scheduler used from a script or a unit test), events are delivered at once in
the publishing thread, so the same listeners see the same events either way.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import deque
from collections.abc import Callable
from typing import Any, Literal, NamedTuple

log = logging.getLogger(__name__)

# One kind per kind of fact (`flamenco.events.facts`): job → JobChanged, task → TaskChanged,
# worker → WorkerChanged, tasklog → TaskLogAppended, lifecycle → ManagerLifeCycle,
# last-rendered → LastRenderedUpdated, job-steps → JobStepsChanged, farm → FarmStatusChanged,
# workertag → WorkerTagChanged.
EventKind = Literal[
    "job", "task", "worker", "tasklog", "lifecycle", "last-rendered", "job-steps", "farm", "workertag"
]


class Event(NamedTuple):
    """A committed change: its ``kind`` and the canonical fact (``flamenco.events.facts``) saying what.

    A NamedTuple, like the facts: a dispatch publishes a few events, and a frozen dataclass took
    four times as long to build (0.45 µs against 0.1 µs).
    """

    kind: EventKind
    data: Any


Listener = Callable[[Event], None]


class EventBroker:
    """Fan-out of committed changes to listeners; a failing listener never breaks the publisher."""

    def __init__(self) -> None:
        self._listeners: tuple[Listener, ...] = ()
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._pending: deque[Event] = deque()
        self._drain_scheduled = False

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Register a listener (fast and non-blocking: it runs on the event loop)."""
        with self._lock:
            self._listeners = (*self._listeners, listener)

        def unsubscribe() -> None:
            with self._lock:
                self._listeners = tuple(known for known in self._listeners if known is not listener)

        return unsubscribe

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        """Deliver on ``loop`` from now on (the app's lifespan calls this)."""
        self._loop = loop

    def stop(self) -> None:
        """Deliver what is still queued, then go back to delivering in the publishing thread."""
        self._loop = None
        self._drain()

    def publish(self, *events: Event) -> None:
        loop = self._loop
        if loop is None or loop.is_closed():
            self._deliver(events)
            return
        with self._lock:
            self._pending.extend(events)
            if self._drain_scheduled:
                return
            self._drain_scheduled = True
        try:
            loop.call_soon_threadsafe(self._drain)
        except RuntimeError:  # the loop closed between the check and the call
            self._drain()

    def _drain(self) -> None:
        with self._lock:
            events = list(self._pending)
            self._pending.clear()
            self._drain_scheduled = False
        self._deliver(events)

    def _deliver(self, events: tuple[Event, ...] | list[Event]) -> None:
        listeners = self._listeners
        for event in events:
            for listener in listeners:
                try:
                    listener(event)
                except Exception:
                    log.exception("event listener %r failed on a %s event", listener, event.kind)

"""In-process domain events: what changed, for whoever listens (SocketIO, tests, metrics).

The scheduler and handlers publish after their transaction commits, so a listener never sees a
change that was rolled back. Payloads use the spec's ``SocketIO*Update`` shapes.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

log = logging.getLogger(__name__)

EventKind = Literal["job", "task", "worker", "tasklog"]


@dataclass(frozen=True)
class Event:
    kind: EventKind
    payload: dict[str, Any]


Listener = Callable[[Event], None]


class EventBus:
    """Fan-out to listeners; a failing listener is logged and never breaks the publisher."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def publish(self, *events: Event) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for event in events:
            for listener in listeners:
                try:
                    listener(event)
                except Exception:
                    log.exception("event listener %r failed on %s event", listener, event.kind)

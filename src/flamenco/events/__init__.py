"""Domain events: what changed in the farm, for whoever listens.

One path for every change: the scheduler and handlers publish to the :class:`EventBroker` after
their transaction commits; the broker hands the events to the asyncio loop and fans them out to
the listeners registered at start-up (Socket.IO rooms, long-poll wake-ups, metrics, progress).
"""

from flamenco.events.broker import Event, EventBroker, EventKind, Listener

__all__ = ["Event", "EventBroker", "EventKind", "Listener"]

"""Live updates over Socket.IO, with the event names, rooms and payloads of Flamenco's seed spec.

python-socketio's ``AsyncServer`` (the engine under Flask-SocketIO, which cannot carry websockets
behind Connexion 3) speaks Socket.IO v5 to socket.io-client 4. Rooms, as Flamenco names them:
``Jobs`` and ``Workers`` for the ``allJobs``/``allWorkers`` subscriptions, ``job-<uuid>`` for a
job's task updates, ``tasklog-<uuid>`` for a task's log chunks. A client gets only what it
subscribed to.

With several Manager processes every emit goes through Redis (``AsyncRedisManager``), so a client
connected to one process hears of changes made in another; browsers must then use the websocket
transport, because the long-polling transport needs sticky sessions that gunicorn's shared socket
cannot give (measured, `shared/reference/stack-findings.md` §1).
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Any

import socketio

from flamenco.events.broker import Event

log = logging.getLogger(__name__)

SUBSCRIPTION_EVENT = "/subscription"
EVENT_NAMES = {"job": "/jobs", "task": "/task", "tasklog": "/tasklog", "worker": "/workers"}
ROOM_FOR_TYPE = {"allJobs": "Jobs", "allWorkers": "Workers"}


def room_for(event: Event) -> str:
    """The room an event goes to (Flamenco's routing)."""
    if event.kind == "job":
        return "Jobs"
    if event.kind == "worker":
        return "Workers"
    if event.kind == "task":
        return f"job-{event.payload['job_id']}"
    return f"tasklog-{event.payload['task_id']}"


def subscription_room(subscription: Any) -> str:
    """The room a ``SocketIOSubscription`` names; ValueError says what is wrong with it."""
    if not isinstance(subscription, dict):
        raise ValueError("a subscription is an object with op, type and (for job/tasklog) uuid")
    kind = subscription.get("type")
    if kind in ROOM_FOR_TYPE:
        return ROOM_FOR_TYPE[kind]
    if kind not in ("job", "tasklog"):
        raise ValueError(f"unknown subscription type {kind!r}; use allJobs, allWorkers, job or tasklog")
    try:
        return f"{kind}-{uuid.UUID(str(subscription.get('uuid')))}"
    except ValueError:
        raise ValueError(f"subscribing to a {kind} needs its UUID in 'uuid'") from None


def create_server(redis_url: str | None, *, channel: str, websocket_only: bool) -> socketio.AsyncServer:
    """The Socket.IO server; with ``redis_url``, emits travel through Redis on ``channel``."""
    manager = socketio.AsyncRedisManager(redis_url, channel=channel) if redis_url else None
    server = socketio.AsyncServer(
        async_mode="asgi",
        client_manager=manager,
        transports=["websocket"] if websocket_only else ["polling", "websocket"],
        logger=False,
        engineio_logger=False,
    )

    @server.on(SUBSCRIPTION_EVENT)
    async def subscription(sid: str, data: Any) -> str:
        try:
            room = subscription_room(data)
        except ValueError as exc:
            return str(exc)
        operation = data.get("op")
        if operation == "subscribe":
            await server.enter_room(sid, room)
        elif operation == "unsubscribe":
            await server.leave_room(sid, room)
        else:
            return f"unknown subscription op {operation!r}; use subscribe or unsubscribe"
        return "ok"

    return server


class SocketIOForwarder:
    """Broker listener that emits each event to its room, in the order the events were published.

    One consumer coroutine emits from a queue: emitting from a task per event could reorder them
    whenever an emit awaits (every emit does, with Redis).
    """

    def __init__(self, server: socketio.AsyncServer) -> None:
        self.server = server
        self._queue: asyncio.Queue[Event] | None = None
        self._consumer: asyncio.Task[None] | None = None

    def __call__(self, event: Event) -> None:
        if self._queue is not None:
            self._queue.put_nowait(event)

    def start(self) -> None:
        self._queue = asyncio.Queue()
        self._consumer = asyncio.create_task(self._emit_all(self._queue))

    async def stop(self) -> None:
        """Emit what is queued (a last job update must not be lost at shutdown), then stop."""
        if self._queue is None or self._consumer is None:
            return
        queue, self._queue = self._queue, None
        try:
            await asyncio.wait_for(queue.join(), timeout=2)
        except TimeoutError:
            log.warning("socket.io: %d updates not sent at shutdown", queue.qsize())
        self._consumer.cancel()

    async def _emit_all(self, queue: asyncio.Queue[Event]) -> None:
        while True:
            event = await queue.get()
            try:
                await self.server.emit(EVENT_NAMES[event.kind], event.payload, room=room_for(event))
            except Exception:
                log.exception("socket.io: could not send a %s update", event.kind)
            finally:
                queue.task_done()

"""Live updates over Socket.IO: one server, one namespace per API door.

python-socketio's ``AsyncServer`` (the engine under Flask-SocketIO, which cannot carry websockets
behind Connexion 3) speaks Socket.IO v5 to socket.io-client 4. Each door that has live updates is
a :class:`Namespace`: the seed spec's events, rooms and payloads on ``/``
(`flamenco.api.events_seed`); Flamenco 3.8's on ``/v3`` (`flamenco.api.events_v3`), so a client
written against either spec gets payloads valid for it. The broker's events are canonical facts;
each namespace renders its own payloads from them.

With several Manager processes every emit goes through Redis (``AsyncRedisManager``), so a client
connected to one process hears of changes made in another; browsers must then use the websocket
transport, because the long-polling transport needs sticky sessions that gunicorn's shared socket
cannot give (measured, `shared/reference/stack-findings.md` §1).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import socketio

from flamenco.api import events_seed, events_v3
from flamenco.events.broker import Event

log = logging.getLogger(__name__)

SUBSCRIPTION_EVENT = "/subscription"


@dataclass(frozen=True)
class Namespace:
    """One door's live updates: how events become emits, and which rooms a subscription names."""

    name: str
    # (event name, room, payload) for each emit an event makes here; [] for events it ignores.
    emits: Callable[[Event], list[tuple[str, str, Any]]]
    # The rooms a `/subscription` message names; ValueError(the answer to send) when it is wrong.
    subscription_rooms: Callable[[Any], list[str]]
    # Rooms every connection joins without subscribing (3.8's life-cycle and farm status).
    connect_rooms: tuple[str, ...] = ()


SEED = Namespace(events_seed.NAMESPACE, events_seed.emits, events_seed.subscription_rooms)
V3 = Namespace(events_v3.NAMESPACE, events_v3.emits, events_v3.subscription_rooms, events_v3.CONNECT_ROOMS)
NAMESPACES: tuple[Namespace, ...] = (SEED, V3)


class BatchingRedisManager(socketio.AsyncRedisManager):
    """python-socketio's Redis manager, publishing what one event-loop turn emits as one message.

    Why: with several processes every emit is also published to Redis for the other processes,
    and python-socketio publishes each one on its own and waits for Redis's answer. A finished
    task makes five or six emits (task, log and job updates, on both doors' namespaces): sampled
    on two processes serving 200 workers, a sixth of a Manager's CPU went to those round trips
    (as a pipeline of PUBLISH commands, still a tenth, parsing one answer per command). Here an
    emit queues its message and returns; one task publishes the queue, in order, as a JSON array,
    with python-socketio's own reconnect-and-retry-once policy; receivers unpack the array and
    handle its messages one by one, as they handled single messages (:meth:`_listen`). All
    processes of one Manager run this same code (one gunicorn master starts them).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._outbox: list[Any] = []
        self._sender: asyncio.Task[None] | None = None

    async def _publish(self, data: Any) -> None:
        self._outbox.append(data)
        if self._sender is None or self._sender.done():
            self._sender = asyncio.get_running_loop().create_task(self._send_outbox())

    async def _send_outbox(self) -> None:
        await asyncio.sleep(0)  # what else this turn emits joins the batch
        while self._outbox:
            batch, self._outbox = self._outbox, []
            message = self.json.dumps(batch)
            for attempt in (1, 2):
                try:
                    if not self.connected:
                        self._redis_connect()
                    await self.redis.publish(self.channel, message)
                    break
                except Exception as exc:  # Redis unreachable: as python-socketio, retry once
                    log.error("socket.io: cannot publish %d updates to Redis: %s", len(batch), exc)
                    self.connected = False
                    if attempt == 2:
                        log.error("socket.io: %d updates for other processes dropped", len(batch))

    async def _listen(self) -> AsyncIterator[Any]:
        async for message in super()._listen():
            try:
                data = self.json.loads(message)
            except ValueError:
                log.error("socket.io: a message on Redis that is not JSON was ignored")
                continue
            for one in data if isinstance(data, list) else [data]:
                yield one


def create_server(
    redis_url: str | None,
    *,
    channel: str,
    websocket_only: bool,
    namespaces: Sequence[Namespace] = NAMESPACES,
) -> socketio.AsyncServer:
    """The Socket.IO server; with ``redis_url``, emits travel through Redis on ``channel``."""
    manager = BatchingRedisManager(redis_url, channel=channel) if redis_url else None
    server = socketio.AsyncServer(
        async_mode="asgi",
        client_manager=manager,
        transports=["websocket"] if websocket_only else ["polling", "websocket"],
        logger=False,
        engineio_logger=False,
    )
    for namespace in namespaces:
        _serve_subscriptions(server, namespace)
        if namespace.connect_rooms:
            _join_on_connect(server, namespace)
    return server


def _join_on_connect(server: socketio.AsyncServer, namespace: Namespace) -> None:
    async def connect(sid: str, environ: dict[str, Any], auth: Any = None) -> None:
        for room in namespace.connect_rooms:
            await server.enter_room(sid, room, namespace=namespace.name)

    server.on("connect", connect, namespace=namespace.name)


def _serve_subscriptions(server: socketio.AsyncServer, namespace: Namespace) -> None:
    async def subscription(sid: str, data: Any) -> str:
        try:
            rooms = namespace.subscription_rooms(data)
        except ValueError as exc:
            return str(exc)
        operation = data.get("op")
        if operation not in ("subscribe", "unsubscribe"):
            return f"unknown subscription op {operation!r}; use subscribe or unsubscribe"
        for room in rooms:
            if operation == "subscribe":
                await server.enter_room(sid, room, namespace=namespace.name)
            else:
                await server.leave_room(sid, room, namespace=namespace.name)
        return "ok"

    server.on(SUBSCRIPTION_EVENT, subscription, namespace=namespace.name)


class SocketIOForwarder:
    """Broker listener that emits each event to its rooms, in the order the events were published.

    One consumer coroutine emits from a queue: emitting from a task per event could reorder them
    whenever an emit awaits (every emit does, with Redis). Payloads are rendered there too, off the
    publishers' threads.

    A namespace nobody is connected to is skipped without rendering, when this process knows all
    listeners (no Redis: nobody elsewhere). A farm's Manager mostly runs with no browser open;
    rendering both doors' payloads for every task change was measured at ~4 % of the event loop's
    time under `bench/dispatch.py`.
    """

    def __init__(self, server: socketio.AsyncServer, namespaces: Sequence[Namespace] = NAMESPACES) -> None:
        self.server = server
        self.namespaces = tuple(namespaces)
        self._knows_all_listeners = type(server.manager) is socketio.AsyncManager
        self._queue: asyncio.Queue[Event] | None = None
        self._consumer: asyncio.Task[None] | None = None

    def __call__(self, event: Event) -> None:
        if self._queue is not None:
            self._queue.put_nowait(event)

    def start(self) -> None:
        self._queue = asyncio.Queue()
        self._consumer = asyncio.create_task(self._emit_all(self._queue))

    async def flush(self, timeout: float) -> None:
        """Wait until what is queued now has been emitted (at most ``timeout`` seconds)."""
        if self._queue is not None:
            try:
                await asyncio.wait_for(self._queue.join(), timeout=timeout)
            except TimeoutError:
                log.warning("socket.io: %d updates still queued", self._queue.qsize())

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
                for namespace in self.namespaces:
                    if self._knows_all_listeners and not self.server.manager.rooms.get(namespace.name):
                        continue
                    for name, room, payload in namespace.emits(event):
                        await self.server.emit(name, payload, room=room, namespace=namespace.name)
            except Exception:
                log.exception("socket.io: could not send a %s update", event.kind)
            finally:
                queue.task_done()

"""Sharing events between Manager processes through Redis.

Socket.IO emits travel through python-socketio's own Redis manager (`events.socketio`). What is
left is waking workers that long-poll on *another* process when work may have become runnable here
(a job submitted, a task finished, a status requested): one tiny message on a Redis channel, which
every process turns into a local wake-up. Without it a waiting worker only noticed other
processes' changes on its periodic re-check.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import uuid
from collections.abc import Callable

import redis
import redis.asyncio as aioredis

from flamenco.events.broker import Event

log = logging.getLogger(__name__)

# Bursts of changes (a dispatch cycle, a mass requeue) become one message.
COALESCE = 0.002  # seconds
RETRY = 2.0  # seconds between reconnection attempts


def farm_channel(database: str, purpose: str) -> str:
    """A Redis channel name private to one farm: the Manager processes sharing a database.

    Two farms (or two test runs) sharing one Redis server must not hear each other's events.
    """
    return f"flamenco-{hashlib.sha256(database.encode()).hexdigest()[:12]}-{purpose}"


class RedisUnavailable(Exception):
    """The configured Redis does not answer; the message says where and why."""


def check_redis(url: str) -> None:
    """Fail clearly at start-up when the configured Redis cannot be reached."""
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3)
        client.ping()
        client.close()
    except (redis.RedisError, ValueError, OSError) as exc:
        raise RedisUnavailable(f"cannot reach Redis at {url}: {exc}") from None


class RedisWakeups:
    """Broker listener: tells the other processes when work may have been freed, and wakes this
    process's waiting workers when another process says so."""

    def __init__(
        self,
        url: str,
        channel: str,
        may_free_work: Callable[[Event], bool],
        wake: Callable[[int | None], None],
        task_wakes: int | None = None,
    ) -> None:
        """``wake(count)`` wakes ``count`` waiting workers (None: all); a burst made only of task
        events wakes ``task_wakes`` of the other processes' waiters (None: all), as it would here."""
        self.url = url
        self.channel = channel
        self._may_free_work = may_free_work
        self._wake = wake
        self._task_wakes = task_wakes
        self._only_tasks = True  # the burst being coalesced has only task events
        self._me = f"{os.getpid()}-{uuid.uuid4().hex[:8]}".encode()
        self._client: aioredis.Redis | None = None
        self._publish_scheduled = False
        self._tasks: list[asyncio.Task[None]] = []

    def __call__(self, event: Event) -> None:
        if self._client is None or not self._may_free_work(event):
            return
        if self._publish_scheduled:
            self._only_tasks = self._only_tasks and event.kind == "task"
            return
        self._publish_scheduled = True
        self._only_tasks = event.kind == "task"
        asyncio.get_running_loop().call_later(COALESCE, self._publish)

    def _publish(self) -> None:
        self._publish_scheduled = False
        self._tasks = [t for t in self._tasks if not t.done()]
        self._tasks.append(asyncio.create_task(self._send(b"task" if self._only_tasks else b"all")))

    async def _send(self, kind: bytes) -> None:
        try:
            assert self._client is not None
            await self._client.publish(self.channel, self._me + b" " + kind)
        except redis.RedisError as exc:
            log.warning("redis: could not announce new work to other Manager processes: %s", exc)

    def start(self) -> None:
        self._client = aioredis.Redis.from_url(self.url)
        self._tasks.append(asyncio.create_task(self._listen()))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, redis.RedisError):
                await task
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def _listen(self) -> None:
        while True:
            try:
                async with self._client.pubsub() as pubsub:  # type: ignore[union-attr]
                    await pubsub.subscribe(self.channel)
                    async for message in pubsub.listen():
                        if message["type"] != "message":
                            continue
                        sender, _, kind = message["data"].partition(b" ")
                        if sender != self._me:
                            self._wake(self._task_wakes if kind == b"task" else None)
            except (redis.RedisError, OSError) as exc:
                log.warning("redis: lost the wake-up channel (%s); retrying in %.0f s", exc, RETRY)
                self._wake(None)  # something may have happened meanwhile; let waiters look
                await asyncio.sleep(RETRY)

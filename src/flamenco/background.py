"""The Manager's background work, which the app's lifespan starts and stops.

One registry, so that adding a service (a job deleter, a sleep scheduler, an MQTT forwarder …)
means one entry in :data:`BACKGROUND` instead of another edit to the app factory. An entry is a
factory taking the Manager's services and returning a :class:`Background` to run, or None when it
has nothing to do with this configuration (Shaman disabled, MQTT off).

Periodic chores run their work in a thread (it touches the database) and log, rather than end,
on failure: a sweep that fails once must not stop sweeping. Chores that must run in one process
of several check `flamenco.store.leader.leadership` (the timeout sweep does so itself).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any, Protocol

from flamenco.config import Config
from flamenco.events.mqtt import BadBrokerURL, MQTTForwarder
from flamenco.scheduler.timeouts import check_timeouts
from flamenco.services import Services
from flamenco.store import db as store_db
from flamenco.store.leader import leadership

log = logging.getLogger(__name__)


class Background(Protocol):
    """Something the lifespan starts on the event loop and stops at shutdown."""

    def start(self) -> None: ...

    async def stop(self) -> None: ...


class Periodic:
    """``work()`` in a thread every ``period`` seconds, the first time one period after start."""

    def __init__(self, what: str, period: float, work: Callable[[], Any]) -> None:
        self.what = what
        self.period = period
        self.work = work
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"periodic {self.what}")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.period)
            try:
                await asyncio.to_thread(self.work)
            except Exception:
                log.exception("periodic %s failed", self.what)


def timeout_check_period(config: Config) -> float:
    """Seconds between sweeps for silent tasks and workers: a quarter of the shorter timeout, so a
    dead worker is noticed within 1.25 timeouts, but at most every 30 s and at least every second."""
    shortest = min(config.worker_timeout, config.task_timeout).total_seconds()
    return max(1.0, min(30.0, shortest / 4))


def _timeouts(svc: Services) -> Background:
    return Periodic("timeout", timeout_check_period(svc.config), lambda: check_timeouts(svc))


# How often SQLite's WAL is copied back into the database file (see `store.db.defer_checkpoints`).
CHECKPOINT_PERIOD = 0.5  # seconds


def _wal_checkpoints(_svc: Services) -> Background | None:
    if store_db.is_postgres():
        return None
    return Periodic("WAL checkpoint", CHECKPOINT_PERIOD, store_db.checkpoint)


def _shaman_gc(svc: Services) -> Background | None:
    shaman, settings = svc.shaman, svc.config.shaman
    if shaman is None:
        return None
    period = settings.gc_period.total_seconds()
    return Periodic(
        "shaman GC", period, lambda: leadership.held() and shaman.collect_garbage(settings.gc_max_age)
    )


class _Forwarding:
    """A broker listener with a lifespan: listening from start to stop."""

    def __init__(self, svc: Services, forwarder: MQTTForwarder) -> None:
        self.svc, self.forwarder = svc, forwarder
        self._unsubscribe: Callable[[], None] | None = None

    def start(self) -> None:
        self.forwarder.start()
        self._unsubscribe = self.svc.events.subscribe(self.forwarder)

    async def stop(self) -> None:
        await self.forwarder.stop()
        if self._unsubscribe is not None:
            self._unsubscribe()


def _mqtt(svc: Services) -> Background | None:
    settings = svc.config.mqtt.client
    if not settings.enabled:
        return None
    try:
        forwarder = MQTTForwarder(settings, processes=svc.config.workers)
    except BadBrokerURL as exc:  # `flamenco-manager` refuses to start with it; an app built in code logs
        log.error("mqtt: not forwarding events: mqtt.client.broker: %s", exc)
        return None
    return _Forwarding(svc, forwarder)


BACKGROUND: list[Callable[[Services], Background | None]] = [
    _timeouts,
    _wal_checkpoints,
    _shaman_gc,
    _mqtt,
]


def start_all(svc: Services) -> list[Background]:
    """Start every registered background part that applies; returns them, to stop later."""
    started = []
    for factory in BACKGROUND:
        part = factory(svc)
        if part is not None:
            part.start()
            started.append(part)
    return started


async def stop_all(parts: list[Background]) -> None:
    for part in reversed(parts):
        try:
            await part.stop()
        except Exception:
            log.exception("could not stop %r cleanly", part)

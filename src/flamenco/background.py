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
from flamenco.events import Event
from flamenco.events.mqtt import BadBrokerURL, MQTTForwarder
from flamenco.pipeline import dependencies
from flamenco.pipeline import life as pipeline_life
from flamenco.scheduler import deletion, sleep
from flamenco.scheduler.farmstatus import POLL_PERIOD, FarmStatusWatch, status_changed
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


class _LastRendered:
    """The thumbnailing thread of `flamenco.last_rendered` (every process has its own)."""

    def __init__(self, svc: Services) -> None:
        self.images = svc.last_rendered

    def start(self) -> None:
        self.images.start()

    async def stop(self) -> None:
        await asyncio.to_thread(self.images.stop)


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


class Elected:
    """``work()`` in a thread in the elected process only: every ``period`` seconds, and soon after
    an event ``wakes`` says there is work (events are local: requests made in another process are
    seen within one period). Deletions and sleep schedules live in the database, so a process
    taking over (or a restarted Manager) carries on where the last one stopped.
    """

    def __init__(
        self,
        what: str,
        period: float,
        work: Callable[[], Any],
        svc: Services,
        wakes: Callable[[Event], bool] | None = None,
        first: float = 1.0,
    ) -> None:
        self.what = what
        self.period = period
        self.first = first
        self.work = work
        self.svc = svc
        self.wakes = wakes
        self._task: asyncio.Task[None] | None = None
        self._wake: asyncio.Event | None = None  # made in start(): it belongs to the running loop
        self._unsubscribe: Callable[[], None] | None = None

    def start(self) -> None:
        self._wake = asyncio.Event()
        if self.wakes is not None:
            self._unsubscribe = self.svc.events.subscribe(self._on_event)
        self._task = asyncio.create_task(self._run(), name=f"elected {self.what}")

    def _on_event(self, event: Event) -> None:
        if self._wake is not None and self.wakes is not None and self.wakes(event):
            self._wake.set()

    async def stop(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        assert self._wake is not None
        wait = self.first
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), wait)
            self._wake.clear()
            wait = self.period
            try:
                if await asyncio.to_thread(leadership.held):
                    await asyncio.to_thread(self.work)
            except Exception:
                log.exception("%s failed", self.what)


# Seconds between the job deleter's looks for jobs marked for deletion (in any process).
JOB_DELETER_PERIOD = 5.0


def _deletion_requested(event: Event) -> bool:
    return (
        event.kind == "job" and event.data.job.delete_requested_at is not None and not event.data.was_deleted
    )


def _job_deleter(svc: Services) -> Background:
    return Elected(
        "job deleter", JOB_DELETER_PERIOD, lambda: deletion.delete_pending(svc), svc, _deletion_requested
    )


def _farm_status(svc: Services) -> Background:
    watch = FarmStatusWatch(svc)
    return Elected("farm status", POLL_PERIOD, watch.poll, svc, status_changed)


def _sleep_scheduler(svc: Services) -> Background:
    return Elected(
        "sleep scheduler",
        sleep.CHECK_PERIOD,
        lambda: sleep.check_schedules(svc),
        svc,
        first=sleep.FIRST_CHECK,
    )


def _pipeline_life(svc: Services) -> Background:
    """Time gates, life times, the dependency safety net, the system job's old tasks."""
    return Elected(
        "pipeline life", pipeline_life.SWEEP_PERIOD, lambda: pipeline_life.sweep(svc), svc, first=1.0
    )


class DependencyWatch:
    """Releases jobs waiting for jobs right after a job finishes or goes, in the process that saw
    it (events are local; the elected sweeper catches other processes' within a period).

    The release runs in a thread, in a transaction of its own after the finishing job's commit
    (`flamenco.pipeline.dependencies`); events arriving meanwhile coalesce into one more run.
    """

    def __init__(self, svc: Services) -> None:
        self.svc = svc
        self._unsubscribe: Callable[[], None] | None = None
        self._task: asyncio.Task[None] | None = None
        self._again = False

    def start(self) -> None:
        self._unsubscribe = self.svc.events.subscribe(self._on_event)

    def _on_event(self, event: Event) -> None:
        if not pipeline_life.may_release(event):
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # delivered outside the loop (shutting down): the elected sweeper catches it
        if self._task is not None and not self._task.done():
            self._again = True
            return
        self._task = loop.create_task(self._run(), name="dependency release")

    async def _run(self) -> None:
        while True:
            self._again = False
            try:
                await asyncio.to_thread(dependencies.reconcile, self.svc)
            except Exception:
                log.exception("releasing jobs that wait for jobs failed; the sweeper tries again")
            if not self._again:
                return

    async def stop(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        if self._task is not None:
            with contextlib.suppress(Exception):
                await self._task


BACKGROUND: list[Callable[[Services], Background | None]] = [
    _timeouts,
    _wal_checkpoints,
    _shaman_gc,
    _LastRendered,
    _mqtt,
    _job_deleter,
    _farm_status,
    _sleep_scheduler,
    _pipeline_life,
    DependencyWatch,
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

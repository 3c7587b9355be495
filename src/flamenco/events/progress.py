"""Live job progress: a job update carrying ``task_counts`` at most once a second per job.

A task status change does not change its job's status, so Flamenco sends no job update for it and
job lists cannot show progress live. Counting a job's tasks on every change would put a grouped
query on the dispatch hot path; instead the jobs whose tasks changed are remembered, and once a
second one grouped query counts them all, off the request path.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from flamenco.errors import NotFound
from flamenco.events.broker import Event, EventBroker
from flamenco.events.facts import JobChanged
from flamenco.store import jobs as job_store
from flamenco.store import tasks as task_store

log = logging.getLogger(__name__)

PERIOD = 1.0  # seconds


def _changes_counts(event: Event) -> str | None:
    """The job whose task counts (or step count) this event changed, if any."""
    data = event.data
    if event.kind == "task" and data.previous_status is not None and data.previous_status != data.task.status:
        return data.task.job_uuid
    if event.kind == "job" and data.refresh_tasks and data.task_counts is None:
        return data.job.uuid
    if event.kind == "job-steps":
        return data.job_uuid
    return None


class JobProgress:
    """Broker listener + periodic announcer of the progress of jobs whose tasks changed."""

    def __init__(self, broker: EventBroker) -> None:
        self.broker = broker
        self._dirty: set[str] = set()
        self._loop_task: asyncio.Task[None] | None = None

    def __call__(self, event: Event) -> None:
        job_uuid = _changes_counts(event)
        if job_uuid is not None:
            self._dirty.add(job_uuid)

    def start(self) -> None:
        self._loop_task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._loop_task is not None:
            self._loop_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._loop_task

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(PERIOD)
            if not self._dirty:
                continue
            dirty, self._dirty = self._dirty, set()
            try:
                events = await asyncio.to_thread(progress_events, sorted(dirty))
            except Exception:
                log.exception("could not count the tasks of %d jobs", len(dirty))
                continue
            self.broker.publish(*events)


def progress_events(job_uuids: list[str]) -> list[Event]:
    """A job update with ``task_counts`` for each of the jobs that still exist."""
    jobs = []
    for job_uuid in job_uuids:
        with contextlib.suppress(NotFound):
            jobs.append(job_store.get_job(job_uuid))
    counts = task_store.status_counts_of_jobs([job.id for job in jobs])
    return [Event("job", JobChanged(job, task_counts=counts[job.id])) for job in jobs]

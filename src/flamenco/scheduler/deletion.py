"""Deleting jobs and workers with Flamenco 3.8's semantics.

A job is deleted in two steps, as Flamenco does (`internal/manager/job_deleter`): a request marks
it (`delete_requested_at`, announced as a job update), then the job deleter removes it in the
background, one job at a time: its Shaman checkout (when Shaman is on and the job recorded one),
its directory under the Manager's storage (task logs and last-rendered images), then its database
rows; a last job update with ``was_deleted`` says it is gone. The marks live in the database, so
deletions a Manager did not finish are picked up when it starts again, and only the elected
process deletes (`flamenco.background.JobDeleter`).

A worker is deleted at once: its active tasks are requeued, it is marked deleted (Flamenco's soft
deletion) and announced with ``deleted_at``; its credentials are refused from then on.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from flamenco.errors import BadRequest, FlamencoError, NotFound
from flamenco.events import Event
from flamenco.events.facts import JobChanged
from flamenco.pipeline import dependencies, life
from flamenco.scheduler.changes import transaction
from flamenco.scheduler.state_machine import StateMachine
from flamenco.scheduler.workers import requeue_tasks_of
from flamenco.services import Services
from flamenco.store import deletion as deletion_store
from flamenco.store import jobs as job_store
from flamenco.store import workers as worker_store
from flamenco.store.records import JobInfo

log = logging.getLogger(__name__)


class NothingToDelete(FlamencoError):
    """`deleteJobMass` matched no job (Flamenco answers 416)."""

    status = 416


def request_job_deletion(svc: Services, job_uuid: str) -> JobInfo:
    """Mark the job for deletion and announce it; the job deleter does the rest."""
    with transaction(svc.events, svc.tasklogs) as changes:
        job = deletion_store.request_job_deletion(job_store.get_job(job_uuid).id, svc.clock())
        if job is None:
            raise NotFound(f"no job with ID {job_uuid}")
        changes.job(job)
    return job


def mass_deletion_cutoff(last_updated_max: str | datetime) -> datetime:
    """The `last_updated_max` of `deleteJobMass` as naive UTC, rounded up to a whole second as
    Flamenco does, so a job's own `updated` (shown to the second) deletes that job too.

    A timestamp without a UTC offset is taken as UTC.
    """
    if isinstance(last_updated_max, str):
        try:
            last_updated_max = datetime.fromisoformat(last_updated_max)
        except ValueError:
            raise BadRequest(f"last_updated_max {last_updated_max!r} is not an RFC 3339 timestamp") from None
    try:
        if last_updated_max.tzinfo is not None:
            last_updated_max = last_updated_max.astimezone(UTC).replace(tzinfo=None)
        if last_updated_max.microsecond:
            last_updated_max = last_updated_max.replace(microsecond=0) + timedelta(seconds=1)
    except OverflowError:  # within a day of year 1 or year 9999
        raise BadRequest(f"last_updated_max {last_updated_max.isoformat()} is out of range") from None
    return last_updated_max


def request_mass_deletion(svc: Services, last_updated_max: str | datetime) -> list[JobInfo]:
    """Mark every job last updated at or before the (rounded-up) cutoff; 416 when there is none."""
    cutoff = mass_deletion_cutoff(last_updated_max)
    with transaction(svc.events, svc.tasklogs) as changes:
        jobs = deletion_store.request_mass_deletion(cutoff, svc.clock())
        if not jobs:
            raise NothingToDelete(f"no jobs were last updated at or before {cutoff.isoformat()}Z")
        for job in jobs:
            changes.job(job)
    return jobs


def what_would_delete(svc: Services, job_uuid: str) -> dict[str, Any]:
    """`JobDeletionInfo`: whether deleting the job also removes its Shaman checkout."""
    job = job_store.get_job(job_uuid)
    return {"shaman_checkout": svc.shaman is not None and bool(job.shaman_checkout_id)}


def remove_last_rendered(svc: Services, job: JobInfo) -> None:
    """The last-rendered images of a job being deleted (`flamenco.last_rendered`).

    They live in the job's own directory, which the task logs' removal takes whole; this runs after
    it, under the image store's lock, so a thumbnail that was being written while the directory
    went (its job was marked after the image was accepted) is waited for and removed too. The
    farm-wide `last_rendered` row goes with the job row (``ON DELETE CASCADE``).
    """
    svc.last_rendered.delete_job(job.uuid)


def delete_job(svc: Services, job_uuid: str) -> bool:
    """Remove a job marked for deletion, with its files; False if it is gone or not marked."""
    try:
        job = job_store.get_job(job_uuid)
    except NotFound:
        return False
    if job.delete_requested_at is None:
        return False
    if svc.shaman is not None and job.shaman_checkout_id:
        try:
            if not svc.shaman.erase_checkout(job.shaman_checkout_id):
                log.info("job %s: its Shaman checkout %r is already gone", job_uuid, job.shaman_checkout_id)
        except BadRequest as refused:  # an ID naming no checkout (it came from a submitter)
            log.warning("job %s: not removing its Shaman checkout: %s", job_uuid, refused)
    life.queue_post_commands(svc, job)  # Afanasy's `command_post`: a system-job task, run after this
    svc.tasklogs.remove_job(job.uuid)
    remove_last_rendered(svc, job)
    if not deletion_store.delete_job_rows(job.id):
        return False
    svc.events.publish(Event("job", JobChanged(job, was_deleted=True)))
    log.info("job %s (%s) deleted", job.uuid, job.name)
    dependencies.reconcile(svc)  # jobs that waited for this one
    return True


def delete_pending(svc: Services) -> int:
    """Delete every job marked for deletion (oldest request first); how many went."""
    deleted = 0
    for job_uuid in deletion_store.jobs_to_delete():
        try:
            deleted += delete_job(svc, job_uuid)
        except Exception:
            log.exception("could not delete job %s; trying again later", job_uuid)
    return deleted


def delete_worker(svc: Services, worker_uuid: str) -> None:
    """Requeue the worker's tasks and delete it; it is announced with ``deleted_at``."""
    now = svc.clock()
    with transaction(svc.events, svc.tasklogs) as changes:
        current = worker_store.lock_worker(worker_uuid)
        requeue_tasks_of(changes, StateMachine(now), current, "worker was deleted")
        deleted = deletion_store.soft_delete_worker(current.id, now)
        if deleted is None:
            raise NotFound(f"no worker with ID {worker_uuid}")
        changes.worker(deleted, current.status)
    svc.credentials.forget(worker_uuid)

"""Changing a job's priority after submission (Flamenco 3.8's `setJobPriority`)."""

from __future__ import annotations

from flamenco.scheduler.changes import transaction
from flamenco.services import Services
from flamenco.store import jobs as job_store
from flamenco.store import rows
from flamenco.store.records import JobInfo


def set_job_priority(svc: Services, job_uuid: str, priority: int) -> JobInfo:
    """Store the new priority on the job and on the copy its tasks keep for the scheduler's index
    (`Task.job_priority`), in one transaction; announced as a job update."""
    with transaction(svc.events, svc.tasklogs) as changes:
        job = job_store.lock_job(job_store.get_job(job_uuid).id)
        if job.priority == priority:
            return job
        stamp = rows.stamp(svc.clock())
        updated = rows.update_job("priority = ?, updated = ?", "id = ?", [priority, stamp, job.id])
        assert updated is not None, f"job {job.id} vanished"
        rows.execute("UPDATE task SET job_priority = ? WHERE job_id = ?", [priority, job.id])
        changes.job(updated, job.status)
    return updated

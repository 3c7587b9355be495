"""Worker tags (Flamenco 3.8): managing tags, which workers are in them, and which tag a job needs.

Each change is one write transaction that announces itself after the commit: tag changes as
`workertag` events, membership changes as a worker event, a job's new tag as a job event. The
worker and job events also wake long-polling workers, since either may make work runnable for them.
"""

from __future__ import annotations

from collections.abc import Sequence

from flamenco.errors import BadRequest, InvalidTransition
from flamenco.events.facts import WorkerTagChanged
from flamenco.scheduler.changes import transaction
from flamenco.services import Services
from flamenco.store import jobs as job_store
from flamenco.store import tags as tag_store
from flamenco.store import workers as worker_store
from flamenco.store.records import JobInfo, TagInfo


def create_tag(svc: Services, name: str, description: str = "", tag_uuid: str | None = None) -> TagInfo:
    with transaction(svc.events, svc.tasklogs) as changes:
        tag = tag_store.create(name, description, svc.clock(), tag_uuid)
        changes.event("workertag", WorkerTagChanged(tag, created=True))
    return tag


def update_tag(svc: Services, tag_uuid: str, name: str, description: str | None) -> TagInfo:
    with transaction(svc.events, svc.tasklogs) as changes:
        tag = tag_store.update(tag_uuid, name, description, svc.clock())
        changes.event("workertag", WorkerTagChanged(tag))
    return tag


def delete_tag(svc: Services, tag_uuid: str) -> TagInfo:
    """Remove a tag: its workers leave it, and the jobs it limited may run on any worker now."""
    with transaction(svc.events, svc.tasklogs) as changes:
        limited = job_store.jobs_with_tag(tag_uuid)
        tag = tag_store.delete(tag_uuid)
        changes.event("workertag", WorkerTagChanged(tag, was_deleted=True))
        for job_id in limited:
            updated = job_store.get_job_by_id(job_id)
            changes.job(updated, updated.status)  # changed, not new
    return tag


def set_worker_tags(svc: Services, worker_uuid: str, tag_uuids: Sequence[str]) -> list[TagInfo]:
    """Make the worker a member of exactly these tags (an empty list: of none)."""
    with transaction(svc.events, svc.tasklogs) as changes:
        worker = worker_store.lock_worker(worker_uuid)
        tags = tag_store.set_worker_tags(worker.id, tag_uuids)
        changes.worker(worker_store.update(worker.id, svc.clock()), worker.status)  # changed, not new
    return tags


def set_job_tag(
    svc: Services, job_uuid: str, *, tag_uuid: str | None = None, name: str | None = None
) -> JobInfo:
    """Limit the job to the tag given by UUID or by name, or (neither given) to no tag at all.

    An unknown tag is refused with 422, the spec's "the requested tag is not acceptable".
    """
    if tag_uuid and name:
        raise BadRequest("give the tag's id or its name, not both")
    with transaction(svc.events, svc.tasklogs) as changes:
        job = job_store.lock_job(job_store.get_job(job_uuid).id)
        new_tag_id = None
        if tag_uuid:
            if (new_tag_id := tag_store.tag_id(tag_uuid)) is None:
                raise InvalidTransition(f"there is no worker tag with ID {tag_uuid}")
        elif name:
            found = tag_store.find_by_name(name)
            if found is None:
                raise InvalidTransition(f"there is no worker tag named {name!r}")
            new_tag_id = found.id
        job = job_store.set_worker_tag(job.id, new_tag_id, svc.clock())
        changes.job(job, job.status)  # changed, not new
    return job

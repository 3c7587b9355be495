"""jobs (3.8): job types, submission, listing, and job/task management."""

from __future__ import annotations

from typing import Any

from flamenco.api import v3, vocab
from flamenco.errors import BadRequest, NotFound, PreconditionFailed
from flamenco.handlers.jobs import fetch_task_log_tail
from flamenco.last_rendered import JOB_FILES_URL, image_info
from flamenco.scheduler import deletion, priority, task_updates
from flamenco.scheduler import jobs as job_scheduler
from flamenco.scheduler import tags as tag_scheduler
from flamenco.services import current
from flamenco.store import blocklist as blocklist_store
from flamenco.store import jobs as job_store
from flamenco.store import last_rendered as last_rendered_store
from flamenco.store import tasks as task_store

__all__ = [
    "delete_job",
    "delete_job_mass",
    "delete_job_what_would_it_do",
    "fetch_global_last_rendered_info",
    "fetch_job",
    "fetch_job_blocklist",
    "fetch_job_last_rendered_info",
    "fetch_job_tasks",
    "fetch_jobs",
    "fetch_task",
    "fetch_task_log_info",
    "fetch_task_log_tail",  # the same text/plain answer as on the seed door
    "get_job_type",
    "get_job_types",
    "remove_job_blocklist",
    "set_job_priority",
    "set_job_status",
    "set_job_tag",
    "set_task_status",
    "submit_job",
    "submit_job_check",
]


def get_job_types() -> dict[str, Any]:
    return {"job_types": [v3.job_type(t) for t in current().jobtypes.available()]}


def get_job_type(type_name: str) -> dict[str, Any]:
    job_type = current().jobtypes.get(type_name)
    if job_type is None:
        raise NotFound(f"no job type {type_name!r}")
    return v3.job_type(job_type)


def fetch_jobs() -> dict[str, Any]:
    """Every job, oldest first (3.8's listing has no paging or filters)."""
    jobs, _total = job_store.query_jobs(job_store.JobQuery(order_by=["created"]))
    return {"jobs": [v3.job(j) for j in jobs]}


def submit_job(body: dict[str, Any]) -> dict[str, Any]:
    svc = current()
    _check_etag(body)
    platform = body["submitter_platform"]
    job = job_scheduler.submit_job(
        svc,
        body,
        submitter_platform=v3.MANAGER_PLATFORM if platform == "manager" else platform,
        shaman_checkout_id=(body.get("storage") or {}).get("shaman_checkout_id", ""),
        initial_status=body.get("initial_status", "queued"),
        worker_tag=body.get("worker_tag"),
    )
    return v3.job(job)


def submit_job_check(body: dict[str, Any]) -> tuple[None, int]:
    """Everything submitJob checks and compiles, nothing stored: 204, or the error submitJob gives."""
    _check_etag(body)
    job_scheduler.check_job(
        current(),
        body,
        initial_status=body.get("initial_status", "queued"),
        worker_tag=body.get("worker_tag"),
    )
    return None, 204


def _check_etag(body: dict[str, Any]) -> None:
    """412 when the submitter built the job from an outdated declaration of its job type."""
    etag = body.get("type_etag")
    declaration = current().jobtypes.get(body["type"]) if etag else None
    if declaration is not None and v3.job_type_etag(declaration) != etag:
        raise PreconditionFailed(
            f"rejecting job because its settings are outdated: job type {body['type']!r} has changed;"
            " refresh the job types and submit again"
        )


def fetch_job(job_id: str) -> dict[str, Any]:
    return v3.job(job_store.get_job(job_id))


def set_job_status(job_id: str, body: dict[str, Any]) -> tuple[None, int]:
    status = vocab.job_request_from_v3(body["status"])
    job_scheduler.set_job_status(current(), job_id, status, body["reason"])
    return None, 204


def fetch_job_tasks(job_id: str) -> dict[str, Any]:
    job = job_store.get_job(job_id)
    return {"tasks": [v3.task_summary(t) for t in task_store.tasks_of_job(job.id)]}


def fetch_task(task_id: str) -> dict[str, Any]:
    task = task_store.get_task(task_id)
    return v3.task(task, task_store.workers_that_failed(task.id))


def fetch_task_log_info(task_id: str) -> tuple[dict[str, Any] | None, int]:
    """Where the whole log is downloaded (``/job-files/...``, as Flamenco) and its size; 204 while
    there is none. The seed door's `fetchTaskLog` serves the same file as an attachment."""
    task = task_store.get_task(task_id)
    logs = current().tasklogs
    try:
        size = logs.path(task.job_uuid, task.uuid).stat().st_size
    except FileNotFoundError:
        return None, 204
    if size == 0:
        return None, 204
    relative = logs.path(task.job_uuid, task.uuid).relative_to(logs.root).as_posix()
    return {
        "task_id": task.uuid,
        "job_id": task.job_uuid,
        "url": f"{JOB_FILES_URL}/{relative}",
        "size": size,
    }, 200


def set_task_status(task_id: str, body: dict[str, Any]) -> tuple[None, int]:
    task_updates.set_task_status(current(), task_id, body["status"], body["reason"])
    return None, 204


def set_job_tag(job_id: str, body: dict[str, Any]) -> tuple[None, int]:
    """Limit the job to a tag given by `id` or `name`; neither (or empty ones) removes its tag."""
    tag_scheduler.set_job_tag(
        current(), job_id, tag_uuid=body.get("id") or None, name=body.get("name") or None
    )
    return None, 204


def fetch_job_blocklist(job_id: str) -> list[dict[str, Any]]:
    job = job_store.get_job(job_id)
    return [v3.blocklist_entry(b) for b in blocklist_store.of_job(job.id)]


def remove_job_blocklist(job_id: str, body: list[dict[str, Any]] | None = None) -> tuple[None, int]:
    entries = [(entry["worker_id"], entry["task_type"]) for entry in body or []]
    job_scheduler.remove_from_blocklist(current(), job_id, entries)
    return None, 204


def delete_job(job_id: str) -> tuple[None, int]:
    deletion.request_job_deletion(current(), job_id)
    return None, 204


def delete_job_mass(body: dict[str, Any]) -> tuple[None, int]:
    if body.get("last_updated_max") is None:  # optional in the schema, to make room for more criteria
        raise BadRequest("invalid format (no last_updated_max)")
    deletion.request_mass_deletion(current(), body["last_updated_max"])
    return None, 204


def delete_job_what_would_it_do(job_id: str) -> dict[str, Any]:
    return deletion.what_would_delete(current(), job_id)


def set_job_priority(job_id: str, body: dict[str, Any]) -> tuple[None, int]:
    priority.set_job_priority(current(), job_id, body["priority"])
    return None, 204


def fetch_job_last_rendered_info(job_id: str) -> tuple[dict[str, Any] | None, int]:
    """Where the job's last-rendered thumbnails are served; 204 while it has none (as Flamenco,
    whose answer for an unknown job is a 204 too: the images may outlive nothing)."""
    if not current().last_rendered.has_image(job_id):
        return None, 204
    return image_info(job_id), 200


def fetch_global_last_rendered_info() -> tuple[dict[str, Any] | None, int]:
    """The job that received the farm's most recent image; 204 when no job has one."""
    job_uuid = last_rendered_store.last_rendered_job_uuid()
    if job_uuid is None:
        return None, 204
    return fetch_job_last_rendered_info(job_uuid)

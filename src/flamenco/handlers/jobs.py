"""jobs: job types, submission, queries, and job/task management."""

from __future__ import annotations

from typing import Any

from starlette.responses import FileResponse

from flamenco.api import seed, vocab
from flamenco.errors import NotFound
from flamenco.scheduler import jobs as job_scheduler
from flamenco.scheduler import task_updates
from flamenco.services import current
from flamenco.store import jobs as job_store
from flamenco.store import tasks as task_store

# Log operations declare text/plain and (for errors) JSON: their answers say which one they are.
_PLAIN = {"Content-Type": "text/plain"}


def get_job_types() -> dict[str, Any]:
    return {"job_types": current().jobtypes.available("seed")}


def get_job_type(type_name: str) -> dict[str, Any]:
    job_type = current().jobtypes.get(type_name, "seed")
    if job_type is None:
        raise NotFound(f"no job type {type_name!r}")
    return job_type


def submit_job(body: dict[str, Any]) -> dict[str, Any]:
    return seed.job(job_scheduler.submit_job(current(), body))


def query_jobs(body: dict[str, Any]) -> dict[str, Any]:
    query = job_store.JobQuery(
        offset=body.get("offset", 0),
        limit=body.get("limit"),
        order_by=body.get("order_by", []),
        status_in=vocab.job_statuses_from_seed(body.get("status_in", [])),
        metadata=body.get("metadata", {}),
        settings=body.get("settings", {}),
        name_contains=body.get("name_contains", ""),
    )
    jobs, total = job_store.query_jobs(query)
    counts = task_store.status_counts_of_jobs([j.id for j in jobs])
    return {"jobs": [seed.job(j, counts[j.id]) for j in jobs], "total": total}


def fetch_job(job_id: str) -> dict[str, Any]:
    job = job_store.get_job(job_id)
    return seed.job(job, task_store.status_counts(job.id))


def set_job_status(job_id: str, body: dict[str, Any]) -> tuple[None, int]:
    job_scheduler.set_job_status(current(), job_id, body["status"], body["reason"])
    return None, 204


def fetch_job_tasks(job_id: str) -> dict[str, Any]:
    job = job_store.get_job(job_id)
    return {"tasks": [seed.task_summary(t) for t in task_store.tasks_of_job(job.id)]}


def fetch_task(task_id: str) -> dict[str, Any]:
    task = task_store.get_task(task_id)
    return seed.task(task, task_store.workers_that_failed(task.id))


def fetch_task_log_tail(task_id: str) -> tuple[str | None, int, dict[str, str]]:
    task = task_store.get_task(task_id)
    tail = current().tasklogs.tail(task.job_uuid, task.uuid)
    if tail is None:
        return None, 204, _PLAIN
    return tail, 200, _PLAIN


def fetch_task_log(task_id: str) -> FileResponse | tuple[None, int, dict[str, str]]:
    """The whole log as a download, streamed from disk (logs of long renders run to megabytes)."""
    task = task_store.get_task(task_id)
    path = current().tasklogs.path(task.job_uuid, task.uuid)
    if not path.is_file() or path.stat().st_size == 0:
        return None, 204, _PLAIN
    return FileResponse(
        path,
        media_type="text/plain; charset=utf-8",
        filename=f"{task.name}-{task.uuid[:8]}.txt".replace("/", "_"),
        content_disposition_type="attachment",
    )


def set_task_status(task_id: str, body: dict[str, Any]) -> tuple[None, int]:
    task_updates.set_task_status(current(), task_id, body["status"], body["reason"])
    return None, 204

"""Store records → the seed spec's payloads (`/api`), for answers and Socket.IO events alike.

These reproduce the seed door's answers byte for byte as they were before the canonical vocabulary
(tests/api/test_seed_door_unchanged.py); the only translation is `flamenco.api.vocab`'s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flamenco.api import vocab
from flamenco.api.timestamps import timestamp
from flamenco.api_types import TASK_STATUS_VALUES
from flamenco.store.records import JobInfo, TaskInfo, TaskWorkerInfo, WorkerInfo

if TYPE_CHECKING:
    from flamenco.scheduler.assignment import Assignment


def task_counts(by_status: dict[str, int]) -> dict[str, int]:
    """A job's progress (`JobTaskCounts`): every task status, zero where no task has it."""
    counts = {status: by_status.get(status, 0) for status in TASK_STATUS_VALUES}
    return {"total": sum(by_status.values()), **counts}


def job(info: JobInfo, by_status: dict[str, int] | None = None) -> dict[str, Any]:
    result = {
        "id": info.uuid,
        "name": info.name,
        "type": info.job_type,
        "priority": info.priority,
        "status": vocab.job_status_to_seed(info.status),
        "activity": info.activity,
        "settings": info.settings,
        "metadata": info.metadata,
        "created": timestamp(info.created),
        "updated": timestamp(info.updated),
    }
    if by_status is not None:
        result["task_counts"] = task_counts(by_status)
    return result


def task_worker(info: TaskWorkerInfo) -> dict[str, Any]:
    return {"id": info.uuid, "name": info.name, "address": info.address}


def task(info: TaskInfo, failed_by: list[TaskWorkerInfo] | None = None) -> dict[str, Any]:
    result: dict[str, Any] = {
        "id": info.uuid,
        "job_id": info.job_uuid,
        "index_in_job": info.index_in_job,
        "name": info.name,
        "status": info.status,
        "priority": info.priority,
        "task_type": info.task_type,
        "activity": info.activity,
        "commands": [command(c) for c in info.commands],
        "created": timestamp(info.created),
        "updated": timestamp(info.updated),
        "failed_by_workers": [task_worker(w) for w in failed_by or ()],
    }
    if info.worker is not None:
        result["worker"] = task_worker(info.worker)
    if info.last_touched is not None:
        result["last_touched"] = timestamp(info.last_touched)
    return result


def command(stored: dict[str, Any]) -> dict[str, Any]:
    """A seed `Command`: name and parameters (3.8's step count is not part of it)."""
    return {"name": stored["name"], "parameters": stored["parameters"]}


def task_summary(info: TaskInfo) -> dict[str, Any]:
    result = {
        "id": info.uuid,
        "index_in_job": info.index_in_job,
        "name": info.name,
        "status": info.status,
        "priority": info.priority,
        "task_type": info.task_type,
        "updated": timestamp(info.updated),
    }
    if info.worker is not None:
        result["worker"] = task_worker(info.worker)
    return result


def status_change(info: WorkerInfo) -> dict[str, Any] | None:
    if not info.status_requested:
        return None
    return {"status": vocab.worker_status_to_seed(info.status_requested), "is_lazy": info.lazy_status_request}


def worker_summary(info: WorkerInfo, running: TaskInfo | None = None) -> dict[str, Any]:
    """A worker as listed; ``running`` is the task it works on, if any."""
    result: dict[str, Any] = {
        "id": info.uuid,
        "nickname": info.name,
        "status": vocab.worker_status_to_seed(info.status),
        "version": info.software,
        "platform": info.platform,
        "supported_task_types": info.task_types,
    }
    change = status_change(info)
    if change:
        result["status_change"] = change
    if info.last_seen is not None:
        result["last_seen"] = timestamp(info.last_seen)
    if running is not None:
        result["task"] = {
            "id": running.uuid,
            "name": running.name,
            "status": running.status,
            "job_id": running.job_uuid,
        }
    return result


def worker(info: WorkerInfo, running: TaskInfo | None = None) -> dict[str, Any]:
    return {**worker_summary(info, running), "ip_address": info.address}


def registered_worker(info: WorkerInfo) -> dict[str, Any]:
    return {
        "uuid": info.uuid,
        "nickname": info.name,
        "address": info.address,
        "status": vocab.worker_status_to_seed(info.status),
        "platform": info.platform,
        "software": info.software,
        "supported_task_types": info.task_types,
    }


def state_change(requested: str) -> dict[str, Any]:
    """`WorkerStateChange`: what a seed-protocol worker is asked to do."""
    return {"status_requested": vocab.requested_status_to_seed_worker(requested)}


def assigned_task(assignment: Assignment) -> dict[str, Any]:
    task, job = assignment.task, assignment.job
    return {
        "uuid": task.uuid,
        "job": job.uuid,
        "name": task.name,
        "status": task.status,
        "priority": task.priority,
        "job_priority": job.priority,
        "job_type": job.job_type,
        "task_type": task.task_type,
        "commands": [command(c) for c in assignment.commands],
    }


# Event payloads (the spec's SocketIO*Update schemas).


def job_update(
    info: JobInfo,
    previous_status: str | None = None,
    refresh_tasks: bool = False,
    by_status: dict[str, int] | None = None,
) -> dict[str, Any]:
    """``by_status``: the job's task counts, for a progress update."""
    payload: dict[str, Any] = {
        "id": info.uuid,
        "name": info.name,
        "updated": timestamp(info.updated),
        "status": vocab.job_status_to_seed(info.status),
        "type": info.job_type,
        "priority": info.priority,
        "refresh_tasks": refresh_tasks,
    }
    if previous_status is not None:
        payload["previous_status"] = vocab.job_status_to_seed(previous_status)
    if by_status is not None:
        payload["task_counts"] = task_counts(by_status)
    return payload


def task_update(info: TaskInfo, previous_status: str | None = None) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": info.uuid,
        "job_id": info.job_uuid,
        "name": info.name,
        "updated": timestamp(info.updated),
        "status": info.status,
        "activity": info.activity,
    }
    if previous_status is not None:
        payload["previous_status"] = previous_status
    return payload


def worker_update(info: WorkerInfo, previous_status: str | None = None) -> dict[str, Any]:
    status = vocab.worker_status_to_seed(info.status)
    payload: dict[str, Any] = {
        "id": info.uuid,
        "nickname": info.name,
        "updated": timestamp(info.updated),
        "status": status,
        "version": info.software,
    }
    if previous_status is not None and vocab.worker_status_to_seed(previous_status) != status:
        payload["previous_status"] = vocab.worker_status_to_seed(previous_status)
    change = status_change(info)
    if change:
        payload["status_change"] = change
    return payload

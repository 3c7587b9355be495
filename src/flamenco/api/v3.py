"""Store records → Flamenco 3.8's payloads (`/api/v3`).

Statuses go out as stored: the store's vocabulary is 3.8's. What the seed door shows and 3.8 does
not have (a job's `task_counts`, a worker summary's `task`) is left out, so a client generated from
3.8's spec never meets a field it does not know.
"""

from __future__ import annotations

import hashlib
import json
import sys
from typing import TYPE_CHECKING, Any

import flamenco
from flamenco.api.timestamps import timestamp
from flamenco.config import Config
from flamenco.store.records import BlockInfo, JobInfo, TagInfo, TaskInfo, TaskWorkerInfo, WorkerInfo

if TYPE_CHECKING:
    from flamenco.scheduler.assignment import Assignment

# Go's runtime.GOOS names, which 3.8 uses for platforms (`submitter_platform: manager` means this one).
MANAGER_PLATFORM = {"win32": "windows", "darwin": "darwin"}.get(sys.platform, sys.platform)


def version(config: Config) -> dict[str, Any]:
    """`FlamencoVersion`: the release whose API this door speaks as `shortversion` (what the 3.8
    add-on compares with its own version), this Manager's name and version in the other fields."""
    compat = config.flamenco_compat_version
    return {
        "version": f"flamenco-manager-py {flamenco.__version__} (Flamenco {compat} API)",
        "shortversion": compat,
        "name": config.manager_name,
        "git": "",
    }


def job(info: JobInfo) -> dict[str, Any]:
    result: dict[str, Any] = {
        "id": info.uuid,
        "name": info.name,
        "type": info.job_type,
        "priority": info.priority,
        "status": info.status,
        "activity": info.activity,
        "settings": info.settings,
        "metadata": info.metadata,
        "submitter_platform": info.submitter_platform,
        "created": timestamp(info.created),
        "updated": timestamp(info.updated),
        "steps_completed": info.steps_completed,
        "steps_total": info.steps_total,
    }
    if info.shaman_checkout_id:
        result["storage"] = {"shaman_checkout_id": info.shaman_checkout_id}
    if info.worker_tag_uuid:
        result["worker_tag"] = info.worker_tag_uuid
    if info.delete_requested_at is not None:
        result["delete_requested_at"] = timestamp(info.delete_requested_at)
    return result


def task_worker(info: TaskWorkerInfo) -> dict[str, Any]:
    return {"id": info.uuid, "name": info.name, "address": info.address}


def command(stored: dict[str, Any]) -> dict[str, Any]:
    """A 3.8 `Command`; commands stored without a step count are commands that report none (0)."""
    return {
        "name": stored["name"],
        "parameters": stored["parameters"],
        "total_step_count": stored.get("total_step_count", 0),
    }


def task(info: TaskInfo, failed_by: list[TaskWorkerInfo] | None = None) -> dict[str, Any]:
    result: dict[str, Any] = {
        "id": info.uuid,
        "created": timestamp(info.created),
        "updated": timestamp(info.updated),
        "job_id": info.job_uuid,
        "index_in_job": info.index_in_job,
        "name": info.name,
        "status": info.status,
        "priority": info.priority,
        "task_type": info.task_type,
        "activity": info.activity,
        "commands": [command(c) for c in info.commands],
        "steps_completed": info.steps_completed,
        "steps_total": info.steps_total,
        "failed_by_workers": [task_worker(w) for w in failed_by or ()],
    }
    if info.worker is not None:
        result["worker"] = task_worker(info.worker)
    if info.last_touched is not None:
        result["last_touched"] = timestamp(info.last_touched)
    return result


def task_summary(info: TaskInfo) -> dict[str, Any]:
    result: dict[str, Any] = {
        "id": info.uuid,
        "name": info.name,
        "status": info.status,
        "index_in_job": info.index_in_job,
        "priority": info.priority,
        "task_type": info.task_type,
        "updated": timestamp(info.updated),
        "steps_completed": info.steps_completed,
        "steps_total": info.steps_total,
    }
    if info.worker is not None:  # Flamenco sends an empty worker here; a missing one is what it means
        result["worker"] = task_worker(info.worker)
    return result


def status_change(info: WorkerInfo) -> dict[str, Any] | None:
    if not info.status_requested:
        return None
    return {"status": info.status_requested, "is_lazy": info.lazy_status_request}


def worker_summary(info: WorkerInfo) -> dict[str, Any]:
    result: dict[str, Any] = {
        "id": info.uuid,
        "name": info.name,
        "status": info.status,
        "version": info.software,
        "can_restart": info.can_restart,
    }
    change = status_change(info)
    if change:
        result["status_change"] = change
    if info.last_seen is not None:
        result["last_seen"] = timestamp(info.last_seen)
    return result


def worker(
    info: WorkerInfo, running: TaskInfo | None = None, tags: list[TagInfo] | None = None
) -> dict[str, Any]:
    """`Worker`; ``running`` is the task it works on, if any (3.8's `WorkerTask`); ``tags`` the
    tags it is a member of."""
    result = {
        **worker_summary(info),
        "ip_address": info.address,
        "platform": info.platform,
        "supported_task_types": info.task_types,
    }
    if tags is not None:
        result["tags"] = [worker_tag(t) for t in tags]
    if running is not None:
        result["task"] = {**task_summary(running), "job_id": running.job_uuid}
    return result


def registered_worker(info: WorkerInfo) -> dict[str, Any]:
    return {
        "uuid": info.uuid,
        "name": info.name,
        "address": info.address,
        "status": info.status,
        "platform": info.platform,
        "software": info.software,
        "supported_task_types": info.task_types,
    }


def state_change(requested: str) -> dict[str, Any]:
    return {"status_requested": requested}


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
        "steps_completed": task.steps_completed,
        "steps_total": task.steps_total,
    }


def job_type(declaration: dict[str, Any]) -> dict[str, Any]:
    """`AvailableJobType` with its `etag`, which 3.8 submitters echo back (`type_etag`) so that a job
    made from an outdated declaration is refused (412) instead of compiled with the wrong settings."""
    return {**declaration, "etag": job_type_etag(declaration)}


def job_type_etag(declaration: dict[str, Any]) -> str:
    """SHA-1 of the declaration as canonical JSON: changes whenever anything a submitter sees does."""
    canonical = json.dumps(declaration, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha1(canonical.encode(), usedforsecurity=False).hexdigest()


def worker_tag(info: TagInfo) -> dict[str, Any]:
    """`WorkerTag`; an empty description is left out, as Flamenco does."""
    result = {"id": info.uuid, "name": info.name}
    if info.description:
        result["description"] = info.description
    return result


def worker_tag_update(info: TagInfo, was_deleted: bool = False) -> dict[str, Any]:
    """`EventWorkerTagUpdate`: a deleted tag is sent as its ID only (as Flamenco does)."""
    if was_deleted:
        return {"tag": {"id": info.uuid, "name": ""}, "was_deleted": True}
    return {"tag": worker_tag(info)}


def blocklist_entry(info: BlockInfo) -> dict[str, Any]:
    return {"worker_id": info.worker_uuid, "worker_name": info.worker_name, "task_type": info.task_type}

"""Afanasy's JSON protocol: the `get` and `action` documents, answered from this Manager's state.

Plain functions: each takes the Manager's services and the parsed document (the whole
``{"get": {...}}`` / ``{"action": {...}}`` object, or its inner object) and returns
``(HTTP status, answer)``; the `afanasyRequest` door (POST /api/v3/afanasy) dispatches to
:data:`HANDLERS`. Every state change goes through the scheduler's own operations (status
requests, requeues, deletion, priority, worker status requests), so nothing here decides state.

Identifiers are Afanasy's integers: a job's id is its row id here, a render's (worker's) too; a
user's id is a stable hash of the name (users are not stored: they are the jobs' `user_name`).
Masks in requests match whole names (`re.fullmatch`), like dependency masks.
See docs/afanasy.md for what each answer holds and how states are written.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from flamenco.errors import FlamencoError
from flamenco.pipeline import dependencies, life
from flamenco.scheduler import controls, deletion
from flamenco.scheduler import jobs as job_scheduler
from flamenco.scheduler import priority as priority_scheduler
from flamenco.scheduler import workers as worker_scheduler
from flamenco.scheduler.changes import transaction
from flamenco.scheduler.state_machine import StateMachine
from flamenco.services import Services
from flamenco.store import jobs as job_store
from flamenco.store import pipeline_view as view
from flamenco.store import workers as worker_store
from flamenco.store.records import JobInfo, WorkerInfo

Answer = tuple[int, dict[str, Any]]

# Flamenco status → Afanasy state codes (afanasy/src/include/afjob.h): RDY ready, RUN running,
# DON done, ERR error, OFF offline (paused), SKP skipped; WD waiting for depends, WT waiting time.
JOB_STATES = {
    "queued": "RDY",
    "active": "RUN",
    "completed": "DON",
    "failed": "ERR",
    "paused": "OFF",
    "pause-requested": "OFF RUN",
    "canceled": "SKP",
    "cancel-requested": "SKP RUN",
    "requeueing": "RDY",
    "under-construction": "OFF",
}
TASK_STATES = {
    "queued": "RDY",
    "active": "RUN",
    "completed": "DON",
    "failed": "ERR",
    "soft-failed": "RER",
    "paused": "OFF",
    "canceled": "SKP",
}


def error(text: str, status: int = 400) -> Answer:
    return status, {"info": {"kind": "error", "text": text}}


def _inner(document: dict[str, Any], key: str) -> dict[str, Any]:
    if key in document and isinstance(document[key], dict):
        return document[key]
    return document


def user_id(name: str) -> int:
    """A user's Afanasy id: stable across requests and Manager processes."""
    return zlib.crc32(name.encode("utf-8")) & 0x7FFFFFFF


def _epoch(moment: datetime | None) -> int:
    return 0 if moment is None else int(moment.replace(tzinfo=UTC).timestamp())


def _int_list(request: dict[str, Any], key: str) -> list[int] | None:
    value = request.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        raise _Refused(f"'{key}' must be a list of integers")
    return value


def _mask(request: dict[str, Any]) -> re.Pattern[str] | None:
    value = request.get("mask")
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise _Refused("'mask' must be a regular expression (a string)")
    try:
        return re.compile(value)
    except re.error as exc:
        raise _Refused(f"mask {value!r} is not a regular expression: {exc}") from None


class _Refused(Exception):
    """A request this module answers with Afanasy's error info (400)."""


# --- get -----------------------------------------------------------------------------------------


def get(svc: Services, document: dict[str, Any]) -> Answer:
    """`{"get": {"type": "jobs" | "renders" | "users", ...}}`."""
    request = _inner(document, "get")
    kind = request.get("type")
    handler = _GETS.get(kind) if isinstance(kind, str) else None
    if handler is None:
        return error(f"Unknown get type: {kind!r}")
    try:
        return handler(svc, request)
    except _Refused as refused:
        return error(str(refused))


def _selected_jobs(request: dict[str, Any]) -> list[view.JobRow]:
    ids = _int_list(request, "ids")
    uids = _int_list(request, "uids")
    users = request.get("users")
    if users is not None and (not isinstance(users, list) or not all(isinstance(u, str) for u in users)):
        raise _Refused("'users' must be a list of user names")
    mask = _mask(request)
    found = view.jobs(ids)
    if uids is not None:
        found = [job for job in found if user_id(job.user) in uids]
    if users is not None:
        found = [job for job in found if job.user in users]
    if mask is not None:
        found = [job for job in found if mask.fullmatch(job.name)]
    return found


def job_state(job: view.JobRow) -> str:
    codes = JOB_STATES.get(job.status, job.status).split()
    if job.waiting_for_jobs:
        codes.append("WD")
    if job.not_before is not None:
        codes.append("WT")
    return " ".join(codes)


def _blocks(job: view.JobRow) -> list[dict[str, Any]]:
    blocks = []
    for block in view.blocks_of(job.id, job.job_type):
        counts = block.counts
        total = sum(counts.values())
        done = counts.get("completed", 0)
        entry: dict[str, Any] = {
            "name": block.name,
            "service": block.service,
            "tasks_num": total,
            "p_tasks_done": done,
            "p_tasks_ready": counts.get("queued", 0),
            "running_tasks_counter": counts.get("active", 0),
            "p_tasks_error": counts.get("failed", 0),
            "p_percentage": done * 100 // total if total else 0,
        }
        blocks.append(entry | block.extra)
    return blocks


def job_answer(job: view.JobRow, mode: str | None = None) -> dict[str, Any]:
    """One job as Afanasy's `get jobs` lists it."""
    entry: dict[str, Any] = {
        "id": job.id,
        "uid": user_id(job.user),
        "name": job.name,
        "user_name": job.user,
        "host_name": job.host_name,
        "priority": job.priority,
        "state": job_state(job),
        "time_creation": _epoch(job.created),
        "flamenco_id": job.uuid,
    }
    if job.status == "completed":
        entry["time_done"] = _epoch(job.updated)
    optional = {
        "annotation": job.metadata.get("annotation"),
        "cmd_post": job.command_post,
        "time_wait": _epoch(job.not_before) if job.not_before else None,
        "time_life": job.time_life_s,
        "depend_mask": job.depend_mask,
        "depend_mask_global": job.depend_mask_global,
        "max_running_tasks": job.max_running,
        "max_running_tasks_per_host": job.max_running_per_worker,
        "hosts_mask": job.controls.get("hosts_mask"),
        "hosts_mask_exclude": job.controls.get("hosts_mask_exclude"),
    }
    entry.update({key: value for key, value in optional.items() if value not in (None, "")})
    if job.waiting_for_jobs:
        entry["depends"] = dependencies.waits_for(job.id)
    entry["blocks"] = _blocks(job)
    if mode == "full":
        entry["status"] = job.status  # Flamenco's word for it, beside the codes
        entry["activity"] = job.activity
    return entry


def _get_jobs(svc: Services, request: dict[str, Any]) -> Answer:
    mode = request.get("mode")
    found = _selected_jobs(request)
    ids = _int_list(request, "ids")
    if ids is not None and not found:
        return error(f"No job with id {', '.join(map(str, ids))}", 404)
    if mode == "progress":
        if len(found) != 1:
            return error("mode progress needs exactly one job id")
        return 200, {"job_progress": _progress(found[0])}
    return 200, {"jobs": [job_answer(job, mode) for job in found]}


def _progress(job: view.JobRow) -> dict[str, Any]:
    """Afanasy's `job_progress`: per block, per task, its state and worker."""
    progress: list[list[dict[str, Any]]] = []
    for tasks in view.task_progress(job.id):
        progress.append(
            [
                {
                    "state": TASK_STATES.get(status, status),
                    "hst": worker or "",
                    "per": 100 * done // max(1, steps),
                }
                for status, worker, done, steps in tasks
            ]
        )
    return {"id": job.id, "progress": progress}


def render_state(worker: WorkerInfo, nimby: bool) -> str:
    if worker.status == "offline" or worker.status == "error":
        return "OFF"
    codes = ["ONL"]
    if nimby:
        codes.append("NBY")
    if worker.status == "asleep" or worker.status_requested == "asleep":
        codes.append("NbY")
    if view.worker_is_busy(worker.id):
        codes.append("RUN")
    return " ".join(codes)


def _get_renders(svc: Services, request: dict[str, Any]) -> Answer:
    ids = _int_list(request, "ids")
    mask = _mask(request)
    workers = [w for w in worker_store.all_workers() if ids is None or w.id in ids]
    if mask is not None:
        workers = [w for w in workers if mask.fullmatch(w.name)]
    if ids is not None and not workers:
        return error(f"No render with id {', '.join(map(str, ids))}", 404)
    resources = request.get("mode") == "resources"
    answers = []
    for worker in workers:
        extra = view.worker_extra(worker.id)
        entry: dict[str, Any] = {
            "id": worker.id,
            "name": worker.name,
            "state": render_state(worker, bool(extra.pop("nimby"))),
            "os": worker.platform,
            "address": {"ip": worker.address},
            "services": worker.task_types,
            "version": worker.software,
            "flamenco_id": worker.uuid,
            "tasks": view.running_tasks_of(worker.id),
        }
        if resources:
            entry["host_resources"] = {key: value for key, value in extra.items() if value not in (None, "")}
        answers.append(entry)
    return 200, {"renders": answers}


def _get_users(svc: Services, request: dict[str, Any]) -> Answer:
    ids = _int_list(request, "ids")
    mask = _mask(request)
    users = []
    for name, jobs_num, running in view.users():
        if ids is not None and user_id(name) not in ids:
            continue
        if mask is not None and not mask.fullmatch(name):
            continue
        users.append({"id": user_id(name), "name": name, "jobs_num": jobs_num, "running_tasks_num": running})
    return 200, {"users": users}


_GETS: dict[str, Callable[[Services, dict[str, Any]], Answer]] = {
    "jobs": _get_jobs,
    "renders": _get_renders,
    "users": _get_users,
}


# --- action --------------------------------------------------------------------------------------


def action(svc: Services, document: dict[str, Any]) -> Answer:
    """`{"action": {"type": "jobs" | "renders" | "users", "ids" | "mask", "operation", "params"}}`."""
    request = _inner(document, "action")
    kind = request.get("type")
    try:
        if kind == "jobs":
            return _job_action(svc, request)
        if kind == "renders":
            return _render_action(svc, request)
        if kind == "users":
            return _user_action(request)
        return error(f"Unknown action type: {kind!r}")
    except _Refused as refused:
        return error(str(refused))
    except FlamencoError as refused:  # a state change the scheduler refuses (409, 404 …)
        return error(str(refused), refused.status)


def _operation(request: dict[str, Any]) -> str | None:
    operation = request.get("operation")
    if operation is None:
        return None
    if not isinstance(operation, dict) or not isinstance(operation.get("type"), str):
        raise _Refused("'operation' must be an object with a 'type'")
    return operation["type"]


def _params(request: dict[str, Any]) -> dict[str, Any]:
    params = request.get("params", {})
    if not isinstance(params, dict):
        raise _Refused("'params' must be an object")
    return params


def _targets(request: dict[str, Any]) -> None:
    if request.get("ids") is None and not request.get("mask"):
        raise _Refused("an action needs 'ids' or a 'mask'")


def _restart(statuses: tuple[str, ...] | None, pause: bool = False) -> Callable[[Services, JobInfo], None]:
    def run(svc: Services, job: JobInfo) -> None:
        job_scheduler.requeue_tasks(svc, job.uuid, statuses, "Restarted (Afanasy action)")
        if pause and job_store.get_job(job.uuid).status in ("queued", "active"):
            job_scheduler.set_job_status(svc, job.uuid, "paused", "Restarted and paused (Afanasy action)")

    return run


def _start(svc: Services, job: JobInfo) -> None:
    if job.status == "paused":
        job_scheduler.set_job_status(svc, job.uuid, "queued", "Started (Afanasy action)")


def _pause(svc: Services, job: JobInfo) -> None:
    if job.status in ("queued", "active"):
        job_scheduler.set_job_status(svc, job.uuid, "paused", "Paused (Afanasy action)")


def _delete(svc: Services, job: JobInfo) -> None:
    deletion.request_job_deletion(svc, job.uuid)


JOB_OPERATIONS: dict[str, Callable[[Services, JobInfo], None]] = {
    "delete": _delete,
    "start": _start,
    "pause": _pause,
    "stop": lambda svc, job: job_scheduler.stop_job(svc, job.uuid, "Stopped (Afanasy action)"),
    "restart": _restart(None),
    "restart_errors": _restart(("failed", "soft-failed")),
    "restart_running": _restart(("active",)),
    "restart_done": _restart(("completed",)),
    "restart_skipped": _restart(("canceled",)),
    "restart_pause": _restart(None, pause=True),
}
JOB_PARAMS = (
    "priority",
    "max_running_tasks",
    "max_running_tasks_per_host",
    "hosts_mask",
    "hosts_mask_exclude",
    "depend_mask",
    "depend_mask_global",
    "time_wait",
    "time_life",
    "annotation",
)


def _job_action(svc: Services, request: dict[str, Any]) -> Answer:
    _targets(request)
    operation = _operation(request)
    params = _params(request)
    if operation is not None and operation not in JOB_OPERATIONS:
        return error(f"Unknown operation: {operation}")
    unknown = sorted(set(params) - set(JOB_PARAMS))
    if unknown:
        return error(f"Unknown operation: params {', '.join(unknown)}")
    if operation is None and not params:
        raise _Refused("an action needs an 'operation' or 'params'")
    checked = _check_job_params(params)  # before anything changes
    jobs = [job_store.get_job_by_id(row.id) for row in _selected_jobs(request)]
    if not jobs:
        return error("No job matches the action", 404)
    for job in jobs:
        if checked:
            _set_job_params(svc, job, checked)
        if operation is not None:
            JOB_OPERATIONS[operation](svc, job)
    names = ", ".join(job.name for job in jobs)
    return 200, {"info": {"kind": "log", "text": f"{operation or 'params'}: {names}"}}


def _check_int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Refused(f"{what} must be an integer, not {value!r}")
    if not -(2**31) <= value < 2**31:
        raise _Refused(f"{what} {value} is out of range")
    return value


def _check_job_params(params: dict[str, Any]) -> dict[str, Any]:
    checked: dict[str, Any] = {}
    for key, value in params.items():
        if key in ("priority", "max_running_tasks", "max_running_tasks_per_host"):
            checked[key] = _check_int(value, key)
        elif key in ("hosts_mask", "hosts_mask_exclude"):
            checked[key] = life.check_mask(value, key)
        elif key == "annotation":
            if not isinstance(value, str):
                raise _Refused(f"annotation must be text, not {value!r}")
            checked[key] = value
    try:
        controls = life.controls_from(params)
    except FlamencoError as refused:
        raise _Refused(str(refused)) from None
    if controls.given:
        checked["life"] = controls
    return checked


def _set_job_params(svc: Services, job: JobInfo, checked: dict[str, Any]) -> None:
    if "priority" in checked:
        priority_scheduler.set_job_priority(svc, job.uuid, checked["priority"])
    with transaction(svc.events, svc.tasklogs) as changes:
        locked = StateMachine(svc.clock()).lock_job(job.id)
        limits = {
            key: None if checked[key] < 0 else checked[key]
            for key in ("max_running_tasks", "max_running_tasks_per_host")
            if key in checked
        }
        masks = {key: checked[key] for key in ("hosts_mask", "hosts_mask_exclude") if key in checked}
        if limits or masks:
            # The same path as updateJobControls: counters, implicit block and eligibility follow.
            controls.apply_job_controls(locked, controls.normalise({**limits, **masks}))
        if "annotation" in checked:
            view.set_metadata_key(job.id, "annotation", checked["annotation"])
        if "life" in checked:
            life.update_controls(changes, locked, checked["life"], svc.clock())
        elif limits or masks or "annotation" in checked:
            current = job_store.get_job_by_id(job.id)
            changes.job(current, current.status)


# Render operations and params, onto Flamenco's worker status requests.
def _render_exit(svc: Services, worker: WorkerInfo) -> None:
    worker_scheduler.request_status_change(svc, worker.uuid, "offline", False)


def _render_eject(svc: Services, worker: WorkerInfo) -> None:
    with transaction(svc.events, svc.tasklogs) as changes:
        worker_scheduler.requeue_tasks_of(changes, StateMachine(svc.clock()), worker, "tasks were ejected")


RENDER_OPERATIONS: dict[str, Callable[[Services, WorkerInfo], None]] = {
    "exit": _render_exit,
    "eject_tasks": _render_eject,
    "delete": lambda svc, worker: deletion.delete_worker(svc, worker.uuid),
}
RENDER_PARAMS = ("nimby", "NIMBY", "paused")


def _render_action(svc: Services, request: dict[str, Any]) -> Answer:
    _targets(request)
    operation = _operation(request)
    params = _params(request)
    if operation is not None and operation not in RENDER_OPERATIONS:
        return error(f"Unknown operation: {operation}")
    unknown = sorted(set(params) - set(RENDER_PARAMS))
    if unknown:
        return error(f"Unknown operation: params {', '.join(unknown)}")
    if operation is None and not params:
        raise _Refused("an action needs an 'operation' or 'params'")
    for key, value in params.items():
        if not isinstance(value, bool):
            raise _Refused(f"{key} must be true or false, not {value!r}")
    ids = _int_list(request, "ids")
    mask = _mask(request)
    workers = [w for w in worker_store.all_workers() if (ids is None or w.id in ids)]
    workers = [w for w in workers if mask is None or mask.fullmatch(w.name)]
    if not workers:
        return error("No render matches the action", 404)
    for worker in workers:
        if operation is not None:
            RENDER_OPERATIONS[operation](svc, worker)
        if params:
            _set_render_params(svc, worker, params)
    names = ", ".join(worker.name for worker in workers)
    return 200, {"info": {"kind": "log", "text": f"{operation or 'params'}: {names}"}}


def _set_render_params(svc: Services, worker: WorkerInfo, params: dict[str, bool]) -> None:
    """nimby: the render runs only its owner's tasks — stored, and (no owners here) it sleeps;
    NIMBY / paused: it runs nothing (Flamenco's `asleep`). Clearing them all wakes it."""
    if "nimby" in params:
        view.set_nimby(worker.id, params["nimby"])
    asleep = any(params.values())
    current = worker_store.get_worker(worker.uuid)
    wanted = "asleep" if asleep else "awake"
    if current.status in ("offline", "error") and not asleep:
        return
    worker_scheduler.request_status_change(svc, worker.uuid, wanted, False)


def _user_action(request: dict[str, Any]) -> Answer:
    operation = _operation(request)
    params = _params(request)
    what = operation or ", ".join(sorted(params)) or "nothing"
    return error(f"Unknown operation: users {what} (users are not stored on this Manager)")


HANDLERS: dict[str, Callable[[Services, dict[str, Any]], Answer]] = {"get": get, "action": action}


def handle(svc: Services, document: dict[str, Any]) -> Answer:
    """A whole protocol document with a `get` or `action` key."""
    for key, handler in HANDLERS.items():
        if key in document:
            return handler(svc, document)
    return error("Unknown request: expected a 'get' or 'action' document")

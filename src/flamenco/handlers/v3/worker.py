"""worker (3.8): the API Flamenco 3.8's workers use to register, get tasks and report on them."""

from __future__ import annotations

from typing import Any

from flamenco.api import v3
from flamenco.errors import NotFound
from flamenco.handlers.worker_calls import (
    Caller,
    caller,
    calling_worker,
    client_address,
    next_task,
    on_database_threads,
    output_produced,
    worker_of,
)
from flamenco.scheduler import controls, task_updates
from flamenco.scheduler import workers as protocol
from flamenco.services import current


@on_database_threads
def register_worker(body: dict[str, Any]) -> dict[str, Any]:
    worker = protocol.register(
        current(),
        secret=body["secret"],
        name=body["name"],
        platform=body["platform"],
        task_types=body["supported_task_types"],
        address=client_address(),
    )
    return v3.registered_worker(worker)


@on_database_threads
def sign_on(body: dict[str, Any], token_info: dict[str, Any]) -> dict[str, Any]:
    status = protocol.sign_on(
        current(),
        calling_worker(token_info),
        name=body["name"],
        task_types=body["supported_task_types"],
        version=body["software_version"],
        can_restart=body.get("can_restart", False),
        resources=body.get("resources"),
    )
    return v3.state_change(status)


@on_database_threads
def worker_resources(body: dict[str, Any], token_info: dict[str, Any]) -> tuple[None, int]:
    controls.report_resources(current(), calling_worker(token_info).id, body)
    return None, 204


@on_database_threads
def sign_off(token_info: dict[str, Any]) -> tuple[None, int]:
    protocol.sign_off(current(), calling_worker(token_info))
    return None, 204


@on_database_threads
def worker_state(token_info: dict[str, Any]) -> tuple[dict[str, Any] | None, int]:
    worker = calling_worker(token_info)
    if not worker.status_requested:
        return None, 204
    return v3.state_change(worker.status_requested), 200


@on_database_threads
def worker_state_changed(body: dict[str, Any], token_info: dict[str, Any]) -> tuple[None, int]:
    protocol.state_changed(current(), calling_worker(token_info), body["status"])
    return None, 204


async def schedule_task(token_info: dict[str, Any]) -> tuple[dict[str, Any] | None, int]:
    return await schedule_task_for(caller(token_info))


async def schedule_task_for(who: Caller) -> tuple[dict[str, Any] | None, int]:
    """scheduleTask's answer (also the hot path's, `flamenco.hot_path`)."""
    found = await next_task(who)
    if isinstance(found, protocol.MustChangeStatus):
        return v3.state_change(found.requested), 423
    if found is None:
        return None, 204
    return v3.assigned_task(found), 200


async def task_update(task_id: str, body: dict[str, Any], token_info: dict[str, Any]) -> tuple[None, int]:
    return await task_update_from(caller(token_info), task_id, body)


@on_database_threads
def task_update_from(who: Caller, task_id: str, body: dict[str, Any]) -> tuple[None, int]:
    """taskUpdate's answer (also the hot path's, `flamenco.hot_path`)."""
    task_updates.task_update(
        current(),
        worker_of(who),
        task_id,
        status=body.get("taskStatus"),
        activity=body.get("activity"),
        log=body.get("log"),
        steps_completed=body.get("steps_completed"),
    )
    return None, 204


@on_database_threads
def may_worker_run(task_id: str, token_info: dict[str, Any]) -> dict[str, Any]:
    """A task that is gone is one the worker may not keep running: 3.8's worker takes any answer
    but a 200 as "keep running", so an unknown task is a 200 saying no, as Flamenco answers."""
    worker = calling_worker(token_info)
    try:
        return task_updates.may_worker_run(current(), worker, task_id)
    except NotFound:
        return {"mayKeepRunning": False, "reason": "Task not found", "statusChangeRequested": False}


async def task_output_produced(task_id: str, token_info: dict[str, Any]) -> tuple[None, int]:
    return await output_produced(task_id, token_info)

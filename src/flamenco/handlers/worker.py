"""worker: the API Workers use to register, get tasks and report on them."""

from __future__ import annotations

from typing import Any

import connexion
from starlette.concurrency import run_in_threadpool

from flamenco import shapes
from flamenco.errors import NotFound, Unauthorized
from flamenco.scheduler import assignment, task_updates, waiting
from flamenco.scheduler import workers as protocol
from flamenco.services import current
from flamenco.store import workers as worker_store
from flamenco.store.records import WorkerInfo

# Longest a scheduleTask request is held for `Prefer: wait=N`.
MAX_WAIT = 60.0


def _client_address() -> str:
    client = connexion.request.client
    return client.host if client else ""


def _worker(token_info: dict[str, Any]) -> WorkerInfo:
    """The authenticated worker, marked as seen (the worker timeout counts from here)."""
    try:
        worker = worker_store.get_worker(token_info["sub"])
    except NotFound:  # known to the credential cache, but gone from the database
        raise Unauthorized("unknown worker; register again") from None
    protocol.seen(current(), worker, _client_address())
    return worker


def register_worker(body: dict[str, Any]) -> dict[str, Any]:
    worker = protocol.register(
        current(),
        secret=body["secret"],
        name=body["nickname"],
        platform=body["platform"],
        task_types=body["supported_task_types"],
        address=_client_address(),
    )
    return shapes.registered_worker(worker)


def sign_on(body: dict[str, Any], token_info: dict[str, Any]) -> dict[str, Any]:
    status = protocol.sign_on(
        current(),
        _worker(token_info),
        name=body["nickname"],
        task_types=body["supported_task_types"],
        version=body["software_version"],
    )
    return {"status_requested": status}


def sign_off(token_info: dict[str, Any]) -> tuple[None, int]:
    protocol.sign_off(current(), _worker(token_info))
    return None, 204


def worker_state(token_info: dict[str, Any]) -> tuple[dict[str, Any] | None, int]:
    worker = _worker(token_info)
    if not worker.status_requested:
        return None, 204
    return {"status_requested": worker.status_requested}, 200


def worker_state_changed(body: dict[str, Any], token_info: dict[str, Any]) -> tuple[None, int]:
    protocol.state_changed(current(), _worker(token_info), body["status"])
    return None, 204


async def schedule_task(token_info: dict[str, Any]) -> tuple[dict[str, Any] | None, int]:
    """Async so that a worker long-polling with ``Prefer: wait=N`` holds no thread while it waits."""
    svc = current()
    ceiling = min(MAX_WAIT, svc.config.worker_timeout.total_seconds() / 2)
    wait = waiting.preferred_wait(connexion.request.headers.get("prefer"), ceiling)

    def attempt() -> tuple[dict[str, Any], int] | None:
        try:
            task = assignment.schedule_task(svc, _worker(token_info))
        except protocol.MustChangeStatus as change:
            return {"status_requested": change.requested}, 423
        return (task, 200) if task else None

    if not wait:
        return await run_in_threadpool(attempt) or (None, 204)
    result = await waiting.schedule_waiting(
        attempt, svc.work_signal, wait, recheck=waiting.RECHECK, run=run_in_threadpool
    )
    return result or (None, 204)


def task_update(task_id: str, body: dict[str, Any], token_info: dict[str, Any]) -> tuple[None, int]:
    task_updates.task_update(
        current(),
        _worker(token_info),
        task_id,
        status=body.get("taskStatus"),
        activity=body.get("activity"),
        log=body.get("log"),
    )
    return None, 204


def may_worker_run(task_id: str, token_info: dict[str, Any]) -> dict[str, Any]:
    return task_updates.may_worker_run(current(), _worker(token_info), task_id)

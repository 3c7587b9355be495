"""What the worker operations of both doors share: who is calling, and the long-polled task fetch.

The seed door (`handlers.worker`) and Flamenco 3.8's (`handlers.v3.worker`) differ only in how
they read requests and render answers; both call these.
"""

from __future__ import annotations

from typing import Any

import connexion
from starlette.concurrency import run_in_threadpool

from flamenco.errors import NotFound, Unauthorized
from flamenco.scheduler import assignment, waiting
from flamenco.scheduler import workers as protocol
from flamenco.scheduler.assignment import Assignment
from flamenco.services import current
from flamenco.store import workers as worker_store
from flamenco.store.records import WorkerInfo

# Longest a scheduleTask request is held for `Prefer: wait=N`.
MAX_WAIT = 60.0


def client_address() -> str:
    client = connexion.request.client
    return client.host if client else ""


def calling_worker(token_info: dict[str, Any]) -> WorkerInfo:
    """The authenticated worker, marked as seen (the worker timeout counts from here)."""
    try:
        worker = worker_store.get_worker(token_info["sub"])
    except NotFound:  # known to the credential cache, but gone from the database
        raise Unauthorized("unknown worker; register again") from None
    protocol.seen(current(), worker, client_address())
    return worker


async def next_task(token_info: dict[str, Any]) -> Assignment | protocol.MustChangeStatus | None:
    """The worker's next task; the status it must go to first; or None when there is no work.

    Async so that a worker long-polling with ``Prefer: wait=N`` holds no thread while it waits.
    """
    svc = current()
    ceiling = min(MAX_WAIT, svc.config.worker_timeout.total_seconds() / 2)
    wait = waiting.preferred_wait(connexion.request.headers.get("prefer"), ceiling)

    def attempt() -> Assignment | protocol.MustChangeStatus | None:
        try:
            return assignment.schedule_task(svc, calling_worker(token_info))
        except protocol.MustChangeStatus as change:
            return change

    if not wait:
        return await run_in_threadpool(attempt)
    return await waiting.schedule_waiting(
        attempt, svc.work_signal, wait, recheck=waiting.RECHECK, run=run_in_threadpool
    )

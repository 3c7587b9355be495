"""What the worker operations of both doors share: who is calling, and the long-polled task fetch.

The seed door (`handlers.worker`) and Flamenco 3.8's (`handlers.v3.worker`) differ only in how
they read requests and render answers; both call these.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

import connexion

from flamenco.errors import BadRequest, LengthRequired, NotFound, PayloadTooLarge, Unauthorized
from flamenco.last_rendered import MAX_IMAGE_BYTES
from flamenco.scheduler import assignment, last_rendered, waiting
from flamenco.scheduler import workers as protocol
from flamenco.scheduler.assignment import Assignment
from flamenco.services import current
from flamenco.store import workers as worker_store
from flamenco.store.records import WorkerInfo

# Longest a scheduleTask request is held for `Prefer: wait=N`.
MAX_WAIT = 60.0

P = ParamSpec("P")
R = TypeVar("R")


def on_database_threads(handler: Callable[P, R]) -> Callable[P, Awaitable[R]]:
    """Run a synchronous worker-protocol handler on the Manager's database threads
    (`flamenco.store.executor`) instead of anyio's pool: the farm's hot path, sized for the database."""

    @functools.wraps(handler)
    async def on_database(*args: P.args, **kwargs: P.kwargs) -> R:
        return await current().executor.run(handler, *args, **kwargs)

    return on_database


@dataclass(frozen=True)
class Caller:
    """What worker operations need of their HTTP request: which worker calls (authenticated), from
    which address, and how long it is willing to wait for work (RFC 7240 ``Prefer``).

    Connexion's handlers take it from Connexion's request (:func:`caller`); the hot path
    (`flamenco.hot_path`) from the ASGI scope, so both call the same functions below.
    """

    worker_id: str
    address: str
    prefer: str | None = None


def client_address() -> str:
    client = connexion.request.client
    return client.host if client else ""


def caller(token_info: dict[str, Any]) -> Caller:
    return Caller(token_info["sub"], client_address(), connexion.request.headers.get("prefer"))


def worker_of(who: Caller) -> WorkerInfo:
    """The authenticated worker, marked as seen (the worker timeout counts from here)."""
    try:
        worker = worker_store.get_worker(who.worker_id)
    except NotFound:  # known to the credential cache, but gone from the database
        raise Unauthorized("unknown worker; register again") from None
    protocol.seen(current(), worker, who.address)
    return worker


def calling_worker(token_info: dict[str, Any]) -> WorkerInfo:
    """:func:`worker_of` the caller of the current Connexion request."""
    return worker_of(caller(token_info))


async def next_task(who: Caller) -> Assignment | protocol.MustChangeStatus | None:
    """The worker's next task; the status it must go to first; or None when there is no work.

    Async so that a worker long-polling with ``Prefer: wait=N`` holds no thread while it waits.
    """
    svc = current()
    ceiling = min(MAX_WAIT, svc.config.worker_timeout.total_seconds() / 2)
    wait = waiting.preferred_wait(who.prefer, ceiling)

    def attempt() -> Assignment | protocol.MustChangeStatus | None:
        try:
            return assignment.schedule_task(svc, worker_of(who), worker_is_current=True)
        except protocol.MustChangeStatus as change:
            return change

    if not wait:
        return await svc.executor.run(attempt)
    return await waiting.schedule_waiting(
        attempt, svc.work_signal, wait, recheck=waiting.RECHECK, run=svc.executor.run
    )


async def output_produced(task_id: str, token_info: dict[str, Any]) -> tuple[None, int]:
    """Both doors' `taskOutputProduced`: 202 once the frame is queued for thumbnailing.

    The size is checked from the headers before the body is read, as Flamenco does: a worker that
    does not say how much it sends (411) or sends more than 25 MiB (413) is refused without it. No
    body at all is a 400 (Flamenco: 411, which asks for a length the client has none to give).
    """
    request = connexion.request
    declared = request.headers.get("content-length")
    if declared is None and "transfer-encoding" in request.headers:
        raise LengthRequired("Content-Length header required")  # a body of unannounced size
    try:
        size = int(declared) if declared is not None else 0
    except ValueError:
        raise BadRequest(f"invalid Content-Length header {declared!r}") from None
    if size <= 0:
        raise BadRequest("the request has no image in its body")
    if size > MAX_IMAGE_BYTES:
        raise PayloadTooLarge(f"image too large; should be at most {MAX_IMAGE_BYTES} bytes")
    data = await request.body()
    mime_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    svc = current()
    await svc.executor.run(
        lambda: last_rendered.output_produced(svc, calling_worker(token_info), task_id, mime_type, data)
    )
    return None, 202

"""The worker's half of the Manager API (the spec's `worker` tag), over the generated client.

Requests are built and answers parsed by :mod:`flamenco.api_client` (generated from the spec);
this module decides what each answer means for the worker. Failures are sorted by what the caller
should *do* (see :mod:`flamenco.manager_api`): :class:`ManagerUnreachable` (retry later),
:class:`Unauthorized` (register again), :class:`TaskRejected` (stop working on that task),
:class:`UnexpectedAnswer` (a bug somewhere; log it).

Every call has a timeout, because a Manager that accepts a connection and then hangs must not
freeze the worker. The HTTP transport (connection pool, keep-alive) is injected, so tests can pass
one that checks every exchange against the OpenAPI spec; the clients for different timeouts all
share it.
"""

from __future__ import annotations

import io
import logging
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx

from flamenco.api_client import Client
from flamenco.api_client.api.worker import (
    may_worker_run,
    register_worker,
    schedule_task,
    sign_off,
    sign_on,
    task_output_produced,
    task_update,
    worker_state,
    worker_state_changed,
)
from flamenco.api_client.models import (
    AssignedTask,
    RegisteredWorker,
    TaskUpdate,
    WorkerRegistration,
    WorkerSignOn,
    WorkerStateChange,
    WorkerStateChanged,
)
from flamenco.api_client.models import (
    MayKeepRunning as MayKeepRunningModel,
)
from flamenco.api_client.types import File
from flamenco.manager_api import (
    ManagerError,
    ManagerUnreachable,
    Unauthorized,
    UnexpectedAnswer,
    call,
    connect,
    message,
    unexpected,
)
from flamenco.worker.credentials import Credentials

log = logging.getLogger(__name__)

__all__ = [
    "LONG_POLL_MARGIN",
    "ManagerClient",
    "ManagerError",
    "ManagerUnreachable",
    "MayKeepRunning",
    "ScheduleAnswer",
    "TaskRejected",
    "Unauthorized",
    "UnexpectedAnswer",
]

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 30.0
# Extra read time on top of the `Prefer: wait` the Manager may hold a task request for.
LONG_POLL_MARGIN = 15.0


class _WholeBody(io.BytesIO):
    """An in-memory upload httpx sends in one piece: it iterates a file-like body, which for a plain
    ``BytesIO`` means line by line (hundreds of small writes for one JPEG)."""

    def __iter__(self) -> Iterator[bytes]:  # type: ignore[override]
        yield self.getvalue()


class TaskRejected(ManagerError):
    """409/404 on a task call: the task is not (or no longer) this worker's to work on."""


@dataclass(frozen=True)
class ScheduleAnswer:
    """What ``POST /api/worker/task`` said: exactly one of the fields is meaningful.

    ``task``: an AssignedTask to run (200), as the API's JSON. ``status_requested``: go to that
    status first (423). ``conflict``: the Manager thinks this worker is not awake (409). All
    empty: no task (204).
    """

    task: dict[str, Any] | None = None
    status_requested: str | None = None
    conflict: str | None = None


@dataclass(frozen=True)
class MayKeepRunning:
    may_keep_running: bool
    reason: str
    status_change_requested: bool


class ManagerClient:
    """One Manager at ``base_url``; ``credentials`` is set once the worker is registered."""

    def __init__(self, base_url: str, transport: httpx.BaseTransport | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.transport = transport or httpx.HTTPTransport()
        self.credentials: Credentials | None = None
        # Generated clients by (anonymous, read timeout), with the credentials each signs with;
        # they all share `transport`. The worker's threads (task poll, update sender, may-I-run)
        # call concurrently, hence the lock.
        self._clients: dict[tuple[bool, float], tuple[Credentials | None, Client]] = {}
        self._lock = threading.Lock()

    # -- registration and status protocol ------------------------------------------------------

    def register(self, *, secret: str, platform: str, task_types: list[str], nickname: str) -> str:
        """Register a new worker; the Manager's UUID for it."""
        body = WorkerRegistration(
            secret=secret, platform=platform, supported_task_types=task_types, nickname=nickname
        )
        response = call(register_worker, client=self._api(anonymous=True), body=body)
        if response.status_code != 200 or not isinstance(response.parsed, RegisteredWorker):
            raise unexpected(register_worker, response)
        return str(response.parsed.uuid)

    def sign_on(self, *, nickname: str, task_types: list[str], software_version: str) -> str:
        """Sign on; the status the Manager wants this worker in."""
        body = WorkerSignOn(
            nickname=nickname, supported_task_types=task_types, software_version=software_version
        )
        response = call(sign_on, client=self._api(), body=body)
        if response.status_code != 200 or not isinstance(response.parsed, WorkerStateChange):
            raise unexpected(sign_on, response)
        return response.parsed.status_requested

    def report_resources(self, report: dict[str, Any]) -> bool:
        """Send the hardware report (`/api/v3/worker/resources`, the same credentials as the seed
        door); False when this Manager does not know the operation (older Managers)."""
        from flamenco.api_client_v3.api.worker import worker_resources
        from flamenco.api_client_v3.models import WorkerResources

        body = WorkerResources.from_dict(report)
        response = call(worker_resources, client=self._api(), body=body)  # type: ignore[arg-type]
        if response.status_code == 204:
            return True
        if response.status_code in (404, 405):
            return False
        raise unexpected(worker_resources, response)

    def sign_off(self, *, timeout: float = READ_TIMEOUT) -> None:
        response = call(sign_off, client=self._api(read_timeout=timeout))
        if response.status_code != 204:
            raise unexpected(sign_off, response)

    def requested_status(self) -> str | None:
        """A pending status request, or None when the Manager has none for this worker."""
        response = call(worker_state, client=self._api())
        if response.status_code == 204:
            return None
        if response.status_code != 200 or not isinstance(response.parsed, WorkerStateChange):
            raise unexpected(worker_state, response)
        return response.parsed.status_requested

    def state_changed(self, status: str) -> None:
        """Tell the Manager this worker is now in ``status``."""
        body = WorkerStateChanged.from_dict({"status": status})
        response = call(worker_state_changed, client=self._api(), body=body)
        if response.status_code != 204:
            raise unexpected(worker_state_changed, response)

    # -- tasks ---------------------------------------------------------------------------------

    def schedule_task(self, wait: float = 0.0) -> ScheduleAnswer:
        """Ask for a task; with ``wait`` > 0 the Manager may hold the request up to that long.

        `Prefer: wait=N` (RFC 7240) is only a preference: a Manager that ignores it answers at
        once, which is why the read timeout leaves room for the wait but nothing relies on it.
        """
        api = self._api(read_timeout=wait + LONG_POLL_MARGIN if wait > 0 else READ_TIMEOUT)
        if wait > 0:
            response = call(schedule_task, client=api, prefer=f"wait={round(wait)}")
        else:
            response = call(schedule_task, client=api)
        parsed = response.parsed
        if response.status_code == 200 and isinstance(parsed, AssignedTask):
            return ScheduleAnswer(task=parsed.to_dict())
        if response.status_code == 204:
            return ScheduleAnswer()
        if response.status_code == 423 and isinstance(parsed, WorkerStateChange):
            return ScheduleAnswer(status_requested=parsed.status_requested)
        if response.status_code == 409:
            return ScheduleAnswer(conflict=message(response))
        raise unexpected(schedule_task, response)

    def task_update(self, task_id: str, update: dict[str, Any]) -> None:
        """Send one TaskUpdate; :class:`TaskRejected` if the task is not this worker's any more."""
        body = TaskUpdate.from_dict(update)
        response = call(task_update, uuid.UUID(task_id), client=self._api(), body=body)
        if response.status_code == 204:
            return
        if response.status_code in (404, 409):
            raise TaskRejected(message(response), response.status_code)
        raise unexpected(task_update, response)

    def may_i_run(self, task_id: str) -> MayKeepRunning:
        response = call(may_worker_run, uuid.UUID(task_id), client=self._api())
        if response.status_code in (404, 409):
            raise TaskRejected(message(response), response.status_code)
        parsed = response.parsed
        if response.status_code != 200 or not isinstance(parsed, MayKeepRunningModel):
            raise unexpected(may_worker_run, response)
        return MayKeepRunning(
            may_keep_running=parsed.may_keep_running,
            reason=parsed.reason,
            status_change_requested=parsed.status_change_requested,
        )

    def output_produced(self, task_id: str, image: bytes, mime_type: str) -> tuple[bool, str]:
        """Send a rendered frame for the task's last-rendered image: (accepted, why not).

        The Manager's refusals (411/413/415 a bad image, 429 busy, 404/409 the task moved on) cost
        nothing but this frame, so they are answers here, not errors.
        """
        body = File(payload=_WholeBody(image), mime_type=mime_type)
        response = call(task_output_produced, uuid.UUID(task_id), client=self._api(), body=body)
        if response.status_code == 202:
            return True, ""
        if response.status_code in (400, 404, 409, 411, 413, 415, 429):
            return False, f"HTTP {int(response.status_code)} {message(response)}"
        raise unexpected(task_output_produced, response)

    # -- plumbing ------------------------------------------------------------------------------

    def _api(self, *, anonymous: bool = False, read_timeout: float = READ_TIMEOUT) -> Client:
        """The generated client for one call: signed with the credentials unless ``anonymous``."""
        credentials = None if anonymous else self.credentials
        if not anonymous and credentials is None:
            raise Unauthorized("this worker has no credentials yet")
        key = (anonymous, read_timeout)
        with self._lock:
            signed_with, client = self._clients.get(key, (None, None))
            if client is None or signed_with != credentials:  # new, or the worker registered again
                client = connect(
                    self.base_url,
                    timeout=httpx.Timeout(read_timeout, connect=CONNECT_TIMEOUT),
                    transport=self.transport,
                    credentials=credentials.auth if credentials is not None else None,
                )
                client.get_httpx_client()  # built lazily otherwise, and two threads could both build it
                self._clients[key] = (credentials, client)
            return client

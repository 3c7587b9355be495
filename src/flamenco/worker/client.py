"""The worker's half of the Manager API (the spec's `worker` tag), over an injected ``requests.Session``.

Injecting the session lets tests pass one that checks every exchange against the OpenAPI spec,
and keeps connection reuse (HTTP keep-alive) in one place. Every call has a timeout, because a
Manager that accepts a connection and then hangs must not freeze the worker.

Answers are sorted into a few exception classes by what the caller should *do*:
:class:`ManagerUnreachable` (retry later), :class:`Unauthorized` (register again),
:class:`TaskRejected` (stop working on that task), :class:`UnexpectedAnswer` (a bug somewhere;
log it).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import requests

from flamenco.worker.credentials import Credentials

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 30.0
# Extra read time on top of the `Prefer: wait` the Manager may hold a task request for.
LONG_POLL_MARGIN = 15.0


class ManagerError(Exception):
    """Base of everything the client raises; ``status`` is the HTTP status (0: no answer)."""

    def __init__(self, message: str, status: int = 0) -> None:
        super().__init__(message)
        self.status = status


class ManagerUnreachable(ManagerError):
    """No usable answer: connection refused/reset, timeout, or a 5xx. Worth retrying."""

    def __init__(self, message: str, status: int = 0, retry_after: float | None = None) -> None:
        super().__init__(message, status)
        self.retry_after = retry_after


class Unauthorized(ManagerError):
    """401: the Manager does not know these credentials (e.g. its database was replaced)."""


class TaskRejected(ManagerError):
    """409/404 on a task call: the task is not (or no longer) this worker's to work on."""


class UnexpectedAnswer(ManagerError):
    """An answer the protocol does not foresee for this call (a bug on one side)."""


@dataclass(frozen=True)
class ScheduleAnswer:
    """What ``POST /api/worker/task`` said: exactly one of the fields is meaningful.

    ``task``: an AssignedTask to run (200). ``status_requested``: go to that status first (423).
    ``conflict``: the Manager thinks this worker is not awake (409). All empty: no task (204).
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

    def __init__(self, base_url: str, session: requests.Session | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = session or requests.Session()
        self.credentials: Credentials | None = None

    # -- registration and status protocol ------------------------------------------------------

    def register(self, *, secret: str, platform: str, task_types: list[str], nickname: str) -> str:
        """Register a new worker; the Manager's UUID for it."""
        body = {
            "secret": secret,
            "platform": platform,
            "supported_task_types": task_types,
            "nickname": nickname,
        }
        response = self._call("POST", "/api/worker/register-worker", json=body, authenticated=False)
        if response.status_code != 200:
            raise self._unexpected(response)
        return str(response.json()["uuid"])

    def sign_on(self, *, nickname: str, task_types: list[str], software_version: str) -> str:
        """Sign on; the status the Manager wants this worker in."""
        body = {
            "nickname": nickname,
            "supported_task_types": task_types,
            "software_version": software_version,
        }
        response = self._call("POST", "/api/worker/sign-on", json=body)
        if response.status_code != 200:
            raise self._unexpected(response)
        return str(response.json()["status_requested"])

    def sign_off(self, *, timeout: float = READ_TIMEOUT) -> None:
        response = self._call("POST", "/api/worker/sign-off", timeout=(CONNECT_TIMEOUT, timeout))
        if response.status_code != 204:
            raise self._unexpected(response)

    def requested_status(self) -> str | None:
        """A pending status request, or None when the Manager has none for this worker."""
        response = self._call("GET", "/api/worker/state")
        if response.status_code == 204:
            return None
        if response.status_code != 200:
            raise self._unexpected(response)
        return str(response.json()["status_requested"])

    def state_changed(self, status: str) -> None:
        """Tell the Manager this worker is now in ``status``."""
        response = self._call("POST", "/api/worker/state-changed", json={"status": status})
        if response.status_code != 204:
            raise self._unexpected(response)

    # -- tasks ---------------------------------------------------------------------------------

    def schedule_task(self, wait: float = 0.0) -> ScheduleAnswer:
        """Ask for a task; with ``wait`` > 0 the Manager may hold the request up to that long.

        `Prefer: wait=N` (RFC 7240) is only a preference: a Manager that ignores it answers at
        once, which is why the read timeout leaves room for the wait but nothing relies on it.
        """
        headers = {"Prefer": f"wait={round(wait)}"} if wait > 0 else None
        response = self._call(
            "POST", "/api/worker/task", headers=headers, timeout=(CONNECT_TIMEOUT, wait + LONG_POLL_MARGIN)
        )
        if response.status_code == 200:
            return ScheduleAnswer(task=response.json())
        if response.status_code == 204:
            return ScheduleAnswer()
        if response.status_code == 423:
            return ScheduleAnswer(status_requested=str(response.json()["status_requested"]))
        if response.status_code == 409:
            return ScheduleAnswer(conflict=_message(response))
        raise self._unexpected(response)

    def task_update(self, task_id: str, update: dict[str, Any]) -> None:
        """Send one TaskUpdate; :class:`TaskRejected` if the task is not this worker's any more."""
        response = self._call("POST", f"/api/worker/task/{task_id}", json=update)
        if response.status_code == 204:
            return
        if response.status_code in (404, 409):
            raise TaskRejected(_message(response), response.status_code)
        raise self._unexpected(response)

    def may_i_run(self, task_id: str) -> MayKeepRunning:
        response = self._call("GET", f"/api/worker/task/{task_id}/may-i-run")
        if response.status_code in (404, 409):
            raise TaskRejected(_message(response), response.status_code)
        if response.status_code != 200:
            raise self._unexpected(response)
        body = response.json()
        return MayKeepRunning(
            may_keep_running=bool(body["mayKeepRunning"]),
            reason=str(body.get("reason", "")),
            status_change_requested=bool(body.get("statusChangeRequested", False)),
        )

    # -- plumbing ------------------------------------------------------------------------------

    def _call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        headers: dict[str, str] | None = None,
        authenticated: bool = True,
        timeout: tuple[float, float] = (CONNECT_TIMEOUT, READ_TIMEOUT),
    ) -> requests.Response:
        """One request; no answer or a 5xx raises :class:`ManagerUnreachable`, 401 :class:`Unauthorized`."""
        auth = None
        if authenticated:
            if self.credentials is None:
                raise Unauthorized(f"{method} {path}: this worker has no credentials yet")
            auth = self.credentials.auth
        try:
            response = self.session.request(
                method, self.base_url + path, json=json, headers=headers, auth=auth, timeout=timeout
            )
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise ManagerUnreachable(f"{method} {path}: {_short(exc)}") from exc
        if response.status_code >= 500:
            raise ManagerUnreachable(
                f"{method} {path}: HTTP {response.status_code} {_message(response)}",
                response.status_code,
                _retry_after(response),
            )
        if response.status_code == 401:
            raise Unauthorized(f"{method} {path}: {_message(response)}", 401)
        return response

    @staticmethod
    def _unexpected(response: requests.Response) -> UnexpectedAnswer:
        request = response.request
        where = f"{request.method} {request.path_url}" if request is not None else "request"
        return UnexpectedAnswer(
            f"{where}: HTTP {response.status_code} {_message(response)}", response.status_code
        )


def _message(response: requests.Response) -> str:
    """The Manager's explanation from an ``Error`` body, else the start of the raw body."""
    try:
        body = response.json()
    except ValueError:
        return response.text[:200]
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        return body["message"]
    return response.text[:200]


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # the HTTP-date form; the caller's own back-off applies


def _short(exc: Exception) -> str:
    """requests' connection errors nest urllib3's; the innermost reason is what a human needs."""
    reason = exc
    while reason.args and isinstance(reason.args[0], Exception):
        reason = reason.args[0]
    reason_text = getattr(reason, "reason", None)
    return str(reason_text or reason)

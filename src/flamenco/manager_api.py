"""Calling a Manager through the generated client (:mod:`flamenco.api_client`): the CLI's and the worker's.

The generated operation modules (``fetch_job.sync_detailed(job_id, client=...)``) build each
request from the spec and parse each documented answer into a model. What they leave open is what
an answer *means* to the caller, and that is sorted here, once, by what the caller should do:

- :class:`ManagerUnreachable`: no usable answer (refused or reset connection, timeout, a 5xx such
  as the Manager's 503 with ``Retry-After`` or a proxy's 502 page). Worth retrying later.
- :class:`Unauthorized`: 401, the Manager does not know the credentials.
- :class:`UnexpectedAnswer`: an answer the spec does not describe (a body that does not parse
  into the documented model, a status the caller does not expect). A bug on one side.

Any other answer (2xx, and 4xx with the spec's ``Error`` body) comes back as the generated
``Response`` for the caller to act on.

5xx and 401 are recognised in an httpx response hook, before the generated code parses the body:
the generated parser reads every undocumented status as the ``Error`` model, which a proxy's
HTML error page is not.
"""

from __future__ import annotations

import base64
from typing import Any, Protocol, TypeVar

import httpx

from flamenco.api_client import AuthenticatedClient, Client
from flamenco.api_client.models.error import Error
from flamenco.api_client.types import Response
from flamenco.api_client_v3.models.error import Error as ErrorV3

T = TypeVar("T", covariant=True)


class ManagerError(Exception):
    """Base of the failures a Manager call can end in; ``status`` is the HTTP status (0: no answer)."""

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


class UnexpectedAnswer(ManagerError):
    """An answer the protocol does not foresee for this call (a bug on one side)."""


class Operation(Protocol[T]):
    """A generated operation module: ``sync_detailed(..., client=...)`` is the part we call."""

    def sync_detailed(self, *args: Any, **kwargs: Any) -> Response[T]: ...


def connect(
    base_url: str,
    *,
    timeout: httpx.Timeout,
    transport: httpx.BaseTransport | None = None,
    credentials: tuple[str, str] | None = None,
    client_class: type[Client] = Client,
) -> Client:
    """A generated client for ``base_url``; with ``credentials`` (worker ID, secret) it signs requests.

    ``transport`` carries the connection pool: clients with different timeouts can share one, so
    a caller that needs a longer read timeout for one call (a long poll) keeps its connections.
    Tests pass a transport that checks every exchange against the spec. ``client_class``: the
    generated client of the door to call (`flamenco.api_client_v3.Client` for `/api/v3`).
    """
    httpx_args: dict[str, Any] = {"event_hooks": {"response": [_refuse_unusable_answers]}}
    if transport is not None:
        httpx_args["transport"] = transport
    if credentials is None:
        return client_class(base_url=base_url, timeout=timeout, httpx_args=httpx_args)
    # The spec's `worker_auth` is HTTP basic auth; the generated client only knows "prefix token".
    token = base64.b64encode(":".join(credentials).encode()).decode("ascii")
    return AuthenticatedClient(
        base_url=base_url, timeout=timeout, httpx_args=httpx_args, token=token, prefix="Basic"
    )


def call(operation: Operation[T], *args: Any, client: Client, **kwargs: Any) -> Response[T]:
    """Run one generated operation; failures come out as the :class:`ManagerError` classes above."""
    name = operation.__name__.rsplit(".", 1)[-1]  # type: ignore[attr-defined]
    try:
        return operation.sync_detailed(*args, client=client, **kwargs)
    except ManagerError:
        raise
    except httpx.TransportError as exc:  # connect/read errors and timeouts
        raise ManagerUnreachable(f"{name}: {describe_transport_error(exc)}") from exc
    except (ValueError, KeyError, TypeError) as exc:  # the body does not fit the documented model
        raise UnexpectedAnswer(
            f"{name}: the answer does not match the API ({type(exc).__name__}: {exc})"
        ) from exc


def message(response: Response[Any]) -> str:
    """The Manager's explanation from an ``Error`` body, else the start of the raw body."""
    if isinstance(response.parsed, (Error, ErrorV3)):
        return response.parsed.message
    said = getattr(response.parsed, "message", None)  # the other door's `Error` (api_client_v3)
    if isinstance(said, str):
        return said
    return response.content[:200].decode("utf-8", errors="replace")


def unexpected(operation: Operation[Any], response: Response[Any]) -> UnexpectedAnswer:
    """The exception for a status this caller has no use for."""
    name = operation.__name__.rsplit(".", 1)[-1]  # type: ignore[attr-defined]
    return UnexpectedAnswer(
        f"{name}: HTTP {int(response.status_code)} {message(response)}", response.status_code
    )


def describe_transport_error(exc: httpx.TransportError) -> str:
    """httpx's messages are terse ("[Errno 111] Connection refused"); name the kind of failure too."""
    text = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        return f"no answer in time ({text})" if str(exc) else "no answer in time"
    return text


def _refuse_unusable_answers(response: httpx.Response) -> None:
    """Response hook: raise for answers that carry nothing for the caller (5xx, 401)."""
    status = response.status_code
    if status < 500 and status != 401:
        return
    response.read()
    where = f"{response.request.method} {response.request.url.path}"
    text = _error_text(response)
    if status == 401:
        raise Unauthorized(f"{where}: {text}", 401)
    raise ManagerUnreachable(f"{where}: HTTP {status} {text}", status, _retry_after(response))


def _error_text(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200]
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        return body["message"]
    return response.text[:200]


def _retry_after(response: httpx.Response) -> float | None:
    try:
        return max(0.0, float(response.headers.get("Retry-After", "")))
    except ValueError:
        return None  # absent, or the HTTP-date form; the caller's own back-off applies

"""The CLI's side of the generated client: one call, one answer the command can use, or a reason to stop.

Everything goes through :func:`flamenco.manager_api.call`, so the CLI sorts failures exactly as
the worker does. On top of that, an answer the command did not ask for becomes a
:class:`ClientError` with the Manager's own explanation (a 404 for an unknown job, a 400 naming the
bad setting, a 422 saying why a job cannot be paused from its status).
"""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

import httpx

from flamenco.api_client.types import Response
from flamenco.api_client_v3 import Client as ClientV3
from flamenco.manager_api import ManagerError, Operation, UnexpectedAnswer, call, connect, message

T = TypeVar("T")

DEFAULT_MANAGER = "http://localhost:8080"
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 30.0


class ClientError(Exception):
    """Something to tell the user before stopping with exit status 2."""


class Refused(ClientError):
    """The Manager answered, and said no (a 4xx with its reason)."""

    def __init__(self, text: str, status: int) -> None:
        super().__init__(text)
        self.status = status


class CliApi:
    """The Manager at ``url``, for one run of the CLI."""

    def __init__(self, url: str, transport: httpx.BaseTransport | None = None) -> None:
        self.url = normalize_url(url)
        timeout = httpx.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT)
        self.client = connect(self.url, timeout=timeout, transport=transport)
        # Flamenco 3.8's door, for what the seed API has no operation for (last-rendered images,
        # step progress); the same connection pool.
        self.client_v3 = connect(self.url, timeout=timeout, transport=transport, client_class=ClientV3)  # type: ignore[arg-type]

    def request(
        self,
        operation: Operation[T],
        *args: Any,
        ok: tuple[int, ...] = (200,),
        v3: bool = False,
        **kwargs: Any,
    ) -> Response[T]:
        """Call ``operation`` (of `flamenco.api_client_v3` with ``v3``); any status outside ``ok``
        raises (Refused for 4xx, ManagerError else)."""
        response = call(operation, *args, client=self.client_v3 if v3 else self.client, **kwargs)
        status = int(response.status_code)
        if status in ok:
            return response
        if 400 <= status < 500:
            raise Refused(f"the Manager refused ({status}): {message(response)}", status)
        raise ManagerError(f"unexpected answer ({status}): {message(response)}", status)

    def download(self, path: str) -> bytes:
        """A file the Manager serves beside its API (``/job-files/...``), by host-relative path."""
        try:
            answer = self.client.get_httpx_client().get(path)
        except httpx.TransportError as exc:
            raise ManagerError(f"GET {path}: {exc}") from exc
        if answer.status_code != 200:
            raise Refused(f"the Manager has no {path} ({answer.status_code})", answer.status_code)
        return answer.content


def parsed(response: Response[Any], model: type[T]) -> T:
    """The answer as ``model``; anything else is an answer the spec does not give for this status."""
    if not isinstance(response.parsed, model):
        kind = type(response.parsed).__name__
        raise UnexpectedAnswer(f"expected a {model.__name__} (HTTP {int(response.status_code)}), got {kind}")
    return response.parsed


def normalize_url(url: str) -> str:
    """`manager:8080` → `http://manager:8080`; no trailing slash."""
    url = url.strip().rstrip("/")
    if not url:
        raise ClientError("the Manager URL is empty; give --manager URL or set $FLAMENCO_MANAGER")
    url = url if "://" in url else f"http://{url}"
    try:
        parsed_url = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise ClientError(f"{url!r} is not a Manager URL: {exc}") from None
    port_ok = parsed_url.port is None or 0 < parsed_url.port < 65536
    if parsed_url.scheme not in ("http", "https") or not parsed_url.host or not port_ok:
        raise ClientError(f"{url!r} is not a Manager URL (http://HOST:PORT)")
    return url


def parse_id(text: str, what: str) -> uuid.UUID:
    """A job/task/worker ID from the command line; a typo is a usage error, not a 400 from the Manager."""
    try:
        return uuid.UUID(text.strip())
    except ValueError:
        example = "0f6d3f4e-8a36-4f7b-9d2c-6b1f0f7b4a11"
        raise ClientError(f"{text!r} is not a {what} ID (a UUID such as {example})") from None

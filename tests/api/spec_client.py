"""An HTTP client whose every request and response is checked against the OpenAPI spec.

Why a client-side check when the server already validates with Connexion: Connexion checks the
server's half through the same code paths it serves with, so a shared misreading of the spec would
pass unnoticed. openapi-core is an independent reading of `spec/flamenco-openapi.yaml`, and it
sees the bytes that really crossed the wire (status, content type, headers, body), including the
responses Connexion never validates (its own 401s and 404s, error handlers' output).

Usage, from any test that talks to a Manager over real HTTP (worker tests included)::

    session = SpecCheckedSession("http://127.0.0.1:8080")
    session.post("/api/worker/register-worker", json={...})   # raises SpecViolation if off-spec
    session.post("/api/worker/task", auth=("uuid", "bad"), spec_invalid_request=True)  # a 401 on purpose
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import requests
from openapi_core import OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse

SPEC_PATH = Path(__file__).resolve().parents[2] / "spec" / "flamenco-openapi.yaml"


@cache
def load_spec(path: Path = SPEC_PATH) -> OpenAPI:
    """The parsed spec; cached because parsing the 50 kB YAML costs far more than a request."""
    return OpenAPI.from_file_path(str(path))


class SpecViolation(AssertionError):
    """A request or response does not match the spec. An AssertionError, so pytest shows it as a failure."""


@dataclass(frozen=True)
class CheckedCall:
    """One exchange that went through the spec check, for tests to assert coverage on."""

    method: str
    path: str
    status: int
    request_checked: bool


class SpecCheckedSession(requests.Session):
    """A ``requests.Session`` on one base URL that validates each exchange with openapi-core.

    - Paths are relative to ``base_url`` (``session.get("/api/version")``).
    - The request is validated before it is sent, so a test that sends an off-spec request by
      mistake fails at the call site instead of testing the server's error path unknowingly.
      Pass ``spec_invalid_request=True`` for requests that are off-spec on purpose (missing
      credentials, bad bodies); their response is still validated, because error responses are
      part of the contract too.
    - ``calls`` records every checked exchange.
    """

    def __init__(self, base_url: str, *, spec: OpenAPI | None = None, timeout: float = 30.0) -> None:
        super().__init__()
        self.base_url = base_url.rstrip("/")
        self.spec = spec or load_spec()
        self.timeout = timeout
        self.calls: list[CheckedCall] = []

    def request(  # type: ignore[override]
        self,
        method: str | bytes,
        url: str | bytes,
        *args: Any,
        spec_invalid_request: bool = False,
        **kwargs: Any,
    ) -> requests.Response:
        url = url.decode() if isinstance(url, bytes) else url
        method = method.decode() if isinstance(method, bytes) else method
        if url.startswith("/"):
            url = self.base_url + url
        kwargs.setdefault("timeout", self.timeout)
        # Build the request exactly as `requests.Session.request` would, so the bytes checked are
        # the bytes sent (session auth and headers merged in).
        prepared = self.prepare_request(
            requests.Request(
                method=method.upper(),
                url=url,
                headers=kwargs.pop("headers", None),
                files=kwargs.pop("files", None),
                data=kwargs.pop("data", None) or {},
                json=kwargs.pop("json", None),
                params=kwargs.pop("params", None) or {},
                auth=kwargs.pop("auth", None),
                cookies=kwargs.pop("cookies", None),
                hooks=kwargs.pop("hooks", None),
            )
        )
        openapi_request = RequestsOpenAPIRequest(prepared)
        if not spec_invalid_request:
            try:
                self.spec.validate_request(openapi_request)
            except Exception as exc:
                raise SpecViolation(f"request {method.upper()} {url} is off-spec: {_describe(exc)}") from exc

        settings = self.merge_environment_settings(
            prepared.url,
            kwargs.pop("proxies", {}),
            kwargs.pop("stream", None),
            kwargs.pop("verify", None),
            kwargs.pop("cert", None),
        )
        response = self.send(prepared, **settings, **kwargs)

        try:
            self.spec.validate_response(openapi_request, RequestsOpenAPIResponse(response))
        except Exception as exc:
            raise SpecViolation(
                f"response to {method.upper()} {url} is off-spec: {_describe(exc)}\n"
                f"  status {response.status_code}, content-type {response.headers.get('content-type')!r},"
                f" body {response.text[:500]!r}"
            ) from exc
        self.calls.append(
            CheckedCall(method.upper(), openapi_request.path, response.status_code, not spec_invalid_request)
        )
        return response


def _describe(exc: BaseException) -> str:
    """openapi-core hides the useful detail (which field, which value) in chained causes."""
    parts = [f"{type(exc).__name__}: {exc}"]
    details = getattr(exc, "schema_errors", None) or getattr(exc, "errors", None) or []
    parts.extend(f"  - {getattr(err, 'message', err)}" for err in details)
    cause = exc.__cause__ or exc.__context__
    while cause is not None:
        parts.append(f"  caused by {type(cause).__name__}: {cause}")
        for err in getattr(cause, "schema_errors", None) or []:
            parts.append(f"    - {getattr(err, 'message', err)}")
        cause = cause.__cause__
    return "\n".join(parts)

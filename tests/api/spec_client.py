"""An HTTP client whose every request and response is checked against the OpenAPI spec.

Why a client-side check when the server already validates with Connexion: Connexion checks the
server's half through the same code paths it serves with, so a shared misreading of the spec would
pass unnoticed. openapi-core is an independent reading of `spec/flamenco-openapi.yaml`, and it
sees the bytes that really crossed the wire (status, content type, headers, body), including the
responses Connexion never validates (its own 401s and 404s, error handlers' output).

Usage, from any test that talks to a Manager over real HTTP::

    session = SpecCheckedSession("http://127.0.0.1:8080")
    session.post("/api/worker/register-worker", json={...})   # raises SpecViolation if off-spec
    session.post("/api/worker/task", auth=("uuid", "bad"), spec_invalid_request=True)  # a 401 on purpose

The worker and the `flamenco` CLI talk through the generated httpx client instead; give them a
:class:`SpecCheckedTransport` and the same checks apply to every exchange they make.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import httpx
import requests
from openapi_core import OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

SPEC_PATH = Path(__file__).resolve().parents[2] / "spec" / "flamenco-openapi.yaml"
V3_SPEC_PATH = SPEC_PATH.with_name("flamenco-openapi-v3.yaml")


@cache
def load_spec(path: Path = SPEC_PATH) -> OpenAPI:
    """The parsed spec; cached because parsing the 50 kB YAML costs far more than a request."""
    return OpenAPI.from_file_path(str(path))


def spec_of_door(path: str) -> OpenAPI:
    """The seed spec for `/api/...`, Flamenco 3.8's for `/api/v3/...` (the CLI speaks both)."""
    return load_spec(V3_SPEC_PATH if path.startswith("/api/v3/") else SPEC_PATH)


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


class HttpxOpenAPIRequest:
    """An ``httpx.Request`` as openapi-core reads requests (openapi-core has no httpx adapter)."""

    def __init__(self, request: httpx.Request) -> None:
        self.request = request
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(parse_qs(request.url.query.decode())),
            header=Headers(dict(request.headers)),
            cookie=ImmutableMultiDict(),
        )

    @property
    def host_url(self) -> str:
        return f"{self.request.url.scheme}://{self.request.url.netloc.decode()}"

    @property
    def path(self) -> str:
        return self.request.url.path

    @property
    def method(self) -> str:
        return self.request.method.lower()

    @property
    def body(self) -> bytes | None:
        return self.request.content or None

    @property
    def content_type(self) -> str:
        return str(self.request.headers.get("Content-Type") or self.request.headers.get("Accept"))


class HttpxOpenAPIResponse:
    def __init__(self, response: httpx.Response) -> None:
        self.response = response

    @property
    def data(self) -> bytes:
        return self.response.content

    @property
    def status_code(self) -> int:
        return self.response.status_code

    @property
    def content_type(self) -> str:
        return str(self.response.headers.get("Content-Type", ""))

    @property
    def headers(self) -> Headers:
        return Headers(dict(self.response.headers))


class SpecCheckedTransport(httpx.BaseTransport):
    """An httpx transport that validates each exchange with openapi-core, like SpecCheckedSession.

    It wraps the real transport (``inner``, default a plain ``httpx.HTTPTransport``), so the bytes
    checked are the bytes that crossed the wire: the request as the generated client built it
    (headers, auth, body) and the Manager's answer. Requests are checked before they are sent.
    ``calls`` records every checked exchange; a violation raises :class:`SpecViolation` out of the
    call (the caller sees an AssertionError, not a ManagerError).
    """

    def __init__(self, inner: httpx.BaseTransport | None = None, *, spec: OpenAPI | None = None) -> None:
        self.inner = inner or httpx.HTTPTransport()
        self.spec = spec or load_spec()
        # Calls to the other door (`/api/v3`, Flamenco 3.8's spec) are checked against its spec.
        self.spec_v3 = None if spec else load_spec(V3_SPEC_PATH)
        self.calls: list[CheckedCall] = []

    def _spec_for(self, path: str) -> OpenAPI | None:
        """The seed spec (or the one given), Flamenco 3.8's for `/api/v3`; None for `/job-files/`,
        which no spec describes (plain files the API's answers point at)."""
        if path.startswith("/job-files/"):
            return None
        if path.startswith("/api/v3/"):
            return load_spec(V3_SPEC_PATH)
        return self.spec

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()  # a streamed body (an uploaded image) is checked like any other
        spec = self._spec_for(request.url.path)
        if spec is None:
            answer = self.inner.handle_request(request)
            self.calls.append(CheckedCall(request.method, request.url.path, answer.status_code, False))
            return answer
        openapi_request = HttpxOpenAPIRequest(request)
        spec = self.spec_v3 if self.spec_v3 and request.url.path.startswith("/api/v3/") else self.spec
        where = f"{request.method} {request.url}"
        try:
            spec.validate_request(openapi_request)
        except Exception as exc:
            raise SpecViolation(f"request {where} is off-spec: {_describe(exc)}") from exc

        answer = self.inner.handle_request(request)
        stream = answer.stream
        assert isinstance(stream, httpx.SyncByteStream)
        try:
            raw = b"".join(stream)  # the body as sent (still content-encoded)
        finally:
            stream.close()
        # A fresh response over the bytes read, so the client decodes them exactly as it would have.
        response = httpx.Response(
            answer.status_code,
            headers=answer.headers,
            content=raw,
            request=request,
            extensions=answer.extensions,
        )
        response.read()
        try:
            spec.validate_response(openapi_request, HttpxOpenAPIResponse(response))
        except Exception as exc:
            raise SpecViolation(
                f"response to {where} is off-spec: {_describe(exc)}\n"
                f"  status {response.status_code}, content-type {response.headers.get('content-type')!r},"
                f" body {response.text[:500]!r}"
            ) from exc
        self.calls.append(CheckedCall(request.method, request.url.path, response.status_code, True))
        return response

    def close(self) -> None:
        self.inner.close()


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

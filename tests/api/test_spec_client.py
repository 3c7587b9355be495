"""The spec check has teeth: off-spec requests and responses are caught, on-spec ones pass.

Without this, a SpecCheckedSession that silently validated nothing (wrong server URL matching,
a swallowed exception) would make every e2e test's "checked against the spec" claim hollow.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import requests
from requests.adapters import BaseAdapter

from .spec_client import SpecCheckedSession, SpecCheckedTransport, SpecViolation

JOB_ID = "0f6d3f4e-8a36-4f7b-9d2c-6b1f0f7b4a11"


class CannedAdapter(BaseAdapter):
    """Answers every request with one fixed response, so no server is needed."""

    def __init__(self, status: int, body: Any = None, content_type: str = "application/json") -> None:
        super().__init__()
        self.status, self.body, self.content_type = status, body, content_type

    def send(self, request: requests.PreparedRequest, **_kwargs: Any) -> requests.Response:
        response = requests.Response()
        response.status_code = self.status
        response.request = request
        response.url = request.url or ""
        if self.body is not None:
            response._content = json.dumps(self.body).encode()
            response.headers["Content-Type"] = self.content_type
        else:
            response._content = b""
        return response

    def close(self) -> None:
        pass


def session_answering(
    status: int, body: Any = None, content_type: str = "application/json"
) -> SpecCheckedSession:
    session = SpecCheckedSession("http://manager.test")
    session.mount("http://", CannedAdapter(status, body, content_type))
    return session


def test_on_spec_exchange_passes_and_is_recorded() -> None:
    session = session_answering(200, {"version": "3.0", "name": "Manager"})
    assert session.get("/api/version").json()["version"] == "3.0"
    assert [(c.method, c.path, c.status) for c in session.calls] == [("GET", "/api/version", 200)]


def test_response_missing_a_required_field_is_caught() -> None:
    session = session_answering(200, {"version": "3.0"})
    with pytest.raises(SpecViolation, match="name"):
        session.get("/api/version")


def test_error_response_in_the_wrong_shape_is_caught() -> None:
    session = session_answering(404, {"detail": "not found"}, "application/problem+json")
    with pytest.raises(SpecViolation):
        session.get(f"/api/jobs/{JOB_ID}")


def test_undocumented_status_is_caught() -> None:
    # scheduleTask documents 200/204/403/409/423 and an Error default; a 200 without a body is off-spec.
    session = session_answering(200, None)
    session.auth = ("0f6d3f4e-8a36-4f7b-9d2c-6b1f0f7b4a12", "secret")
    with pytest.raises(SpecViolation):
        session.post("/api/worker/task")


def test_off_spec_request_is_caught_before_sending() -> None:
    session = session_answering(204)
    with pytest.raises(SpecViolation, match="request"):
        session.post("/api/worker/state-changed", json={"status": "dancing"}, auth=("a", "b"))
    assert session.calls == []


def test_deliberately_off_spec_request_still_has_its_response_checked() -> None:
    ok = session_answering(401, {"code": 401, "message": "No authorization token provided"})
    assert ok.post("/api/worker/task", spec_invalid_request=True).status_code == 401
    assert ok.calls[0].request_checked is False

    bad = session_answering(401, {"message": "no"})
    with pytest.raises(SpecViolation):
        bad.post("/api/worker/task", spec_invalid_request=True)


# -- the same checks on the httpx transport the generated client (worker, CLI) runs over ----------


def httpx_answering(status: int, body: Any = None, content_type: str = "application/json") -> httpx.Client:
    def answer(_request: httpx.Request) -> httpx.Response:
        if body is None:
            return httpx.Response(status)
        return httpx.Response(
            status, content=json.dumps(body).encode(), headers={"Content-Type": content_type}
        )

    transport = SpecCheckedTransport(httpx.MockTransport(answer))
    return httpx.Client(base_url="http://manager.test", transport=transport)


def test_transport_passes_and_records_on_spec_exchanges() -> None:
    client = httpx_answering(200, {"version": "3.0", "name": "Manager"})
    assert client.get("/api/version").json()["name"] == "Manager"
    assert [(c.method, c.path, c.status) for c in client._transport.calls] == [  # type: ignore[attr-defined]
        ("GET", "/api/version", 200)
    ]


def test_transport_catches_off_spec_responses() -> None:
    with pytest.raises(SpecViolation, match="name"):
        httpx_answering(200, {"version": "3.0"}).get("/api/version")
    with pytest.raises(SpecViolation):
        httpx_answering(404, {"detail": "no"}, "application/problem+json").get(f"/api/jobs/{JOB_ID}")


def test_transport_catches_off_spec_requests_before_sending() -> None:
    client = httpx_answering(204)
    with pytest.raises(SpecViolation, match="request"):
        client.post("/api/worker/state-changed", json={"status": "dancing"}, auth=("a", "b"))
    assert client._transport.calls == []  # type: ignore[attr-defined]


def test_transport_checks_text_answers_too() -> None:
    client = httpx_answering(200, {"not": "text"})  # the log tail is text/plain, not JSON
    with pytest.raises(SpecViolation):
        client.get(f"/api/tasks/{JOB_ID}/logtail")

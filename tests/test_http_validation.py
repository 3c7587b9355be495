"""Hostile JSON bodies are refused at the door, on every JSON operation of both APIs.

Before the guard a body nested a few thousand levels deep made Python's JSON decoder raise
RecursionError inside Connexion, before any handler ran: a 500 on every operation of both doors.
"""

from __future__ import annotations

import json

import pytest
import yaml

from flamenco.http_validation import MAX_JSON_BYTES, MAX_JSON_DEPTH, json_depth
from flamenco.specs import SEED_SPEC_FILE, V3_SPEC_FILE


def _json_operations() -> list[tuple[str, str]]:
    """(method, path) of every operation of both specs with a JSON request body, IDs filled in."""
    found = []
    for spec_file in (SEED_SPEC_FILE, V3_SPEC_FILE):
        spec = yaml.safe_load(spec_file.read_text(encoding="utf-8"))
        for path, item in spec["paths"].items():
            for method, operation in item.items():
                content = (
                    (operation.get("requestBody") or {}).get("content", {})
                    if isinstance(operation, dict)
                    else {}
                )
                if "application/json" in content:
                    concrete = path.replace("{job_id}", "3c7d1b5e-0000-4000-8000-000000000001")
                    concrete = concrete.replace("{task_id}", "3c7d1b5e-0000-4000-8000-000000000002")
                    concrete = concrete.replace("{worker_id}", "3c7d1b5e-0000-4000-8000-000000000003")
                    found.append((method.upper(), concrete))
    return found


JSON_OPERATIONS = _json_operations()


@pytest.mark.parametrize(
    ("body", "depth"),
    [
        (b"{}", 0),  # too few brackets to matter: not measured
        (b"[" * 100 + b"]" * 100, 100),
        (b'{"a":' * 70 + b"1" + b"}" * 70, 70),
        (b'{"a": "' + b"[" * 200 + b'"}', 1),  # brackets in a string are text
        (b'{"a": "\\"' + b"[" * 200 + b'"}', 1),  # an escaped quote does not end the string
        (b'{"a": "\\\\", "b": ' + b"[" * 100 + b"]" * 100 + b"}", 101),  # but an escaped backslash does
        (b'["", "", ' + b"[" * 80 + b"]" * 80 + b', "]]]]"]', 81),  # empty strings and brackets in strings
        (json.dumps({"files": [{"path": f"f[{i}]"} for i in range(200)]}).encode(), 3),
    ],
)
def test_depth_counts_structure_not_text(body, depth):
    assert json_depth(body) == depth


@pytest.mark.parametrize(("method", "path"), JSON_OPERATIONS)
def test_a_deeply_nested_body_is_a_400_on_every_json_operation(client, method, path):
    deep = b"[" * 5000 + b"]" * 5000
    response = client.request(method, path, content=deep, headers={"content-type": "application/json"})
    assert response.status_code == 400, response.text
    assert response.json() == {
        "code": 400,
        "message": f"JSON may nest arrays and objects at most {MAX_JSON_DEPTH} levels deep",
    }


@pytest.mark.parametrize("door", ["/api", "/api/v3"])
def test_nesting_within_the_limit_reaches_the_operation(client, door):
    """The body passes the guard and is parsed: the job type, not the door, refuses the setting."""
    nested: object = "deep"
    for _ in range(MAX_JSON_DEPTH - 2):
        nested = {"n": nested}
    body = {"name": "nested", "type": "echo-sleep-test", "priority": 50, "submitter_platform": "linux"}
    body["settings"] = {"message": "hi", "extra": nested}
    response = client.post(f"{door}/jobs", json=body)
    assert response.status_code == 400
    assert response.json()["message"].startswith("setting 'extra' is not a setting of job type")


def test_nothing_is_stored_from_a_refused_body(client):
    deep = (
        b'{"name": "x", "type": "echo-sleep-test", "priority": 1, "settings": '
        + b"[" * 100
        + b"]" * 100
        + b"}"
    )
    assert (
        client.post("/api/jobs", content=deep, headers={"content-type": "application/json"}).status_code
        == 400
    )
    assert client.post("/api/jobs/query", json={}).json()["jobs"] == []


def test_a_body_announcing_too_many_bytes_is_a_413_before_it_is_read(client):
    response = client.post(
        "/api/v3/jobs",
        content=b"{}",
        headers={"content-type": "application/json", "content-length": str(MAX_JSON_BYTES + 1)},
    )
    assert response.status_code == 413
    assert response.json() == {"code": 413, "message": f"a JSON body may be at most {MAX_JSON_BYTES} bytes"}


def test_a_body_that_grows_too_large_is_a_413(client):
    def chunks():
        piece = b" " * (1024 * 1024)
        yield b'{"files": ['
        for _ in range(MAX_JSON_BYTES // len(piece) + 1):
            yield piece

    response = client.post(
        "/api/shaman/checkout/requirements".removeprefix("/api"),
        content=chunks(),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json()["code"] == 413

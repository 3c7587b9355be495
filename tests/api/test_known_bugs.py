"""Bugs in src/ that the fuzzing found: minimal reproductions, stating what a client should get.

Fixed ones stay here as regression tests. Open ones are strict xfails: while the bug is there the
test fails and shows as XFAIL; once it is fixed the test passes, ``strict=True`` turns the XPASS into
a failure, and that is the prompt to drop the marker here and the matching exclusion in
test_fuzz.py (``KNOWN_BUGS`` / ``known_bug``). Bug IDs are the ones used in test_fuzz.py.
"""

from __future__ import annotations

from typing import Any

import pytest

INT64_MAX = 2**63 - 1
INT32_MAX = 2**31 - 1


def echo_job(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "job",
        "type": "echo-sleep-test",
        "priority": 50,
        "settings": {"message": "hi"},
        **overrides,
    }


def assert_error(response: Any, status: int) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.json()["code"] == status


@pytest.mark.parametrize(
    "method",
    [
        "PUT",
        "OPTIONS",  # BUG-ALLOW (fixed): OPTIONS went past the method guard to Connexion's partial 405
    ],
)
def test_405_allow_header_lists_every_method_of_the_path(client: Any, method: str) -> None:
    response = client.request(method, "/shaman/files/" + "0" * 64 + "/1")
    assert_error(response, 405)
    allowed = {name.strip() for name in response.headers["allow"].split(",")}
    assert {"GET", "POST"} <= allowed


def test_undeclared_method_on_a_concrete_path_is_405(client: Any) -> None:
    # BUG-CONCRETE-PATH (fixed): was served by fetchJob with job_id="query" → 400 "'query' is not a 'uuid'".
    response = client.get("/api/jobs/query")
    assert_error(response, 405)
    assert response.headers["allow"] == "POST"


@pytest.mark.parametrize(
    ("path", "body"),
    [
        pytest.param("/api/jobs", echo_job(priority=INT64_MAX + 1), id="job-priority"),
        pytest.param("/api/jobs", echo_job(priority=-INT64_MAX - 2), id="job-priority-negative"),
        pytest.param("/api/jobs/query", {"limit": INT64_MAX + 1}, id="query-limit"),
        pytest.param("/api/jobs/query", {"offset": INT64_MAX + 1}, id="query-offset"),
    ],
)
def test_huge_integers_are_answered_without_server_error(
    client: Any, path: str, body: dict[str, Any]
) -> None:
    # BUG-INT-RANGE (fixed): was 500 OverflowError (SQLite) / DataError (PostgreSQL).
    response = client.post(path, json=body)
    # A clear 400, or for limit/offset simply "no more than there is": anything but a crash.
    assert response.status_code < 500, response.text


def test_job_priority_beyond_32_bits_is_not_a_server_error(client: Any) -> None:
    # BUG-INT-RANGE (fixed): job.priority is a 32-bit INTEGER column on PostgreSQL.
    response = client.post("/api/jobs", json=echo_job(priority=INT32_MAX + 1))
    assert response.status_code in (200, 400), response.text


@pytest.mark.parametrize(
    ("path", "raw_body"),
    [
        pytest.param("/api/jobs", '{"name": "\\ud800", "type": "echo-sleep-test", "priority": 1, '
                     '"settings": {"message": "hi"}}', id="job-name"),
        pytest.param("/api/worker/register-worker", '{"secret": "s", "platform": "linux", '
                     '"supported_task_types": ["misc"], "nickname": "\\udc00"}', id="worker-nickname"),
        pytest.param("/api/jobs/query", '{"metadata": {"project": "\\ud800"}}', id="query-metadata"),
    ],
)  # fmt: skip
def test_lone_surrogate_in_json_is_a_400(client: Any, path: str, raw_body: str) -> None:
    # BUG-SURROGATE (fixed): was 500 UnicodeEncodeError. Valid JSON (RFC 8259 allows the escape) that is
    # not valid Unicode text: refuse it as a bad request.
    response = client.post(path, content=raw_body.encode(), headers={"Content-Type": "application/json"})
    assert_error(response, 400)


def test_nul_character_in_a_job_name_is_not_a_server_error(
    client: Any, request: pytest.FixtureRequest
) -> None:
    response = client.post("/api/jobs", json=echo_job(name="a\x00b"))
    assert response.status_code in (200, 400), response.text


def test_nul_character_in_a_worker_nickname_is_not_a_server_error(
    client: Any, request: pytest.FixtureRequest
) -> None:
    response = client.post(
        "/api/worker/register-worker",
        json={"secret": "s", "platform": "linux", "supported_task_types": ["misc"], "nickname": "a\x00b"},
    )
    assert response.status_code in (200, 400), response.text


def test_nul_character_in_a_query_filter_key_is_not_a_server_error(client: Any) -> None:
    # SQLite only evaluates the JSON path against a row, so there must be a job to look at.
    assert client.post("/api/jobs", json=echo_job()).status_code == 200
    response = client.post("/api/jobs/query", json={"metadata": {"a\x00": "b"}})
    assert response.status_code in (200, 400), response.text


def test_a_job_with_nul_in_its_settings_does_not_break_settings_queries(
    client: Any, request: pytest.FixtureRequest
) -> None:
    assert client.post("/api/jobs", json=echo_job(name="clean")).status_code == 200
    # BUG-PG-JSON-NUL (fixed): such a job used to be stored and break every later filtered query.
    assert client.post("/api/jobs", json=echo_job(settings={"message": "a\x00b"})).status_code == 400
    response = client.post("/api/jobs/query", json={"settings": {"message": "hi"}})
    assert response.status_code == 200, response.text
    assert [job["name"] for job in response.json()["jobs"]] == ["clean"]


@pytest.mark.parametrize("key", ['say "hi"', "back\\slash", "new\nline"])
def test_query_filters_find_keys_with_quotes_backslashes_and_newlines(
    client: Any, request: pytest.FixtureRequest, key: str
) -> None:
    job = echo_job(type="odd-setting-keys", settings={key: "v"}, metadata={key: "v"})  # tests/job_types/
    submitted = client.post("/api/jobs", json=job)
    assert submitted.status_code == 200, submitted.text
    by_metadata = client.post("/api/jobs/query", json={"metadata": {key: "v"}})
    by_settings = client.post("/api/jobs/query", json={"settings": {key: "v"}})
    assert [job["id"] for job in by_metadata.json()["jobs"]] == [submitted.json()["id"]]
    assert [job["id"] for job in by_settings.json()["jobs"]] == [submitted.json()["id"]]

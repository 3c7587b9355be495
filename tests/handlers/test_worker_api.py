"""The worker API over HTTP (in-process), responses validated against the spec."""

from __future__ import annotations

import uuid

import pytest

from tests.factories import independent_job

REGISTRATION = {"secret": "s3cret", "platform": "linux", "supported_task_types": ["misc"], "nickname": "w1"}


@pytest.fixture
def auth(client):
    registered = client.post("/api/worker/register-worker", json=REGISTRATION).json()
    return (registered["uuid"], "s3cret")


def awake(client, auth):
    client.post(
        "/api/worker/sign-on",
        json={"nickname": "w1", "supported_task_types": ["misc"], "software_version": "3.0"},
        auth=auth,
    )
    assert client.post("/api/worker/state-changed", json={"status": "awake"}, auth=auth).status_code == 204


def test_register_returns_the_worker(client):
    response = client.post("/api/worker/register-worker", json=REGISTRATION)
    assert response.status_code == 200
    body = response.json()
    assert uuid.UUID(body["uuid"])
    assert (body["nickname"], body["platform"], body["supported_task_types"]) == ("w1", "linux", ["misc"])


@pytest.mark.parametrize("credentials", [None, ("nobody", "x"), "wrong-secret"])
def test_bad_credentials_get_401_in_error_shape(client, auth, credentials):
    if credentials == "wrong-secret":
        credentials = (auth[0], "guess")
    response = client.post("/api/worker/task", auth=credentials)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/json"
    assert response.json()["code"] == 401


def test_schedule_states(client, services, auth):
    response = client.post("/api/worker/task", auth=auth)
    assert response.status_code == 409
    assert "awake" in response.json()["message"]
    awake(client, auth)
    assert client.post("/api/worker/task", auth=auth).status_code == 204
    job = independent_job(services)
    task = client.post("/api/worker/task", auth=auth)
    assert task.status_code == 200
    assert task.json()["job"] == job.uuid
    client.post(f"/api/worker-mgt/workers/{auth[0]}/setstatus", json={"status": "asleep", "is_lazy": True})
    locked = client.post("/api/worker/task", auth=auth)
    assert (locked.status_code, locked.json()) == (423, {"status_requested": "asleep"})
    assert client.get("/api/worker/state", auth=auth).json() == {"status_requested": "asleep"}


def test_task_update_and_log_tail(client, services, auth):
    awake(client, auth)
    independent_job(services)
    task_id = client.post("/api/worker/task", auth=auth).json()["uuid"]
    lines = "".join(f"line {n:04d}\n" for n in range(400))  # ~4 KiB, more than the tail
    response = client.post(
        f"/api/worker/task/{task_id}", json={"activity": "rendering", "log": lines}, auth=auth
    )
    assert response.status_code == 204
    task = client.get(f"/api/tasks/{task_id}").json()
    assert task["activity"] == "rendering"
    assert task["worker"]["name"] == "w1"
    tail = client.get(f"/api/tasks/{task_id}/logtail")
    assert tail.status_code == 200
    assert tail.text.startswith("line ")  # starts at a line boundary
    assert tail.text.endswith("line 0399\n")
    assert len(tail.text.encode()) <= 2048
    done = client.post(f"/api/worker/task/{task_id}", json={"taskStatus": "completed"}, auth=auth)
    assert done.status_code == 204
    assert client.get(f"/api/tasks/{task_id}").json()["status"] == "completed"


def test_log_tail_is_204_before_any_log(client, services):
    job = independent_job(services)
    task_id = client.get(f"/api/jobs/{job.uuid}/tasks").json()["tasks"][0]["id"]
    assert client.get(f"/api/tasks/{task_id}/logtail").status_code == 204


def test_may_i_run_says_why_not(client, services, auth):
    awake(client, auth)
    job = independent_job(services)
    task_id = client.post("/api/worker/task", auth=auth).json()["uuid"]
    assert client.get(f"/api/worker/task/{task_id}/may-i-run", auth=auth).json()["mayKeepRunning"] is True
    client.post(f"/api/jobs/{job.uuid}/setstatus", json={"status": "cancel-requested", "reason": "oops"})
    answer = client.get(f"/api/worker/task/{task_id}/may-i-run", auth=auth).json()
    assert answer == {"mayKeepRunning": False, "reason": "task is canceled", "statusChangeRequested": False}


def test_soft_failed_is_not_for_workers_to_say(client, services, auth):
    awake(client, auth)
    independent_job(services)
    task_id = client.post("/api/worker/task", auth=auth).json()["uuid"]
    response = client.post(f"/api/worker/task/{task_id}", json={"taskStatus": "soft-failed"}, auth=auth)
    assert response.status_code == 400
    assert "soft-failed" in response.json()["message"]


def test_sign_off_requeues(client, services, auth):
    awake(client, auth)
    job = independent_job(services)
    client.post("/api/worker/task", auth=auth)
    assert client.post("/api/worker/sign-off", auth=auth).status_code == 204
    assert client.get(f"/api/jobs/{job.uuid}/tasks").json()["tasks"][0]["status"] == "queued"
    assert client.get(f"/api/worker-mgt/workers/{auth[0]}").json()["status"] == "offline"


def test_workers_show_when_last_seen_and_what_they_run(client, services, auth):
    awake(client, auth)
    job = independent_job(services)
    task = client.post("/api/worker/task", auth=auth).json()
    listed = client.get("/api/worker-mgt/workers").json()["workers"]
    running = {"id": task["uuid"], "name": task["name"], "status": "active", "job_id": job.uuid}
    assert listed[0]["task"] == running
    assert listed[0]["last_seen"].startswith("2026-01-01T12:00:00")  # the test clock
    detail = client.get(f"/api/worker-mgt/workers/{auth[0]}").json()
    assert detail["task"]["id"] == task["uuid"]
    client.post(f"/api/worker/task/{task['uuid']}", json={"taskStatus": "failed"}, auth=auth)
    failed = client.get(f"/api/tasks/{task['uuid']}").json()
    assert [w["id"] for w in failed["failed_by_workers"]] == [auth[0]]
    assert "task" not in client.get(f"/api/worker-mgt/workers/{auth[0]}").json()

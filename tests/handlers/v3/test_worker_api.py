"""The worker protocol on `/api/v3`, as Flamenco 3.8's worker speaks it (answers checked by the spec)."""

from __future__ import annotations

import uuid

import pytest

from tests.factories import independent_job

from .conftest import REGISTRATION

UNKNOWN_TASK = "3c7d1b5e-0000-4000-8000-00000000000a"


def test_register_with_a_name(client):
    answer = client.post("/api/v3/worker/register-worker", json=REGISTRATION)
    assert answer.status_code == 200
    body = answer.json()
    assert uuid.UUID(body["uuid"])
    assert (body["name"], body["platform"], body["supported_task_types"]) == ("w3", "linux", ["misc"])
    assert "nickname" not in body
    seed_style = {**REGISTRATION, "nickname": "w3"}
    del seed_style["name"]
    assert client.post("/api/v3/worker/register-worker", json=seed_style).status_code == 400


@pytest.mark.parametrize("credentials", [("3c7d1b5e-0000-4000-8000-00000000000b", "x"), "wrong-secret"])
def test_refused_credentials_are_a_403_in_the_error_shape(client, auth, credentials):
    if credentials == "wrong-secret":
        credentials = (auth[0], "guess")
    for method, path in [("POST", "/api/v3/worker/task"), ("POST", "/api/v3/worker/sign-off")]:
        answer = client.request(method, path, auth=credentials)
        assert answer.status_code == 403
        assert answer.json()["code"] == 403
    assert client.post("/api/worker/task", auth=credentials).status_code == 401  # the seed door's answer


def test_missing_credentials_are_a_401_on_both_doors(client):
    for door in ("/api", "/api/v3"):
        answer = client.post(f"{door}/worker/task")
        assert (answer.status_code, answer.json()["code"]) == (401, 401)


def test_schedule_states_and_the_assigned_task(client, services, auth):
    conflict = client.post("/api/v3/worker/task", auth=auth)
    assert (conflict.status_code, conflict.json()["code"]) == (409, 409)
    client.post(
        "/api/v3/worker/sign-on",
        json={"name": "w3", "supported_task_types": ["misc"], "software_version": "3.8.5"},
        auth=auth,
    )
    client.post("/api/v3/worker/state-changed", json={"status": "awake"}, auth=auth)
    assert client.post("/api/v3/worker/task", auth=auth).status_code == 204
    job = independent_job(services)
    task = client.post("/api/v3/worker/task", auth=auth).json()
    assert task["job"] == job.uuid
    assert task["status"] == "active"
    assert task["commands"][0]["total_step_count"] == 0  # this job type's commands report no steps
    assert {"steps_completed", "steps_total"} <= set(task)
    client.post(f"/api/v3/worker-mgt/workers/{auth[0]}/setstatus", json={"status": "asleep", "is_lazy": True})
    locked = client.post("/api/v3/worker/task", auth=auth)
    assert (locked.status_code, locked.json()) == (423, {"status_requested": "asleep"})
    assert client.get("/api/v3/worker/state", auth=auth).json() == {"status_requested": "asleep"}


def test_a_stop_request_reads_offline_here_and_shutdown_to_a_seed_worker(client, awake):
    client.post(
        f"/api/v3/worker-mgt/workers/{awake[0]}/setstatus", json={"status": "offline", "is_lazy": False}
    )
    assert client.get("/api/v3/worker/state", auth=awake).json() == {"status_requested": "offline"}
    assert client.get("/api/worker/state", auth=awake).json() == {"status_requested": "shutdown"}
    listed = client.get("/api/worker-mgt/workers").json()["workers"][0]
    assert listed["status_change"] == {"status": "offline", "is_lazy": False}


def test_a_seed_shutdown_request_is_a_3_8_offline_request(client, awake):
    client.post(f"/api/worker-mgt/workers/{awake[0]}/setstatus", json={"status": "shutdown", "is_lazy": True})
    assert client.get("/api/v3/worker/state", auth=awake).json() == {"status_requested": "offline"}
    assert client.post("/api/v3/worker/sign-off", auth=awake).status_code == 204
    worker = client.get(f"/api/v3/worker-mgt/workers/{awake[0]}").json()
    assert worker["status"] == "offline"
    assert "status_change" not in worker  # signing off fulfils a stop request


def test_shutdown_is_not_a_3_8_status(client, awake):
    answer = client.post(
        f"/api/v3/worker-mgt/workers/{awake[0]}/setstatus", json={"status": "shutdown", "is_lazy": True}
    )
    assert answer.status_code == 400
    assert (
        client.post("/api/v3/worker/state-changed", json={"status": "shutdown"}, auth=awake).status_code
        == 400
    )


def test_task_updates_from_the_worker_and_from_another(client, services, awake):
    independent_job(services)
    task_id = client.post("/api/v3/worker/task", auth=awake).json()["uuid"]
    update = client.post(
        f"/api/v3/worker/task/{task_id}",
        json={"taskStatus": "active", "activity": "Started", "log": "hello"},
        auth=awake,
    )
    assert update.status_code == 204
    other = client.post("/api/v3/worker/register-worker", json={**REGISTRATION, "name": "other"}).json()
    refused = client.post(
        f"/api/v3/worker/task/{task_id}", json={"activity": "mine?"}, auth=(other["uuid"], "s3cret")
    )
    assert (refused.status_code, refused.json()["code"]) == (409, 409)
    soft = client.post(f"/api/v3/worker/task/{task_id}", json={"taskStatus": "soft-failed"}, auth=awake)
    assert soft.status_code == 400
    done = client.post(f"/api/v3/worker/task/{task_id}", json={"taskStatus": "completed"}, auth=awake)
    assert done.status_code == 204
    task = client.get(f"/api/v3/tasks/{task_id}").json()
    assert (task["status"], task["activity"], task["worker"]["name"]) == ("completed", "Started", "w3")
    assert client.get(f"/api/v3/tasks/{task_id}/logtail").text.endswith(
        "task changed status active -> completed\n"
    )


def test_may_i_run_answers_200_for_a_task_that_is_gone(client, awake):
    answer = client.get(f"/api/v3/worker/task/{UNKNOWN_TASK}/may-i-run", auth=awake)
    assert answer.status_code == 200
    assert answer.json() == {
        "mayKeepRunning": False,
        "reason": "Task not found",
        "statusChangeRequested": False,
    }
    assert (
        client.get(f"/api/worker/task/{UNKNOWN_TASK}/may-i-run", auth=awake).status_code == 404
    )  # seed door


def test_may_i_run_for_a_running_task(client, services, awake):
    independent_job(services)
    task_id = client.post("/api/v3/worker/task", auth=awake).json()["uuid"]
    assert client.get(f"/api/v3/worker/task/{task_id}/may-i-run", auth=awake).json() == {
        "mayKeepRunning": True,
        "reason": "",
        "statusChangeRequested": False,
    }
    client.post(
        f"/api/v3/worker-mgt/workers/{awake[0]}/setstatus", json={"status": "asleep", "is_lazy": False}
    )
    stop = client.get(f"/api/v3/worker/task/{task_id}/may-i-run", auth=awake).json()
    assert (stop["mayKeepRunning"], stop["statusChangeRequested"]) == (False, True)


def test_sign_off_requeues_and_worker_state(client, services, awake):
    job = independent_job(services)
    client.post("/api/v3/worker/task", auth=awake)
    assert client.get("/api/v3/worker/state", auth=awake).status_code == 204
    assert client.post("/api/v3/worker/sign-off", auth=awake).status_code == 204
    assert client.get(f"/api/v3/jobs/{job.uuid}/tasks").json()["tasks"][0]["status"] == "queued"
    assert client.get(f"/api/v3/worker-mgt/workers/{awake[0]}").json()["status"] == "offline"


def test_long_poll_on_this_door_too(client, services, awake):
    import threading
    import time

    threading.Timer(0.3, lambda: independent_job(services)).start()
    started = time.monotonic()
    answer = client.post("/api/v3/worker/task", auth=awake, headers={"Prefer": "wait=5"})
    assert answer.status_code == 200
    assert 0.2 < time.monotonic() - started < 3

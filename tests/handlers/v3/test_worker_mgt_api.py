"""worker-mgt on `/api/v3`: 3.8's worker summaries and details."""

from __future__ import annotations

from tests.factories import independent_job

UNKNOWN_WORKER = "3c7d1b5e-0000-4000-8000-00000000000d"


def test_workers_are_listed_in_3_8_shape(client, services, awake):
    independent_job(services)
    client.post("/api/v3/worker/task", auth=awake)
    listed = client.get("/api/v3/worker-mgt/workers").json()["workers"]
    assert len(listed) == 1
    worker = listed[0]
    assert (worker["id"], worker["name"], worker["status"], worker["version"]) == (
        awake[0],
        "w3",
        "awake",
        "3.8.5",
    )
    assert isinstance(worker["can_restart"], bool)
    assert worker["last_seen"].startswith("2026-01-01T12:00:00")  # the test clock
    assert "task" not in worker and "nickname" not in worker  # seed-door fields


def test_a_worker_in_detail_with_the_task_it_runs(client, services, awake):
    job = independent_job(services)
    task = client.post("/api/v3/worker/task", auth=awake).json()
    worker = client.get(f"/api/v3/worker-mgt/workers/{awake[0]}").json()
    assert (worker["platform"], worker["supported_task_types"], worker["ip_address"]) == (
        "linux",
        ["misc"],
        "testclient",
    )
    running = worker["task"]
    assert (running["id"], running["job_id"], running["status"], running["index_in_job"]) == (
        task["uuid"],
        job.uuid,
        "active",
        1,
    )
    assert {"steps_completed", "steps_total", "priority", "task_type", "updated"} <= set(running)
    client.post(f"/api/v3/worker/task/{task['uuid']}", json={"taskStatus": "completed"}, auth=awake)
    assert "task" not in client.get(f"/api/v3/worker-mgt/workers/{awake[0]}").json()
    assert client.get(f"/api/v3/worker-mgt/workers/{UNKNOWN_WORKER}").status_code == 404


def test_status_requests_and_cancelling_them(client, awake):
    path = f"/api/v3/worker-mgt/workers/{awake[0]}/setstatus"
    assert client.post(path, json={"status": "asleep", "is_lazy": True}).status_code == 204
    assert client.get(f"/api/v3/worker-mgt/workers/{awake[0]}").json()["status_change"] == {
        "status": "asleep",
        "is_lazy": True,
    }
    assert (
        client.post(path, json={"status": "awake", "is_lazy": False}).status_code == 204
    )  # its current status
    assert "status_change" not in client.get(f"/api/v3/worker-mgt/workers/{awake[0]}").json()
    unknown = client.post(
        f"/api/v3/worker-mgt/workers/{UNKNOWN_WORKER}/setstatus", json={"status": "asleep", "is_lazy": True}
    )
    assert unknown.status_code == 404


def test_restart_only_for_workers_that_come_back_by_themselves(client, auth):
    path = f"/api/v3/worker-mgt/workers/{auth[0]}/setstatus"
    sign_on = {"name": "w3", "supported_task_types": ["misc"], "software_version": "3.8.5"}
    client.post("/api/v3/worker/sign-on", json=sign_on, auth=auth)  # can_restart left out: false
    assert client.get("/api/v3/worker-mgt/workers").json()["workers"][0]["can_restart"] is False
    refused = client.post(path, json={"status": "restart", "is_lazy": True})
    assert (refused.status_code, refused.json()["code"]) == (412, 412)
    assert "status_change" not in client.get(f"/api/v3/worker-mgt/workers/{auth[0]}").json()

    client.post("/api/v3/worker/sign-on", json={**sign_on, "can_restart": True}, auth=auth)
    assert client.post(path, json={"status": "restart", "is_lazy": True}).status_code == 204
    assert client.get("/api/v3/worker/state", auth=auth).json() == {"status_requested": "restart"}
    assert client.get("/api/worker/state", auth=auth).json() == {
        "status_requested": "shutdown"
    }  # seed worker
    seed_view = client.get(f"/api/worker-mgt/workers/{auth[0]}").json()
    assert seed_view["status_change"] == {"status": "offline", "is_lazy": True}
    assert client.post("/api/v3/worker/sign-off", auth=auth).status_code == 204
    assert "status_change" not in client.get(f"/api/v3/worker-mgt/workers/{auth[0]}").json()  # fulfilled


def test_a_seed_worker_cannot_restart(client):
    registered = client.post(
        "/api/worker/register-worker",
        json={"secret": "s", "platform": "linux", "supported_task_types": ["misc"], "nickname": "old"},
    ).json()
    client.post(
        "/api/worker/sign-on",
        json={"nickname": "old", "supported_task_types": ["misc"], "software_version": "3.0"},
        auth=(registered["uuid"], "s"),
    )
    refused = client.post(
        f"/api/v3/worker-mgt/workers/{registered['uuid']}/setstatus",
        json={"status": "restart", "is_lazy": False},
    )
    assert refused.status_code == 412

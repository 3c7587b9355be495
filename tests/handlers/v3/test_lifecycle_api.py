"""Lifecycle operations on `/api/v3`: deletion, farm status, job priority, sleep schedules."""

from __future__ import annotations

import time

from flamenco.scheduler import deletion
from tests.factories import add_worker, independent_job

UNKNOWN = "3c7d1b5e-0000-4000-8000-00000000000c"


def test_delete_job_marks_it_and_the_deleter_removes_it(client, services):
    job = independent_job(services)
    assert client.get(f"/api/v3/jobs/{job.uuid}/what-would-delete-do").json() == {"shaman_checkout": False}
    assert client.delete(f"/api/v3/jobs/{job.uuid}").status_code == 204
    # The app's own job deleter (woken by the request) removes it in the background.
    deadline = time.monotonic() + 10
    while client.get(f"/api/v3/jobs/{job.uuid}").status_code != 404:
        assert time.monotonic() < deadline, "the job deleter did not delete the job"
        time.sleep(0.05)
    assert client.delete(f"/api/v3/jobs/{UNKNOWN}").status_code == 404
    assert client.get(f"/api/v3/jobs/{UNKNOWN}/what-would-delete-do").status_code == 404
    assert client.delete("/api/v3/jobs/not-a-uuid").status_code == 400


def test_mass_deletion(client, services, clock, monkeypatch):
    monkeypatch.setattr(deletion, "delete_pending", lambda svc: 0)  # keep the marked jobs to look at
    old = independent_job(services, name="old")
    clock.advance(hours=1)
    new = independent_job(services, name="new")
    answer = client.request(
        "DELETE", "/api/v3/jobs/mass-delete", json={"last_updated_max": "2026-01-01T12:30:00Z"}
    )
    assert answer.status_code == 204, answer.text
    assert "delete_requested_at" in client.get(f"/api/v3/jobs/{old.uuid}").json()
    assert "delete_requested_at" not in client.get(f"/api/v3/jobs/{new.uuid}").json()
    none = client.request(
        "DELETE", "/api/v3/jobs/mass-delete", json={"last_updated_max": "2020-01-01T00:00:00Z"}
    )
    assert none.status_code == 416 and "no jobs" in none.json()["message"]
    missing = client.request("DELETE", "/api/v3/jobs/mass-delete", json={})
    assert missing.status_code == 400 and "last_updated_max" in missing.json()["message"]


def test_delete_worker_refuses_its_credentials_afterwards(client, awake):
    assert client.delete(f"/api/v3/worker-mgt/workers/{awake[0]}").status_code == 204
    assert client.get(f"/api/v3/worker-mgt/workers/{awake[0]}").status_code == 404
    assert client.get("/api/v3/worker-mgt/workers").json() == {"workers": []}
    assert client.post("/api/v3/worker/task", auth=awake).status_code in (401, 403)
    assert client.delete(f"/api/v3/worker-mgt/workers/{awake[0]}").status_code == 404


def test_farm_status(client, services):
    assert client.get("/api/v3/status").json() == {"status": "inoperative"}
    worker = add_worker(services)
    assert client.get("/api/v3/status").json() == {"status": "idle"}
    independent_job(services)
    assert client.get("/api/v3/status").json() == {"status": "waiting"}
    client.post(
        f"/api/v3/worker-mgt/workers/{worker.uuid}/setstatus", json={"status": "asleep", "is_lazy": False}
    )
    assert client.get("/api/v3/status").json() == {"status": "waiting"}


def test_set_job_priority(client, services):
    job = independent_job(services, count=2)
    path = f"/api/v3/jobs/{job.uuid}/setpriority"
    assert client.post(path, json={"priority": 80}).status_code == 204
    assert client.get(f"/api/v3/jobs/{job.uuid}").json()["priority"] == 80
    assert client.post(path, json={"priority": 101}).status_code == 400
    assert client.post(f"/api/v3/jobs/{UNKNOWN}/setpriority", json={"priority": 1}).status_code == 404


def test_sleep_schedule_round_trip(client, awake):
    path = f"/api/v3/worker-mgt/workers/{awake[0]}/sleep-schedule"
    assert client.get(path).status_code == 204
    schedule = {"is_active": True, "days_of_week": "Monday tu", "start_time": "18:00", "end_time": "9:00"}
    assert client.post(path, json=schedule).status_code == 204
    assert client.get(path).json() == {
        "is_active": True,
        "days_of_week": "mo tu",
        "start_time": "09:00",  # swapped, as Flamenco does
        "end_time": "18:00",
    }
    bad = client.post(path, json={**schedule, "start_time": "25:00"})
    assert bad.status_code == 400 and "start time" in bad.json()["message"]
    assert client.post(path, json={**schedule, "days_of_week": "someday"}).status_code == 400
    assert client.get(f"/api/v3/worker-mgt/workers/{UNKNOWN}/sleep-schedule").status_code == 404
    assert (
        client.post(f"/api/v3/worker-mgt/workers/{UNKNOWN}/sleep-schedule", json=schedule).status_code == 404
    )

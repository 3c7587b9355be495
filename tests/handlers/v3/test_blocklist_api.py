"""Job blocklists on `/api/v3`: a worker that keeps failing a job's tasks is blocked, listed, and freed."""

from __future__ import annotations

from tests.factories import add_worker, independent_job

UNKNOWN = "3c7d1b5e-0000-4000-8000-00000000000d"


def test_a_failing_worker_is_blocklisted_listed_and_removed(client, services, awake):
    services.config.blocklist_threshold = 2
    services.config.task_fail_job_percentage = 100
    add_worker(services, "other")  # so the job keeps a worker that may run it
    job = independent_job(services, count=5)
    path = f"/api/v3/jobs/{job.uuid}/blocklist"
    assert client.get(path).json() == []
    for _ in range(2):
        task = client.post("/api/v3/worker/task", auth=awake).json()
        failed = client.post(f"/api/v3/worker/task/{task['uuid']}", json={"taskStatus": "failed"}, auth=awake)
        assert failed.status_code == 204
    assert client.get(path).json() == [{"worker_id": awake[0], "worker_name": "w3", "task_type": "misc"}]
    assert client.post("/api/v3/worker/task", auth=awake).status_code == 204  # nothing else for it
    assert (
        client.request("DELETE", path, json=[{"worker_id": awake[0], "task_type": "misc"}]).status_code == 204
    )
    assert client.get(path).json() == []
    assert client.post("/api/v3/worker/task", auth=awake).status_code == 200


def test_bad_blocklist_requests(client, services):
    job = independent_job(services)
    path = f"/api/v3/jobs/{job.uuid}/blocklist"
    assert client.get(f"/api/v3/jobs/{UNKNOWN}/blocklist").status_code == 404
    assert client.get("/api/v3/jobs/not-a-uuid/blocklist").status_code == 400
    empty = client.request("DELETE", path, json=[])
    assert empty.status_code == 400 and "empty" in empty.json()["message"]
    assert client.request("DELETE", path).status_code == 400
    assert client.request("DELETE", path, json=[{"task_type": "misc"}]).status_code == 400
    unknown_job = client.request(
        "DELETE", f"/api/v3/jobs/{UNKNOWN}/blocklist", json=[{"worker_id": UNKNOWN, "task_type": "x"}]
    )
    assert unknown_job.status_code == 404
    # An entry that blocks nothing is skipped, as in Flamenco.
    assert (
        client.request("DELETE", path, json=[{"worker_id": UNKNOWN, "task_type": "misc"}]).status_code == 204
    )


def test_the_no_workers_left_reason_reaches_the_job(client, services, awake):
    services.config.blocklist_threshold = 1
    job = independent_job(services, count=3)
    task = client.post("/api/v3/worker/task", auth=awake).json()
    client.post(f"/api/v3/worker/task/{task['uuid']}", json={"taskStatus": "failed"}, auth=awake)
    fetched = client.get(f"/api/v3/jobs/{job.uuid}").json()
    assert fetched["status"] == "failed"
    assert fetched["activity"] == "no more workers left to run tasks of type 'misc'"

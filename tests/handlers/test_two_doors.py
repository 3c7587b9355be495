"""Two doors, one farm: what goes in through `/api` is seen and steered through `/api/v3`, and back."""

from __future__ import annotations

SEED_WORKER = {"secret": "seed", "platform": "linux", "supported_task_types": ["misc"], "nickname": "seed-w"}
V3_WORKER = {"secret": "v3", "platform": "linux", "supported_task_types": ["misc"], "name": "v3-w"}


def _seed_worker(client):
    worker = client.post("/api/worker/register-worker", json=SEED_WORKER).json()
    auth = (worker["uuid"], "seed")
    client.post(
        "/api/worker/sign-on",
        json={"nickname": "seed-w", "supported_task_types": ["misc"], "software_version": "3.0"},
        auth=auth,
    )
    client.post("/api/worker/state-changed", json={"status": "awake"}, auth=auth)
    return auth


def _v3_worker(client):
    worker = client.post("/api/v3/worker/register-worker", json=V3_WORKER).json()
    auth = (worker["uuid"], "v3")
    client.post(
        "/api/v3/worker/sign-on",
        json={"name": "v3-w", "supported_task_types": ["misc"], "software_version": "3.8.5"},
        auth=auth,
    )
    client.post("/api/v3/worker/state-changed", json={"status": "awake"}, auth=auth)
    return auth


def test_a_seed_job_is_run_by_both_kinds_of_worker_and_seen_through_both_doors(client):
    job = client.post(
        "/api/jobs",
        json={"name": "both", "type": "independent-tasks", "priority": 50, "settings": {"count": 2}},
    ).json()
    seed_auth, v3_auth = _seed_worker(client), _v3_worker(client)

    seed_task = client.post("/api/worker/task", auth=seed_auth).json()
    v3_task = client.post("/api/v3/worker/task", auth=v3_auth).json()
    assert {seed_task["job"], v3_task["job"]} == {job["id"]}
    assert seed_task["uuid"] != v3_task["uuid"]
    assert "steps_total" not in seed_task and "steps_total" in v3_task  # each door its own shape

    for auth, task, door in [(seed_auth, seed_task, "/api"), (v3_auth, v3_task, "/api/v3")]:
        answer = client.post(
            f"{door}/worker/task/{task['uuid']}", json={"taskStatus": "completed"}, auth=auth
        )
        assert answer.status_code == 204
    assert client.get(f"/api/v3/jobs/{job['id']}").json()["status"] == "completed"
    assert client.get(f"/api/jobs/{job['id']}").json()["task_counts"]["completed"] == 2
    workers = {w["name"]: w for w in client.get("/api/v3/worker-mgt/workers").json()["workers"]}
    assert set(workers) == {"seed-w", "v3-w"}
    assert {w["nickname"] for w in client.get("/api/worker-mgt/workers").json()["workers"]} == {
        "seed-w",
        "v3-w",
    }


def test_a_3_8_job_is_steered_through_the_seed_door(client):
    job = client.post(
        "/api/v3/jobs",
        json={
            "name": "from the add-on",
            "type": "echo-sleep-test",
            "priority": 50,
            "submitter_platform": "linux",
            "settings": {"message": "hi"},
        },
    ).json()
    seed_view = client.get(f"/api/jobs/{job['id']}").json()
    assert (seed_view["name"], seed_view["status"], seed_view["task_counts"]["queued"]) == (
        "from the add-on",
        "queued",
        2,
    )
    assert "submitter_platform" not in seed_view
    assert (
        client.post(f"/api/jobs/{job['id']}/setstatus", json={"status": "paused", "reason": "r"}).status_code
        == 204
    )
    assert client.get(f"/api/v3/jobs/{job['id']}").json()["status"] == "paused"
    queried = client.post("/api/jobs/query", json={"status_in": ["paused"]}).json()["jobs"]
    assert [j["id"] for j in queried] == [job["id"]]


def test_credentials_work_on_both_doors(client):
    seed_auth = _seed_worker(client)
    assert client.get("/api/v3/worker/state", auth=seed_auth).status_code == 204
    v3_auth = _v3_worker(client)
    assert client.post("/api/worker/task", auth=v3_auth).status_code == 204

"""Worker tags on `/api/v3`: tag CRUD, worker membership, a job's tag, and the claim honouring them."""

from __future__ import annotations

from tests.factories import add_worker, independent_job
from tests.handlers.v3.test_jobs_api import _submission

UNKNOWN = "3c7d1b5e-0000-4000-8000-00000000000d"


def create(client, name, **extra):
    answer = client.post("/api/v3/worker-mgt/tags", json={"name": name, **extra})
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_tags_are_created_listed_renamed_and_deleted(client):
    gpu = create(client, "GPU-EEVEE", description="GPU renderers")
    chosen = create(client, "cpu", id="4312d68c-ea6d-4566-9bf6-e9f09be48ceb")
    assert chosen["id"] == "4312d68c-ea6d-4566-9bf6-e9f09be48ceb"  # a client-chosen UUID is kept
    assert client.get("/api/v3/worker-mgt/tags").json() == {
        "tags": [{"id": gpu["id"], "name": "GPU-EEVEE", "description": "GPU renderers"}, chosen]
    }
    path = f"/api/v3/worker-mgt/tag/{gpu['id']}"
    assert client.put(path, json={"name": "gpu"}).status_code == 204
    # Without a description the old one stays (as in Flamenco).
    assert client.get(path).json() == {"id": gpu["id"], "name": "gpu", "description": "GPU renderers"}
    assert client.delete(path).status_code == 204
    assert client.get(path).status_code == 404
    assert client.delete(path).status_code == 404
    assert [t["name"] for t in client.get("/api/v3/worker-mgt/tags").json()["tags"]] == ["cpu"]


def test_bad_tags_are_refused_and_store_nothing(client):
    create(client, "gpu")
    for body, status in [({"name": "gpu"}, 409), ({"name": "  "}, 400), ({"name": "x" * 65}, 400), ({}, 400)]:
        answer = client.post("/api/v3/worker-mgt/tags", json=body)
        assert answer.status_code == status, (body, answer.text)
        assert set(answer.json()) == {"code", "message"}
    other = create(client, "cpu")
    renamed = client.put(f"/api/v3/worker-mgt/tag/{other['id']}", json={"name": "gpu"})
    assert renamed.status_code == 409
    assert client.put(f"/api/v3/worker-mgt/tag/{UNKNOWN}", json={"name": "z"}).status_code == 404
    assert sorted(t["name"] for t in client.get("/api/v3/worker-mgt/tags").json()["tags"]) == ["cpu", "gpu"]


def test_worker_membership_shows_on_the_worker(client, services):
    worker = add_worker(services, "w1")
    gpu, cpu = create(client, "gpu"), create(client, "cpu")
    path = f"/api/v3/worker-mgt/workers/{worker.uuid}"
    assert client.post(f"{path}/settags", json={"tag_ids": [gpu["id"], cpu["id"]]}).status_code == 204
    assert [t["name"] for t in client.get(path).json()["tags"]] == ["cpu", "gpu"]
    refused = client.post(f"{path}/settags", json={"tag_ids": [gpu["id"], UNKNOWN]})
    assert refused.status_code == 400  # an unknown tag refuses the whole change
    assert [t["name"] for t in client.get(path).json()["tags"]] == ["cpu", "gpu"]
    assert client.post(f"{path}/settags", json={"tag_ids": []}).status_code == 204
    assert client.get(path).json()["tags"] == []
    assert (
        client.post(f"/api/v3/worker-mgt/workers/{UNKNOWN}/settags", json={"tag_ids": []}).status_code == 404
    )
    client.post(f"{path}/settags", json={"tag_ids": [gpu["id"]]})
    client.delete(f"/api/v3/worker-mgt/tag/{gpu['id']}")
    assert client.get(path).json()["tags"] == []  # deleting a tag ends its memberships


def test_a_tagged_job_runs_only_on_workers_of_its_tag(client, services, awake):
    gpu = create(client, "gpu")
    job = independent_job(services)
    path = f"/api/v3/jobs/{job.uuid}/settag"
    assert client.post(path, json={"name": "gpu"}).status_code == 204
    assert client.get(f"/api/v3/jobs/{job.uuid}").json()["worker_tag"] == gpu["id"]
    assert client.post("/api/v3/worker/task", auth=awake).status_code == 204  # a tagless worker
    client.post(f"/api/v3/worker-mgt/workers/{awake[0]}/settags", json={"tag_ids": [gpu["id"]]})
    assert client.post("/api/v3/worker/task", auth=awake).json()["job"] == job.uuid


def test_untagged_jobs_run_on_tagged_workers(client, services, awake):
    gpu = create(client, "gpu")
    client.post(f"/api/v3/worker-mgt/workers/{awake[0]}/settags", json={"tag_ids": [gpu["id"]]})
    job = independent_job(services)
    assert client.post("/api/v3/worker/task", auth=awake).json()["job"] == job.uuid


def test_a_job_tag_is_set_by_id_or_name_and_removed_by_neither(client, services):
    gpu = create(client, "gpu")
    job = independent_job(services)
    path = f"/api/v3/jobs/{job.uuid}/settag"
    assert client.post(path, json={"id": gpu["id"]}).status_code == 204
    assert client.get(f"/api/v3/jobs/{job.uuid}").json()["worker_tag"] == gpu["id"]
    assert client.post(path, json={}).status_code == 204
    assert "worker_tag" not in client.get(f"/api/v3/jobs/{job.uuid}").json()
    for body in ({"name": "nope"}, {"id": UNKNOWN}):
        assert client.post(path, json=body).status_code == 422
    assert client.post(path, json={"id": gpu["id"], "name": "gpu"}).status_code == 400
    assert client.post(f"/api/v3/jobs/{UNKNOWN}/settag", json={"name": "gpu"}).status_code == 404
    assert "worker_tag" not in client.get(f"/api/v3/jobs/{job.uuid}").json()


def test_deleting_a_tag_frees_its_jobs(client, services, awake):
    gpu = create(client, "gpu")
    job = independent_job(services)
    client.post(f"/api/v3/jobs/{job.uuid}/settag", json={"id": gpu["id"]})
    assert client.post("/api/v3/worker/task", auth=awake).status_code == 204
    client.delete(f"/api/v3/worker-mgt/tag/{gpu['id']}")
    assert "worker_tag" not in client.get(f"/api/v3/jobs/{job.uuid}").json()
    assert client.post("/api/v3/worker/task", auth=awake).json()["job"] == job.uuid


def test_a_job_submitted_with_a_tag_waits_for_a_member(client, services, awake):
    gpu = create(client, "gpu")
    submitted = client.post("/api/v3/jobs", json=_submission(worker_tag=gpu["id"]))
    assert submitted.status_code == 200, submitted.text
    assert client.post("/api/v3/worker/task", auth=awake).status_code == 204

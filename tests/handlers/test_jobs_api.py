"""Jobs, job types and tasks over HTTP (in-process), responses validated against the spec."""

from __future__ import annotations

import pytest

from tests.factories import spec_example

UNKNOWN_ID = "3c7d1b5e-0000-4000-8000-000000000000"  # fixed, so parallel test runs collect the same ids
SEED_EXAMPLE = spec_example("SubmittedJob")


def test_the_spec_example_submits_as_is(client):
    response = client.post("/api/jobs", json=SEED_EXAMPLE)
    assert response.status_code == 200
    job = response.json()
    assert (job["status"], job["name"], job["metadata"]["project"]) == (
        "queued",
        "3Д рендеринг",
        "Sprite Fright",
    )
    tasks = client.get(f"/api/jobs/{job['id']}/tasks").json()["tasks"]
    assert [t["name"] for t in tasks] == [
        "render-1-3",
        "render-4-6",
        "render-7-9",
        "render-10",
        "preview-video",
        "move-to-final",
    ]
    render = client.get(f"/api/tasks/{tasks[0]['id']}").json()
    assert render["commands"][0]["name"] == "blender-render"
    assert render["commands"][0]["parameters"]["args"][-1] == "1..3"


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"frames": "1-10"}, "render_output_path"),
        ({**SEED_EXAMPLE["settings"], "filepath": ""}, "filepath"),
        ({**SEED_EXAMPLE["settings"], "chunk_size": "three"}, "chunk_size"),
        ({**SEED_EXAMPLE["settings"], "images_or_video": "gif"}, "images_or_video"),
    ],
)
def test_bad_settings_are_refused_naming_the_setting(client, settings, message):
    response = client.post("/api/jobs", json={**SEED_EXAMPLE, "settings": settings})
    assert response.status_code == 400
    assert message in response.json()["message"]
    assert client.post("/api/jobs/query", json={}).json()["jobs"] == []


def test_unknown_job_type_lists_the_known_ones(client):
    response = client.post("/api/jobs", json={"name": "x", "type": "teleport", "priority": 50})
    assert (response.status_code, response.json()["code"]) == (400, 400)
    known = sorted(t["name"] for t in client.get("/api/jobs/types").json()["job_types"])
    assert response.json()["message"] == f"unknown job type 'teleport'; this Manager has: {', '.join(known)}"
    assert client.get("/api/jobs/type/teleport").status_code == 404


def test_a_setting_the_job_type_does_not_define_is_refused_listing_the_valid_ones(client):
    settings = {"message": "hi", "sleep_duration": 3}
    response = client.post(
        "/api/jobs", json={"name": "x", "type": "echo-sleep-test", "priority": 50, "settings": settings}
    )
    assert (response.status_code, response.json()["code"]) == (400, 400)
    assert response.json()["message"] == (
        "setting 'sleep_duration' is not a setting of job type 'echo-sleep-test'; "
        "its settings are: message, sleep_duration_seconds, sleep_repeats"
    )
    assert client.post("/api/jobs/query", json={}).json()["jobs"] == []  # nothing half-stored


def test_job_types_are_listed_with_settings(client):
    types = {t["name"]: t for t in client.get("/api/jobs/types").json()["job_types"]}
    assert {"echo-sleep-test", "simple-blender-render"} <= set(types)
    keys = [s["key"] for s in types["echo-sleep-test"]["settings"]]
    assert "message" in keys
    assert client.get("/api/jobs/type/echo-sleep-test").json()["label"] == types["echo-sleep-test"]["label"]


def test_query_jobs(client):
    for name in ("one", "two"):
        client.post("/api/jobs", json={**SEED_EXAMPLE, "name": name, "metadata": {"project": name}})
    result = client.post("/api/jobs/query", json={"metadata": {"project": "tw%"}, "order_by": ["-created"]})
    assert [j["name"] for j in result.json()["jobs"]] == ["two"]
    bad = client.post("/api/jobs/query", json={"order_by": ["shoe-size"]})
    assert bad.status_code == 400
    assert "shoe-size" in bad.json()["message"]


def test_job_status_changes_and_refusals(client):
    job = client.post("/api/jobs", json=SEED_EXAMPLE).json()
    refused = client.post(f"/api/jobs/{job['id']}/setstatus", json={"status": "completed", "reason": "x"})
    assert refused.status_code == 422
    assert "Manager itself" in refused.json()["message"]
    assert (
        client.post(
            f"/api/jobs/{job['id']}/setstatus", json={"status": "cancel-requested", "reason": "x"}
        ).status_code
        == 204
    )
    assert client.get(f"/api/jobs/{job['id']}").json()["status"] == "canceled"


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", f"/api/jobs/{UNKNOWN_ID}", 404),
        ("get", "/api/jobs/not-a-uuid", 400),
        ("get", f"/api/tasks/{UNKNOWN_ID}", 404),
        ("get", f"/api/worker-mgt/workers/{UNKNOWN_ID}", 404),
        ("get", "/api/jobs/type/nope", 404),
        ("get", "/api/version?extra=1", 400),
    ],
)
def test_errors_use_the_error_shape(client, method, path, status):
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["code"] == status
    assert body["message"]


def test_wrong_method_keeps_allow_header(client):
    response = client.delete("/api/version")
    assert response.status_code == 405
    assert "GET" in response.headers["allow"]
    assert response.json()["code"] == 405


def test_bad_bodies(client):
    assert (
        client.post("/api/jobs", content=b"name=x", headers={"content-type": "text/plain"}).status_code == 415
    )
    not_utf8 = client.post(
        "/api/jobs", content=b'{"name": "\xff"}', headers={"content-type": "application/json"}
    )
    assert (not_utf8.status_code, not_utf8.json()["code"]) == (400, 400)
    missing = client.post("/api/jobs", json={"name": "x"})
    assert missing.status_code == 400
    assert "required" in missing.json()["message"]


def test_meta(client, config):
    assert client.get("/api/version").json()["name"] == "Flamenco Manager"
    conf = client.get("/api/configuration").json()
    assert conf == {"storageLocation": str(config.shaman_checkout_path.absolute()), "shamanEnabled": True}


def test_jobs_carry_their_progress_and_queries_their_total(client):
    for number in range(3):
        client.post("/api/jobs", json={**SEED_EXAMPLE, "name": f"shot {number}"})
    page = client.post("/api/jobs/query", json={"limit": 2, "name_contains": "SHOT", "order_by": ["name"]})
    body = page.json()
    assert ([j["name"] for j in body["jobs"]], body["total"]) == (["shot 0", "shot 1"], 3)
    counts = body["jobs"][0]["task_counts"]
    assert (counts["total"], counts["queued"], counts["completed"]) == (6, 6, 0)
    job_id = body["jobs"][0]["id"]
    assert client.get(f"/api/jobs/{job_id}").json()["task_counts"] == counts


def test_whole_task_log_downloads_as_a_file(client, services):
    job = client.post("/api/jobs", json=SEED_EXAMPLE).json()
    task = client.get(f"/api/jobs/{job['id']}/tasks").json()["tasks"][0]
    assert client.get(f"/api/tasks/{task['id']}/log").status_code == 204
    lines = "".join(f"line {n} {'x' * 40}\n" for n in range(200))  # longer than the tail
    services.tasklogs.append(job["id"], task["id"], lines)
    response = client.get(f"/api/tasks/{task['id']}/log")
    assert response.status_code == 200
    assert response.text == lines
    assert response.headers["content-type"].startswith("text/plain")
    assert "attachment" in response.headers["content-disposition"]
    assert client.get(f"/api/tasks/{UNKNOWN_ID}/log").status_code == 404

"""jobs on `/api/v3`: job types with etags, submission as Flamenco 3.8's add-on does it, listing, steering."""

from __future__ import annotations

import pytest

from tests.factories import independent_job

UNKNOWN_JOB = "3c7d1b5e-0000-4000-8000-00000000000c"


def _submission(**extra):
    return {
        "name": "shot-010",
        "type": "echo-sleep-test",
        "priority": 60,
        "submitter_platform": "linux",
        "settings": {"message": "hi", "sleep_repeats": 2},
        "metadata": {"project": "sprite"},
        **extra,
    }


def test_job_types_carry_an_etag_that_follows_the_declaration(client):
    types = {t["name"]: t for t in client.get("/api/v3/jobs/types").json()["job_types"]}
    echo = types["echo-sleep-test"]
    assert len(echo["etag"]) == 40
    assert client.get("/api/v3/jobs/type/echo-sleep-test").json() == echo
    assert types["simple-blender-render"]["etag"] != echo["etag"]
    seed = client.get("/api/jobs/type/echo-sleep-test").json()
    assert "etag" not in seed  # the seed spec has none
    assert client.get("/api/v3/jobs/type/teleport").status_code == 404


def test_submit_and_fetch(client):
    echo = client.get("/api/v3/jobs/type/echo-sleep-test").json()
    answer = client.post("/api/v3/jobs", json=_submission(type_etag=echo["etag"]))
    assert answer.status_code == 200, answer.text
    job = answer.json()
    assert (job["status"], job["priority"], job["submitter_platform"]) == ("queued", 60, "linux")
    assert job["metadata"] == {"project": "sprite"}
    assert "task_counts" not in job  # a seed-door addition 3.8's Job does not have
    assert client.get(f"/api/v3/jobs/{job['id']}").json() == job
    tasks = client.get(f"/api/v3/jobs/{job['id']}/tasks").json()["tasks"]
    assert [t["name"] for t in tasks] == ["echo", "sleep", "sleep-2"]
    assert all(
        {"steps_completed", "steps_total", "index_in_job"} <= set(t) and "worker" not in t for t in tasks
    )
    task = client.get(f"/api/v3/tasks/{tasks[0]['id']}").json()
    assert task["commands"] == [{"name": "echo", "parameters": {"message": "hi"}, "total_step_count": 0}]
    assert task["failed_by_workers"] == []


def test_a_stale_etag_is_a_412_and_stores_nothing(client):
    answer = client.post("/api/v3/jobs", json=_submission(type_etag="0" * 40))
    assert answer.status_code == 412
    assert "refresh the job types" in answer.json()["message"]
    assert client.get("/api/v3/jobs").json() == {"jobs": []}


def test_the_manager_platform_means_this_one(client):
    import sys

    job = client.post("/api/v3/jobs", json=_submission(submitter_platform="manager")).json()
    assert job["submitter_platform"] == {"win32": "windows"}.get(sys.platform, sys.platform)


@pytest.mark.parametrize("status", ["active", "completed", "cancel-requested"])
def test_a_job_starts_queued_or_paused_only(client, status):
    answer = client.post("/api/v3/jobs", json=_submission(initial_status=status))
    assert answer.status_code == 400
    assert "queued or paused" in answer.json()["message"]
    assert client.get("/api/v3/jobs").json() == {"jobs": []}


def test_listing_is_every_job_oldest_first(client, services, clock):
    first = independent_job(services, name="first")
    clock.advance(seconds=1)
    second = client.post("/api/v3/jobs", json=_submission(name="second")).json()
    listed = client.get("/api/v3/jobs").json()["jobs"]
    assert [j["id"] for j in listed] == [first.uuid, second["id"]]
    assert listed[0]["submitter_platform"] == ""  # submitted without one (seed door, or a script)
    assert client.get("/api/v3/jobs", params={"limit": 1}).status_code == 400  # no query parameters


def test_status_changes_and_their_refusals(client, services):
    job = independent_job(services, count=2)
    paused = client.post(
        f"/api/v3/jobs/{job.uuid}/setstatus", json={"status": "pause-requested", "reason": "r"}
    )
    assert paused.status_code == 204
    assert client.get(f"/api/v3/jobs/{job.uuid}").json()["status"] == "paused"
    resumed = client.post(f"/api/v3/jobs/{job.uuid}/setstatus", json={"status": "queued", "reason": "go"})
    assert resumed.status_code == 204
    refused = client.post(f"/api/v3/jobs/{job.uuid}/setstatus", json={"status": "completed", "reason": "no"})
    assert (refused.status_code, refused.json()["code"]) == (422, 422)
    task = client.get(f"/api/v3/jobs/{job.uuid}/tasks").json()["tasks"][0]
    canceled = client.post(
        f"/api/v3/tasks/{task['id']}/setstatus", json={"status": "canceled", "reason": "skip"}
    )
    assert canceled.status_code == 204
    assert client.get(f"/api/v3/tasks/{task['id']}").json()["status"] == "canceled"
    assert client.get(f"/api/v3/jobs/{UNKNOWN_JOB}").json() == {
        "code": 404,
        "message": f"no job with ID {UNKNOWN_JOB}",
    }
    assert client.get(f"/api/v3/jobs/{UNKNOWN_JOB}/tasks").status_code == 404


def test_concrete_paths_win_over_templates(client):
    """`/jobs/types` is not `fetchJob` with job_id "types"; other methods are a 405 listing the path's."""
    assert client.get("/api/v3/jobs/types").status_code == 200
    wrong = client.delete("/api/v3/jobs/types")
    assert (wrong.status_code, wrong.headers["allow"]) == (405, "GET, HEAD")


def test_a_job_submitted_paused_waits_until_resumed(client, services, awake):
    job = client.post("/api/v3/jobs", json=_submission(initial_status="paused")).json()
    assert job["status"] == "paused"
    tasks = client.get(f"/api/v3/jobs/{job['id']}/tasks").json()["tasks"]
    assert {t["status"] for t in tasks} == {"paused"}
    assert client.post("/api/v3/worker/task", auth=awake).status_code == 204  # nothing runnable
    assert (
        client.post(
            f"/api/v3/jobs/{job['id']}/setstatus", json={"status": "queued", "reason": "go"}
        ).status_code
        == 204
    )
    assert client.post("/api/v3/worker/task", auth=awake).json()["job"] == job["id"]


def test_a_worker_tag_must_exist_and_is_kept_with_the_job(client, clock):
    from flamenco.store.models import WorkerTag

    unknown = client.post("/api/v3/jobs", json=_submission(worker_tag="3c7d1b5e-0000-4000-8000-00000000000e"))
    assert unknown.status_code == 400
    assert "no worker tag" in unknown.json()["message"]
    assert client.get("/api/v3/jobs").json() == {"jobs": []}
    tag = WorkerTag.create(
        uuid="3c7d1b5e-0000-4000-8000-00000000000f", name="GPU", created=clock(), updated=clock()
    )
    job = client.post("/api/v3/jobs", json=_submission(worker_tag=tag.uuid)).json()
    assert job["worker_tag"] == tag.uuid
    assert client.get(f"/api/v3/jobs/{job['id']}").json()["worker_tag"] == tag.uuid


def test_the_shaman_checkout_is_kept_with_the_job(client):
    job = client.post(
        "/api/v3/jobs", json=_submission(storage={"shaman_checkout_id": "shot-010-a1b2"})
    ).json()
    assert job["storage"] == {"shaman_checkout_id": "shot-010-a1b2"}
    seed_view = client.get(f"/api/jobs/{job['id']}").json()
    assert "storage" not in seed_view  # not part of the seed spec's Job


def test_submit_check_compiles_and_stores_nothing(client):
    echo = client.get("/api/v3/jobs/type/echo-sleep-test").json()
    answer = client.post("/api/v3/jobs/check", json=_submission(type_etag=echo["etag"]))
    assert answer.status_code == 204, answer.text
    assert client.get("/api/v3/jobs").json() == {"jobs": []}


@pytest.mark.parametrize(
    ("extra", "status", "fragment"),
    [
        ({"type_etag": "0" * 40}, 412, "refresh the job types"),
        ({"settings": {"message": "hi", "sleep_repeats": -1}}, 400, "sleep_repeats"),
        ({"settings": {}}, 400, "'message' is required"),
        ({"type": "teleport"}, 400, "unknown job type"),
        ({"initial_status": "active"}, 400, "queued or paused"),
        ({"worker_tag": "3c7d1b5e-0000-4000-8000-00000000000e"}, 400, "no worker tag"),
    ],
)
def test_submit_check_refuses_what_submit_refuses(client, extra, status, fragment):
    checked = client.post("/api/v3/jobs/check", json=_submission(**extra))
    submitted = client.post("/api/v3/jobs", json=_submission(**extra))
    assert (checked.status_code, submitted.status_code) == (status, status)
    assert fragment in checked.json()["message"]
    assert checked.json() == submitted.json()
    assert client.get("/api/v3/jobs").json() == {"jobs": []}


def test_submit_check_of_a_big_job_compiles_it_all(client):
    """More tasks than one batch: compiled and checked a batch at a time, each dropped after."""
    settings = {"message": "hi", "sleep_repeats": 10_500, "sleep_duration_seconds": 0}
    assert client.post("/api/v3/jobs/check", json=_submission(settings=settings)).status_code == 204
    assert client.get("/api/v3/jobs").json() == {"jobs": []}


def test_an_integral_float_fills_an_int32_setting(client):
    """Generated clients send untyped setting values as floats."""
    job = client.post(
        "/api/v3/jobs", json=_submission(settings={"message": "hi", "sleep_repeats": 2.0})
    ).json()
    assert job["settings"]["sleep_repeats"] == 2
    assert len(client.get(f"/api/v3/jobs/{job['id']}/tasks").json()["tasks"]) == 3


def test_each_door_describes_a_job_type_as_its_flamenco_does(client):
    v3 = client.get("/api/v3/jobs/type/simple-blender-render").json()
    seed = client.get("/api/jobs/type/simple-blender-render").json()
    assert [s["key"] for s in v3["settings"]][-2:] == ["has_previews", "scene"]
    assert "video_container_format" in [s["key"] for s in seed["settings"]]
    assert "description" in v3 and "description" not in seed
    assert all("evalInfo" not in s for s in seed["settings"])
    assert v3["settings"][0]["evalInfo"]["showLinkButton"] is True

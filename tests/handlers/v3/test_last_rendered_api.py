"""Last-rendered images over HTTP: a worker posts its frame (both doors), people fetch where the
thumbnails are (`/api/v3`) and the thumbnails themselves (`/job-files/`). Answers are checked
against the spec (the test app validates responses)."""

from __future__ import annotations

import io
import time
from typing import Any

import pytest
from PIL import Image

from flamenco.events import Event
from flamenco.last_rendered import MAX_IMAGE_BYTES, QUEUE_SIZE
from tests.factories import independent_job

UNKNOWN = "3c7d1b5e-0000-4000-8000-00000000000a"


def png(size: tuple[int, int] = (640, 360), color: tuple[int, int, int] = (10, 200, 10)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def running(client, services, awake) -> dict[str, Any]:
    """A job whose one task the 3.8 worker `awake` runs."""
    job = independent_job(services)
    task = client.post("/api/v3/worker/task", auth=awake).json()
    return {"job": job.uuid, "task": task["uuid"], "auth": awake}


def post_image(client, running, data: bytes, mime: str = "image/png", door: str = "/api/v3") -> Any:
    return client.post(
        f"{door}/worker/task/{running['task']}/output-produced",
        content=data,
        headers={"Content-Type": mime},
        auth=running["auth"],
    )


def wait_for_image(client, job: str, timeout: float = 10.0) -> dict[str, Any]:
    return wait_for_info(client, f"/api/v3/jobs/{job}/last-rendered", timeout)


def wait_for_info(client, path: str, timeout: float = 10.0) -> dict[str, Any]:
    """The job's info answers once its thumbnails are on disk; the farm's pointer is set just after."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answer = client.get(path)
        if answer.status_code == 200:
            return answer.json()
        assert answer.status_code == 204
        time.sleep(0.05)
    raise AssertionError("the image was not thumbnailed in time")


def test_no_image_yet_is_a_204_per_job_and_farm_wide(client, running):
    assert client.get(f"/api/v3/jobs/{running['job']}/last-rendered").status_code == 204
    assert client.get(f"/api/v3/jobs/{UNKNOWN}/last-rendered").status_code == 204
    assert client.get("/api/v3/jobs/last-rendered").status_code == 204


def test_an_image_is_accepted_thumbnailed_served_and_announced(client, services, running):
    heard: list[Event] = []
    services.events.subscribe(heard.append)
    answer = post_image(client, running, png((2560, 1440)))
    assert (answer.status_code, answer.content) == (202, b"")

    info = wait_for_image(client, running["job"])
    assert info == {
        "base": f"/job-files/job-{running['job'][:4]}/{running['job']}",
        "suffixes": ["last-rendered.jpg", "last-rendered-small.jpg", "last-rendered-tiny.jpg"],
    }
    assert wait_for_info(client, "/api/v3/jobs/last-rendered") == info
    sizes = []
    for suffix in info["suffixes"]:
        served = client.get(f"{info['base']}/{suffix}")
        assert served.status_code == 200
        assert served.headers["content-type"] == "image/jpeg"
        assert served.headers["cache-control"] == "no-cache"
        sizes.append(Image.open(io.BytesIO(served.content)).size)
    assert sizes == [(1920, 1080), (600, 338), (199, 112)]  # each made from the one before

    deadline = time.monotonic() + 5
    while not any(e.kind == "last-rendered" for e in heard) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert [e.data.job_uuid for e in heard if e.kind == "last-rendered"] == [running["job"]]


def test_the_farm_wide_image_follows_the_latest_job(client, services, running):
    post_image(client, running, png())
    wait_for_image(client, running["job"])
    client.post(
        f"/api/v3/worker/task/{running['task']}", json={"taskStatus": "completed"}, auth=running["auth"]
    )
    second = independent_job(services, name="second")
    task = client.post("/api/v3/worker/task", auth=running["auth"]).json()
    assert task["job"] == second.uuid
    post_image(client, {**running, "task": task["uuid"]}, png(color=(1, 2, 3)))
    wait_for_image(client, second.uuid)
    deadline = time.monotonic() + 5
    while client.get("/api/v3/jobs/last-rendered").json()["base"].endswith(running["job"]):
        assert time.monotonic() < deadline
        time.sleep(0.02)
    assert client.get("/api/v3/jobs/last-rendered").json()["base"].endswith(second.uuid)
    assert client.get(f"/api/v3/jobs/{running['job']}/last-rendered").status_code == 200  # still has its own


def test_a_jpeg_through_the_seed_door_too(client, running):
    out = io.BytesIO()
    Image.new("RGB", (300, 200), (0, 0, 255)).save(out, "JPEG")
    assert post_image(client, running, out.getvalue(), "image/jpeg", door="/api").status_code == 202
    wait_for_image(client, running["job"])


def test_the_frame_of_a_finished_task_is_still_welcome(client, running):
    client.post(
        f"/api/v3/worker/task/{running['task']}", json={"taskStatus": "completed"}, auth=running["auth"]
    )
    assert post_image(client, running, png()).status_code == 202


def test_refusals(client, services, running):
    def refused(answer: Any, status: int, words: str) -> None:
        assert answer.status_code == status, answer.text
        assert answer.json()["code"] == status
        assert words in answer.json()["message"]

    refused(post_image(client, running, png(), "image/gif"), 415, "")
    refused(post_image(client, running, png(), "image/jpeg"), 415, "not a readable JPEG")
    refused(post_image(client, running, b"GIF89a" + b"\0" * 100), 415, "not a readable PNG")
    refused(post_image(client, running, b"\0" * (MAX_IMAGE_BYTES + 1)), 413, "too large")
    chunked = client.post(
        f"/api/v3/worker/task/{running['task']}/output-produced",
        content=iter([png()]),  # a generator body goes out chunked, without Content-Length
        headers={"Content-Type": "image/png"},
        auth=running["auth"],
    )
    refused(chunked, 411, "Content-Length")
    empty = client.post(
        f"/api/v3/worker/task/{running['task']}/output-produced",
        headers={"Content-Type": "image/png"},
        auth=running["auth"],
    )
    refused(empty, 400, "no image")
    refused(post_image(client, {**running, "task": UNKNOWN}, png()), 404, "")
    other = client.post(
        "/api/v3/worker/register-worker",
        json={"secret": "x", "platform": "linux", "supported_task_types": ["misc"], "name": "other"},
    ).json()
    refused(post_image(client, {**running, "auth": (other["uuid"], "x")}, png()), 409, "another worker")
    assert (
        client.post(
            f"/api/v3/worker/task/{running['task']}/output-produced",
            content=png(),
            headers={"Content-Type": "image/png"},
        ).status_code
        == 401
    )
    time.sleep(0.3)
    assert not services.last_rendered.has_image(running["job"])  # nothing refused was stored


def test_a_full_queue_is_a_429(client, services, running):
    services.last_rendered.stop()  # nobody takes images off the queue now
    for _ in range(QUEUE_SIZE):
        assert post_image(client, running, png()).status_code == 202
    full = post_image(client, running, png())
    assert (full.status_code, full.json()["code"]) == (429, 429)
    assert full.headers["retry-after"] == "1"


def test_images_of_a_job_being_deleted_are_dropped(client, services, running):
    from flamenco.store import rows

    rows.execute("UPDATE job SET delete_requested_at = ? WHERE uuid = ?", [services.clock(), running["job"]])
    assert post_image(client, running, png()).status_code == 202
    time.sleep(0.5)
    assert client.get(f"/api/v3/jobs/{running['job']}/last-rendered").status_code == 204


def test_delete_job_last_rendered_removes_the_images(client, services, running):
    from flamenco.last_rendered import delete_job_last_rendered

    post_image(client, running, png())
    info = wait_for_image(client, running["job"])
    delete_job_last_rendered(running["job"])
    assert client.get(f"/api/v3/jobs/{running['job']}/last-rendered").status_code == 204
    assert client.get(f"{info['base']}/last-rendered.jpg").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/job-files/",
        "/job-files/job-0f6d/0f6d3f4e-8a36-4f7b-9d2c-6b1f0f7b4a11/last-rendered.jpg",  # no such file
        "/job-files/job-aaaa/0f6d3f4e-8a36-4f7b-9d2c-6b1f0f7b4a11/last-rendered.jpg",  # wrong prefix
        "/job-files/job-0f6d/0f6d3f4e-8a36-4f7b-9d2c-6b1f0f7b4a11/../../flamenco-manager.sqlite",
        "/job-files/job-0f6d/0f6d3f4e-8a36-4f7b-9d2c-6b1f0f7b4a11/other.txt",
    ],
)
def test_job_files_serves_only_what_the_api_names(client, path):
    answer = client.get(path)
    assert (answer.status_code, answer.json()["code"]) == (404, 404)


def test_job_files_is_read_only(client):
    answer = client.delete("/job-files/job-0f6d/0f6d3f4e-8a36-4f7b-9d2c-6b1f0f7b4a11/last-rendered.jpg")
    assert (answer.status_code, answer.headers["allow"]) == (405, "GET, HEAD")


def test_deleting_a_job_removes_its_images_and_the_farm_wide_pointer(client, services, running):
    from flamenco.scheduler import deletion

    post_image(client, running, png())
    info = wait_for_image(client, running["job"])
    deadline = time.monotonic() + 5
    while client.get("/api/v3/jobs/last-rendered").status_code != 200:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    assert client.delete(f"/api/v3/jobs/{running['job']}").status_code == 204
    # A frame sent meanwhile is dropped: 202 while the deleter has not come yet (the job no longer
    # takes images), 404 once its task is gone.
    assert post_image(client, running, png()).status_code in (202, 404)
    deletion.delete_pending(services)  # whatever the background deleter has not done yet
    time.sleep(0.5)
    assert client.get(f"{info['base']}/last-rendered-tiny.jpg").status_code == 404
    assert not services.last_rendered.has_image(running["job"])
    assert client.get("/api/v3/jobs/last-rendered").status_code == 204

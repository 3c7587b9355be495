"""`flamenco job last-rendered` and step progress in `job show`/`job list`, against a real Manager.

A stand-in for Flamenco 3.8's worker (`tests.api.frames_worker`) runs the tasks and posts frames;
the Manager has no worker of its own here, so the stand-in gets every task. Every exchange the CLI
makes is checked against the spec of its door (`/job-files/` is plain file serving).
"""

from __future__ import annotations

import io
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from PIL import Image

from tests.api.frames_worker import FakeWorker
from tests.api.live_manager import ManagerProcess
from tests.cli.conftest import CliResult, run_cli

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def manager(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ManagerProcess]:
    with ManagerProcess(tmp_path_factory.mktemp("cli-frames")) as process:
        yield process
    assert "Traceback" not in process.log(), process.log()[-5000:]


def cli(manager: ManagerProcess, *argv: str) -> CliResult:
    return run_cli("--manager", manager.url, *argv)


def new_job(manager: ManagerProcess, name: str) -> str:
    body = {
        "name": name,
        "type": "echo-sleep-test",
        "priority": 50,
        "settings": {"message": "m", "sleep_repeats": 1},
    }
    return requests.post(f"{manager.url}/api/jobs", json=body, timeout=10).json()["id"]


def wait_for_image(manager: ManagerProcess, job_id: str) -> None:
    deadline = time.monotonic() + 15
    while requests.get(f"{manager.url}/api/v3/jobs/{job_id}/last-rendered", timeout=10).status_code != 200:
        assert time.monotonic() < deadline, "no thumbnail"
        time.sleep(0.1)


def test_last_rendered_of_a_job_and_of_the_farm(manager: ManagerProcess, tmp_path: Path) -> None:
    job_id = new_job(manager, "framed")
    nothing = cli(manager, "job", "last-rendered", job_id)
    assert (nothing.code, nothing.err.strip()) == (1, f"job {job_id} has no rendered image yet")
    assert cli(manager, "job", "last-rendered").code == 1

    worker = FakeWorker(manager.url)
    task = worker.take_task()
    worker.frame(task["uuid"], (250, 120, 0))
    wait_for_image(manager, job_id)

    shown = cli(manager, "job", "last-rendered", job_id)
    assert shown.code == 0, shown.err
    base = f"{manager.url}/job-files/job-{job_id[:4]}/{job_id}"
    for line in (
        f"{base}/last-rendered.jpg",
        f"{base}/last-rendered-small.jpg",
        f"{base}/last-rendered-tiny.jpg",
    ):
        assert line in shown.out
    as_json = cli(manager, "job", "last-rendered", job_id, "--json").json()
    assert as_json == {
        "base": f"/job-files/job-{job_id[:4]}/{job_id}",
        "suffixes": ["last-rendered.jpg", "last-rendered-small.jpg", "last-rendered-tiny.jpg"],
    }

    saved = tmp_path / "latest.jpg"
    result = cli(manager, "job", "last-rendered", "--save", str(saved), "--size", "small")  # the farm's
    assert result.code == 0, result.err
    image = Image.open(io.BytesIO(saved.read_bytes()))
    assert (image.format, image.size) == ("JPEG", (320, 180))
    assert all(abs(a - b) < 24 for a, b in zip(image.getpixel((160, 90)), (250, 120, 0), strict=True))
    assert f"to {saved}" in result.err
    assert [c.path for c in result.calls] == [
        "/api/v3/jobs/last-rendered",
        f"/job-files/job-{job_id[:4]}/{job_id}/last-rendered-small.jpg",
    ]


def test_bad_ids_are_usage_errors_and_unknown_jobs_have_no_image(manager: ManagerProcess) -> None:
    bad = cli(manager, "job", "last-rendered", "not-a-job")
    assert bad.code == 2 and "is not a job ID" in bad.err
    assert cli(manager, "job", "last-rendered", str(uuid.uuid4())).code == 1


def test_steps_in_job_show_and_list(manager: ManagerProcess) -> None:
    job_id = new_job(manager, "stepped")
    worker = FakeWorker(manager.url)
    task = worker.take_task()
    assert task["job"] == job_id
    shown = cli(manager, "job", "show", job_id)
    assert shown.code == 0, shown.err
    assert "Steps" in shown.out and "0 of 2" in shown.out
    worker.update(task["uuid"], taskStatus="completed")
    assert "1 of 2" in cli(manager, "job", "show", job_id).out
    listed = cli(manager, "job", "list", "--name", "stepped")
    assert listed.code == 0, listed.err
    assert "Steps" in listed.out and "1 of 2" in listed.out
    assert (
        cli(manager, "job", "show", job_id, "--json").json().get("steps_completed") is None
    )  # seed JSON as is

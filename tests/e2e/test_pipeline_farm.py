"""Pipeline jobs on a real farm: the seed's Afanasy script and minimal JSON job (seed 004), sent
unchanged to a real Manager process with ``af`` and ``afcmd``, run by a real worker process.

The worker runs the blocks' commands through the ``exec`` command's shell form; the studio's
``nuke`` is a small stand-in script on the worker's PATH that records the frames it was asked for.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.api.live_manager import ManagerProcess
from tests.worker.worker_process import WorkerProcess, wait_for

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "af" / "data"
# Records each call's arguments and working directory, like a renderer leaving its frames behind.
FAKE_NUKE = """#!/bin/sh
echo "nuke called with: $*"
echo "$*" >> "$NUKE_CALLS"
pwd >> "$NUKE_CALLS.cwd"
"""


@pytest.fixture
def farm(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[ManagerProcess, WorkerProcess, Path]]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    nuke = bin_dir / "nuke"
    nuke.write_text(FAKE_NUKE)
    nuke.chmod(0o755)
    calls = tmp_path / "nuke-calls.txt"
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("NUKE_CALLS", str(calls))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(REPO / "src"), str(REPO)]))
    with (
        ManagerProcess(tmp_path / "manager") as manager,
        # Named as the seed's hosts mask (render.*) wants; configured for the services it runs.
        WorkerProcess(
            manager.url, tmp_path / "render01", name="render01", task_types=["nuke", "generic"]
        ) as worker,
    ):
        yield manager, worker, calls
        assert worker.violations() == ""
    assert "Traceback" not in manager.log(), manager.log()[-4000:]


def _client_env(manager: ManagerProcess, home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CGRU_", "AF_", "FLAMENCO_"))}
    home.mkdir(exist_ok=True)
    return {**env, "FLAMENCO_MANAGER": manager.url, "USER": "jimmy", "HOME": str(home)}


def _job_named(manager: ManagerProcess, name: str) -> dict:
    jobs = requests.get(f"{manager.url}/api/v3/jobs", timeout=10).json()["jobs"]
    (job,) = [job for job in jobs if job["name"] == name]
    return job


def _wait_completed(manager: ManagerProcess, worker: WorkerProcess, job_id: str, timeout: float) -> None:
    def done() -> bool:
        status = requests.get(f"{manager.url}/api/v3/jobs/{job_id}", timeout=10).json()["status"]
        assert status not in ("failed", "canceled"), (status, worker.log()[-3000:])
        return status == "completed"

    wait_for(done, timeout, f"job {job_id} to complete", worker)


def test_the_seed_script_runs_unchanged_and_its_tasks_complete(farm, tmp_path: Path) -> None:
    manager, worker, calls = farm
    work = tmp_path / "work"
    work.mkdir()
    env = {**_client_env(manager, tmp_path / "home"), "PWD": str(work)}
    run = subprocess.run(
        [sys.executable, str(DATA / "seed_example.py")],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    job = _job_named(manager, "somejob")
    assert (job["type"], job["status"]) == ("afanasy", "paused")  # job.offLine()
    blocks = requests.get(f"{manager.url}/api/v3/jobs/{job['id']}/blocks", timeout=10).json()["blocks"]
    assert [(b["name"], b["service"], b["tasks_count"], b["state"]) for b in blocks] == [
        ("back", "nuke", 10, "OFF")
    ]
    time.sleep(1)
    assert not calls.exists()  # paused: nothing ran
    started = requests.post(
        f"{manager.url}/api/v3/jobs/{job['id']}/setstatus",
        json={"status": "queued", "reason": "start"},
        timeout=10,
    )
    assert started.status_code == 204, started.text
    _wait_completed(manager, worker, job["id"], 90)
    lines = sorted(calls.read_text().splitlines(), key=lambda line: int(line.split()[-1].split(",")[0]))
    assert lines == [f"-i -X WriteBack -x scene.nk.tmp.nk {a},{a + 9}" for a in range(1, 100, 10)]
    assert set(Path(f"{calls}.cwd").read_text().splitlines()) == {str(work)}  # the block's directory
    blocks = requests.get(f"{manager.url}/api/v3/jobs/{job['id']}/blocks", timeout=10).json()["blocks"]
    assert (blocks[0]["state"], blocks[0]["progress"], blocks[0]["task_counts"]) == (
        "DON",
        100,
        {"completed": 10},
    )
    task = requests.get(f"{manager.url}/api/v3/jobs/{job['id']}/tasks", timeout=10).json()["tasks"][0]
    log = requests.get(f"{manager.url}/api/v3/tasks/{task['id']}/logtail", timeout=10).text
    assert "nuke called with: -i -X WriteBack -x scene.nk.tmp.nk 1,10" in log


def test_afcmd_sends_the_seed_minimal_json_and_its_tasks_complete(farm, tmp_path: Path) -> None:
    manager, worker, calls = farm
    run = subprocess.run(
        [sys.executable, "-m", "flamenco.af.afcmd", "json", "send", str(DATA / "seed_minimal_job.json")],
        env=_client_env(manager, tmp_path / "home"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    job = _job_named(manager, "job name")
    assert job["status"] == "queued"
    _wait_completed(manager, worker, job["id"], 90)
    # 1..100 every other frame, ten frames (19 frame numbers) a task.
    assert sorted(
        calls.read_text().splitlines(), key=lambda line: int(line.split("-F")[1].split(",")[0])
    ) == [f"-F{a},{a + 18} -x scene.nk -X Write1" for a in range(1, 100, 20)]
    # The submitter's /home/jimmy/work is not on this worker: the tasks ran in its work directory.
    assert set(Path(f"{calls}.cwd").read_text().splitlines()) == {str(worker.workdir)}

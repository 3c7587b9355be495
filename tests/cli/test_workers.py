"""`flamenco worker …` against a real Manager and real worker processes."""

from __future__ import annotations

import uuid

import pytest

from tests.cli.conftest import Farm, eventually
from tests.worker.worker_process import WorkerProcess

pytestmark = pytest.mark.e2e


def status_of(farm: Farm, name: str) -> str:
    listed = farm.cli("worker", "list", "--json").json()["workers"]
    return next((w["status"] for w in listed if w["nickname"] == name), "")  # "" until it registered


def test_list_and_show_workers_with_their_task(farm: Farm) -> None:
    # Long enough for four CLI runs while the task is active, on a loaded machine too.
    job_id = farm.submit("shell-tasks", "worker-show", count=1, sleep=10)
    eventually(lambda: farm.tasks(job_id)["shell-1"]["status"] == "active", 20, "task active")

    table = farm.cli("worker", "list")
    assert table.code == 0, table.err
    row = next(line for line in table.lines() if " cli-worker " in line)
    assert "awake" in row and "shell-1 (active)" in row and "s ago" in row

    by_name = farm.cli("worker", "show", "cli-worker")
    assert by_name.code == 0, by_name.err
    assert by_name.lines()[0] == "Worker cli-worker"
    assert "Task types  misc, file-management" in by_name.out
    assert "shell-1 (active, " in by_name.out and f"of job {job_id}" in by_name.out
    worker_id = farm.cli("worker", "show", "cli-worker", "--json").json()["id"]
    by_id = farm.cli("worker", "show", worker_id, "--json").json()
    assert by_id["nickname"] == "cli-worker" and by_id["task"]["job_id"] == job_id

    nobody = farm.cli("worker", "show", "no-such-worker")
    assert nobody.code == 2 and "no worker named 'no-such-worker'" in nobody.err
    farm.cli("job", "wait", job_id, "--quiet", "--interval", "0.2")


def test_sleep_wake_and_shutdown_a_worker(farm: Farm, tmp_path) -> None:
    name = f"sleepy-{uuid.uuid4().hex[:6]}"
    with WorkerProcess(farm.url, tmp_path / "worker", name=name, task_types=["none-of-these"]) as worker:
        eventually(lambda: status_of(farm, name) == "awake", 20, "worker awake")

        asleep = farm.cli("worker", "sleep", name)
        assert asleep.code == 0, asleep.err
        assert "asked to go asleep after its current task" in asleep.out  # lazy unless --now
        eventually(lambda: status_of(farm, name) == "asleep", 20, "worker asleep")

        woken = farm.cli("worker", "wake", name, "--json")
        assert woken.code == 0 and woken.json()["nickname"] == name
        eventually(lambda: status_of(farm, name) == "awake", 20, "worker awake again")

        down = farm.cli("worker", "shutdown", name, "--now")
        assert down.code == 0, down.err
        assert "asked to go offline now" in down.out
        assert worker.process is not None and worker.process.wait(20) == 0  # it signed off and stopped
        assert status_of(farm, name) == "offline"
        assert worker.violations() == ""

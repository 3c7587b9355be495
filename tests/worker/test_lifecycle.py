"""The worker process against a real Manager process: the whole life of a render node.

Each test gets its own Manager (about a second to start) because a job left half-done by one test
(SIGTERM mid-task leaves a queued task) would otherwise be picked up by the next test's worker.
Every exchange of the worker goes through a spec-checking session (see spec_checked_worker.py).
"""

from __future__ import annotations

import stat
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from flamenco.worker.credentials import Credentials, save_credentials
from flamenco.worker.upstream import UpdateQueue
from tests.api.live_manager import ManagerProcess
from tests.api.spec_client import V3_SPEC_PATH, SpecCheckedSession, load_spec

from .worker_process import WorkerProcess, wait_for

pytestmark = pytest.mark.e2e


@pytest.fixture
def manager(tmp_path: Path) -> Iterator[ManagerProcess]:
    with ManagerProcess(tmp_path / "manager") as process:
        yield process
        server_log = process.log()
    assert "Traceback" not in server_log, server_log[-5000:]


@pytest.fixture
def admin(manager: ManagerProcess) -> SpecCheckedSession:
    """What a person at the web UI (or a submitter) does, spec-checked too."""
    return SpecCheckedSession(manager.url)


def submit(admin: SpecCheckedSession, name: str, **settings: Any) -> str:
    response = admin.post(
        "/api/jobs",
        json={
            "name": name,
            "type": "echo-sleep-test",
            "priority": 50,
            "settings": {"message": "hi", **settings},
        },
    )
    assert response.status_code == 200, response.text
    return str(response.json()["id"])


def tasks(admin: SpecCheckedSession, job_id: str) -> dict[str, dict[str, Any]]:
    """The job's tasks by name, with full details."""
    summary = admin.get(f"/api/jobs/{job_id}/tasks").json()["tasks"]
    return {t["name"]: admin.get(f"/api/tasks/{t['id']}").json() for t in summary}


def job_status(admin: SpecCheckedSession, job_id: str) -> str:
    return str(admin.get(f"/api/jobs/{job_id}").json()["status"])


def worker_status(admin: SpecCheckedSession, worker_id: str) -> str:
    return str(admin.get(f"/api/worker-mgt/workers/{worker_id}").json()["status"])


def set_status(admin: SpecCheckedSession, worker_id: str, status: str, *, lazy: bool = False) -> None:
    response = admin.post(
        f"/api/worker-mgt/workers/{worker_id}/setstatus", json={"status": status, "is_lazy": lazy}
    )
    assert response.status_code == 204, response.text


def log_tail(admin: SpecCheckedSession, task_id: str) -> str:
    return admin.get(f"/api/tasks/{task_id}/logtail").text


def wait_awake(admin: SpecCheckedSession, worker: WorkerProcess) -> Credentials:
    credentials = worker.wait_for_credentials()
    wait_for(lambda: worker_status(admin, credentials.worker_id) == "awake", 20, "worker awake", worker)
    return credentials


def wait_task_active(
    admin: SpecCheckedSession, job_id: str, name: str, worker: WorkerProcess
) -> dict[str, Any]:
    def active() -> dict[str, Any] | None:
        task = tasks(admin, job_id).get(name)
        return task if task and task["status"] == "active" else None

    return wait_for(active, 20, f"task {name} active", worker)


def assert_spec_clean(worker: WorkerProcess) -> list[dict[str, Any]]:
    assert worker.violations() == "", worker.violations()
    return worker.calls()


def test_worker_registers_signs_on_and_completes_a_job(
    manager: ManagerProcess, admin: SpecCheckedSession, tmp_path: Path
) -> None:
    with WorkerProcess(manager.url, tmp_path / "worker", name="e2e-worker") as worker:
        credentials = wait_awake(admin, worker)
        credentials_file = worker.workdir / "flamenco-worker-credentials.yaml"
        assert stat.S_IMODE(credentials_file.stat().st_mode) == 0o600
        info = admin.get(f"/api/worker-mgt/workers/{credentials.worker_id}").json()
        assert info["nickname"] == "e2e-worker"
        assert info["platform"] == "linux"
        assert sorted(info["supported_task_types"]) == ["file-management", "misc"]
        # Its hardware report (issue 9) reached the Manager at sign-on.
        admin_v3 = SpecCheckedSession(manager.url, spec=load_spec(V3_SPEC_PATH))
        hardware = admin_v3.get(f"/api/v3/worker-mgt/workers/{credentials.worker_id}/resources").json()
        assert "resources" in hardware, hardware
        assert hardware["resources"]["cpu_cores"] >= 1 and hardware["resources"]["mem_total_mb"] > 0
        assert hardware["reported_at"]

        job_id = submit(
            admin, "e2e job", message="hello from the worker test", sleep_duration_seconds=1, sleep_repeats=2
        )
        wait_for(lambda: job_status(admin, job_id) == "completed", 30, "job completed", worker)
        by_name = tasks(admin, job_id)
        assert sorted(by_name) == ["echo", "sleep", "sleep-2"]
        for task in by_name.values():
            assert task["status"] == "completed"
            assert task["worker"]["id"] == credentials.worker_id
            assert task["activity"] == "Finished"
        assert "echo: hello from the worker test" in log_tail(admin, by_name["echo"]["id"])
        assert "sleeping 1 seconds" in log_tail(admin, by_name["sleep"]["id"])

        assert worker.signal() == 0
    assert worker_status(admin, credentials.worker_id) == "offline"

    calls = assert_spec_clean(worker)
    called = {
        (c["method"], c["path"].rsplit("/", 1)[0] if c["path"].count("/") > 3 else c["path"]) for c in calls
    }
    for expected in [
        ("POST", "/api/worker/register-worker"),
        ("POST", "/api/worker/sign-on"),
        ("POST", "/api/worker/state-changed"),
        ("POST", "/api/worker/task"),
        ("POST", "/api/worker/sign-off"),
    ]:
        assert expected in called, expected
    assert any(c["path"] == "/api/v3/worker/resources" and c["status"] == 204 for c in calls)
    updates = [c for c in calls if c["method"] == "POST" and c["path"].startswith("/api/worker/task/")]
    assert len(updates) >= 6 and all(c["status"] == 204 for c in updates)


def test_stale_credentials_make_the_worker_register_again_and_good_ones_are_reused(
    manager: ManagerProcess, admin: SpecCheckedSession, tmp_path: Path
) -> None:
    workdir = tmp_path / "worker"
    stale = Credentials(str(uuid.uuid4()), "secret-of-a-wiped-database")
    save_credentials(workdir / "flamenco-worker-credentials.yaml", stale)

    with WorkerProcess(manager.url, workdir, name="phoenix") as worker:
        fresh = wait_for(
            lambda: (c := worker.credentials()) is not None and c.worker_id != stale.worker_id and c,
            20, "new credentials", worker,
        )  # fmt: skip
        wait_for(lambda: worker_status(admin, fresh.worker_id) == "awake", 20, "worker awake", worker)
        assert stat.S_IMODE((workdir / "flamenco-worker-credentials.yaml").stat().st_mode) == 0o600
        assert worker.signal() == 0
    assert "registering again" in worker.log()
    assert_spec_clean(worker)

    with WorkerProcess(manager.url, workdir, name="phoenix") as again:
        wait_for(lambda: worker_status(admin, fresh.worker_id) == "awake", 20, "worker awake again", again)
        assert again.credentials() == fresh
        assert again.signal() == 0
    named = [w for w in admin.get("/api/worker-mgt/workers").json()["workers"] if w["nickname"] == "phoenix"]
    assert len(named) == 1, "a restart with valid credentials must not register a second worker"


def test_asleep_and_awake_on_request_including_mid_task(
    manager: ManagerProcess, admin: SpecCheckedSession, tmp_path: Path
) -> None:
    with WorkerProcess(manager.url, tmp_path / "worker", name="sleepy") as worker:
        worker_id = wait_awake(admin, worker).worker_id

        set_status(admin, worker_id, "asleep")
        wait_for(lambda: worker_status(admin, worker_id) == "asleep", 10, "worker asleep", worker)
        job_id = submit(admin, "bedtime", sleep_duration_seconds=3, sleep_repeats=1)
        time.sleep(1.0)
        assert {t["status"] for t in tasks(admin, job_id).values()} == {"queued"}, (
            "an asleep worker took work"
        )

        set_status(admin, worker_id, "awake")
        wait_task_active(admin, job_id, "sleep", worker)
        # Not lazy: the worker must drop the running task (may-i-run says so) and go to sleep.
        set_status(admin, worker_id, "asleep")
        wait_for(lambda: worker_status(admin, worker_id) == "asleep", 10, "worker asleep mid-task", worker)
        sleep_task = tasks(admin, job_id)["sleep"]
        assert sleep_task["status"] == "queued"
        assert "the Manager said to stop" in worker.log()

        set_status(admin, worker_id, "awake")
        wait_for(lambda: job_status(admin, job_id) == "completed", 20, "job completed", worker)

        # Asked to go offline, the worker acknowledges, signs off and exits by itself.
        set_status(admin, worker_id, "offline")
        assert worker.process is not None
        assert worker.process.wait(15) == 0
    assert worker_status(admin, worker_id) == "offline"
    # The seed door asks seed-protocol workers to stop with `shutdown`, whatever word the request used.
    assert "the Manager requested status 'shutdown'" in worker.log()
    assert_spec_clean(worker)


def test_sigterm_mid_task_requeues_the_task_and_exits_cleanly(
    manager: ManagerProcess, admin: SpecCheckedSession, tmp_path: Path
) -> None:
    with WorkerProcess(manager.url, tmp_path / "worker", name="terminated") as worker:
        worker_id = wait_awake(admin, worker).worker_id
        job_id = submit(admin, "long sleep", sleep_duration_seconds=60, sleep_repeats=1)
        wait_task_active(admin, job_id, "sleep", worker)

        started = time.monotonic()
        assert worker.signal() == 0
        assert time.monotonic() - started < 10

    by_name = tasks(admin, job_id)
    assert by_name["echo"]["status"] == "completed"
    assert by_name["sleep"]["status"] == "queued"
    assert worker_status(admin, worker_id) == "offline"
    assert "task stopped on this worker: the worker is shutting down" in log_tail(
        admin, by_name["sleep"]["id"]
    )
    log = worker.log()
    assert "received SIGTERM" in log and "signed off" in log
    assert_spec_clean(worker)


def test_manager_restart_mid_job_loses_no_update(
    manager: ManagerProcess, admin: SpecCheckedSession, tmp_path: Path
) -> None:
    with WorkerProcess(manager.url, tmp_path / "worker", name="steadfast") as worker:
        worker_id = wait_awake(admin, worker).worker_id
        job_id = submit(admin, "restart", sleep_duration_seconds=2, sleep_repeats=2)
        wait_task_active(admin, job_id, "sleep", worker)

        manager.stop()
        # The sleep task finishes while the Manager is away; its updates wait in the queue.
        wait_for(lambda: "task update not sent" in worker.log(), 10, "updates queued", worker)
        time.sleep(2.5)
        manager.start()  # same port, same database

        wait_for(lambda: job_status(admin, job_id) == "completed", 30, "job completed after restart", worker)
        by_name = tasks(admin, job_id)
        assert {t["status"] for t in by_name.values()} == {"completed"}
        assert {t["worker"]["id"] for t in by_name.values()} == {worker_id}
        assert "sleeping 2 seconds" in log_tail(admin, by_name["sleep"]["id"])
        assert worker.signal() == 0
    assert_spec_clean(worker)


def test_updates_queued_when_the_worker_stopped_are_delivered_at_its_next_start(
    manager: ManagerProcess, admin: SpecCheckedSession, tmp_path: Path
) -> None:
    workdir = tmp_path / "worker"
    with WorkerProcess(manager.url, workdir, name="persistent") as worker:
        wait_awake(admin, worker)
        job_id = submit(admin, "queue across restart", sleep_duration_seconds=1, sleep_repeats=1)
        sleep_id = wait_task_active(admin, job_id, "sleep", worker)["id"]

        manager.stop()
        wait_for(lambda: f"task {sleep_id} completed" in worker.log(), 10, "sleep task done", worker)
        assert worker.signal() == 0  # cannot flush nor sign off: the Manager is down

    queue = UpdateQueue(workdir / "flamenco-worker-queue.sqlite")
    left = queue.all()
    queue.close()
    assert left and left[-1].task_id == sleep_id
    assert left[-1].payload == {"taskStatus": "completed", "activity": "Finished"}

    first_run_log = len(worker.log())
    manager.start()
    with WorkerProcess(manager.url, workdir, name="persistent") as again:
        wait_for(lambda: job_status(admin, job_id) == "completed", 20, "job completed", again)
        assert again.signal() == 0
    # Delivered, not re-run: the task slept once.
    assert log_tail(admin, sleep_id).count("sleeping 1 seconds") == 1
    assert "running task" not in again.log()[first_run_log:]
    assert_spec_clean(again)

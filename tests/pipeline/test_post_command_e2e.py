"""A deleted job's post command runs on a real worker process, against a real Manager process:
the job deleter queues it in the system job, a worker with the `postcmd` task type runs it.

It needs the worker's `exec` command in its shell form (`{"exec": CMD, "cwd", "env"}`), which the
Afanasy submission work adds to the worker; until the worker has it, this test is skipped and the
system-job task and its command are checked in test_life.py."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Any

import pytest

from flamenco.worker.commands.base import CommandError
from flamenco.worker.commands.exec_ import exec_
from tests.api.live_manager import ManagerProcess
from tests.api.spec_client import SpecCheckedSession, load_spec, spec_of_door
from tests.cli.conftest import TEST_JOB_TYPES
from tests.worker.worker_process import WorkerProcess, wait_for

pytestmark = pytest.mark.e2e


def _worker_runs_shell_commands() -> bool:
    try:
        exec_(None, {"exec": "true", "cwd": "", "env": {}})  # type: ignore[arg-type]
    except CommandError:
        return False  # the older `exec {exe, args}` form: "missing parameter 'exe'"
    except Exception:  # it got past its parameters and reached the (absent) context
        return True
    return True


@pytest.mark.skipif(not _worker_runs_shell_commands(), reason="the worker's exec has no shell form yet")
def test_the_post_command_runs_on_a_worker_after_the_job_is_deleted(tmp_path: Path) -> None:
    marker = tmp_path / "post-ran"
    command = f"{shlex.quote(sys.executable)} -c \"open('{marker}', 'w').write('bye')\""
    with ManagerProcess(
        tmp_path / "manager", extra_args=["--job-types-path", str(TEST_JOB_TYPES)]
    ) as manager:
        seed = SpecCheckedSession(manager.url, spec=load_spec(), timeout=10)
        v3 = SpecCheckedSession(manager.url, spec=spec_of_door("/api/v3/"), timeout=10)
        body: dict[str, Any] = {
            "name": "doomed",
            "type": "independent-tasks",
            "priority": 50,
            "settings": {"count": 1, "task_type": "ui-none"},
            "metadata": {"af.command_post": command},
        }
        job = seed.post("/api/jobs", json=body).json()
        assert v3.get(f"/api/v3/jobs/{job['id']}/life").json()["command_post"] == command
        with WorkerProcess(
            manager.url, tmp_path / "worker", name="post-runner", task_types=["postcmd"]
        ) as worker:
            worker.wait_for_credentials()
            assert not marker.exists()
            v3.delete(f"/api/v3/jobs/{job['id']}")
            wait_for(lambda: marker.exists(), 30, "the post command to run", worker)
        assert marker.read_text() == "bye"
        assert v3.get(f"/api/v3/jobs/{job['id']}").status_code == 404
        assert "Traceback" not in manager.log(), manager.log()[-5000:]

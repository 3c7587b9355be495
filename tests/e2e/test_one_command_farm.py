"""The README's promise: one command gives a farm that works, and the CLI follows a job to the end."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.api.live_manager import free_port

pytestmark = pytest.mark.e2e
BIN = Path(sys.executable).parent


def test_manager_with_local_worker_and_the_cli(tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLAMENCO_")}
    log = open(tmp_path / "farm.log", "wb")  # noqa: SIM115 - closed below, after the process
    farm = subprocess.Popen(
        [str(BIN / "flamenco-manager"), "--listen", f"127.0.0.1:{port}", "--local-worker"],
        cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{url}/api/version", timeout=2).ok:
                    break
            except (requests.ConnectionError, requests.Timeout):  # not up yet, or a slow first answer
                time.sleep(0.2)
        cli = [str(BIN / "flamenco"), "--manager", url, "job", "submit", "--type", "echo-sleep-test"]
        done = subprocess.run(
            [*cli, "--name", "hello", "--setting", "message=hello from the CLI",
             "--setting", "sleep_repeats=2", "--wait", "--quiet", "--interval", "0.3"],
            capture_output=True, text=True, timeout=90, env=env,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr + (tmp_path / "farm.log").read_text()
        job_id = done.stdout.splitlines()[0]
        assert "completed" in done.stdout
        assert requests.get(f"{url}/api/jobs/{job_id}", timeout=5).json()["status"] == "completed"
        workers = requests.get(f"{url}/api/worker-mgt/workers", timeout=5).json()["workers"]
        assert len(workers) == 1
        assert (tmp_path / "flamenco-worker" / "flamenco-worker-credentials.yaml").exists()

        refused = subprocess.run(
            [*cli, "--setting", "sleep_repeats=2"], capture_output=True, text=True, timeout=30, env=env
        )
        assert refused.returncode == 2
        assert "message" in refused.stderr  # the Manager's reason reaches the user
    finally:
        farm.send_signal(signal.SIGTERM)
        try:
            farm.wait(30)
        finally:
            log.close()
    # The local worker signed off when the farm stopped.
    assert "Traceback" not in (tmp_path / "farm.log").read_text()

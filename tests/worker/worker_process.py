"""A real worker process for end-to-end tests, and small helpers to watch a Manager."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import yaml

from flamenco.worker.credentials import Credentials, load_credentials

REPO = Path(__file__).resolve().parents[2]
T = TypeVar("T")

# Fast-paced settings so the tests spend little time waiting for the worker's next move.
TEST_SETTINGS: dict[str, Any] = {
    "task_types": ["misc", "file-management"],
    "poll_wait": 25,
    "min_poll_interval": 0.2,
    "asleep_poll_interval": 0.3,
    "may_i_run_interval": 0.5,
    "max_backoff": 1.0,
    "kill_grace_period": 2.0,
    "shutdown_flush_timeout": 2.0,
}


class WorkerProcess:
    """``flamenco-worker`` (spec-checked) in its own directory, with a config file written there."""

    def __init__(self, manager_url: str, workdir: Path, *, name: str, **settings: Any) -> None:
        self.workdir = workdir
        self.name = name
        self.config_path = workdir / "flamenco-worker.yaml"
        self.log_path = workdir / "worker.log"
        self.violations_path = workdir / "spec-violations.txt"
        self.calls_path = workdir / "spec-calls.json"
        self.settings = {"manager_url": manager_url, "worker_name": name, **TEST_SETTINGS, **settings}
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> WorkerProcess:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.config_path.write_text(yaml.safe_dump(self.settings))
        env = {k: v for k, v in os.environ.items() if not k.startswith("FLAMENCO_")}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
        env["WORKER_SPEC_VIOLATIONS"] = str(self.violations_path)
        env["WORKER_SPEC_CALLS"] = str(self.calls_path)
        with open(self.log_path, "ab") as log_file:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.worker.spec_checked_worker", "--config", str(self.config_path),
                 "--work-dir", str(self.workdir)],
                cwd=self.workdir, env=env, stdout=log_file, stderr=subprocess.STDOUT,
            )  # fmt: skip
        return self

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def credentials(self) -> Credentials | None:
        return load_credentials(self.workdir / "flamenco-worker-credentials.yaml")

    def wait_for_credentials(self, timeout: float = 20) -> Credentials:
        return wait_for(self.credentials, timeout, "worker credentials", self)

    def signal(self, sig: int = signal.SIGTERM, timeout: float = 20) -> int:
        """Send ``sig`` and wait for the exit status."""
        assert self.process is not None
        self.process.send_signal(sig)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(
                f"worker did not exit within {timeout}s of {sig!r}:\n{self.log()[-4000:]}"
            ) from None

    def violations(self) -> str:
        return self.violations_path.read_text() if self.violations_path.exists() else ""

    def calls(self) -> list[dict[str, Any]]:
        return json.loads(self.calls_path.read_text())

    def __enter__(self) -> WorkerProcess:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


def wait_for(
    check: Callable[[], T | None], timeout: float, what: str, worker: WorkerProcess | None = None
) -> T:
    """Poll ``check`` until it returns something truthy; fail with the worker's log if it never does."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            tail = worker.log()[-4000:] if worker is not None else ""
            raise AssertionError(f"timed out after {timeout}s waiting for {what}\n--- worker log ---\n{tail}")
        if worker is not None and worker.process is not None and worker.process.poll() is not None:
            status = worker.process.returncode
            raise AssertionError(
                f"worker exited ({status}) while waiting for {what}:\n{worker.log()[-4000:]}"
            )
        time.sleep(0.1)

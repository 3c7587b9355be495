"""A real farm for the CLI tests (a Manager process and one spec-checked worker process), and a way
to run `flamenco` commands in-process with every HTTP exchange checked against the spec."""

from __future__ import annotations

import contextlib
import io
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from flamenco.cli.client import main
from tests.api.live_manager import ManagerProcess
from tests.api.spec_client import CheckedCall, SpecCheckedTransport
from tests.worker.worker_process import WorkerProcess

TEST_JOB_TYPES = Path(__file__).resolve().parents[1] / "job_types"
WORKER_NAME = "cli-worker"


@dataclass
class CliResult:
    code: int
    out: str
    err: str
    calls: list[CheckedCall] = field(default_factory=list)

    def json(self) -> Any:
        return json.loads(self.out)

    def lines(self) -> list[str]:
        return self.out.splitlines()


def run_cli(*argv: str) -> CliResult:
    """`flamenco ARGV` in this process; stdout/stderr captured, traffic spec-checked.

    An off-spec request or answer raises out of here (SpecViolation is an AssertionError).
    """
    transport = SpecCheckedTransport()
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv), transport=transport)
        except SystemExit as exc:  # argparse: --help, --version, usage errors
            code = int(exc.code or 0)
    return CliResult(code, out.getvalue(), err.getvalue(), transport.calls)


@dataclass
class Farm:
    manager: ManagerProcess
    worker: WorkerProcess

    @property
    def url(self) -> str:
        return self.manager.url

    def cli(self, *argv: str) -> CliResult:
        """`flamenco --manager URL ARGV`."""
        return run_cli("--manager", self.url, *argv)

    def submit(self, job_type: str, name: str, **settings: Any) -> str:
        args = ["job", "submit", "--json", "--type", job_type, "--name", name]
        for key, value in settings.items():
            args += ["--setting", f"{key}={value}"]
        result = self.cli(*args)
        assert result.code == 0, result.err
        return str(result.json()["id"])

    def job(self, job_id: str) -> dict[str, Any]:
        result = self.cli("job", "show", job_id, "--json")
        assert result.code == 0, result.err
        return result.json()

    def tasks(self, job_id: str) -> dict[str, dict[str, Any]]:
        result = self.cli("job", "tasks", job_id, "--json")
        assert result.code == 0, result.err
        return {t["name"]: t for t in result.json()["tasks"]}


def eventually(check: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.1)


@pytest.fixture(scope="module")
def farm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Farm]:
    """A Manager with the test job types and one worker; a module's tests share it, each with its own jobs."""
    root = tmp_path_factory.mktemp("cli-farm")
    manager = ManagerProcess(root / "manager", extra_args=["--job-types-path", str(TEST_JOB_TYPES)])
    with manager, WorkerProcess(manager.url, root / "worker", name=WORKER_NAME) as worker:
        farm = Farm(manager, worker)
        eventually(lambda: '"awake"' in farm.cli("worker", "list", "--json").out, 30, "the worker awake")
        yield farm
        assert worker.violations() == "", worker.violations()
    assert "Traceback" not in manager.log(), manager.log()[-5000:]

"""Stand-ins for the Manager side of the runner, for tests that run real commands without a Manager."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flamenco.worker.client import MayKeepRunning
from flamenco.worker.runner import RunnerSettings, TaskOutcome, TaskRunner


class RecordingUpstream:
    """Takes task updates like :class:`flamenco.worker.upstream.Upstream` and keeps them in order."""

    def __init__(self) -> None:
        self.updates: list[tuple[str, dict[str, Any]]] = []
        self._lock = threading.Lock()

    def enqueue(self, task_id: str, payload: dict[str, Any]) -> None:
        with self._lock:
            self.updates.append((task_id, payload))

    def payloads(self) -> list[dict[str, Any]]:
        with self._lock:
            return [payload for _, payload in self.updates]

    def log_text(self) -> str:
        return "".join(p.get("log", "") for p in self.payloads())

    def activities(self) -> list[str]:
        return [p["activity"] for p in self.payloads() if "activity" in p]

    def statuses(self) -> list[str]:
        return [p["taskStatus"] for p in self.payloads() if "taskStatus" in p]


class MayIRunClient:
    """Answers may-i-run: yes until ``stop_after`` calls (None: always yes)."""

    def __init__(self, stop_after: int | None = None, *, status_change: bool = False) -> None:
        self.stop_after = stop_after
        self.status_change = status_change
        self.asked = 0

    def may_i_run(self, task_id: str) -> MayKeepRunning:
        self.asked += 1
        if self.stop_after is not None and self.asked >= self.stop_after:
            return MayKeepRunning(False, "task was canceled", self.status_change)
        return MayKeepRunning(True, "", False)


def make_runner(
    work_dir: Path,
    client: Any = None,
    *,
    may_i_run_interval: float = 60.0,
    kill_grace_period: float = 2.0,
    should_stop: Callable[[], bool] = lambda: False,
) -> tuple[TaskRunner, RecordingUpstream]:
    upstream = RecordingUpstream()
    runner = TaskRunner(
        client or MayIRunClient(),
        upstream,  # type: ignore[arg-type]
        RunnerSettings(
            work_dir=work_dir,
            may_i_run_interval=may_i_run_interval,
            kill_grace_period=kill_grace_period,
            worker_name="test-worker",
        ),
        should_stop=should_stop,
    )
    return runner, upstream


def task(*commands: tuple[str, dict[str, Any]], name: str = "test-task") -> dict[str, Any]:
    """An AssignedTask as the Manager sends it."""
    return {
        "uuid": str(uuid.uuid4()),
        "job": str(uuid.uuid4()),
        "name": name,
        "status": "active",
        "priority": 50,
        "job_priority": 50,
        "job_type": "test",
        "task_type": "misc",
        "commands": [{"name": n, "parameters": p} for n, p in commands],
    }


def run_task(
    work_dir: Path, *commands: tuple[str, dict[str, Any]], **options: Any
) -> tuple[TaskOutcome, RecordingUpstream]:
    runner, upstream = make_runner(work_dir, **options)
    return runner.run(task(*commands)), upstream

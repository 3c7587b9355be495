"""The agent's decisions on each Manager answer, against a scripted Manager (no HTTP, no waiting)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from flamenco.worker import agent as agent_module
from flamenco.worker.agent import Agent
from flamenco.worker.client import ManagerUnreachable, MayKeepRunning, ScheduleAnswer, Unauthorized
from flamenco.worker.config import load_worker_config
from flamenco.worker.credentials import Credentials, load_credentials, save_credentials


class ScriptedManager:
    """Plays the Manager: ``schedule`` answers are consumed in order (an exception is raised)."""

    base_url = "http://scripted"

    def __init__(
        self, schedule: list[ScheduleAnswer | Exception], *, sign_on: list[str | Exception] | None = None
    ):
        self.schedule = list(schedule)
        self.sign_on_answers = list(sign_on or ["awake"])
        self.requested: list[str | None] = []
        self.credentials: Credentials | None = None
        self.calls: list[str] = []
        self.updates: list[tuple[str, dict[str, Any]]] = []
        self.reports: list[dict[str, Any]] = []  # hardware reports, kept out of `calls`

    def report_resources(self, report: dict[str, Any]) -> bool:
        self.reports.append(report)
        return True

    def register(self, **_: Any) -> str:
        self.calls.append("register")
        return str(uuid.uuid4())

    def sign_on(self, **_: Any) -> str:
        self.calls.append(f"sign-on as {self.credentials.worker_id if self.credentials else None}")
        answer = self.sign_on_answers.pop(0) if len(self.sign_on_answers) > 1 else self.sign_on_answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    def sign_off(self, **_: Any) -> None:
        self.calls.append("sign-off")

    def requested_status(self) -> str | None:
        self.calls.append("state")
        return self.requested.pop(0) if self.requested else None

    def state_changed(self, status: str) -> None:
        self.calls.append(f"state-changed {status}")

    def schedule_task(self, wait: float = 0) -> ScheduleAnswer:
        self.calls.append("task")
        answer = self.schedule.pop(0) if self.schedule else ScheduleAnswer(status_requested="offline")
        if isinstance(answer, Exception):
            raise answer
        return answer

    def task_update(self, task_id: str, update: dict[str, Any]) -> None:
        self.updates.append((task_id, update))

    def may_i_run(self, task_id: str) -> MayKeepRunning:
        return MayKeepRunning(True, "", False)


@pytest.fixture(autouse=True)
def no_long_pauses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(agent_module, "CONFLICT_PAUSE", 0.01)


def make_agent(tmp_path: Path, manager: ScriptedManager, **settings: Any) -> Agent:
    config = load_worker_config(
        environ={},
        overrides={
            "manager_url": "http://scripted/",
            "work_dir": tmp_path,
            "min_poll_interval": 0.01,
            "asleep_poll_interval": 0.01,
            "max_backoff": 0.05,
            "shutdown_flush_timeout": 1,
            **settings,
        },
    )
    return Agent(config, manager)  # type: ignore[arg-type]


def run(agent: Agent) -> int:
    return agent.run()


def test_first_start_registers_and_saves_credentials(tmp_path: Path) -> None:
    manager = ScriptedManager([])
    assert run(make_agent(tmp_path, manager)) == 0
    saved = load_credentials(tmp_path / "flamenco-worker-credentials.yaml")
    assert saved is not None
    assert manager.calls[:3] == ["register", f"sign-on as {saved.worker_id}", "state-changed awake"]
    assert manager.calls[-3:] == ["task", "state-changed offline", "sign-off"]


def test_the_worker_reports_its_hardware_at_sign_on(tmp_path: Path) -> None:
    manager = ScriptedManager([ScheduleAnswer(), ScheduleAnswer()])
    assert run(make_agent(tmp_path, manager, resources_interval=3600)) == 0
    assert len(manager.reports) == 1, "one report at sign-on, the next is not due yet"
    report = manager.reports[0]
    assert report["cpu_cores"] >= 1 and report["arch"]
    assert report["hdd_free_gb"] >= 0 and report["mem_total_mb"] >= report["mem_free_mb"] > 0


def test_unknown_credentials_lead_to_a_new_registration(tmp_path: Path) -> None:
    stale = Credentials("stale-id", "stale-secret")
    save_credentials(tmp_path / "flamenco-worker-credentials.yaml", stale)
    manager = ScriptedManager([], sign_on=[Unauthorized("unknown worker", 401), "awake"])
    assert run(make_agent(tmp_path, manager)) == 0
    fresh = load_credentials(tmp_path / "flamenco-worker-credentials.yaml")
    assert fresh is not None and fresh != stale
    assert manager.calls[:3] == ["sign-on as stale-id", "register", f"sign-on as {fresh.worker_id}"]


def test_conflict_makes_the_worker_ask_its_state_and_report_awake_again(tmp_path: Path) -> None:
    manager = ScriptedManager([ScheduleAnswer(conflict="worker is 'error'"), ScheduleAnswer()])
    assert run(make_agent(tmp_path, manager)) == 0
    assert manager.calls[2:8] == [
        "state-changed awake",
        "task",
        "state",
        "state-changed awake",
        "task",
        "task",
    ]


def test_unreachable_manager_is_retried_until_it_answers(tmp_path: Path) -> None:
    down = [ManagerUnreachable("connection refused") for _ in range(3)]
    manager = ScriptedManager([*down, ScheduleAnswer(status_requested="asleep")])
    manager.requested = [None, "shutdown"]
    assert run(make_agent(tmp_path, manager)) == 0
    assert manager.calls[2:] == [
        "state-changed awake", "task", "task", "task", "task",
        "state-changed asleep", "state", "state",
        "state-changed shutdown", "sign-off",
    ]  # fmt: skip


def test_restart_request_exits_with_the_configured_status(tmp_path: Path) -> None:
    manager = ScriptedManager([ScheduleAnswer(status_requested="restart")])
    assert run(make_agent(tmp_path, manager, restart_exit_code=47)) == 47
    assert manager.calls[-1] == "sign-off"


def test_tasks_run_and_their_updates_are_delivered_before_the_next_request(tmp_path: Path) -> None:
    task_id = str(uuid.uuid4())
    assigned = {
        "uuid": task_id,
        "job": "j",
        "name": "t",
        "commands": [{"name": "echo", "parameters": {"message": "m"}}],
    }
    manager = ScriptedManager([ScheduleAnswer(task=assigned)])
    seen_before_next_request: list[int] = []
    original: Callable[..., ScheduleAnswer] = manager.schedule_task

    def schedule_task(wait: float = 0) -> ScheduleAnswer:
        seen_before_next_request.append(len(manager.updates))
        return original(wait)

    manager.schedule_task = schedule_task  # type: ignore[method-assign]
    assert run(make_agent(tmp_path, manager)) == 0
    statuses = [u.get("taskStatus") for _, u in manager.updates if "taskStatus" in u]
    assert statuses == ["active", "completed"]
    # The second request came only after every update of the task had reached the Manager.
    assert seen_before_next_request[1] == len(manager.updates)

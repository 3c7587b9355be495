"""A Worker and a submitter speaking the protocol over real HTTP, every exchange spec-checked."""

from __future__ import annotations

import uuid
from typing import Any

import requests

from .live_manager import ManagerProcess
from .spec_client import SpecCheckedSession

TASK_TYPES = ["misc"]


class Worker:
    """The Worker's side of the protocol, just as far as these scenarios need it."""

    def __init__(self, manager: ManagerProcess, nickname: str) -> None:
        self.nickname = nickname
        self.secret = uuid.uuid4().hex
        self.http = SpecCheckedSession(manager.url)
        registered = self.http.post(
            "/api/worker/register-worker",
            json={
                "secret": self.secret,
                "platform": "linux",
                "supported_task_types": TASK_TYPES,
                "nickname": nickname,
            },
        )
        assert registered.status_code == 200, registered.text
        self.uuid: str = registered.json()["uuid"]
        self.http.auth = (self.uuid, self.secret)

    def sign_on_and_wake(self) -> None:
        signed_on = self.http.post(
            "/api/worker/sign-on",
            json={
                "nickname": self.nickname,
                "supported_task_types": TASK_TYPES,
                "software_version": "3.0-test",
            },
        )
        assert signed_on.status_code == 200, signed_on.text
        assert signed_on.json() == {"status_requested": "awake"}
        awake = self.http.post("/api/worker/state-changed", json={"status": "awake"})
        assert awake.status_code == 204, awake.text

    def next_task(self) -> dict[str, Any] | None:
        response = self.http.post("/api/worker/task")
        if response.status_code == 204:
            return None
        assert response.status_code == 200, response.text
        return response.json()

    def update(self, task_id: str, **update: str) -> requests.Response:
        return self.http.post(f"/api/worker/task/{task_id}", json=update)

    def run(self, task: dict[str, Any]) -> None:
        """Report the task running with a log line, then completed with another."""
        started = self.update(
            task["uuid"],
            taskStatus="active",
            activity=f"running {task['name']}",
            log=f"{task['name']}: starting",
        )
        assert started.status_code == 204, started.text
        done = self.update(
            task["uuid"], taskStatus="completed", activity="done", log=f"{task['name']}: finished"
        )
        assert done.status_code == 204, done.text


def submit_echo_sleep_job(http: SpecCheckedSession, *, sleep_repeats: int, name: str) -> dict[str, Any]:
    submitted = http.post(
        "/api/jobs",
        json={
            "name": name,
            "type": "echo-sleep-test",
            "priority": 50,
            "settings": {"message": "hi", "sleep_repeats": sleep_repeats},
        },
    )
    assert submitted.status_code == 200, submitted.text
    return submitted.json()

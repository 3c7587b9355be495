"""Workers on `/api/v3` that run pipeline blocks' services, for claim-order tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture
def pipeline_worker(client) -> Callable[[str], tuple[str, str]]:
    """Register, sign on and wake a worker named ``name`` that runs `generic` tasks; its auth."""

    def make(name: str) -> tuple[str, str]:
        registration = {"secret": "s", "platform": "linux", "supported_task_types": ["generic"], "name": name}
        registered = client.post("/api/v3/worker/register-worker", json=registration)
        assert registered.status_code == 200, registered.text
        auth = (registered.json()["uuid"], "s")
        sign_on = {"name": name, "supported_task_types": ["generic"], "software_version": "3.8.5"}
        assert client.post("/api/v3/worker/sign-on", json=sign_on, auth=auth).status_code == 200
        assert (
            client.post("/api/v3/worker/state-changed", json={"status": "awake"}, auth=auth).status_code
            == 204
        )
        return auth

    return make


def claim(client, auth: tuple[str, str]) -> dict[str, Any] | None:
    """The task the worker gets, or None when there is nothing for it."""
    answer = client.post("/api/v3/worker/task", auth=auth)
    if answer.status_code == 204:
        return None
    assert answer.status_code == 200, answer.text
    return answer.json()


def complete(client, auth: tuple[str, str], task: dict[str, Any]) -> None:
    done = client.post(f"/api/v3/worker/task/{task['uuid']}", json={"taskStatus": "completed"}, auth=auth)
    assert done.status_code == 204, done.text

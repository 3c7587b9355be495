"""A Flamenco 3.8 worker's credentials on `/api/v3`, registered and awake."""

from __future__ import annotations

import pytest

REGISTRATION = {"secret": "s3cret", "platform": "linux", "supported_task_types": ["misc"], "name": "w3"}
SIGN_ON = {"name": "w3", "supported_task_types": ["misc"], "software_version": "3.8.5", "can_restart": True}


@pytest.fixture
def auth(client):
    registered = client.post("/api/v3/worker/register-worker", json=REGISTRATION)
    assert registered.status_code == 200, registered.text
    return (registered.json()["uuid"], "s3cret")


@pytest.fixture
def awake(client, auth):
    assert client.post("/api/v3/worker/sign-on", json=SIGN_ON, auth=auth).json() == {
        "status_requested": "awake"
    }
    assert client.post("/api/v3/worker/state-changed", json={"status": "awake"}, auth=auth).status_code == 204
    return auth

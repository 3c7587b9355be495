"""`Prefer: wait=N` on scheduleTask: held until work appears, answered at once without it."""

from __future__ import annotations

import threading
import time

import pytest

from flamenco.scheduler.waiting import preferred_wait
from tests.factories import independent_job

REGISTRATION = {"secret": "s3cret", "platform": "linux", "supported_task_types": ["misc"], "nickname": "w1"}


@pytest.fixture
def auth(client):
    worker = client.post("/api/worker/register-worker", json=REGISTRATION).json()
    credentials = (worker["uuid"], "s3cret")
    client.post(
        "/api/worker/sign-on",
        json={"nickname": "w1", "supported_task_types": ["misc"], "software_version": "1"},
        auth=credentials,
    )
    client.post("/api/worker/state-changed", json={"status": "awake"}, auth=credentials)
    return credentials


def test_header_parsing():
    assert preferred_wait(None, 30) == 0
    assert preferred_wait("wait=10", 30) == 10
    assert preferred_wait("respond-async, wait=100", 30) == 30
    assert preferred_wait("handling=lenient", 30) == 0


def test_without_the_header_the_answer_is_immediate(client, auth):
    started = time.monotonic()
    assert client.post("/api/worker/task", auth=auth).status_code == 204
    assert time.monotonic() - started < 1


def test_waits_the_requested_time_when_nothing_comes(client, auth):
    started = time.monotonic()
    response = client.post("/api/worker/task", auth=auth, headers={"Prefer": "wait=1"})
    elapsed = time.monotonic() - started
    assert response.status_code == 204
    assert 0.9 <= elapsed < 3


def test_a_job_submitted_while_waiting_is_handed_out_at_once(client, services, auth):
    submitted_at: list[float] = []

    def submit_later() -> None:
        time.sleep(0.5)
        submitted_at.append(time.monotonic())
        independent_job(services)

    threading.Thread(target=submit_later).start()
    response = client.post("/api/worker/task", auth=auth, headers={"Prefer": "wait=20"})
    answered = time.monotonic()
    assert response.status_code == 200
    assert answered - submitted_at[0] < 0.5  # woken by the submission, not by a poll interval


def test_a_status_request_while_waiting_answers_423(client, auth):
    def request_sleep() -> None:
        time.sleep(0.3)
        client.post(
            f"/api/worker-mgt/workers/{auth[0]}/setstatus", json={"status": "asleep", "is_lazy": False}
        )

    threading.Thread(target=request_sleep).start()
    started = time.monotonic()
    response = client.post("/api/worker/task", auth=auth, headers={"Prefer": "wait=20"})
    assert (response.status_code, response.json()) == (423, {"status_requested": "asleep"})
    assert time.monotonic() - started < 3

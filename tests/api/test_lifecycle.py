"""A job's whole life as a Worker and a submitter see it, over real HTTP to a real Manager process.

Every exchange goes through :class:`SpecCheckedSession`, so besides the behaviour asserted here,
each request and response of these scenarios is checked against `spec/flamenco-openapi.yaml`.
"""

from __future__ import annotations

import uuid

import pytest

from .http_worker import Worker, submit_echo_sleep_job
from .live_manager import ManagerProcess
from .spec_client import SpecCheckedSession

pytestmark = pytest.mark.e2e


def test_job_runs_from_submission_to_completion(live_manager: ManagerProcess) -> None:
    user = SpecCheckedSession(live_manager.url)
    version = user.get("/api/version")
    assert version.status_code == 200
    assert version.json()["name"]

    worker = Worker(live_manager, "lifecycle-worker")
    worker.sign_on_and_wake()
    job = submit_echo_sleep_job(user, sleep_repeats=2, name="lifecycle job")
    assert job["status"] == "queued"

    tasks = []
    while (task := worker.next_task()) is not None:
        assert task["job"] == job["id"]
        assert task["status"] == "active"
        worker.run(task)
        tasks.append(task)
        assert len(tasks) <= 3, "the Manager keeps handing out tasks of a 3-task job"

    # The echo task goes first (the sleeps depend on it) and carries the submitted message.
    assert [t["name"] for t in tasks] == ["echo", "sleep", "sleep-2"]
    assert tasks[0]["commands"] == [{"name": "echo", "parameters": {"message": "hi"}}]
    assert [c["name"] for t in tasks[1:] for c in t["commands"]] == ["sleep", "sleep"]

    fetched_job = user.get(f"/api/jobs/{job['id']}")
    assert fetched_job.status_code == 200
    assert fetched_job.json()["status"] == "completed"

    summary = user.get(f"/api/jobs/{job['id']}/tasks")
    assert summary.status_code == 200
    assert {t["id"]: t["status"] for t in summary.json()["tasks"]} == {t["uuid"]: "completed" for t in tasks}

    for task in tasks:
        fetched = user.get(f"/api/tasks/{task['uuid']}")
        assert fetched.status_code == 200
        assert fetched.json()["status"] == "completed"
        assert fetched.json()["worker"]["id"] == worker.uuid
        assert fetched.json()["activity"] == "done"

        tail = user.get(f"/api/tasks/{task['uuid']}/logtail")
        assert tail.status_code == 200
        assert tail.headers["content-type"].startswith("text/plain")
        assert f"{task['name']}: starting" in tail.text
        assert f"{task['name']}: finished" in tail.text
        assert tail.text.index(f"{task['name']}: starting") < tail.text.index(f"{task['name']}: finished")

    # Every exchange above went through the spec check, and all requests were valid ones.
    assert all(call.request_checked for call in [*user.calls, *worker.http.calls])


def test_task_of_a_worker_that_signs_off_goes_to_another_worker(live_manager: ManagerProcess) -> None:
    user = SpecCheckedSession(live_manager.url)
    first = Worker(live_manager, "doomed-worker")
    first.sign_on_and_wake()
    job = submit_echo_sleep_job(user, sleep_repeats=1, name="requeue job")

    task = first.next_task()
    assert task is not None and task["name"] == "echo"
    running = first.update(task["uuid"], taskStatus="active", log="doomed-worker was here")
    assert running.status_code == 204

    # The worker process is being killed; its shutdown handler signs off.
    assert first.http.post("/api/worker/sign-off").status_code == 204

    requeued = user.get(f"/api/tasks/{task['uuid']}").json()
    assert requeued["status"] == "queued"
    worker_info = user.get(f"/api/worker-mgt/workers/{first.uuid}").json()
    assert worker_info["status"] == "offline"
    # A signed-off worker gets no work until it signs on again: 423 telling it which status to go
    # to first (the Manager remembers it was awake), or 409 "not awake".
    refused = first.http.post("/api/worker/task")
    assert refused.status_code in (409, 423), refused.text
    if refused.status_code == 423:
        assert refused.json() == {"status_requested": "awake"}

    second = Worker(live_manager, "rescue-worker")
    second.sign_on_and_wake()
    retaken = second.next_task()
    assert retaken is not None
    assert retaken["uuid"] == task["uuid"], "the requeued task should be the first to go out again"

    # A late report from the worker that left must not touch the task it lost.
    late = first.update(task["uuid"], taskStatus="completed", log="doomed-worker: late report")
    assert late.status_code == 409
    assert late.json()["code"] == 409

    second.run(retaken)
    while (rest := second.next_task()) is not None:
        second.run(rest)

    done = user.get(f"/api/tasks/{task['uuid']}").json()
    assert done["status"] == "completed"
    assert done["worker"]["id"] == second.uuid
    assert user.get(f"/api/jobs/{job['id']}").json()["status"] == "completed"

    tail = user.get(f"/api/tasks/{task['uuid']}/logtail").text
    assert "doomed-worker was here" in tail
    assert "echo: finished" in tail
    assert "late report" not in tail


@pytest.mark.parametrize(
    ("auth", "spec_invalid_request"),
    [
        pytest.param(None, True, id="no-credentials"),
        pytest.param("wrong-secret", False, id="wrong-secret"),
        pytest.param("unknown-worker", False, id="unknown-worker"),
    ],
)
def test_worker_calls_without_valid_credentials_get_401_error(
    live_manager: ManagerProcess, auth: str | None, spec_invalid_request: bool
) -> None:
    worker = Worker(live_manager, "auth-worker")
    http = SpecCheckedSession(live_manager.url)
    credentials = {
        None: None,
        "wrong-secret": (worker.uuid, "not-" + worker.secret),
        "unknown-worker": (str(uuid.uuid4()), worker.secret),
    }[auth]

    for method, path, body in [
        ("POST", "/api/worker/task", None),
        (
            "POST",
            "/api/worker/sign-on",
            {"nickname": "x", "supported_task_types": ["misc"], "software_version": "1"},
        ),
        ("GET", "/api/worker/state", None),
    ]:
        response = http.request(
            method, path, json=body, auth=credentials, spec_invalid_request=spec_invalid_request
        )
        assert response.status_code == 401, (path, response.text)
        assert response.headers["content-type"] == "application/json"
        error = response.json()
        assert error["code"] == 401
        assert isinstance(error["message"], str) and error["message"]

    # Nothing happened to the real worker: it never signed on, so it is still offline.
    assert http.get(f"/api/worker-mgt/workers/{worker.uuid}").json()["status"] == "offline"

"""Live updates over Socket.IO from a real Manager process, heard by python-socketio clients.

Each payload is checked against the spec's `SocketIO*Update` schema as it arrives (`Listener`),
each event must arrive within a second of the HTTP call that caused it, and a client hears only
what it subscribed to.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api.http_worker import Worker, submit_echo_sleep_job
from tests.api.live_manager import ManagerProcess
from tests.api.spec_client import SpecCheckedSession
from tests.conftest import _reset_postgres

from .listener import Listener

pytestmark = pytest.mark.e2e

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def manager(tmp_path: Path) -> Iterator[ManagerProcess]:
    """A Manager of its own per test: the scheduler hands out the oldest job's tasks first."""
    with ManagerProcess(tmp_path / "manager") as live:
        yield live
    assert "Traceback" not in live.log(), live.log()[-5000:]


@pytest.fixture
def listen(manager: ManagerProcess) -> Iterator:
    opened: list[Listener] = []

    def connect(url: str = manager.url) -> Listener:
        opened.append(Listener(url))
        return opened[-1]

    yield connect
    for listener in opened:
        assert listener.invalid == [], listener.invalid
        listener.close()


def test_a_new_job_reaches_job_subscribers_within_a_second(manager, listen):
    jobs, workers_only = listen(), listen()
    assert jobs.subscribe("allJobs") == "ok"
    assert workers_only.subscribe("allWorkers") == "ok"

    sent = time.monotonic()
    job = submit_echo_sleep_job(SpecCheckedSession(manager.url), sleep_repeats=1, name="heard job")
    heard = jobs.wait_for("/jobs", lambda p: p["id"] == job["id"])
    assert heard.at - sent < 1.0
    assert heard.payload["status"] == "queued"
    assert "previous_status" not in heard.payload  # a new job
    time.sleep(0.3)
    assert workers_only.named("/jobs") == []


def test_task_and_log_updates_go_to_the_jobs_subscribers_in_order(manager, listen):
    user = SpecCheckedSession(manager.url)
    job = submit_echo_sleep_job(user, sleep_repeats=1, name="followed job")
    first_task = user.get(f"/api/jobs/{job['id']}/tasks").json()["tasks"][0]
    follower, bystander = listen(), listen()
    assert follower.subscribe("job", job["id"]) == "ok"
    assert follower.subscribe("tasklog", first_task["id"]) == "ok"
    assert bystander.subscribe("allJobs") == "ok"

    worker = Worker(manager, "sio-worker")
    worker.sign_on_and_wake()
    task = worker.next_task()
    assert task is not None and task["uuid"] == first_task["id"]
    sent = time.monotonic()
    worker.update(task["uuid"], taskStatus="active", log="rendering frame 1")
    line = follower.wait_for("/tasklog", lambda p: "rendering frame 1" in p["log"])
    assert line.at - sent < 1.0
    sent = time.monotonic()
    worker.update(task["uuid"], taskStatus="completed", log="done")
    done = follower.wait_for("/task", lambda p: p["id"] == task["uuid"] and p["status"] == "completed")
    assert done.at - sent < 1.0

    statuses = [p["status"] for p in follower.named("/task") if p["id"] == task["uuid"]]
    assert statuses[0] == "active" and statuses[-1] == "completed"
    assert statuses.index("active") < statuses.index("completed")
    assert bystander.named("/task") == [] and bystander.named("/tasklog") == []


def test_progress_updates_carry_task_counts(manager, listen):
    user = SpecCheckedSession(manager.url)
    job = submit_echo_sleep_job(user, sleep_repeats=2, name="progress job")
    jobs = listen()
    jobs.subscribe("allJobs")
    worker = Worker(manager, "progress-worker")
    worker.sign_on_and_wake()
    task = worker.next_task()
    assert task is not None
    worker.run(task)
    heard = jobs.wait_for(
        "/jobs", lambda p: p["id"] == job["id"] and p.get("task_counts", {}).get("completed") == 1
    )
    tasks = user.get(f"/api/jobs/{job['id']}/tasks").json()["tasks"]
    assert heard.payload["task_counts"]["total"] == len(tasks)


def test_mass_changes_are_one_job_update_not_one_per_task(manager, listen):
    user = SpecCheckedSession(manager.url)
    job = submit_echo_sleep_job(user, sleep_repeats=60, name="big job")
    follower = listen()
    follower.subscribe("job", job["id"])
    follower.subscribe("allJobs")
    cancel = {"status": "cancel-requested", "reason": "no longer needed"}
    canceled = user.post(f"/api/jobs/{job['id']}/setstatus", json=cancel)
    assert canceled.status_code == 204
    follower.wait_for("/jobs", lambda p: p["id"] == job["id"] and p["status"] == "canceled")
    assert any(p["refresh_tasks"] for p in follower.named("/jobs") if p["id"] == job["id"])
    time.sleep(0.3)
    assert follower.named("/task") == []


def test_worker_updates_and_status_requests(manager, listen):
    workers = listen()
    workers.subscribe("allWorkers")
    worker = Worker(manager, "watched-worker")
    worker.sign_on_and_wake()
    workers.wait_for("/workers", lambda p: p["id"] == worker.uuid and p["status"] == "awake")
    user = SpecCheckedSession(manager.url)
    asked = user.post(
        f"/api/worker-mgt/workers/{worker.uuid}/setstatus", json={"status": "asleep", "is_lazy": False}
    )
    assert asked.status_code == 204
    heard = workers.wait_for("/workers", lambda p: p["id"] == worker.uuid and "status_change" in p)
    assert heard.payload["status_change"] == {"status": "asleep", "is_lazy": False}


def test_unsubscribing_stops_updates(manager, listen):
    jobs = listen()
    jobs.subscribe("allJobs")
    assert jobs.subscribe("allJobs", op="unsubscribe") == "ok"
    submit_echo_sleep_job(SpecCheckedSession(manager.url), sleep_repeats=1, name="unheard")
    time.sleep(0.5)
    assert jobs.named("/jobs") == []


@pytest.mark.parametrize(
    ("body", "complaint"),
    [
        ({"op": "subscribe", "type": "everything"}, "unknown subscription type"),
        ({"op": "subscribe", "type": "job"}, "needs its UUID"),
        ({"op": "subscribe", "type": "tasklog", "uuid": "not-a-uuid"}, "needs its UUID"),
        ({"op": "join", "type": "allJobs"}, "unknown subscription op"),
        ("allJobs", "is an object"),
    ],
)
def test_bad_subscriptions_are_answered_with_the_reason(manager, listen, body, complaint):
    client = listen()
    assert complaint in client.sio.call("/subscription", body, timeout=5)


# -- several processes, one farm --------------------------------------------------------------


def _farm_member(workdir: Path, database: str, *extra: str) -> ManagerProcess:
    return ManagerProcess(workdir, database=database, extra_args=["--redis-url", REDIS_URL, *extra])


@pytest.fixture
def shared_database(postgres_url: str) -> str:
    _reset_postgres(postgres_url)
    return postgres_url


@pytest.mark.postgres
def test_an_event_caused_in_one_process_reaches_a_client_of_another(tmp_path, shared_database):
    with (
        _farm_member(tmp_path / "a", shared_database) as first,
        _farm_member(tmp_path / "b", shared_database) as second,
    ):
        listener = Listener(first.url)
        try:
            listener.subscribe("allJobs")
            sent = time.monotonic()
            job = submit_echo_sleep_job(SpecCheckedSession(second.url), sleep_repeats=1, name="cross")
            heard = listener.wait_for("/jobs", lambda p: p["id"] == job["id"])
            assert heard.at - sent < 1.0
            assert listener.invalid == []
        finally:
            listener.close()


@pytest.mark.postgres
def test_a_worker_waiting_on_one_process_wakes_for_work_submitted_to_another(tmp_path, shared_database):
    with (
        _farm_member(tmp_path / "a", shared_database) as first,
        _farm_member(tmp_path / "b", shared_database) as second,
    ):
        worker = Worker(first, "long-poller")
        worker.sign_on_and_wake()

        def submit_soon() -> float:
            time.sleep(0.5)
            submit_echo_sleep_job(SpecCheckedSession(second.url), sleep_repeats=1, name="wake up")
            return time.monotonic()

        import concurrent.futures

        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            submitted = pool.submit(submit_soon)
            response = worker.http.post("/api/worker/task", headers={"Prefer": "wait=20"}, timeout=30)
            answered = time.monotonic()
        assert response.status_code == 200, response.text
        # Well under the 5 s safety re-check: the wake-up came through Redis.
        assert answered - submitted.result() < 1.0


@pytest.mark.postgres
def test_two_server_processes_share_live_updates(tmp_path, shared_database):
    with _farm_member(tmp_path, shared_database, "--workers", "2") as farm:
        listeners = [Listener(farm.url) for _ in range(4)]  # spread over both processes
        try:
            for listener in listeners:
                listener.subscribe("allJobs")
            user = SpecCheckedSession(farm.url)
            jobs = [submit_echo_sleep_job(user, sleep_repeats=1, name=f"job {n}")["id"] for n in range(6)]
            for listener in listeners:
                for job_id in jobs:
                    listener.wait_for("/jobs", lambda p, job_id=job_id: p["id"] == job_id)
                assert listener.invalid == []
        finally:
            for listener in listeners:
                listener.close()

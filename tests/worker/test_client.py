"""The HTTP client against a real Manager, every exchange checked against the spec."""

from __future__ import annotations

import threading
import time
import uuid

import pytest

from flamenco.worker.client import ManagerClient, ManagerUnreachable, TaskRejected, Unauthorized
from flamenco.worker.credentials import Credentials, new_secret
from tests.api.live_manager import ManagerProcess, free_port
from tests.api.spec_client import SpecCheckedSession, SpecCheckedTransport

pytestmark = pytest.mark.e2e


def registered_client(manager: ManagerProcess, name: str) -> ManagerClient:
    client = ManagerClient(manager.url, SpecCheckedTransport())
    secret = new_secret()
    worker_id = client.register(secret=secret, platform="linux", task_types=["misc"], nickname=name)
    client.credentials = Credentials(worker_id, secret)
    return client


def test_status_protocol_round_trip(live_manager: ManagerProcess) -> None:
    client = registered_client(live_manager, "client-test")
    assert client.sign_on(nickname="client-test", task_types=["misc"], software_version="test") == "awake"
    client.state_changed("awake")
    assert client.requested_status() is None

    started = time.monotonic()
    answer = client.schedule_task(wait=1)  # `Prefer: wait=1`: held at most a second
    assert answer.task is None and answer.status_requested is None and answer.conflict is None
    assert time.monotonic() - started < 5

    admin = SpecCheckedSession(live_manager.url)
    worker_id = client.credentials.worker_id  # type: ignore[union-attr]
    requested = admin.post(
        f"/api/worker-mgt/workers/{worker_id}/setstatus", json={"status": "asleep", "is_lazy": True}
    )
    assert requested.status_code == 204
    assert client.requested_status() == "asleep"
    assert client.schedule_task().status_requested == "asleep"
    client.state_changed("asleep")
    assert client.requested_status() is None
    assert client.schedule_task().conflict  # asleep workers get 409

    client.sign_off()
    assert admin.get(f"/api/worker-mgt/workers/{worker_id}").json()["status"] == "offline"
    checked = client.transport.calls  # type: ignore[attr-defined]
    assert {(c.method, c.status) for c in checked} >= {("POST", 200), ("POST", 204), ("GET", 204)}
    assert len(checked) == 11  # every call above, each checked against the spec


def test_a_held_task_request_returns_as_soon_as_work_arrives(live_manager: ManagerProcess) -> None:
    client = registered_client(live_manager, "long-poll-test")
    client.sign_on(nickname="long-poll-test", task_types=["misc"], software_version="test")
    client.state_changed("awake")
    submitter = SpecCheckedSession(live_manager.url)
    job = {"name": "long-poll", "type": "echo-sleep-test", "priority": 50, "settings": {"message": "hi"}}
    threading.Timer(0.5, submitter.post, args=("/api/jobs",), kwargs={"json": job}).start()

    started = time.monotonic()
    answer = client.schedule_task(wait=20)
    assert answer.task is not None and answer.task["name"] == "echo"
    # Whether the Manager held the request (and was woken) or answered at once, no 20 s went by.
    assert time.monotonic() - started < 10
    client.task_update(answer.task["uuid"], {"taskStatus": "completed", "activity": "done"})
    client.sign_off()


def test_unknown_credentials_raise_unauthorized(live_manager: ManagerProcess) -> None:
    client = ManagerClient(live_manager.url, SpecCheckedTransport())
    client.credentials = Credentials(str(uuid.uuid4()), new_secret())
    with pytest.raises(Unauthorized):
        client.sign_on(nickname="ghost", task_types=["misc"], software_version="test")


def test_updates_for_unknown_tasks_are_rejected(live_manager: ManagerProcess) -> None:
    client = registered_client(live_manager, "reject-test")
    with pytest.raises(TaskRejected):
        client.task_update(str(uuid.uuid4()), {"log": "hello?\n"})
    with pytest.raises(TaskRejected):
        client.may_i_run(str(uuid.uuid4()))


def test_no_manager_is_unreachable_not_an_error() -> None:
    client = ManagerClient(f"http://127.0.0.1:{free_port()}")
    client.credentials = Credentials(str(uuid.uuid4()), "x")
    with pytest.raises(ManagerUnreachable):
        client.schedule_task(wait=25)
    with pytest.raises(ManagerUnreachable):
        client.task_update(str(uuid.uuid4()), {"log": "x\n"})


def test_a_rendered_frame_and_steps_reach_the_manager(live_manager: ManagerProcess, tmp_path) -> None:
    from flamenco.worker.output import OutputUploader
    from tests.api.spec_client import load_spec
    from tests.api.test_v3_sessions import V3_SPEC
    from tests.worker.test_output import write_image

    client = registered_client(live_manager, "frames")
    client.sign_on(nickname="frames", task_types=["misc"], software_version="test")
    client.state_changed("awake")
    admin = SpecCheckedSession(live_manager.url)
    job = admin.post(
        "/api/jobs",
        json={
            "name": "frames",
            "type": "echo-sleep-test",
            "priority": 100,
            "metadata": {},
            "settings": {"message": "hi", "sleep_repeats": 0},
        },
    ).json()  # priority 100: before whatever other tests of this shared Manager left queued
    task = client.schedule_task().task
    assert task is not None and task["job"] == job["id"]
    client.task_update(task["uuid"], {"taskStatus": "active", "steps_completed": 1})

    uploader = OutputUploader(client)
    assert uploader.send(task["uuid"], write_image(tmp_path / "frame.png", (2400, 1200)))
    assert client.output_produced(task["uuid"], b"not an image", "image/jpeg")[0] is False  # 415: dropped
    v3 = SpecCheckedSession(live_manager.url, spec=load_spec(V3_SPEC))
    deadline = time.monotonic() + 10
    while v3.get(f"/api/v3/jobs/{job['id']}/last-rendered").status_code != 200:
        assert time.monotonic() < deadline, "no thumbnail"
        time.sleep(0.1)
    assert v3.get(f"/api/v3/jobs/{job['id']}").json()["steps_completed"] == 1
    calls = client.transport.calls  # type: ignore[attr-defined]
    statuses = [c.status for c in calls if c.path.endswith("/output-produced")]
    assert statuses == [202, 415]  # both exchanges checked against the spec

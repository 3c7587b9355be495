"""Flamenco 3.8's worker and add-on, as they drive `/api/v3`, over real HTTP to a real Manager process.

Every exchange is checked against `spec/flamenco-openapi-v3.yaml` by openapi-core
(:class:`SpecCheckedSession`), an independent reading of the spec from Connexion's. The calls follow
the order the 3.8 worker and add-on make them (docs: the v3 plan, §2 and §3); the generated-client
compatibility suite comes on top of these.
"""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path
from typing import Any

import pytest

from .http_worker import Worker
from .live_manager import ManagerProcess
from .spec_client import SpecCheckedSession, load_spec

pytestmark = pytest.mark.e2e

V3_SPEC = Path(__file__).resolve().parents[2] / "spec" / "flamenco-openapi-v3.yaml"


def v3_session(manager: ManagerProcess) -> SpecCheckedSession:
    return SpecCheckedSession(manager.url, spec=load_spec(V3_SPEC))


class V3Worker:
    """Flamenco 3.8's worker: registers with `name`, signs on saying whether it can restart."""

    def __init__(self, manager: ManagerProcess, name: str) -> None:
        self.name = name
        self.http = v3_session(manager)
        assert self.http.get("/api/v3/version").status_code == 200  # its autodiscovery probe
        secret = uuid.uuid4().hex
        registered = self.http.post(
            "/api/v3/worker/register-worker",
            json={"secret": secret, "platform": "linux", "supported_task_types": ["misc"], "name": name},
        )
        assert registered.status_code == 200, registered.text
        self.uuid = registered.json()["uuid"]
        self.http.auth = (self.uuid, secret)

    def sign_on_and_wake(self) -> None:
        signed_on = self.http.post(
            "/api/v3/worker/sign-on",
            json={
                "name": self.name,
                "supported_task_types": ["misc"],
                "software_version": "3.8.5",
                "can_restart": True,
            },
        )
        assert signed_on.json() == {"status_requested": "awake"}
        assert self.http.post("/api/v3/worker/state-changed", json={"status": "awake"}).status_code == 204

    def next_task(self) -> dict[str, Any] | None:
        answer = self.http.post("/api/v3/worker/task")
        if answer.status_code == 204:
            return None
        assert answer.status_code == 200, answer.text
        return answer.json()

    def run(self, task: dict[str, Any]) -> None:
        started = self.http.post(
            f"/api/v3/worker/task/{task['uuid']}", json={"taskStatus": "active", "activity": "Started"}
        )
        assert started.status_code == 204, started.text
        may = self.http.get(f"/api/v3/worker/task/{task['uuid']}/may-i-run").json()
        assert may == {"mayKeepRunning": True, "reason": "", "statusChangeRequested": False}
        logged = self.http.post(
            f"/api/v3/worker/task/{task['uuid']}", json={"log": f"{task['name']}: output\n"}
        )
        assert logged.status_code == 204
        done = self.http.post(
            f"/api/v3/worker/task/{task['uuid']}", json={"taskStatus": "completed", "activity": "Completed"}
        )
        assert done.status_code == 204, done.text


def test_a_3_8_worker_session(live_manager: ManagerProcess) -> None:
    worker = V3Worker(live_manager, "v3-session-worker")
    worker.sign_on_and_wake()
    assert worker.next_task() is None
    assert worker.http.get("/api/v3/worker/state").status_code == 204

    user = v3_session(live_manager)
    job = user.post(
        "/api/v3/jobs",
        json={
            "name": "worker session",
            "type": "echo-sleep-test",
            "priority": 50,
            "submitter_platform": "linux",
            "settings": {"message": "hi", "sleep_repeats": 1, "sleep_duration_seconds": 0},
        },
    ).json()
    ran = []
    while (task := worker.next_task()) is not None:
        assert task["job"] == job["id"]
        assert all("total_step_count" in command for command in task["commands"])
        worker.run(task)
        ran.append(task["name"])
    assert ran == ["echo", "sleep"]
    assert user.get(f"/api/v3/jobs/{job['id']}").json()["status"] == "completed"
    log = user.get(f"/api/v3/tasks/{job_task_id(user, job, 'echo')}/logtail").text
    assert "echo: output" in log

    assert worker.http.post("/api/v3/worker/sign-off").status_code == 204
    summary = next(
        w for w in user.get("/api/v3/worker-mgt/workers").json()["workers"] if w["id"] == worker.uuid
    )
    assert summary["status"] == "offline"
    refused = worker.http.post("/api/v3/worker/task", auth=(worker.uuid, "not the secret"))
    assert refused.status_code == 403


def job_task_id(user: SpecCheckedSession, job: dict[str, Any], name: str) -> str:
    tasks = user.get(f"/api/v3/jobs/{job['id']}/tasks").json()["tasks"]
    return next(t["id"] for t in tasks if t["name"] == name)


def test_a_3_8_add_on_session(live_manager: ManagerProcess) -> None:
    addon = v3_session(live_manager)
    addon.headers["User-Agent"] = "Flamenco/3.8.5 (Blender add-on)"
    assert addon.get("/api/v3/version").json()["shortversion"] == "3.8.5"
    assert addon.get("/api/v3/configuration").json()["shamanEnabled"] is True
    job_type = addon.get("/api/v3/jobs/type/echo-sleep-test").json()
    assert any(t["name"] == "echo-sleep-test" for t in addon.get("/api/v3/jobs/types").json()["job_types"])

    blend = b"pretend this is a .blend file\n" * 100
    files = [{"sha": hashlib.sha256(blend).hexdigest(), "size": len(blend), "path": "scene.flamenco.blend"}]
    missing = addon.post("/api/v3/shaman/checkout/requirements", json={"files": files}).json()["files"]
    assert [f["status"] for f in missing] == ["unknown"]
    stored = addon.post(
        f"/api/v3/shaman/files/{files[0]['sha']}/{len(blend)}",
        data=blend,
        headers={"Content-Type": "application/octet-stream", "X-Shaman-Can-Defer-Upload": "false"},
    )
    assert stored.status_code == 204
    assert addon.post("/api/v3/shaman/checkout/requirements", json={"files": files}).json() == {"files": []}
    first = addon.post("/api/v3/shaman/checkout/create", json={"files": files, "checkoutPath": "add-on job"})
    again = addon.post("/api/v3/shaman/checkout/create", json={"files": files, "checkoutPath": "add-on job"})
    assert first.json() == {"checkoutPath": "add-on job"}
    checkout = again.json()["checkoutPath"]
    assert checkout.startswith("add-on job-")  # a re-submission gets a checkout of its own

    submitted = addon.post(
        "/api/v3/jobs",
        json={
            "name": "add-on job",
            "type": "echo-sleep-test",
            "type_etag": job_type["etag"],
            "priority": 70,
            "submitter_platform": "linux",
            "settings": {"message": "from Blender"},
            "metadata": {"user.name": "Artist"},
            "storage": {"shaman_checkout_id": checkout},
            "initial_status": "queued",
        },
    )
    assert submitted.status_code == 200, submitted.text
    job = submitted.json()
    assert (job["status"], job["priority"], job["storage"]) == (
        "queued",
        70,
        {"shaman_checkout_id": checkout},
    )
    assert job["id"] in [j["id"] for j in addon.get("/api/v3/jobs").json()["jobs"]]
    stale = addon.post(
        "/api/v3/jobs",
        json={
            "name": "old",
            "type": "echo-sleep-test",
            "type_etag": "stale",
            "priority": 50,
            "submitter_platform": "linux",
        },
    )
    assert stale.status_code == 412

    canceled = addon.post(
        f"/api/v3/jobs/{job['id']}/setstatus", json={"status": "cancel-requested", "reason": "oops"}
    )
    assert canceled.status_code == 204
    assert addon.get(f"/api/v3/jobs/{job['id']}").json()["status"] == "canceled"
    task = addon.get(f"/api/v3/tasks/{job_task_id(addon, job, 'echo')}").json()
    assert (task["status"], task["steps_completed"]) == ("canceled", 0)


def test_a_seed_worker_and_a_3_8_worker_share_one_job(live_manager: ManagerProcess) -> None:
    user = v3_session(live_manager)
    job = user.post(
        "/api/v3/jobs",
        json={
            "name": "shared",
            "type": "echo-sleep-test",
            "priority": 90,  # ahead of other tests' jobs on this Manager
            "submitter_platform": "linux",
            "settings": {"message": "both", "sleep_repeats": 2, "sleep_duration_seconds": 0},
        },
    ).json()
    seed, v3 = Worker(live_manager, "seed-sharer"), V3Worker(live_manager, "v3-sharer")
    seed.sign_on_and_wake()
    v3.sign_on_and_wake()

    echo = v3.next_task()
    assert echo is not None and echo["name"] == "echo"
    v3.run(echo)
    first, second = seed.next_task(), v3.next_task()
    assert first is not None and second is not None
    assert {first["job"], second["job"]} == {job["id"]}
    seed.run(first)
    v3.run(second)
    assert user.get(f"/api/v3/jobs/{job['id']}").json()["status"] == "completed"
    seed_view = SpecCheckedSession(live_manager.url).get(f"/api/jobs/{job['id']}/tasks").json()["tasks"]
    assert {t["worker"]["name"] for t in seed_view} == {"seed-sharer", "v3-sharer"}

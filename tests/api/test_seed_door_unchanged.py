"""The seed door (`/api`, `/shaman`, Socket.IO namespace `/`) answers exactly as it did before `/api/v3`.

A scripted session of a seed-era submitter, two seed-protocol workers and a wrangler runs through
every seed operation; every answer (status, content type, JSON) and every Socket.IO emit (namespace,
event, room, payload) is compared with `golden/seed_door.json`, recorded on the code of `main`
before the second door and the canonical vocabulary existed. Only what varies from run to run is
normalised: UUIDs become `<uuid:N>` in order of appearance, timestamps `<time>`, the test's
temporary directory `<tmp>`.

The golden file changes only on purpose: `FLAMENCO_RECORD_GOLDEN=1 pytest -k seed_door_unchanged`
rewrites it (on SQLite), and the diff shows exactly what a seed client would see differently.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from pathlib import Path
from typing import Any

import pytest
import socketio
from starlette.testclient import TestClient

from flamenco import app as app_module
from flamenco.app import create_app
from flamenco.events import progress
from tests.events.listener import as_if_listened

GOLDEN = Path(__file__).parent / "golden" / "seed_door.json"
RECORD = os.environ.get("FLAMENCO_RECORD_GOLDEN") == "1"

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?")


class Normaliser:
    def __init__(self, tmp: Path) -> None:
        self.tmp = str(tmp)
        self.uuids: dict[str, str] = {}

    def text(self, value: str) -> str:
        value = value.replace(self.tmp, "<tmp>")
        value = _UUID.sub(lambda m: self.uuids.setdefault(m.group(0), f"<uuid:{len(self.uuids)}>"), value)
        return _TIME.sub("<time>", value)

    def __call__(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {self.text(k): self(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self(v) for v in value]
        return value


class RecordingServer(socketio.AsyncServer):
    """The real Socket.IO server, noting every emit the Manager makes (a recording listener)."""

    emitted: list[dict[str, Any]]

    async def emit(self, event: str, data: Any = None, *args: Any, **kwargs: Any) -> None:
        self.emitted.append(
            {
                "namespace": kwargs.get("namespace") or "/",
                "event": event,
                "room": kwargs.get("room"),
                "data": data,
            }
        )
        await super().emit(event, data, *args, **kwargs)


@pytest.fixture
def recorded_app(config, services, monkeypatch):
    emitted: list[dict[str, Any]] = []
    real_create = app_module.create_socketio_server

    def create(*args: Any, **kwargs: Any) -> socketio.AsyncServer:
        server = real_create(*args, **kwargs)
        server.__class__ = RecordingServer
        server.emitted = emitted
        as_if_listened(server)
        return server

    monkeypatch.setattr(app_module, "create_socketio_server", create)
    monkeypatch.setattr(progress, "PERIOD", 3600.0)  # progress updates are timing-dependent; tested elsewhere
    with TestClient(create_app(config, services=services), raise_server_exceptions=False) as client:
        yield client, emitted


class Session:
    """Calls the Manager and writes down each exchange."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.exchanges: list[dict[str, Any]] = []

    def call(self, method: str, path: str, *, auth: tuple[str, str] | None = None, **kwargs: Any) -> Any:
        response = self.client.request(method, path, auth=auth, **kwargs)
        content_type = response.headers.get("content-type", "")
        body: Any = response.text
        if "json" in content_type and response.content:
            body = response.json()
        self.exchanges.append(
            {
                "call": f"{method} {path}",
                "status": response.status_code,
                "content_type": content_type,
                "body": body,
                **({"allow": response.headers["allow"]} if "allow" in response.headers else {}),
            }
        )
        return body


def run_seed_session(s: Session) -> None:
    s.call("GET", "/api/version")
    s.call("GET", "/api/configuration")
    s.call("GET", "/api/jobs/types")
    s.call("GET", "/api/jobs/type/echo-sleep-test")
    s.call("GET", "/api/jobs/type/nope")

    w1 = s.call("POST", "/api/worker/register-worker", json=_registration("w1"))
    w2 = s.call("POST", "/api/worker/register-worker", json=_registration("w2"))
    a1, a2 = (w1["uuid"], "secret-w1"), (w2["uuid"], "secret-w2")
    s.call("POST", "/api/worker/sign-on", auth=a1, json=_sign_on("w1"))
    s.call("GET", "/api/worker/state", auth=a1)
    s.call("POST", "/api/worker/task", auth=a1)  # 409, not awake yet
    s.call("POST", "/api/worker/state-changed", auth=a1, json={"status": "awake"})
    s.call("POST", "/api/worker/task", auth=a1)  # 204, nothing to do
    s.call("POST", "/api/worker/task", auth=("nobody", "x"))
    s.call("POST", "/api/worker/task", auth=(w1["uuid"], "wrong"))

    job = s.call(
        "POST",
        "/api/jobs",
        json={
            "name": "golden",
            "type": "echo-sleep-test",
            "priority": 60,
            "settings": {"message": "hi", "sleep_repeats": 2},
            "metadata": {"project": "gold"},
        },
    )
    s.call("POST", "/api/jobs", json={"name": "bad", "type": "echo-sleep-test", "priority": 50})
    s.call("POST", "/api/jobs", json={"name": "bad", "type": "teleport", "priority": 50})
    s.call("POST", "/api/jobs/query", json={})
    s.call("POST", "/api/jobs/query", json={"order_by": ["-created"], "status_in": ["queued"], "limit": 5})
    s.call("POST", "/api/jobs/query", json={"order_by": ["nonsense"]})
    s.call("GET", f"/api/jobs/{job['id']}")
    tasks = s.call("GET", f"/api/jobs/{job['id']}/tasks")["tasks"]

    echo = s.call("POST", "/api/worker/task", auth=a1)
    s.call(
        "POST", f"/api/worker/task/{echo['uuid']}", auth=a1, json={"taskStatus": "active", "log": "echo hi"}
    )
    s.call("GET", f"/api/worker/task/{echo['uuid']}/may-i-run", auth=a1)
    s.call("POST", f"/api/worker/task/{echo['uuid']}", auth=a2, json={"activity": "not mine"})
    s.call("POST", f"/api/worker/task/{echo['uuid']}", auth=a1, json={"taskStatus": "soft-failed"})
    s.call(
        "POST",
        f"/api/worker/task/{echo['uuid']}",
        auth=a1,
        json={"taskStatus": "completed", "activity": "done"},
    )
    sleep = s.call("POST", "/api/worker/task", auth=a1)
    s.call("POST", f"/api/worker/task/{sleep['uuid']}", auth=a1, json={"taskStatus": "active"})
    s.call("POST", f"/api/worker/task/{sleep['uuid']}", auth=a1, json={"taskStatus": "failed", "log": "boom"})
    s.call("GET", f"/api/worker/task/{sleep['uuid']}/may-i-run", auth=a1)
    s.call("GET", f"/api/tasks/{sleep['uuid']}")
    s.call("GET", f"/api/tasks/{echo['uuid']}/logtail")
    s.call("GET", f"/api/tasks/{echo['uuid']}/log")
    s.call("GET", f"/api/tasks/{tasks[-1]['id']}/logtail")
    s.call("GET", f"/api/jobs/{job['id']}/tasks")

    s.call("POST", f"/api/tasks/{sleep['uuid']}/setstatus", json={"status": "completed", "reason": "no"})
    s.call("POST", f"/api/tasks/{sleep['uuid']}/setstatus", json={"status": "canceled", "reason": "skip"})
    s.call("POST", f"/api/tasks/{sleep['uuid']}/setstatus", json={"status": "queued", "reason": "retry"})
    s.call("POST", f"/api/jobs/{job['id']}/setstatus", json={"status": "paused", "reason": "lunch"})
    s.call("GET", f"/api/jobs/{job['id']}")
    s.call("POST", f"/api/jobs/{job['id']}/setstatus", json={"status": "queued", "reason": "back"})
    s.call("POST", f"/api/jobs/{job['id']}/setstatus", json={"status": "completed", "reason": "no"})
    s.call("POST", f"/api/jobs/{job['id']}/setstatus", json={"status": "construction-failed", "reason": "no"})

    s.call("GET", "/api/worker-mgt/workers")
    s.call("GET", f"/api/worker-mgt/workers/{w1['uuid']}")
    s.call(
        "POST", f"/api/worker-mgt/workers/{w1['uuid']}/setstatus", json={"status": "asleep", "is_lazy": True}
    )
    s.call("GET", "/api/worker-mgt/workers")
    s.call("GET", "/api/worker/state", auth=a1)
    s.call("POST", "/api/worker/task", auth=a1)  # 423
    s.call("POST", "/api/worker/state-changed", auth=a1, json={"status": "asleep"})
    s.call("GET", "/api/worker/state", auth=a1)
    s.call(
        "POST", f"/api/worker-mgt/workers/{w1['uuid']}/setstatus", json={"status": "awake", "is_lazy": False}
    )
    s.call("POST", "/api/worker/state-changed", auth=a1, json={"status": "awake"})
    again = s.call("POST", "/api/worker/task", auth=a1)
    s.call(
        "POST", f"/api/worker-mgt/workers/{w1['uuid']}/setstatus", json={"status": "asleep", "is_lazy": False}
    )
    s.call("GET", f"/api/worker/task/{again['uuid']}/may-i-run", auth=a1)
    s.call("POST", "/api/worker/sign-off", auth=a1)
    s.call("GET", f"/api/worker-mgt/workers/{w1['uuid']}")
    s.call("POST", "/api/worker/sign-on", auth=a1, json=_sign_on("w1"))
    s.call("GET", f"/api/tasks/{again['uuid']}")
    s.call(
        "POST", f"/api/worker-mgt/workers/{w2['uuid']}/setstatus", json={"status": "asleep", "is_lazy": True}
    )
    s.call("GET", f"/api/worker-mgt/workers/{w2['uuid']}")
    # Stop requests: the seed spec has both `offline` and `shutdown`.
    s.call("POST", "/api/worker/sign-on", auth=a2, json=_sign_on("w2"))
    s.call(
        "POST",
        f"/api/worker-mgt/workers/{w2['uuid']}/setstatus",
        json={"status": "offline", "is_lazy": False},
    )
    s.call("GET", f"/api/worker-mgt/workers/{w2['uuid']}")
    s.call("GET", "/api/worker/state", auth=a2)
    s.call("POST", "/api/worker/task", auth=a2)
    s.call("POST", "/api/worker/sign-off", auth=a2)
    s.call("GET", f"/api/worker-mgt/workers/{w2['uuid']}")
    s.call(
        "POST",
        f"/api/worker-mgt/workers/{w1['uuid']}/setstatus",
        json={"status": "shutdown", "is_lazy": True},
    )
    s.call("GET", "/api/worker-mgt/workers")
    s.call("GET", "/api/worker/state", auth=a1)
    s.call("POST", "/api/worker/sign-off", auth=a1)
    s.call("GET", f"/api/worker-mgt/workers/{w1['uuid']}")

    s.call("GET", "/api/jobs/3c7d1b5e-0000-4000-8000-000000000000")
    s.call("GET", "/api/jobs/not-a-uuid")
    s.call("GET", "/api/jobs/query")
    s.call("DELETE", "/api/version")
    s.call("POST", "/api/jobs", content=b"{", headers={"content-type": "application/json"})
    s.call("POST", "/api/jobs", json={"name": "x\u0000", "type": "echo-sleep-test", "priority": 1})

    content = b"golden shaman file"
    sha = hashlib.sha256(content).hexdigest()
    files = [{"sha": sha, "size": len(content), "path": "scene.blend"}]
    s.call("POST", "/shaman/checkout/requirements", json={"files": files})
    s.call("GET", f"/shaman/files/{sha}/{len(content)}")
    s.call("POST", f"/shaman/files/{sha}/{len(content)}", content=content, headers=_octets())
    s.call("POST", f"/shaman/files/{sha}/{len(content)}", content=content, headers=_octets())
    s.call("POST", f"/shaman/files/{sha}/{len(content) + 1}", content=content, headers=_octets())
    s.call("GET", f"/shaman/files/{sha}/{len(content)}")
    s.call("POST", "/shaman/checkout/requirements", json={"files": files})
    s.call("POST", "/shaman/checkout/create", json={"files": files, "checkoutPath": "golden/one"})
    s.call("POST", "/shaman/checkout/create", json={"files": files, "checkoutPath": "golden/one"})
    missing = [{"sha": "0" * 64, "size": 3, "path": "gone.blend"}]
    s.call("POST", "/shaman/checkout/create", json={"files": missing, "checkoutPath": "golden/two"})
    s.call("POST", "/shaman/checkout/create", json={"files": files, "checkoutPath": "../escape"})


def _registration(name: str) -> dict[str, Any]:
    return {
        "secret": f"secret-{name}",
        "platform": "linux",
        "supported_task_types": ["misc"],
        "nickname": name,
    }


def _sign_on(name: str) -> dict[str, Any]:
    return {"nickname": name, "supported_task_types": ["misc"], "software_version": "3.0-golden"}


def _octets() -> dict[str, str]:
    return {"content-type": "application/octet-stream"}


def _settled(emitted: list[dict[str, Any]], quiet: float = 0.3, timeout: float = 5.0) -> None:
    """Wait until the Socket.IO forwarder stops emitting (it drains its queue on the event loop)."""
    deadline = time.monotonic() + timeout
    count, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        if len(emitted) != count:
            count, since = len(emitted), time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
        time.sleep(0.05)


def test_seed_door_answers_and_emits_as_before(recorded_app, config, tmp_path):
    client, emitted = recorded_app
    session = Session(client)
    run_seed_session(session)
    _settled(emitted)

    normalise = Normaliser(tmp_path)
    # The seed door's namespace only: Flamenco 3.8's `/v3` beside it is another door's business.
    seed_emits = [emit for emit in emitted if emit["namespace"] == "/"]
    transcript = {"http": normalise(session.exchanges), "socketio": normalise(seed_emits)}
    if RECORD and "://" not in config.database:  # recorded on SQLite, compared on both
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(transcript, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    for index, (seen, expected) in enumerate(zip(transcript["http"], golden["http"], strict=False)):
        assert seen == expected, f"exchange {index} ({expected['call']}) differs"
    assert len(transcript["http"]) == len(golden["http"])
    assert transcript["socketio"] == golden["socketio"]

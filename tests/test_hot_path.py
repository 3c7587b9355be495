"""The workers' hot path answers exactly as Connexion would, and takes only what it may.

Every request below goes to two Managers on one farm: one with the hot path (as production runs)
and one without it (Connexion only). Refusals must match byte for byte in meaning (status, content
type, body); accepted calls must have the same effect. Requests the hot path must leave to
Connexion are counted as they reach Connexion.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import anyio
import pytest
from connexion.apps.abstract import AbstractApp
from starlette.testclient import TestClient

from flamenco.app import create_app
from flamenco.config import Config
from flamenco.scheduler import workers as protocol
from flamenco.services import Services
from flamenco.store import tasks as task_store
from tests.factories import add_worker, independent_job, tasks_of

DOORS = {"seed": "/api/worker/task", "v3": "/api/v3/worker/task"}


@pytest.fixture
def long_way_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Paths of the requests that reached Connexion."""
    calls: list[str] = []
    original = AbstractApp.__call__

    async def counting(self: AbstractApp, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            calls.append(scope["path"])
        await original(self, scope, receive, send)

    monkeypatch.setattr(AbstractApp, "__call__", counting)
    return calls


@pytest.fixture
def managers(config: Config, services: Services) -> Iterator[tuple[TestClient, TestClient]]:
    with (
        TestClient(create_app(config, services=services), raise_server_exceptions=False) as hot,
        TestClient(
            create_app(config, services=services, hot_path=False), raise_server_exceptions=False
        ) as slow,
    ):
        yield hot, slow


def _auth(worker_uuid: str, secret: str = "s3cret") -> dict[str, str]:
    token = base64.b64encode(f"{worker_uuid}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def _answer(response: Any) -> tuple[int, str, Any]:
    body = response.content
    return response.status_code, response.headers.get("content-type", ""), json.loads(body) if body else None


@pytest.mark.parametrize("door", DOORS)
def test_both_ways_assign_and_complete_tasks_alike(
    door: str, managers: tuple[TestClient, TestClient], services: Services, long_way_calls: list[str]
) -> None:
    hot, slow = managers
    job = independent_job(services, count=2)
    first, second = add_worker(services, "w1"), add_worker(services, "w2")
    base = DOORS[door]

    got_hot = hot.post(base, headers=_auth(first.uuid))
    got_slow = slow.post(base, headers=_auth(second.uuid))
    assert got_hot.status_code == got_slow.status_code == 200
    assert got_hot.headers["content-type"] == got_slow.headers["content-type"] == "application/json"
    assigned_hot, assigned_slow = got_hot.json(), got_slow.json()
    assert set(assigned_hot) == set(assigned_slow)
    assert assigned_hot["uuid"] != assigned_slow["uuid"]  # two workers never get one task
    assert long_way_calls == [base]  # only the Connexion-only Manager's call went the long way

    update = {"taskStatus": "completed", "activity": "done", "log": "rendered\n"}
    answers = [
        hot.post(f"{base}/{assigned_hot['uuid']}", headers=_auth(first.uuid), json=update),
        slow.post(f"{base}/{assigned_slow['uuid']}", headers=_auth(second.uuid), json=update),
    ]
    assert [_answer(answer) for answer in answers] == [(204, "application/json", None)] * 2
    assert [task.status for task in tasks_of(job)] == ["completed", "completed"]
    assert [task.activity for task in tasks_of(job)] == ["done", "done"]
    services.tasklogs.flush()
    assert "\nrendered\n" in (services.tasklogs.tail(job.uuid, assigned_hot["uuid"]) or "")
    assert long_way_calls == [base, f"{base}/{assigned_slow['uuid']}"]


def _refusal_cases(worker: str, other_task: str, unknown_task: str) -> list[tuple[str, str, dict, bytes]]:
    """(name, path suffix, headers, body) of taskUpdate requests a Manager must refuse or settle."""
    auth = _auth(worker)
    json_type = {"Content-Type": "application/json"}
    as_json = {**auth, **json_type}
    ok = b'{"taskStatus": "active"}'
    return [
        ("unknown task", f"/{unknown_task}", as_json, ok),
        ("another worker's task", f"/{other_task}", as_json, ok),
        ("not JSON", f"/{other_task}", as_json, b"{nope"),
        ("not UTF-8", f"/{other_task}", as_json, b'{"activity": "\xff"}'),
        ("wrong type", f"/{other_task}", as_json, b'{"taskStatus": 5}'),
        ("unknown status", f"/{other_task}", as_json, b'{"taskStatus": "exploded"}'),
        ("NUL character", f"/{other_task}", as_json, b'{"log": "a\\u0000b"}'),
        ("lone surrogate", f"/{unknown_task}", as_json, b'{"log": "\\ud800"}'),
        ("array body", f"/{other_task}", as_json, b"[]"),
        ("text body", f"/{other_task}", {**auth, "Content-Type": "text/plain"}, ok),
        ("no body", f"/{other_task}", as_json, b""),
        ("wrong secret", f"/{other_task}", {**_auth(worker, "nope"), **json_type}, ok),
        ("no credentials", f"/{other_task}", json_type, ok),
        (
            "bearer token",
            f"/{other_task}",
            {"Authorization": "Bearer x", **json_type},
            ok,
        ),
        (
            "garbled basic",
            f"/{other_task}",
            {"Authorization": "Basic ***", **json_type},
            ok,
        ),
        ("not a UUID", "/not-a-uuid", as_json, ok),
        ("query string", f"/{other_task}?x=1", as_json, ok),
        ("deep nesting", f"/{other_task}", as_json, b'{"log": ' + b"[" * 70 + b"]" * 70 + b"}"),
    ]


@pytest.mark.parametrize("door", DOORS)
def test_refusals_read_the_same_both_ways(
    door: str, managers: tuple[TestClient, TestClient], services: Services, long_way_calls: list[str]
) -> None:
    hot, slow = managers
    independent_job(services, count=2)
    mine, other = add_worker(services, "mine"), add_worker(services, "other")
    base = DOORS[door]
    other_task = slow.post(base, headers=_auth(other.uuid)).json()["uuid"]
    unknown_task = "00000000-0000-4000-8000-000000000000"

    for name, suffix, headers, body in _refusal_cases(mine.uuid, other_task, unknown_task):
        answers = [client.post(base + suffix, headers=headers, content=body) for client in (hot, slow)]
        hot_answer, slow_answer = (_answer(answer) for answer in answers)
        assert hot_answer == slow_answer, name
        assert 400 <= hot_answer[0] < 500, name
    assert task_store.get_task(other_task).status == "active"  # nobody changed it


@pytest.mark.parametrize("door", DOORS)
def test_a_worker_asked_to_change_state_hears_it_both_ways(
    door: str, managers: tuple[TestClient, TestClient], services: Services, long_way_calls: list[str]
) -> None:
    hot, slow = managers
    independent_job(services, count=2)
    worker = add_worker(services, "sleepy")
    protocol.request_status_change(services, worker.uuid, "asleep", is_lazy=False)
    base = DOORS[door]

    answers = [_answer(client.post(base, headers=_auth(worker.uuid))) for client in (hot, slow)]
    assert answers[0] == answers[1]
    assert answers[0][0] == 423
    assert long_way_calls == [base]


@pytest.mark.parametrize("door", DOORS)
def test_calls_the_hot_path_does_not_answer_still_reach_connexion(
    door: str, managers: tuple[TestClient, TestClient], services: Services, long_way_calls: list[str]
) -> None:
    """A body on scheduleTask, a log too long for the hot path and other methods go the long way,
    and Connexion answers them as ever (the long log's body replayed to it whole)."""
    hot, _slow = managers
    job = independent_job(services, count=1)
    worker = add_worker(services, "w1")
    base = DOORS[door]
    task = hot.post(base, headers=_auth(worker.uuid), json={"x": 1}).json()["uuid"]
    long_log = "x" * (2 * 1024 * 1024) + "\nthe end\n"

    update = hot.post(f"{base}/{task}", headers=_auth(worker.uuid), json={"log": long_log})
    assert update.status_code == 204
    assert hot.get(base, headers=_auth(worker.uuid)).status_code == 405
    assert long_way_calls == [base, f"{base}/{task}", base]
    services.tasklogs.flush()
    assert services.tasklogs.path(job.uuid, task).stat().st_size > len(long_log)  # all of it
    assert services.tasklogs.tail(job.uuid, task) == "the end\n"


def test_a_long_poll_the_worker_hangs_up_on_claims_nothing(config: Config, services: Services) -> None:
    """A worker that stops while long-polling is not handed the job submitted after it left: the
    wait ends when the connection closes, long before the 10 s it asked for."""
    worker = add_worker(services)
    headers = [
        (k.lower().encode(), v.encode()) for k, v in {**_auth(worker.uuid), "Prefer": "wait=10"}.items()
    ]
    scope = {
        "type": "http",
        "method": "POST",
        "path": DOORS["seed"],
        "query_string": b"",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
    }
    sent: list[Any] = []

    async def hang_up_after_a_moment() -> float:
        asked = [False]

        async def receive() -> dict[str, Any]:
            if not asked[0]:
                asked[0] = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await anyio.sleep(0.3)
            return {"type": "http.disconnect"}

        async def send(message: Any) -> None:
            sent.append(message)

        started = anyio.current_time()
        await app(scope, receive, send)
        return anyio.current_time() - started

    with TestClient(create_app(config, services=services)) as client:
        app = client.app
        took = client.portal.call(hang_up_after_a_moment)
        job = independent_job(services, count=1)
        client.portal.call(anyio.sleep, 0.3)  # a wake-up, had the wait still been on
    assert took < 5
    assert sent == []  # nobody to answer
    assert [task.status for task in tasks_of(job)] == ["queued"]

"""One Socket.IO server, one namespace per door: each renders the canonical events its own way.

The seed namespace `/` is checked byte for byte by tests/api/test_seed_door_unchanged.py; here, the
seam a second door's namespace plugs into.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

import socketio

from flamenco.api import events_seed
from flamenco.events import Event
from flamenco.events.facts import JobChanged, TaskChanged, TaskLogAppended
from flamenco.events.socketio import NAMESPACES, SEED, Namespace, SocketIOForwarder, create_server
from flamenco.store.records import JobInfo, TaskInfo

WHEN = datetime(2026, 1, 1, 12, 0, 0)
JOB = JobInfo(
    1,
    "0f6d3f4e-8a36-4f7b-9d2c-6b1f0f7b4a11",
    "j",
    "echo-sleep-test",
    50,
    "pause-requested",
    "",
    {},
    {},
    WHEN,
    WHEN,
)
TASK = TaskInfo(
    7,
    "1f6d3f4e-8a36-4f7b-9d2c-6b1f0f7b4a12",
    1,
    JOB.uuid,
    1,
    "echo",
    "misc",
    50,
    "active",
    "",
    [],
    None,
    None,
    None,
    WHEN,
    WHEN,
)


class Recording(socketio.AsyncServer):
    emitted: list[tuple[str, str, str, Any]]

    async def emit(self, event: str, data: Any = None, *args: Any, **kwargs: Any) -> None:
        self.emitted.append((kwargs["namespace"], event, kwargs["room"], data))


def _forward(
    namespaces: tuple[Namespace, ...], events: list[Event], *, connected: tuple[str, ...] | None = None
) -> list[tuple[str, str, str, Any]]:
    """What the forwarder emits, with a client connected to each namespace (or to ``connected``)."""

    async def scenario() -> list[tuple[str, str, str, Any]]:
        server = create_server(None, channel="test", websocket_only=False, namespaces=namespaces)
        server.__class__ = Recording
        server.emitted = []
        for name in connected if connected is not None else [n.name for n in namespaces]:
            server.manager.basic_enter_room("sid-1", name, None, eio_sid="eio-1")
        forwarder = SocketIOForwarder(server, namespaces)
        forwarder.start()
        for event in events:
            forwarder(event)
        await forwarder.stop()
        return server.emitted

    return asyncio.run(scenario())


def test_each_namespace_gets_its_own_rendering_in_publishing_order():
    shouting = Namespace(
        "/shout",
        lambda event: [("/all", "everyone", {"kind": event.kind.upper()})],
        lambda data: ["everyone"],
    )
    emitted = _forward(
        (SEED, shouting),
        [Event("job", JobChanged(JOB, "active")), Event("task", TaskChanged(TASK, "queued"))],
    )
    assert [(ns, name, room) for ns, name, room, _ in emitted] == [
        ("/", "/jobs", "Jobs"),
        ("/shout", "/all", "everyone"),
        ("/", "/task", f"job-{JOB.uuid}"),
        ("/shout", "/all", "everyone"),
    ]
    seed_job = emitted[0][3]
    assert (seed_job["status"], seed_job["previous_status"]) == ("paused", "active")  # seed words
    assert emitted[1][3] == {"kind": "JOB"}


def test_a_namespace_nobody_is_connected_to_renders_nothing():
    """One process, nobody in the browser: no payload is rendered for nobody (the first namespace's
    renderer, if called, would abort the event's emits before the second namespace's)."""

    def unreachable(event: Event) -> list[tuple[str, str, Any]]:
        raise AssertionError("rendered for a namespace without clients")

    lonely = Namespace("/lonely", unreachable, lambda data: ["lobby"])
    emitted = _forward((lonely, SEED), [Event("job", JobChanged(JOB, "active"))], connected=("/",))
    assert [(ns, name) for ns, name, _, _ in emitted] == [("/", "/jobs")]
    assert _forward((SEED,), [Event("job", JobChanged(JOB, "active"))], connected=()) == []


def test_kinds_a_door_has_no_event_for_are_not_sent_there():
    assert events_seed.emits(Event("lifecycle", {"type": "manager-startup"})) == []  # type: ignore[arg-type]
    log = Event("tasklog", TaskLogAppended(JOB.uuid, TASK.uuid, "line\n"))
    assert events_seed.emits(log) == [
        ("/tasklog", f"tasklog-{TASK.uuid}", {"task_id": TASK.uuid, "log": "line\n"})
    ]


def test_subscriptions_are_per_namespace():
    async def scenario() -> list[str]:
        namespaces = (SEED, Namespace("/other", lambda event: [], lambda data: ["lobby"]))
        server = create_server(None, channel="test", websocket_only=False, namespaces=namespaces)
        rooms: list[str] = []

        async def enter_room(sid: str, room: str, namespace: str | None = None) -> None:
            rooms.append(f"{namespace}:{room}")

        server.enter_room = enter_room  # type: ignore[method-assign]
        answers = []
        for namespace, data in [
            ("/", {"op": "subscribe", "type": "allJobs"}),
            ("/other", {"op": "subscribe", "type": "anything"}),
            ("/", {"op": "subscribe", "type": "job", "uuid": "nope"}),
        ]:
            handler = server.handlers[namespace]["/subscription"]
            answers.append(await handler("sid-1", data))
        return [*answers, *rooms]

    assert asyncio.run(scenario()) == [
        "ok",
        "ok",
        "subscribing to a job needs its UUID in 'uuid'",
        "/:Jobs",
        "/other:lobby",
    ]


def test_3_8s_namespace_joins_life_cycle_and_farm_status_on_connect_and_the_seeds_nothing():
    async def scenario() -> tuple[list[str], bool]:
        server = create_server(None, channel="test", websocket_only=False)
        rooms: list[str] = []

        async def enter_room(sid: str, room: str, namespace: str | None = None) -> None:
            rooms.append(f"{namespace}:{room}")

        server.enter_room = enter_room  # type: ignore[method-assign]
        await server.handlers["/v3"]["connect"]("sid-1", {})
        return rooms, "connect" in server.handlers["/"]

    assert asyncio.run(scenario()) == (["/v3:/lifecycle", "/v3:/status"], False)


def test_both_doors_render_the_same_fact():
    emitted = _forward(NAMESPACES, [Event("task", TaskChanged(TASK, "queued"))])
    assert [(ns, name, room) for ns, name, room, _ in emitted] == [
        ("/", "/task", f"job-{JOB.uuid}"),
        ("/v3", "/task", f"/jobs/{JOB.uuid}"),
    ]
    assert "steps_total" in emitted[1][3] and "steps_total" not in emitted[0][3]


def test_flamenco_3_8s_own_web_app_protocol_is_refused_with_the_reason():
    """Its socket.io-client 2 speaks Engine.IO 3; python-socketio 5 serves Engine.IO 4 only, so
    that app is no client of any namespace here (docs/live-updates.md)."""
    from starlette.testclient import TestClient

    app = socketio.ASGIApp(create_server(None, channel="test", websocket_only=False))
    client = TestClient(app)
    refused = client.get("/socket.io/?EIO=3&transport=polling")
    assert refused.status_code == 400
    assert "unsupported version of the Socket.IO or Engine.IO protocols" in refused.text
    assert client.get("/socket.io/?EIO=4&transport=polling").status_code == 200

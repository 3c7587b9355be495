"""Life-cycle events: the first and the last thing a Manager process publishes, on `/v3` and MQTT."""

from __future__ import annotations

from typing import Any

import socketio
from starlette.testclient import TestClient

from flamenco import app as app_module
from flamenco.app import create_app
from flamenco.events import Event
from tests.events.listener import as_if_listened


class Recording(socketio.AsyncServer):
    emitted: list[tuple[str, str, str, Any]]

    async def emit(self, event: str, data: Any = None, *args: Any, **kwargs: Any) -> None:
        self.emitted.append((kwargs["namespace"], event, kwargs["room"], data))


def test_startup_first_and_shutdown_last(config, services, monkeypatch):
    published: list[Event] = []
    services.events.subscribe(published.append)
    emitted: list[tuple[str, str, str, Any]] = []
    real_create = app_module.create_socketio_server

    def create(*args: Any, **kwargs: Any) -> socketio.AsyncServer:
        server = real_create(*args, **kwargs)
        server.__class__ = Recording
        server.emitted = emitted  # type: ignore[attr-defined]
        as_if_listened(server)
        return server

    monkeypatch.setattr(app_module, "create_socketio_server", create)
    with TestClient(create_app(config, services=services)) as client:
        assert client.get("/api/version").status_code == 200
        assert [e.data.type for e in published] == ["manager-startup"]
    assert [(e.kind, e.data.type) for e in published] == [
        ("lifecycle", "manager-startup"),
        ("lifecycle", "manager-shutdown"),
    ]
    assert emitted == [
        ("/v3", "/lifecycle", "/lifecycle", {"type": "manager-startup"}),
        ("/v3", "/lifecycle", "/lifecycle", {"type": "manager-shutdown"}),
    ]

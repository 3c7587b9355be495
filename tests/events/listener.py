"""A Socket.IO client that records what it hears, as the web UI or a script would connect."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import socketio
import yaml
from openapi_schema_validator import OAS30Validator

SPEC = Path(__file__).resolve().parents[2] / "spec" / "flamenco-openapi.yaml"
V3_SPEC = SPEC.with_name("flamenco-openapi-v3.yaml")
EVENT_SCHEMAS = {
    "/jobs": "SocketIOJobUpdate",
    "/task": "SocketIOTaskUpdate",
    "/tasklog": "SocketIOTaskLogUpdate",
    "/workers": "SocketIOWorkerUpdate",
    "/last-rendered": "SocketIOLastRenderedUpdate",
}
# Flamenco 3.8's event names on the `/v3` namespace, each with its payload's schema.
V3_EVENT_SCHEMAS = {
    "/jobs": "EventJobUpdate",
    "/task": "EventTaskUpdate",
    "/tasklog": "EventTaskLogUpdate",
    "/workers": "EventWorkerUpdate",
    "/workertags": "EventWorkerTagUpdate",
    "/last-rendered": "EventLastRenderedUpdate",
    "/status": "EventFarmStatus",
    "/lifecycle": "EventLifeCycle",
}


@cache
def _components(spec: Path = SPEC) -> dict[str, Any]:
    return yaml.safe_load(spec.read_text(encoding="utf-8"))["components"]


def validate(schema_name: str, payload: Any, spec: Path = SPEC) -> None:
    """Raise if ``payload`` is not a valid ``schema_name`` of the spec (formats checked too)."""
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": _components(spec)}
    OAS30Validator(schema, format_checker=OAS30Validator.FORMAT_CHECKER).validate(payload)


class Heard:
    def __init__(self, at: float, name: str, payload: dict[str, Any]) -> None:
        self.at, self.name, self.payload = at, name, payload

    def __repr__(self) -> str:
        return f"Heard({self.name}, {self.payload})"


class Listener:
    """Connects over websocket, subscribes, and records every event with its arrival time.

    Every payload is validated against the spec's schema for its event as it arrives; a bad one
    is recorded in ``invalid`` (the client library swallows exceptions raised in handlers).
    """

    def __init__(self, url: str, namespace: str = "/") -> None:
        """``namespace`` ``/v3``: Flamenco 3.8's events, checked against its spec."""
        self.heard: list[Heard] = []
        self.invalid: list[str] = []
        self.namespace = namespace
        self.spec, self.schemas = (V3_SPEC, V3_EVENT_SCHEMAS) if namespace == "/v3" else (SPEC, EVENT_SCHEMAS)
        self._changed = threading.Condition()
        self.sio = socketio.Client(reconnection=False)
        for name in self.schemas:
            self.sio.on(name, self._recorder(name), namespace=namespace)
        self.sio.connect(url, namespaces=[namespace], transports=["websocket"], wait_timeout=10)

    def _recorder(self, name: str) -> Callable[[Any], None]:
        def record(payload: Any) -> None:
            try:
                validate(self.schemas[name], payload, self.spec)
            except Exception as exc:
                self.invalid.append(f"{name}: {exc}")
            with self._changed:
                self.heard.append(Heard(time.monotonic(), name, payload))
                self._changed.notify_all()

        return record

    def subscribe(self, kind: str, uuid: str | None = None, op: str = "subscribe") -> str:
        body: dict[str, str] = {"op": op, "type": kind}
        if uuid is not None:
            body["uuid"] = uuid
        validate("SocketIOSubscription", body, self.spec)
        return self.sio.call("/subscription", body, namespace=self.namespace, timeout=5)

    def wait_for(self, name: str, match: Callable[[dict[str, Any]], bool], timeout: float = 3.0) -> Heard:
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for heard in self.heard:
                    if heard.name == name and match(heard.payload):
                        return heard
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"no {name} event matched within {timeout} s; heard {self.heard}")
                self._changed.wait(remaining)

    def named(self, name: str) -> list[dict[str, Any]]:
        with self._changed:
            return [h.payload for h in self.heard if h.name == name]

    def close(self) -> None:
        self.sio.disconnect()


def as_if_listened(server: socketio.AsyncServer) -> None:
    """Tell ``server`` a client is connected to each of the Manager's namespaces, for tests that
    record emits at the server: it renders nothing for namespaces nobody is connected to."""
    from flamenco.events.socketio import NAMESPACES

    for namespace in NAMESPACES:
        server.manager.basic_enter_room("recorder", namespace.name, None, eio_sid="recorder")

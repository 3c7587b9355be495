"""An MQTT subscriber on the real Mosquitto broker, recording what it hears (as a studio's tool would)."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion, MQTTProtocolVersion

BROKER_HOST, BROKER_PORT = "127.0.0.1", 1883
BROKER_URL = f"tcp://{BROKER_HOST}:{BROKER_PORT}"


def unique_prefix() -> str:
    """A topic prefix of one test's own: parallel runs share the broker."""
    return f"flamenco-test-{uuid.uuid4().hex[:10]}"


class Subscriber:
    """Subscribes to ``<prefix>/#`` (QoS 1) and records (topic, JSON payload, QoS)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.heard: list[tuple[str, Any, int]] = []
        self._changed = threading.Condition()
        self._subscribed = threading.Event()
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2, protocol=MQTTProtocolVersion.MQTTv5)
        self.client.on_message = self._on_message
        self.client.on_subscribe = lambda *args: self._subscribed.set()
        self.client.connect(BROKER_HOST, BROKER_PORT)
        self.client.loop_start()
        self.client.subscribe(f"{prefix}/#", qos=1)
        assert self._subscribed.wait(5), "the broker did not confirm the subscription"

    def _on_message(self, _client: Any, _userdata: Any, message: mqtt.MQTTMessage) -> None:
        with self._changed:
            self.heard.append((message.topic, json.loads(message.payload), message.qos))
            self._changed.notify_all()

    def wait_for(
        self, topic: str, match: Callable[[Any], bool] = lambda p: True, timeout: float = 5.0
    ) -> Any:
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for heard_topic, payload, _ in self.heard:
                    if heard_topic == topic and match(payload):
                        return payload
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"nothing on {topic} within {timeout} s; heard {self.heard}")
                self._changed.wait(remaining)

    def topics(self) -> list[str]:
        with self._changed:
            return [topic for topic, _, _ in self.heard]

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()

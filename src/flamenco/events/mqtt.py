"""The farm's events to an MQTT broker, as Flamenco 3.8 publishes them (`mqtt.client` settings).

Topic: ``topic_prefix`` + Flamenco 3.8's topic (``flamenco/jobs``, ``flamenco/jobs/<uuid>``, …);
payload: the JSON of its ``Event*`` schema (`flamenco.api.events_v3`, the same rendering as the
``/v3`` Socket.IO namespace); QoS 1. Task log chunks are not sent, as in 3.8 (too much traffic).

A broker that is down or slow never holds the Manager up: publishing hands the message to paho's
network thread and returns. While there is no connection at most :data:`OFFLINE_QUEUE` messages
wait for one (Flamenco's queue of 10); while connected at most :data:`IN_FLIGHT` wait for the
broker's acknowledgement. Beyond that, messages are dropped with a warning. paho reconnects on
its own, every :data:`RETRY_MAX` seconds at most.

Each Manager process forwards the events that happened in it (a process's broker hears only its
own events), so with several processes each event is still published exactly once; each process
then connects with a client ID of its own, because an MQTT broker closes the older of two
connections with the same ID.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion, MQTTErrorCode, MQTTProtocolVersion
from paho.mqtt.reasoncodes import ReasonCode

from flamenco.api import events_v3
from flamenco.config import MQTTClientConfig
from flamenco.events.broker import Event

log = logging.getLogger(__name__)

QOS = 1
OFFLINE_QUEUE = 10  # messages kept while there is no connection (Flamenco's queue size)
IN_FLIGHT = 1000  # messages sent and not yet acknowledged, before new ones are dropped
KEEPALIVE = 30  # seconds
RETRY_MIN, RETRY_MAX = 1, 10  # seconds between connection attempts
FLUSH_TIMEOUT = 2.0  # seconds to wait at shutdown for the last messages (the life-cycle event)
NOT_FORWARDED = {"EventTaskLogUpdate"}  # as in 3.8: log chunks would flood the broker

_SCHEMES = {"tcp": ("tcp", False, 1883), "mqtt": ("tcp", False, 1883)}
_SCHEMES |= {name: ("tcp", True, 8883) for name in ("ssl", "tls", "mqtts", "tcps")}
_SCHEMES |= {"ws": ("websockets", False, 80), "wss": ("websockets", True, 443)}


class BadBrokerURL(ValueError):
    """`mqtt.client.broker` is not a URL this client can connect to; the message says why."""


@dataclass(frozen=True)
class BrokerAddress:
    transport: str  # paho's: "tcp" or "websockets"
    tls: bool
    host: str
    port: int
    path: str  # websocket path

    @classmethod
    def parse(cls, url: str) -> BrokerAddress:
        """``tcp://host:1883``, ``mqtt://``, ``ssl://``/``tls://``/``mqtts://``, ``ws://``/``wss://``."""
        try:
            parts = urlsplit(url.strip())
            port = parts.port
        except ValueError as exc:
            raise BadBrokerURL(f"cannot parse {url!r}: {exc}") from None
        if parts.scheme not in _SCHEMES:
            known = ", ".join(f"{name}://" for name in _SCHEMES)
            raise BadBrokerURL(f"{url!r} has no scheme this client speaks (use {known})")
        if not parts.hostname:
            raise BadBrokerURL(f"{url!r} names no host")
        transport, tls, default_port = _SCHEMES[parts.scheme]
        return cls(transport, tls, parts.hostname, port or default_port, parts.path or "/mqtt")


def topic(prefix: str, event_topic: str) -> str:
    """Flamenco 3.8 concatenates: prefix ``flamenco`` and topic ``/jobs`` make ``flamenco/jobs``."""
    return prefix + event_topic


def client_id(config: MQTTClientConfig, processes: int) -> str:
    """The configured ID (``flamenco`` when empty); with several processes, one per process."""
    base = config.clientID.strip() or "flamenco"
    return f"{base}-{os.getpid()}" if processes > 1 else base


class MQTTForwarder:
    """Broker listener publishing Flamenco 3.8's events to an MQTT broker without ever waiting on it."""

    def __init__(self, config: MQTTClientConfig, *, processes: int = 1) -> None:
        self.address = BrokerAddress.parse(config.broker)
        self.prefix = config.topic_prefix
        self._lock = threading.Lock()
        self._connected = False
        self._offline: deque[tuple[str, bytes]] = deque()
        # Handed to paho, oldest first, until acknowledged (read at shutdown). Never touched from
        # paho's callbacks: paho calls on_publish holding its own lock, which `send` waits for.
        self._sent: deque[mqtt.MQTTMessageInfo] = deque()
        self._dropped = 0
        self._client = mqtt.Client(
            CallbackAPIVersion.VERSION2,
            client_id=client_id(config, processes),
            protocol=MQTTProtocolVersion.MQTTv5,
            transport=self.address.transport,  # type: ignore[arg-type]
            reconnect_on_failure=True,
        )
        if self.address.transport == "websockets":
            self._client.ws_set_options(path=self.address.path)
        if self.address.tls:
            self._client.tls_set()
        if config.username:
            self._client.username_pw_set(config.username, config.password or None)
        self._client.reconnect_delay_set(RETRY_MIN, RETRY_MAX)
        self._client.max_queued_messages_set(IN_FLIGHT)
        self._client.on_connect = self._on_connect
        self._client.on_connect_fail = self._on_connect_fail
        self._client.on_disconnect = self._on_disconnect
        self._client.on_publish = self._on_publish
        self._started = False

    @property
    def where(self) -> str:
        return f"{self.address.host}:{self.address.port}"

    # Broker listener, on the event loop: render, queue, return.
    def __call__(self, event: Event) -> None:
        for update in events_v3.render(event):
            if update.schema in NOT_FORWARDED:
                continue
            payload = json.dumps(update.payload, separators=(",", ":")).encode()
            self.send(topic(self.prefix, update.topic), payload)

    def send(self, full_topic: str, payload: bytes) -> None:
        """Publish now if connected, else keep it for the connection (or drop it: queue full)."""
        with self._lock:
            if not self._connected:
                if len(self._offline) < OFFLINE_QUEUE:
                    self._offline.append((full_topic, payload))
                    return
                self._drop(full_topic, "no connection to the broker and the queue is full")
                return
            self._publish(full_topic, payload)

    def _publish(self, full_topic: str, payload: bytes) -> None:
        info = self._client.publish(full_topic, payload, qos=QOS)
        if info.rc == MQTTErrorCode.MQTT_ERR_QUEUE_SIZE:
            self._drop(full_topic, f"{IN_FLIGHT} messages still wait for the broker's acknowledgement")
        elif info.rc in (MQTTErrorCode.MQTT_ERR_SUCCESS, MQTTErrorCode.MQTT_ERR_NO_CONN):
            self._sent.append(info)  # paho (re)sends it once connected
            while self._sent and self._sent[0].is_published():
                self._sent.popleft()
        else:
            log.warning("mqtt: could not publish to %s: %s", full_topic, mqtt.error_string(info.rc))

    def _drop(self, full_topic: str, why: str) -> None:
        self._dropped += 1
        if self._dropped == 1 or self._dropped % 100 == 0:
            log.warning("mqtt: dropped an event for %s (%d so far): %s", full_topic, self._dropped, why)

    # paho's callbacks, on its network thread.
    def _on_connect(self, _client: Any, _userdata: Any, _flags: Any, reason: ReasonCode, _props: Any) -> None:
        if reason.is_failure:
            log.warning("mqtt: broker %s refused the connection: %s", self.where, reason)
            return
        log.info("mqtt: connected to broker %s", self.where)
        with self._lock:
            self._connected = True
            waiting, self._offline = list(self._offline), deque()
            for full_topic, payload in waiting:
                self._publish(full_topic, payload)

    def _on_connect_fail(self, _client: Any, _userdata: Any) -> None:
        log.warning("mqtt: could not connect to broker %s; retrying", self.where)

    def _on_disconnect(self, _client: Any, _data: Any, _flags: Any, reason: ReasonCode, _props: Any) -> None:
        with self._lock:
            was_connected, self._connected = self._connected, False
        if was_connected and self._started:
            log.warning("mqtt: lost the connection to broker %s (%s); reconnecting", self.where, reason)

    def _on_publish(self, _client: Any, _userdata: Any, _mid: int, reason: ReasonCode, _props: Any) -> None:
        if reason.is_failure:
            log.warning("mqtt: broker %s refused an event: %s", self.where, reason)

    def _pending(self) -> int:
        """Messages handed to paho and not yet acknowledged (caller holds the lock)."""
        return sum(1 for info in self._sent if not info.is_published())

    # Lifespan.
    def start(self) -> None:
        """Connect in the background: the first attempt, too, happens on paho's thread."""
        self._started = True
        self._client.connect_async(self.address.host, self.address.port, keepalive=KEEPALIVE)
        self._client.loop_start()

    async def stop(self) -> None:
        """Give queued and unacknowledged messages a moment (the shutdown event), then disconnect."""
        await asyncio.sleep(0)  # let the broker deliver what was just published (the shutdown event)
        deadline = time.monotonic() + FLUSH_TIMEOUT
        while time.monotonic() < deadline:
            with self._lock:
                pending = self._pending() + (len(self._offline) if self._connected else 0)
            if not pending:
                break
            await asyncio.sleep(0.02)
        with self._lock:
            lost = self._pending() + len(self._offline)
        if lost:
            log.warning("mqtt: %d events not delivered to broker %s at shutdown", lost, self.where)
        self._started = False
        self._client.disconnect()
        await asyncio.to_thread(self._client.loop_stop)

"""The MQTT forwarder against the real Mosquitto broker on 127.0.0.1:1883, and against none."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator

import pytest

from flamenco.cli.manager import mqtt_problem
from flamenco.config import Config, MQTTClientConfig
from flamenco.events import Event
from flamenco.events import mqtt as forwarding
from flamenco.events.facts import JobChanged, ManagerLifeCycle, TaskChanged, TaskLogAppended, WorkerChanged
from flamenco.events.mqtt import BadBrokerURL, BrokerAddress, MQTTForwarder, client_id
from tests.api.live_manager import free_port
from tests.api.test_v3_payloads import JOB, TASK, WORKER

from .listener import V3_SPEC, validate
from .mqtt_subscriber import BROKER_URL, Subscriber, unique_prefix

SCHEMA_OF_TOPIC = {"lifecycle": "EventLifeCycle", "jobs": "EventJobUpdate", "workers": "EventWorkerUpdate"}


@pytest.fixture
def prefix() -> str:
    return unique_prefix()


@pytest.fixture
def subscriber(prefix: str) -> Iterator[Subscriber]:
    listening = Subscriber(prefix)
    yield listening
    listening.close()


def _settings(prefix: str, broker: str = BROKER_URL) -> MQTTClientConfig:
    return MQTTClientConfig(enabled=True, broker=broker, clientID=f"{prefix}-manager", topic_prefix=prefix)


async def _connected(forwarder: MQTTForwarder, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not forwarder._connected:
        assert time.monotonic() < deadline, "the forwarder did not connect"
        await asyncio.sleep(0.02)


def test_events_arrive_on_3_8s_topics_with_qos_1_and_valid_payloads(prefix, subscriber):
    async def scenario() -> None:
        forwarder = MQTTForwarder(_settings(prefix))
        forwarder(Event("lifecycle", ManagerLifeCycle("manager-startup")))  # before the connection
        forwarder.start()
        await _connected(forwarder)
        forwarder(Event("job", JobChanged(JOB)))
        forwarder(Event("task", TaskChanged(TASK, "queued")))
        forwarder(Event("tasklog", TaskLogAppended(JOB.uuid, TASK.uuid, "line\n")))
        forwarder(Event("worker", WorkerChanged(WORKER, "asleep")))
        forwarder(Event("lifecycle", ManagerLifeCycle("manager-shutdown")))
        await forwarder.stop()

    asyncio.run(scenario())
    subscriber.wait_for(f"{prefix}/lifecycle", lambda p: p == {"type": "manager-shutdown"})
    assert subscriber.topics() == [
        f"{prefix}/lifecycle",
        f"{prefix}/jobs",
        f"{prefix}/jobs/{JOB.uuid}",  # task updates: their job's topic; log chunks are not sent
        f"{prefix}/workers",
        f"{prefix}/lifecycle",
    ]
    for topic, payload, qos in subscriber.heard:
        below = topic.removeprefix(f"{prefix}/")
        validate("EventTaskUpdate" if below.startswith("jobs/") else SCHEMA_OF_TOPIC[below], payload, V3_SPEC)
        assert qos == 1
    assert subscriber.heard[0][1] == {"type": "manager-startup"}


def test_a_broker_that_is_down_never_holds_the_manager_up(prefix, caplog):
    caplog.set_level(logging.WARNING, logger="flamenco.events.mqtt")

    async def scenario() -> float:
        forwarder = MQTTForwarder(_settings(prefix, broker=f"tcp://127.0.0.1:{free_port()}"))
        forwarder.start()
        began = time.monotonic()
        for _ in range(forwarding.OFFLINE_QUEUE + 5):
            forwarder(Event("job", JobChanged(JOB)))
        took = time.monotonic() - began
        assert len(forwarder._offline) == forwarding.OFFLINE_QUEUE
        await asyncio.sleep(0.5)  # paho's first connection attempt fails meanwhile
        began = time.monotonic()
        await forwarder.stop()
        return max(took, time.monotonic() - began - forwarding.FLUSH_TIMEOUT)

    assert asyncio.run(scenario()) < 0.5
    warnings = caplog.text
    assert "dropped an event for" in warnings and "queue is full" in warnings
    assert "could not connect to broker 127.0.0.1" in warnings
    assert f"{forwarding.OFFLINE_QUEUE} events not delivered" in warnings


@pytest.mark.parametrize(
    ("url", "address"),
    [
        ("tcp://broker:1883", BrokerAddress("tcp", False, "broker", 1883, "/mqtt")),
        ("mqtt://broker", BrokerAddress("tcp", False, "broker", 1883, "/mqtt")),
        (" mqtts://broker ", BrokerAddress("tcp", True, "broker", 8883, "/mqtt")),
        ("ws://broker:9001/ws", BrokerAddress("websockets", False, "broker", 9001, "/ws")),
        ("wss://broker", BrokerAddress("websockets", True, "broker", 443, "/mqtt")),
    ],
)
def test_broker_urls(url, address):
    assert BrokerAddress.parse(url) == address


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("", "no scheme"),
        ("broker:1883", "no scheme"),
        ("http://broker", "no scheme"),
        ("tcp://", "names no host"),
        ("tcp://broker:port", "cannot parse"),
    ],
)
def test_bad_broker_urls_say_why(url, why):
    with pytest.raises(BadBrokerURL, match=why):
        BrokerAddress.parse(url)


def test_each_process_of_several_has_a_client_id_of_its_own():
    settings = MQTTClientConfig(clientID=" studio ")
    assert client_id(settings, 1) == "studio"
    assert client_id(settings, 4).startswith("studio-") and client_id(settings, 4) != "studio-"
    assert client_id(MQTTClientConfig(clientID=""), 1) == "flamenco"


def test_flamenco_manager_refuses_a_broker_setting_that_cannot_work_and_not_a_broker_that_is_down():
    config = Config()
    assert mqtt_problem(config) is None  # disabled
    config.mqtt.client.enabled = True
    assert "mqtt.client.broker is empty" in (mqtt_problem(config) or "")
    config.mqtt.client.broker = "broker.lan:1883"
    assert "mqtt.client.broker: 'broker.lan:1883' has no scheme" in (mqtt_problem(config) or "")
    config.mqtt.client.broker = f"tcp://127.0.0.1:{free_port()}"
    assert mqtt_problem(config) is None

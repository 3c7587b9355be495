"""Flamenco 3.8's live updates from a real Manager process: the `/v3` Socket.IO namespace and MQTT.

Payloads are checked against `spec/flamenco-openapi-v3.yaml`'s `Event*` schemas as they arrive;
MQTT goes through the real Mosquitto broker on 127.0.0.1:1883.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.api.http_worker import Worker, submit_echo_sleep_job
from tests.api.live_manager import ManagerProcess, free_port
from tests.api.spec_client import SpecCheckedSession
from tests.conftest import _reset_postgres

from .listener import V3_SPEC, Listener, validate
from .mqtt_subscriber import BROKER_URL, Subscriber, unique_prefix

pytestmark = pytest.mark.e2e


def _manager_with_mqtt(
    workdir: Path, prefix: str, broker: str = BROKER_URL, **options: Any
) -> ManagerProcess:
    workdir.mkdir(parents=True)
    settings = {"enabled": True, "broker": broker, "clientID": prefix, "topic_prefix": prefix}
    (workdir / "flamenco-manager.yaml").write_text(yaml.safe_dump({"mqtt": {"client": settings}}))
    return ManagerProcess(workdir, **options)


def test_a_3_8_client_hears_3_8s_events_on_v3_and_seed_clients_keep_theirs(tmp_path):
    with ManagerProcess(tmp_path / "manager") as manager:
        v3_client, seed_client = Listener(manager.url, "/v3"), Listener(manager.url)
        try:
            assert v3_client.subscribe("allJobs") == "ok"
            assert v3_client.subscribe("allLastRendered") == "ok"
            wrong = v3_client.sio.call("/subscription", {"op": "dance", "type": "allJobs"}, namespace="/v3")
            assert wrong.startswith("unknown subscription op")
            assert seed_client.subscribe("allJobs") == "ok"
            user = SpecCheckedSession(manager.url)
            job = submit_echo_sleep_job(user, sleep_repeats=1, name="heard on both doors")
            first_task = user.get(f"/api/jobs/{job['id']}/tasks").json()["tasks"][0]
            assert v3_client.subscribe("job", job["id"]) == "ok"
            assert v3_client.subscribe("tasklog", first_task["id"]) == "ok"

            new = v3_client.wait_for("/jobs", lambda p: p["id"] == job["id"])
            assert (new.payload["status"], new.payload["steps_total"]) == ("queued", 2)  # echo, sleep
            assert "previous_status" not in new.payload
            seed_job = seed_client.wait_for("/jobs", lambda p: p["id"] == job["id"])
            assert "steps_total" not in seed_job.payload  # the seed door's payload, not 3.8's

            worker = Worker(manager, "v3-listened")
            worker.sign_on_and_wake()
            task = worker.next_task()
            assert task is not None and task["uuid"] == first_task["id"]
            worker.update(task["uuid"], taskStatus="active", log="frame 1 of 1")
            active = v3_client.wait_for(
                "/task", lambda p: p["id"] == task["uuid"] and p["status"] == "active"
            )
            assert active.payload["worker"]["name"] == "v3-listened"
            v3_client.wait_for("/tasklog", lambda p: "frame 1 of 1" in p["log"])  # 3.8.5 never sends these
            assert v3_client.named("/workers") == []  # not subscribed
        finally:
            v3_client.close()
            seed_client.close()
        assert v3_client.invalid == [] and seed_client.invalid == []
        assert "Traceback" not in manager.log()


def test_socketio_v3_clients_hear_the_manager_shut_down(tmp_path):
    manager = ManagerProcess(tmp_path / "manager").start()
    try:
        listener = Listener(manager.url, "/v3")  # no subscription needed for life-cycle events
    finally:
        manager.stop()
    listener.wait_for("/lifecycle", lambda p: p == {"type": "manager-shutdown"})
    assert listener.invalid == []
    assert "Traceback" not in manager.log()


def test_mqtt_subscribers_hear_the_farm_on_3_8s_topics(tmp_path):
    prefix = unique_prefix()
    subscriber = Subscriber(prefix)
    try:
        with _manager_with_mqtt(tmp_path / "manager", prefix) as manager:
            subscriber.wait_for(f"{prefix}/lifecycle", lambda p: p == {"type": "manager-startup"})
            job = submit_echo_sleep_job(SpecCheckedSession(manager.url), sleep_repeats=1, name="via mqtt")
            update = subscriber.wait_for(f"{prefix}/jobs", lambda p: p["id"] == job["id"])
            validate("EventJobUpdate", update, V3_SPEC)
            worker = Worker(manager, "mqtt-worker")
            worker.sign_on_and_wake()
            task = worker.next_task()
            assert task is not None
            worker.update(task["uuid"], taskStatus="active", log="not sent over mqtt")
            active = subscriber.wait_for(f"{prefix}/jobs/{job['id']}", lambda p: p["status"] == "active")
            validate("EventTaskUpdate", active, V3_SPEC)
            awake = subscriber.wait_for(f"{prefix}/workers", lambda p: p["name"] == "mqtt-worker")
            validate("EventWorkerUpdate", awake, V3_SPEC)
            working = subscriber.wait_for(f"{prefix}/status", lambda p: p["status"] == "active")
            validate("EventFarmStatus", working, V3_SPEC)
        subscriber.wait_for(f"{prefix}/lifecycle", lambda p: p == {"type": "manager-shutdown"})
        assert not [t for t in subscriber.topics() if "tasklog" in t]
        assert all(qos == 1 for _, _, qos in subscriber.heard)
        assert "Traceback" not in manager.log()
    finally:
        subscriber.close()


def test_with_its_mqtt_broker_down_the_manager_works_and_warns(tmp_path):
    dead = f"tcp://127.0.0.1:{free_port()}"
    with _manager_with_mqtt(tmp_path / "manager", unique_prefix(), broker=dead) as manager:
        began = time.monotonic()
        user = SpecCheckedSession(manager.url)
        jobs = [  # more than the queue keeps while there is no connection
            submit_echo_sleep_job(user, sleep_repeats=1, name=f"unheard {number}") for number in range(15)
        ]
        assert time.monotonic() - began < 10
        assert user.get(f"/api/jobs/{jobs[-1]['id']}").json()["status"] == "queued"
    log = manager.log()
    assert "mqtt: could not connect to broker 127.0.0.1" in log
    assert "mqtt: dropped an event" in log
    assert "Traceback" not in log


def test_a_broker_url_that_cannot_work_stops_the_manager_at_start(tmp_path):
    manager = _manager_with_mqtt(tmp_path / "manager", "x", broker="http://broker")
    with pytest.raises(RuntimeError, match=r"mqtt.client.broker: 'http://broker' has no scheme"):
        manager.start()


@pytest.mark.postgres
def test_with_several_processes_each_event_reaches_the_broker_once(tmp_path, postgres_url):
    _reset_postgres(postgres_url)
    prefix = unique_prefix()
    subscriber = Subscriber(prefix)
    try:
        farm = _manager_with_mqtt(
            tmp_path / "farm",
            prefix,
            database=postgres_url,
            extra_args=["--redis-url", "redis://127.0.0.1:6379/0", "--workers", "2"],
        )
        with farm:
            user = SpecCheckedSession(farm.url)
            jobs = [submit_echo_sleep_job(user, sleep_repeats=1, name=f"job {n}")["id"] for n in range(6)]
            for job_id in jobs:
                subscriber.wait_for(f"{prefix}/jobs", lambda p, job_id=job_id: p["id"] == job_id)
            time.sleep(0.5)  # a second copy, if any, would have arrived by now
            new_jobs = [
                p["id"]
                for t, p, _ in subscriber.heard
                if t == f"{prefix}/jobs" and "previous_status" not in p
            ]
            assert sorted(new_jobs) == sorted(jobs)
            startups = [p for t, p, _ in subscriber.heard if t == f"{prefix}/lifecycle"]
            assert startups == [{"type": "manager-startup"}] * 2  # one per process
        log = farm.log()
        assert log.count("mqtt: connected to broker") == 2
        assert "lost the connection" not in log  # two client IDs: neither process kicks the other out
    finally:
        subscriber.close()

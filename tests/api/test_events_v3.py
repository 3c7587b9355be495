"""Canonical events → Flamenco 3.8's live updates: topics, event names, payloads valid for its spec."""

from __future__ import annotations

from dataclasses import replace

import pytest
import yaml

from flamenco.api import events_seed, events_v3
from flamenco.events import Event
from flamenco.events.facts import (
    FarmStatusChanged,
    JobChanged,
    LastRenderedUpdated,
    ManagerLifeCycle,
    TaskChanged,
    TaskLogAppended,
    WorkerChanged,
    WorkerTagChanged,
)
from tests.api.test_v3_payloads import JOB, SPEC, TAG, TASK, WHEN, WORKER, valid

JOB_ROOMS = [f"/jobs/{JOB.uuid}", f"/jobs/{JOB.uuid}/last-rendered"]


def only(event: Event) -> events_v3.V3Event:
    (update,) = events_v3.render(event)
    return update


def test_every_event_schema_of_the_spec_has_an_event_name():
    schemas = yaml.safe_load(SPEC.read_text(encoding="utf-8"))["components"]["schemas"]
    assert set(events_v3.EVENT_NAME) == {name for name in schemas if name.startswith("Event")}


def test_a_new_job_and_a_changed_one():
    new = only(Event("job", JobChanged(JOB)))
    assert (new.schema, new.topic) == ("EventJobUpdate", "/jobs")
    assert "previous_status" not in valid("EventJobUpdate", new.payload)
    assert (new.payload["steps_completed"], new.payload["refresh_tasks"]) == (0, False)

    paused = replace(JOB, status="paused", steps_completed=2, steps_total=8, delete_requested_at=WHEN)
    changed = only(Event("job", JobChanged(paused, "pause-requested", refresh_tasks=True)))
    payload = valid("EventJobUpdate", changed.payload)
    assert (payload["status"], payload["previous_status"]) == ("paused", "pause-requested")  # 3.8's words
    assert (payload["steps_completed"], payload["steps_total"], payload["refresh_tasks"]) == (2, 8, True)
    assert payload["delete_requested_at"] == "2026-01-01T12:00:00.000Z"


def test_a_deleted_job_says_so():
    gone = only(Event("job", JobChanged(replace(JOB, delete_requested_at=WHEN), was_deleted=True)))
    payload = valid("EventJobUpdate", gone.payload)
    assert (payload["id"], payload["was_deleted"]) == (JOB.uuid, True)
    assert "was_deleted" not in only(Event("job", JobChanged(JOB))).payload


def test_progress_updates_carry_no_seed_only_fields():
    update = only(Event("job", JobChanged(JOB, task_counts={"queued": 3})))
    assert "task_counts" not in valid("EventJobUpdate", update.payload)


def test_task_updates_go_to_their_jobs_topic_with_the_worker():
    update = only(Event("task", TaskChanged(TASK, "queued")))
    assert (update.schema, update.topic) == ("EventTaskUpdate", f"/jobs/{JOB.uuid}")
    payload = valid("EventTaskUpdate", update.payload)
    assert payload["worker"] == {"name": "w1", "uuid": TASK.worker.uuid}
    assert (payload["status"], payload["previous_status"]) == ("active", "queued")
    unassigned = only(Event("task", TaskChanged(replace(TASK, worker=None, worker_id=None))))
    assert {"worker", "previous_status"}.isdisjoint(valid("EventTaskUpdate", unassigned.payload))


def test_worker_updates():
    update = only(Event("worker", WorkerChanged(WORKER, "asleep")))
    assert (update.schema, update.topic) == ("EventWorkerUpdate", "/workers")
    payload = valid("EventWorkerUpdate", update.payload)
    assert payload["status_change"] == {"status": "offline", "is_lazy": True}
    assert (payload["name"], payload["can_restart"], payload["previous_status"]) == ("w1", False, "asleep")
    deleted = only(Event("worker", WorkerChanged(replace(WORKER, deleted_at=WHEN, status_requested=""))))
    assert "status_change" not in valid("EventWorkerUpdate", deleted.payload)
    assert deleted.payload["deleted_at"] == "2026-01-01T12:00:00.000Z"


def test_log_chunks_and_life_cycle():
    chunk = only(Event("tasklog", TaskLogAppended(JOB.uuid, TASK.uuid, "line\n")))
    assert (chunk.topic, valid("EventTaskLogUpdate", chunk.payload)) == (
        f"/tasklog/{TASK.uuid}",
        {"task_id": TASK.uuid, "log": "line\n"},
    )
    for phase in ("manager-startup", "manager-shutdown"):
        update = only(Event("lifecycle", ManagerLifeCycle(phase)))
        assert (update.topic, valid("EventLifeCycle", update.payload)) == ("/lifecycle", {"type": phase})
    assert events_seed.emits(Event("lifecycle", ManagerLifeCycle("manager-startup"))) == []


def test_farm_status_changes_reach_every_client_on_the_status_topic():
    update = only(Event("farm", FarmStatusChanged("asleep")))
    assert (update.topic, valid("EventFarmStatus", update.payload)) == ("/status", {"status": "asleep"})
    assert events_v3.emits(Event("farm", FarmStatusChanged("idle")))[0][:2] == ("/status", "/status")


def test_a_new_last_rendered_image_goes_to_its_jobs_topic_and_the_farms():
    updates = events_v3.render(Event("last-rendered", LastRenderedUpdated(JOB.uuid)))
    assert [(u.schema, u.topic) for u in updates] == [
        ("EventLastRenderedUpdate", f"/jobs/{JOB.uuid}/last-rendered"),
        ("EventLastRenderedUpdate", "/last-rendered"),
    ]
    payload = valid("EventLastRenderedUpdate", updates[0].payload)
    assert payload["job_id"] == JOB.uuid and payload["thumbnail"]["suffixes"]
    assert events_v3.emits(Event("last-rendered", LastRenderedUpdated(JOB.uuid)))[0][0] == "/last-rendered"


def test_socketio_emits_are_named_after_the_payloads_schema():
    assert events_v3.emits(Event("task", TaskChanged(TASK)))[0][:2] == ("/task", f"/jobs/{JOB.uuid}")
    assert events_v3.emits(Event("lifecycle", ManagerLifeCycle("manager-startup")))[0][:2] == (
        "/lifecycle",
        "/lifecycle",
    )


@pytest.mark.parametrize(
    ("subscription", "rooms"),
    [
        ({"op": "subscribe", "type": "allJobs"}, ["/jobs"]),
        ({"op": "subscribe", "type": "allWorkers"}, ["/workers"]),
        ({"op": "subscribe", "type": "allLastRendered"}, ["/last-rendered"]),
        ({"op": "subscribe", "type": "allWorkerTags"}, ["/workertags"]),
        ({"op": "subscribe", "type": "job", "uuid": JOB.uuid}, JOB_ROOMS),
        ({"op": "unsubscribe", "type": "tasklog", "uuid": TASK.uuid.upper()}, [f"/tasklog/{TASK.uuid}"]),
    ],
)  # fmt: skip
def test_subscriptions_name_3_8s_rooms(subscription, rooms):
    valid("SocketIOSubscription", subscription)
    assert events_v3.subscription_rooms(subscription) == rooms


@pytest.mark.parametrize(
    ("subscription", "answer"),
    [
        ("allJobs", "a subscription is an object"),
        ({"op": "subscribe", "type": "Jobs"}, "unknown subscription type 'Jobs'; use one of allJobs"),
        ({"op": "subscribe", "type": "job"}, "subscribing to a job needs its UUID in 'uuid'"),
        ({"op": "subscribe", "type": "tasklog", "uuid": "12"}, "subscribing to a tasklog needs its UUID"),
    ],
)
def test_bad_subscriptions_are_answered_with_what_is_wrong(subscription, answer):
    with pytest.raises(ValueError, match=answer):
        events_v3.subscription_rooms(subscription)


def test_worker_tag_changes_reach_the_workertags_topic():
    made = only(Event("workertag", WorkerTagChanged(TAG, created=True)))
    assert (made.topic, valid("EventWorkerTagUpdate", made.payload)) == (
        "/workertags",
        {"tag": {"id": TAG.uuid, "name": "gpu", "description": "GPU boxes"}},
    )
    gone = only(Event("workertag", WorkerTagChanged(TAG, was_deleted=True)))
    assert valid("EventWorkerTagUpdate", gone.payload)["was_deleted"] is True
    assert events_v3.emits(Event("workertag", WorkerTagChanged(TAG)))[0][:2] == ("/workertags", "/workertags")
    assert events_seed.emits(Event("workertag", WorkerTagChanged(TAG))) == []  # the seed has no such event

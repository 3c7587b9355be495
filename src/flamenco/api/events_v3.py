"""Canonical events → Flamenco 3.8's live updates: topics, event names and `Event*` payloads.

Flamenco 3.8 names everything after a *topic*: ``/jobs``, ``/workers``, ``/jobs/<uuid>`` … A
Socket.IO client of its spec hears an event in the room named after the topic, the event's name
taken from the payload's schema (`EVENT_NAME`); an MQTT subscriber hears it on the topic behind the
configured prefix. Both render through :func:`render`, so the two cannot drift apart.

Adding a kind of fact is one entry in :data:`RENDER`: a function from the fact to the
:class:`V3Event` s it makes. Statuses need no translating: the store's words are 3.8's.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, NamedTuple

from flamenco.api import v3
from flamenco.api.timestamps import timestamp
from flamenco.events.broker import Event
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
from flamenco.last_rendered import image_info

NAMESPACE = "/v3"

# Flamenco 3.8's topics (its `eventbus/topics.go`); the parameterised ones take a UUID.
TOPIC_LIFECYCLE = "/lifecycle"
TOPIC_FARM_STATUS = "/status"
TOPIC_JOBS = "/jobs"
TOPIC_LAST_RENDERED = "/last-rendered"
TOPIC_WORKERS = "/workers"
TOPIC_WORKER_TAGS = "/workertags"


def topic_for_job(job_uuid: str) -> str:
    """Task updates of one job."""
    return f"/jobs/{job_uuid}"


def topic_for_job_last_rendered(job_uuid: str) -> str:
    return f"/jobs/{job_uuid}/last-rendered"


def topic_for_task_log(task_uuid: str) -> str:
    return f"/tasklog/{task_uuid}"


# Socket.IO event name per payload schema, as Flamenco 3.8 derives it from the payload's type.
EVENT_NAME = {
    "EventLifeCycle": "/lifecycle",
    "EventFarmStatus": "/status",
    "EventJobUpdate": "/jobs",
    "EventTaskUpdate": "/task",
    "EventLastRenderedUpdate": "/last-rendered",
    "EventTaskLogUpdate": "/tasklog",
    "EventWorkerTagUpdate": "/workertags",
    "EventWorkerUpdate": "/workers",
}

# Rooms every Socket.IO connection joins without asking.
CONNECT_ROOMS = (TOPIC_LIFECYCLE, TOPIC_FARM_STATUS)

# Subscription types naming one fixed room.
ROOM_FOR_TYPE = {
    "allJobs": TOPIC_JOBS,
    "allWorkers": TOPIC_WORKERS,
    "allLastRendered": TOPIC_LAST_RENDERED,
    "allWorkerTags": TOPIC_WORKER_TAGS,
}


class V3Event(NamedTuple):
    """One update as Flamenco 3.8 sends it: the payload's schema, its topic, the payload."""

    schema: str
    topic: str
    payload: dict[str, Any]


def job_update(data: JobChanged) -> list[V3Event]:
    job = data.job
    payload: dict[str, Any] = {
        "id": job.uuid,
        "name": job.name,
        "updated": timestamp(job.updated),
        "status": job.status,
        "type": job.job_type,
        "priority": job.priority,
        "refresh_tasks": data.refresh_tasks,
        "steps_completed": job.steps_completed,
        "steps_total": job.steps_total,
    }
    if data.previous_status is not None:
        payload["previous_status"] = data.previous_status
    if job.delete_requested_at is not None:
        payload["delete_requested_at"] = timestamp(job.delete_requested_at)
    if data.was_deleted:
        # Flamenco sends only the ID then (the other fields empty); the job as it was last fills the
        # fields its schema requires.
        payload["was_deleted"] = True
    return [V3Event("EventJobUpdate", TOPIC_JOBS, payload)]


def task_update(data: TaskChanged) -> list[V3Event]:
    task = data.task
    payload: dict[str, Any] = {
        "id": task.uuid,
        "job_id": task.job_uuid,
        "name": task.name,
        "updated": timestamp(task.updated),
        "status": task.status,
        "activity": task.activity,
        "steps_completed": task.steps_completed,
        "steps_total": task.steps_total,
    }
    if task.worker is not None:
        payload["worker"] = {"name": task.worker.name, "uuid": task.worker.uuid}
    if data.previous_status is not None:
        payload["previous_status"] = data.previous_status
    return [V3Event("EventTaskUpdate", topic_for_job(task.job_uuid), payload)]


def worker_update(data: WorkerChanged) -> list[V3Event]:
    worker = data.worker
    payload: dict[str, Any] = {
        "id": worker.uuid,
        "name": worker.name,
        "updated": timestamp(worker.updated),
        "status": worker.status,
        "version": worker.software,
        "can_restart": worker.can_restart,
    }
    if data.previous_status is not None:
        payload["previous_status"] = data.previous_status
    change = v3.status_change(worker)
    if change:
        payload["status_change"] = change
    if worker.last_seen is not None:
        payload["last_seen"] = timestamp(worker.last_seen)
    if worker.deleted_at is not None:
        payload["deleted_at"] = timestamp(worker.deleted_at)
    return [V3Event("EventWorkerUpdate", TOPIC_WORKERS, payload)]


def task_log_update(data: TaskLogAppended) -> list[V3Event]:
    payload = {"task_id": data.task_uuid, "log": data.text}
    return [V3Event("EventTaskLogUpdate", topic_for_task_log(data.task_uuid), payload)]


def last_rendered_update(data: LastRenderedUpdated) -> list[V3Event]:
    """To the job's last-rendered topic and to the farm-wide one, as 3.8 broadcasts it."""
    payload = {"job_id": data.job_uuid, "thumbnail": image_info(data.job_uuid)}
    return [
        V3Event("EventLastRenderedUpdate", topic_for_job_last_rendered(data.job_uuid), payload),
        V3Event("EventLastRenderedUpdate", TOPIC_LAST_RENDERED, payload),
    ]


def life_cycle(data: ManagerLifeCycle) -> list[V3Event]:
    return [V3Event("EventLifeCycle", TOPIC_LIFECYCLE, {"type": data.type})]


def farm_status(data: FarmStatusChanged) -> list[V3Event]:
    return [V3Event("EventFarmStatus", TOPIC_FARM_STATUS, {"status": data.status})]


def worker_tag_update(data: WorkerTagChanged) -> list[V3Event]:
    """A tag made, changed or deleted (`EventWorkerTagUpdate`, topic `/workertags`)."""
    payload = v3.worker_tag_update(data.tag, data.was_deleted)
    return [V3Event("EventWorkerTagUpdate", TOPIC_WORKER_TAGS, payload)]


# Event kind → its renderer. One entry per kind of fact this door has an event for.
RENDER: dict[str, Callable[[Any], list[V3Event]]] = {
    "job": job_update,
    "task": task_update,
    "worker": worker_update,
    "tasklog": task_log_update,
    "lifecycle": life_cycle,
    "farm": farm_status,
    "last-rendered": last_rendered_update,
    "workertag": worker_tag_update,
}


def render(event: Event) -> list[V3Event]:
    """Flamenco 3.8's updates for an event; none for kinds it has no event for."""
    renderer = RENDER.get(event.kind)
    return renderer(event.data) if renderer is not None else []


def emits(event: Event) -> list[tuple[str, str, dict[str, Any]]]:
    """(event name, room, payload) for the Socket.IO namespace: the room is the topic."""
    return [(EVENT_NAME[e.schema], e.topic, e.payload) for e in render(event)]


def subscription_rooms(subscription: Any) -> list[str]:
    """The rooms a 3.8 ``SocketIOSubscription`` names; ValueError says what is wrong with it.

    A ``job`` subscription joins the job's task updates and its last-rendered images, as 3.8's
    does. A ``tasklog`` subscription joins ``/tasklog/<uuid>``, where the log chunks are sent
    (3.8.5 joins ``/jobs/<uuid>`` there, so its subscribers never hear a chunk; a slip, not a
    contract: `docs/spec-changes.md`).
    """
    if not isinstance(subscription, dict):
        raise ValueError("a subscription is an object with op, type and (for job/tasklog) uuid")
    kind = subscription.get("type")
    if kind in ROOM_FOR_TYPE:
        return [ROOM_FOR_TYPE[kind]]
    if kind not in ("job", "tasklog"):
        known = ", ".join([*ROOM_FOR_TYPE, "job", "tasklog"])
        raise ValueError(f"unknown subscription type {kind!r}; use one of {known}")
    try:
        about = str(uuid.UUID(str(subscription.get("uuid"))))
    except ValueError:
        raise ValueError(f"subscribing to a {kind} needs its UUID in 'uuid'") from None
    if kind == "job":
        return [topic_for_job(about), topic_for_job_last_rendered(about)]
    return [topic_for_task_log(about)]

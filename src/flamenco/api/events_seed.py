"""Canonical events → the seed spec's Socket.IO namespace `/`: event names, rooms, payloads.

Rooms, as Flamenco named them: ``Jobs`` and ``Workers`` for the ``allJobs``/``allWorkers``
subscriptions, ``job-<uuid>`` for a job's task updates, ``tasklog-<uuid>`` for a task's log
chunks. A client gets only what it subscribed to.

Addition (docs/spec-changes.md): ``/last-rendered`` (``SocketIOLastRenderedUpdate``), as Flamenco
3.x sent it before 3.8 renamed its events: to the job's room and to ``LastRendered``, the room of
the ``allLastRendered`` subscription. Seed-era clients never subscribe to that one and ignore an
event name they do not know.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from flamenco.api import seed
from flamenco.api.timestamps import timestamp
from flamenco.events.broker import Event
from flamenco.events.facts import JobChanged, LastRenderedUpdated, TaskChanged, TaskLogAppended, WorkerChanged
from flamenco.last_rendered import image_info

NAMESPACE = "/"
ROOM_FOR_TYPE = {"allJobs": "Jobs", "allWorkers": "Workers", "allLastRendered": "LastRendered"}


Emit = tuple[str, str, dict[str, Any]]  # (event name, room, payload)


def _task(data: TaskChanged) -> list[Emit]:
    return [("/task", f"job-{data.task.job_uuid}", seed.task_update(data.task, data.previous_status))]


def _job(data: JobChanged) -> list[Emit]:
    payload = seed.job_update(data.job, data.previous_status, data.refresh_tasks, data.task_counts)
    # Additions, in Flamenco 3.8's words (the seed schema allows more properties): deletion
    # requested and done, so a client can show the progress and drop the job.
    if data.job.delete_requested_at is not None:
        payload["delete_requested_at"] = timestamp(data.job.delete_requested_at)
    if data.was_deleted:
        payload["was_deleted"] = True
    return [("/jobs", "Jobs", payload)]


def _worker(data: WorkerChanged) -> list[Emit]:
    payload = seed.worker_update(data.worker, data.previous_status)
    if data.worker.deleted_at is not None:  # addition, as 3.8's EventWorkerUpdate has it
        payload["deleted_at"] = timestamp(data.worker.deleted_at)
    return [("/workers", "Workers", payload)]


def _tasklog(data: TaskLogAppended) -> list[Emit]:
    return [("/tasklog", f"tasklog-{data.task_uuid}", {"task_id": data.task_uuid, "log": data.text})]


def _last_rendered(data: LastRenderedUpdated) -> list[Emit]:
    payload = {"job_id": data.job_uuid, "thumbnail": image_info(data.job_uuid)}
    return [("/last-rendered", f"job-{data.job_uuid}", payload), ("/last-rendered", "LastRendered", payload)]


_RENDER: dict[str, Callable[[Any], list[Emit]]] = {
    "task": _task,
    "job": _job,
    "worker": _worker,
    "tasklog": _tasklog,
    "last-rendered": _last_rendered,
}


def emits(event: Event) -> list[Emit]:
    """The emits an event makes on this namespace; none for kinds the seed spec has no event for."""
    render = _RENDER.get(event.kind)
    return render(event.data) if render is not None else []


def subscription_rooms(subscription: Any) -> list[str]:
    """The rooms a ``SocketIOSubscription`` names; ValueError says what is wrong with it."""
    if not isinstance(subscription, dict):
        raise ValueError("a subscription is an object with op, type and (for job/tasklog) uuid")
    kind = subscription.get("type")
    if kind in ROOM_FOR_TYPE:
        return [ROOM_FOR_TYPE[kind]]
    if kind not in ("job", "tasklog"):
        raise ValueError(
            f"unknown subscription type {kind!r}; use allJobs, allWorkers, allLastRendered, job or tasklog"
        )
    try:
        return [f"{kind}-{uuid.UUID(str(subscription.get('uuid')))}"]
    except ValueError:
        raise ValueError(f"subscribing to a {kind} needs its UUID in 'uuid'") from None

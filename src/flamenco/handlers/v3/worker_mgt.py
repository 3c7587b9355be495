"""worker-mgt (3.8): humans looking at and steering Workers."""

from __future__ import annotations

from typing import Any

from flamenco.api import v3
from flamenco.scheduler import controls, deletion, sleep
from flamenco.scheduler import tags as tag_scheduler
from flamenco.scheduler import workers as protocol
from flamenco.services import current
from flamenco.store import tags as tag_store
from flamenco.store import tasks as task_store
from flamenco.store import workers as worker_store


def fetch_workers() -> dict[str, Any]:
    return {"workers": [v3.worker_summary(w) for w in worker_store.all_workers()]}


def fetch_worker(worker_id: str) -> dict[str, Any]:
    worker = worker_store.get_worker(worker_id)
    running = task_store.active_tasks_of_worker(worker.id)
    return v3.worker(worker, running[0] if running else None, tag_store.tags_of_worker(worker.id))


def request_worker_status_change(worker_id: str, body: dict[str, Any]) -> tuple[None, int]:
    protocol.request_status_change(current(), worker_id, body["status"], body["is_lazy"])
    return None, 204


def set_worker_tags(worker_id: str, body: dict[str, Any]) -> tuple[None, int]:
    tag_scheduler.set_worker_tags(current(), worker_id, body["tag_ids"])
    return None, 204


def fetch_worker_tags() -> dict[str, Any]:
    return {"tags": [v3.worker_tag(t) for t in tag_store.all_tags()]}


def create_worker_tag(body: dict[str, Any]) -> dict[str, Any]:
    tag = tag_scheduler.create_tag(
        current(), body["name"], body.get("description", ""), body.get("id") or None
    )
    return v3.worker_tag(tag)


def fetch_worker_tag(tag_id: str) -> dict[str, Any]:
    return v3.worker_tag(tag_store.get_tag(tag_id))


def update_worker_tag(tag_id: str, body: dict[str, Any]) -> tuple[None, int]:
    tag_scheduler.update_tag(current(), tag_id, body["name"], body.get("description"))
    return None, 204


def delete_worker_tag(tag_id: str) -> tuple[None, int]:
    tag_scheduler.delete_tag(current(), tag_id)
    return None, 204


def delete_worker(worker_id: str) -> tuple[None, int]:
    deletion.delete_worker(current(), worker_id)
    return None, 204


def fetch_worker_sleep_schedule(worker_id: str) -> tuple[dict[str, Any] | None, int]:
    schedule = sleep.fetch_schedule(worker_id)
    if schedule is None:
        return None, 204
    return sleep.schedule_payload(schedule), 200


def set_worker_sleep_schedule(worker_id: str, body: dict[str, Any]) -> tuple[None, int]:
    sleep.set_schedule(
        current(),
        worker_id,
        is_active=body["is_active"],
        days_of_week=body["days_of_week"],
        start_time=body["start_time"],
        end_time=body["end_time"],
    )
    return None, 204


def fetch_worker_resources(worker_id: str) -> dict[str, Any]:
    return controls.worker_resources(worker_id)


def set_worker_properties(worker_id: str, body: dict[str, Any]) -> tuple[None, int]:
    controls.set_properties(current(), worker_id, body["properties"])
    return None, 204

"""worker-mgt (3.8): humans looking at and steering Workers."""

from __future__ import annotations

from typing import Any

from flamenco.api import v3
from flamenco.scheduler import deletion, sleep
from flamenco.scheduler import workers as protocol
from flamenco.services import current
from flamenco.store import tasks as task_store
from flamenco.store import workers as worker_store


def fetch_workers() -> dict[str, Any]:
    return {"workers": [v3.worker_summary(w) for w in worker_store.all_workers()]}


def fetch_worker(worker_id: str) -> dict[str, Any]:
    worker = worker_store.get_worker(worker_id)
    running = task_store.active_tasks_of_worker(worker.id)
    return v3.worker(worker, running[0] if running else None)


def request_worker_status_change(worker_id: str, body: dict[str, Any]) -> tuple[None, int]:
    protocol.request_status_change(current(), worker_id, body["status"], body["is_lazy"])
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

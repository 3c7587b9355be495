"""worker-mgt (3.8): humans looking at and steering Workers."""

from __future__ import annotations

from typing import Any

from flamenco.api import v3
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

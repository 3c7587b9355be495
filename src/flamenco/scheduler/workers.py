"""The worker status protocol: sign-on/off, status requests and reports, requeue on loss."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flamenco.api.vocab import STOP_STATUSES
from flamenco.errors import FlamencoError, PreconditionFailed
from flamenco.scheduler import sleep
from flamenco.scheduler.changes import Changes, transaction
from flamenco.scheduler.state_machine import StateMachine
from flamenco.services import Services
from flamenco.store import tasks as task_store
from flamenco.store import workers as worker_store
from flamenco.store.records import WorkerInfo

# Writing `last_seen` on every call would make each poll a write; a coarser stamp is plenty for
# a worker timeout measured in minutes. It stays well under shorter timeouts (a quarter of them):
# a stamp older than the timeout itself declared busy workers dead (seen with `worker_timeout: 4s`).
SEEN_RESOLUTION = timedelta(seconds=5)


class MustChangeStatus(FlamencoError):
    """The worker must go to another status before it gets work (HTTP 423)."""

    status = 423

    def __init__(self, requested: str) -> None:
        super().__init__(f"worker must change status to {requested}")
        self.requested = requested


def seen(svc: Services, worker: WorkerInfo, address: str | None) -> None:
    now = svc.clock()
    if (
        worker.last_seen is None
        or now - worker.last_seen >= min(SEEN_RESOLUTION, svc.config.worker_timeout / 4)
        or (address and address != worker.address)
    ):
        worker_store.mark_seen(worker.id, now, address)


def _announce(changes: Changes, info: WorkerInfo, previous_status: str) -> WorkerInfo:
    changes.worker(info, previous_status)
    return info


def register(svc: Services, *, secret: str, name: str, platform: str, task_types: list[str], address: str):
    info = worker_store.register(
        secret=secret, name=name, platform=platform, task_types=task_types, address=address, now=svc.clock()
    )
    svc.events.publish(*_events_for(info))
    return info


def _events_for(info: WorkerInfo):
    changes = Changes()
    changes.worker(info)
    return changes.events


def sign_on(
    svc: Services,
    worker: WorkerInfo,
    *,
    name: str,
    task_types: list[str],
    version: str,
    can_restart: bool = False,
    resources: dict[str, Any] | None = None,
) -> str:
    """Mark the worker starting and answer the status it should go to.

    ``can_restart``: the worker comes back by itself after exiting for a `restart` request (3.8).
    ``resources``: its hardware report (issue 9); the worker is re-matched against masked blocks
    either way, since its name or platform may have changed.
    """
    from flamenco.scheduler import controls
    from flamenco.store import controls as controls_store

    with transaction(svc.events, svc.tasklogs) as changes:
        current = worker_store.lock_worker(worker.uuid)
        updated = worker_store.update(
            current.id,
            svc.clock(),
            status="starting",
            name=name,
            supported_task_types=task_types,
            software=version,
            can_restart=can_restart,
        )
        if resources:
            controls_store.set_resources(current.id, resources, svc.clock())
        controls.refresh_worker(current.id)
        info = _announce(changes, updated, current.status)
    return info.status_requested or sleep.status_at_sign_on(svc, info.id)


def sign_off(svc: Services, worker: WorkerInfo) -> None:
    now = svc.clock()
    with transaction(svc.events, svc.tasklogs) as changes:
        current = worker_store.lock_worker(worker.uuid)
        fields: dict = {"status": "offline"}
        if current.status_requested in STOP_STATUSES:
            fields.update(status_requested="", lazy_status_request=False)
        elif not current.status_requested and current.status in ("awake", "asleep"):
            # Remembered, so a worker sent to sleep is still asleep after a restart.
            fields.update(status_requested=current.status, lazy_status_request=False)
        info = _announce(changes, worker_store.update(current.id, now, **fields), current.status)
        requeue_tasks_of(changes, StateMachine(now), info, "worker signed off")


def state_changed(svc: Services, worker: WorkerInfo, status: str) -> None:
    """The worker reports its new status; a matching request is fulfilled."""
    now = svc.clock()
    with transaction(svc.events, svc.tasklogs) as changes:
        current = worker_store.lock_worker(worker.uuid)
        fields: dict = {"status": status}
        if current.status_requested in ("", status):
            fields.update(status_requested="", lazy_status_request=False)
        info = _announce(changes, worker_store.update(current.id, now, **fields), current.status)
        if status != "awake":
            requeue_tasks_of(changes, StateMachine(now), info, f"worker went {status}")


def request_status_change(svc: Services, worker_uuid: str, status: str, is_lazy: bool) -> None:
    """A human asks a worker to change status; asking for the current status cancels a request.

    A `restart` is refused (412) for a worker that did not say it comes back by itself: it would
    stop and stay stopped.
    """
    with transaction(svc.events, svc.tasklogs) as changes:
        current = worker_store.lock_worker(worker_uuid)
        if status == "restart" and not current.can_restart:
            raise PreconditionFailed(f"worker {current.name} cannot restart by itself; ask it to go offline")
        if status == current.status:
            updated = worker_store.update(
                current.id, svc.clock(), status_requested="", lazy_status_request=False
            )
        else:
            updated = worker_store.update(
                current.id, svc.clock(), status_requested=status, lazy_status_request=is_lazy
            )
        _announce(changes, updated, current.status)


def requeue_tasks_of(changes: Changes, machine: StateMachine, worker: WorkerInfo, why: str) -> None:
    """Send the worker's active tasks back to the queue, so a lost worker loses no work."""
    for found in task_store.active_tasks_of_worker(worker.id):
        task = task_store.lock_task(found.uuid)  # its last update may be committing right now
        if task.status != "active" or task.worker_id != worker.id:
            continue
        changes.log(task.job_uuid, task.uuid, f"Task was requeued by the Manager because the {why}.")
        machine.task_status(changes, task, "queued", f"Requeued: {why} ({worker.name})")


def time_out(svc: Services, worker: WorkerInfo) -> None:
    """A worker that stopped calling in goes to `error`; its tasks go to other workers."""
    now = svc.clock()
    with transaction(svc.events, svc.tasklogs) as changes:
        current = worker_store.lock_worker(worker.uuid)
        if current.last_seen != worker.last_seen or current.status in ("error", "offline"):
            return  # it called in meanwhile, or someone else handled it
        updated = worker_store.update(
            current.id, now, status="error", status_requested="", lazy_status_request=False
        )
        info = _announce(changes, updated, current.status)
        requeue_tasks_of(changes, StateMachine(now), info, "worker timed out")

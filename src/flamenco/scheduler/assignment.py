"""Giving a worker its next task."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import peewee

from flamenco import variables
from flamenco.errors import Conflict
from flamenco.scheduler.changes import transaction
from flamenco.scheduler.state_machine import StateMachine
from flamenco.scheduler.workers import MustChangeStatus
from flamenco.services import Services
from flamenco.store import jobs as job_store
from flamenco.store import tasks as task_store
from flamenco.store import workers as worker_store
from flamenco.store.limits import ClaimLost
from flamenco.store.records import JobInfo, TaskInfo, WorkerInfo


@dataclass(frozen=True)
class Assignment:
    """A task given to a worker: the task, its job, and its commands as that worker runs them
    (variables expanded for its platform). Each door renders it as its `AssignedTask`."""

    task: TaskInfo
    job: JobInfo
    commands: list[dict[str, Any]]


def schedule_task(svc: Services, worker: WorkerInfo, *, worker_is_current: bool = False) -> Assignment | None:
    """The worker's next task, or None when nothing is runnable for it.

    Raises :class:`MustChangeStatus` (423) when a status change is pending, and ``Conflict`` (409)
    when the worker is not awake. A worker that already runs a task gets that task back, so a
    restarted worker resumes instead of leaving its task orphaned. ``worker_is_current``: the
    caller has just read the worker (the request's authentication), so it is not read again.
    """
    # Otherwise read it again: a status request may have arrived since the caller's copy.
    current = worker if worker_is_current else worker_store.get_worker_by_id(worker.id)
    if current.status_requested:
        raise MustChangeStatus(current.status_requested)
    if current.status != "awake":
        raise Conflict(f"worker is {current.status!r}; only awake workers get tasks")

    task = task_store.assigned_active_task(current.id)
    if task is not None:
        return assigned_task(svc, task, job_store.get_job_by_id(task.job_id), current)
    claimed = _claim(svc, current)
    if claimed is None:
        return None
    return assigned_task(svc, *claimed, current)


def _claim(svc: Services, worker: WorkerInfo) -> tuple[TaskInfo, JobInfo] | None:
    """Claim in a transaction of its own; a claim that lost a running limit or ticket to a
    concurrent claim rolls back whole (task and counters) and tries again, a bounded number of
    times (the next attempt no longer sees the full job or block as a candidate)."""
    for _attempt in range(task_store.CLAIM_ATTEMPTS):
        now = svc.clock()
        try:
            with transaction(svc.events, svc.tasklogs) as changes:
                task = task_store.claim_runnable_task(worker, now)
                if task is None:
                    return None
                changes.log(
                    task.job_uuid, task.uuid, f"Task assigned to worker {worker.name} ({worker.uuid})"
                )
                job = StateMachine(now).task_claimed(changes, task, worker.name)
        except ClaimLost:
            continue
        except peewee.OperationalError as exc:
            # PostgreSQL broke a lock cycle between this claim (its new task, then a counter row)
            # and a human's change of the job (the job row, then its tasks); the claim gives way.
            if not _deadlock(exc):
                raise
            continue
        return task, job
    return None


def _deadlock(exc: BaseException) -> bool:
    return any(getattr(e, "pgcode", None) == "40P01" for e in (exc, exc.__cause__, *exc.args))


def assigned_task(svc: Services, task: TaskInfo, job: JobInfo, worker: WorkerInfo) -> Assignment:
    values = variables.values_for(svc.config.variables, worker.platform)
    values.setdefault("jobs", str(svc.config.job_storage_location))
    return Assignment(task, job, variables.expand(task.commands, values))

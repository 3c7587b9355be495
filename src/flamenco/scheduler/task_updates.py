"""What workers and humans say about tasks: progress, completion, failure, may-I-run, requeue."""

from __future__ import annotations

from typing import Any

from flamenco.errors import BadRequest, Conflict
from flamenco.events.facts import JobStepsChanged
from flamenco.scheduler.changes import Changes, transaction
from flamenco.scheduler.state_machine import StateMachine, check_task_request
from flamenco.services import Services
from flamenco.store import blocklist as blocklist_store
from flamenco.store import jobs as job_store
from flamenco.store import tasks as task_store
from flamenco.store import workers as worker_store
from flamenco.store.db import is_postgres
from flamenco.store.records import TaskInfo, WorkerInfo

# Statuses a worker may report; soft-failed is the Manager's verdict, not the worker's.
WORKER_REPORTABLE = ("active", "completed", "failed")


def task_update(
    svc: Services,
    worker: WorkerInfo,
    task_uuid: str,
    *,
    status: str | None = None,
    activity: str | None = None,
    log: str | None = None,
    steps_completed: int | None = None,
) -> None:
    """Apply a worker's update. A task of another worker is refused (409) and left untouched.

    Updates for a task that is no longer active (canceled, or already completed by a retried
    update from the worker's queue) keep their log and activity but change no status.

    ``steps_completed`` (Flamenco 3.8) is kept within the task's ``steps_total``; a task a worker
    completes has done all its steps, whether the worker counted them or not (seed-era workers do
    not). The job's count follows: on PostgreSQL after the commit, gathered with other reports'
    into one write (`flamenco.scheduler.job_steps`), so that reports on one job's tasks never queue
    on its row; on SQLite, whose one writer makes nobody queue, inside the transaction (a commit
    fewer per completion).
    """
    if status is not None and status not in WORKER_REPORTABLE:
        raise BadRequest(f"workers may report task status {', '.join(WORKER_REPORTABLE)}, not {status!r}")
    if steps_completed is not None and steps_completed < 0:
        raise BadRequest(f"steps_completed cannot be negative, not {steps_completed}")
    now, postgres = svc.clock(), is_postgres()
    machine = StateMachine(now, job_fail_percentage=svc.config.task_fail_job_percentage)
    with transaction(svc.events, svc.tasklogs) as changes:
        task = task_store.lock_task(task_uuid)
        if task.worker_id != worker.id:
            raise Conflict("this task is assigned to another worker")
        steps_delta = 0
        if status == "completed" and task.status == "active":
            steps_delta = task.steps_total - task.steps_completed  # its status change counts them
        elif steps_completed is not None and steps_completed != task.steps_completed:
            steps_before = task.steps_completed
            task = task_store.set_steps_completed(task, steps_completed, now)
            steps_delta = task.steps_completed - steps_before
        _apply_update(svc, machine, changes, task, worker, status, activity, log, steps_delta)
        if not postgres:
            _add_job_steps_in_transaction(changes, task, steps_delta)
    if postgres:
        svc.job_steps.add(task.job_id, steps_delta, svc.events)
    machine.settle(svc)


def _add_job_steps_in_transaction(changes: Changes, task: TaskInfo, delta: int) -> None:
    """SQLite: the job's count moves in the task's transaction, announced with its commit."""
    if delta:
        job_store.add_steps_completed(task.job_id, delta)
        changes.event("job-steps", JobStepsChanged(task.job_uuid))


def _apply_update(
    svc: Services,
    machine: StateMachine,
    changes: Changes,
    task: TaskInfo,
    worker: WorkerInfo,
    status: str | None,
    activity: str | None,
    log: str | None,
    steps_delta: int,
) -> None:
    now = machine.now
    if log:
        changes.log(task.job_uuid, task.uuid, log)
    if status is None or status == task.status:
        task = task_store.update_fields(task, now, activity=activity, touched=now)
        if activity is not None or steps_delta:
            changes.task(task, task.status)
        return
    if task.status != "active":
        task_store.update_fields(task, now, activity=activity, touched=now)
        ignored = f"Worker reported {status} but the task is {task.status}; ignored."
        changes.log(task.job_uuid, task.uuid, ignored)
        return
    if status == "failed":
        _worker_failed_task(svc, machine, changes, task, worker, activity or "Task failed", touched=True)
    else:
        machine.task_status(changes, task, status, activity, touched=True)


def _worker_failed_task(
    svc: Services,
    machine: StateMachine,
    changes: Changes,
    task: TaskInfo,
    worker: WorkerInfo,
    why: str,
    *,
    touched: bool = False,
) -> None:
    """A worker failed its task: blocklist the worker when it failed too many of the job's tasks of
    that type, then soft-fail the task so another worker retries it, until enough workers have
    failed it (then it fails for good), or no worker is left that may run it (then its job fails).

    Flamenco 3.8's order (`onTaskFailed`), with two deliberate differences (docs/spec-changes.md):
    the worker is blocklisted at exactly `blocklist_threshold` failures, and a job fails for lack
    of workers when no other worker is left, not when one is.
    """
    failures = task_store.record_failure(task.id, worker.id, machine.now)
    if _maybe_blocklist(svc, machine, changes, task, worker):
        left = blocklist_store.count_workers_left(task.job_id, task.task_type, excluding_failures_of=task.id)
        if left == 0:
            _no_worker_left(machine, changes, task, worker, why)
            return
    threshold = svc.config.task_fail_after_softfail_count
    if failures >= threshold:
        changes.log(
            task.job_uuid,
            task.uuid,
            f"Task failed by {failures} worker(s), Manager will mark it as hard failure.",
        )
        machine.task_status(changes, task, "failed", why, touched=touched)
        return
    if blocklist_store.count_workers_left(task.job_id, task.task_type, excluding_failures_of=task.id) == 0:
        _no_worker_left(machine, changes, task, worker, why)
        return
    changes.log(
        task.job_uuid,
        task.uuid,
        f"Task failed by {worker.name}; {threshold - failures} more failure(s) will fail it for good.",
    )
    machine.task_status(changes, task, "soft-failed", why, touched=touched)


def _maybe_blocklist(
    svc: Services, machine: StateMachine, changes: Changes, task: TaskInfo, worker: WorkerInfo
) -> bool:
    """Block the worker from the task's type in its job once it has failed `blocklist_threshold` of
    them; its tasks of the job that failed for good are queued again, for others to run. Returns
    whether the worker is blocked now."""
    count = blocklist_store.failures_of_worker(task.job_id, worker.id, task.task_type)
    if count < svc.config.blocklist_threshold:
        return False
    blocklist_store.add(task.job_id, worker.id, task.task_type, machine.now)
    reason = f"worker {worker.name} was blocked from tasks of type {task.task_type!r}"
    changes.log(
        task.job_uuid,
        task.uuid,
        f"Manager blocklisted {worker.name}: {count} failed {task.task_type!r} tasks of this job.",
    )
    for task_uuid in blocklist_store.failed_tasks_of_worker(task.job_id, worker.id):
        failed = task_store.lock_task(task_uuid)
        if failed.status == "failed":
            changes.log(failed.job_uuid, failed.uuid, f"Task was queued by Manager because {reason}.")
            machine.task_status(changes, failed, "queued", f"Queued again: {reason}")
    return True


def _no_worker_left(
    machine: StateMachine, changes: Changes, task: TaskInfo, worker: WorkerInfo, why: str
) -> None:
    reason = f"no more workers left to run tasks of type {task.task_type!r}"
    changes.log(
        task.job_uuid,
        task.uuid,
        f"Task failed by worker {worker.name}, Manager will fail the entire job: {reason}.",
    )
    machine.fail_task_and_job(changes, task, why, reason)


def may_worker_run(svc: Services, worker: WorkerInfo, task_uuid: str) -> dict[str, Any]:
    task = task_store.get_task(task_uuid)
    current = worker_store.get_worker_by_id(worker.id)
    if task.worker_id != worker.id:
        return _no("task is not assigned to this worker")
    if task.status != "active":
        return _no(f"task is {task.status}")
    if current.status_requested and not current.lazy_status_request:
        return {
            "mayKeepRunning": False,
            "reason": f"worker status change to {current.status_requested} requested",
            "statusChangeRequested": True,
        }
    now = svc.clock()
    task_store.update_fields(task, now, touched=now)
    return {"mayKeepRunning": True, "reason": "", "statusChangeRequested": False}


def _no(reason: str) -> dict[str, Any]:
    return {"mayKeepRunning": False, "reason": reason, "statusChangeRequested": False}


def set_task_status(svc: Services, task_uuid: str, status: str, reason: str) -> None:
    """A human cancels or requeues a task; a requeued task starts its steps over."""
    postgres = is_postgres()
    machine = StateMachine(svc.clock(), job_fail_percentage=svc.config.task_fail_job_percentage)
    with transaction(svc.events, svc.tasklogs) as changes:
        job = machine.lock_job(task_store.get_task(task_uuid).job_id)  # job first, then task
        task = task_store.lock_task(task_uuid)
        if task.status == status:
            return
        check_task_request(task, job, status)
        steps_undone = 0
        if status == "queued":
            task_store.clear_failures_of_task(task.id)
            steps_undone, task = task.steps_completed, task_store.set_steps_completed(task, 0, machine.now)
        changes.log(task.job_uuid, task.uuid, f"Status change to {status} requested: {reason}")
        machine.task_status(changes, task, status, reason)
        if not postgres:  # a requeued task starts its steps over
            _add_job_steps_in_transaction(changes, task, -steps_undone)
    if postgres:
        svc.job_steps.add(task.job_id, -steps_undone, svc.events)


def time_out_task(svc: Services, task: TaskInfo) -> None:
    """A task nobody reported on for too long counts as failed by its worker."""
    machine = StateMachine(svc.clock(), job_fail_percentage=svc.config.task_fail_job_percentage)
    with transaction(svc.events, svc.tasklogs) as changes:
        current = task_store.lock_task(task.uuid)
        if (
            current.status != "active"
            or current.last_touched != task.last_touched
            or current.worker_id is None
        ):
            return
        worker = worker_store.get_worker_by_id(current.worker_id)
        why = f"Task timed out on worker {worker.name}"
        changes.log(current.job_uuid, current.uuid, why + ".")
        _worker_failed_task(svc, machine, changes, current, worker, why)
    machine.settle(svc)

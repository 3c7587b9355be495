"""Task queries: fetching, claiming for a worker, and status changes (single and en masse)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import peewee

from flamenco.errors import NotFound
from flamenco.store.db import is_postgres, write_lock
from flamenco.store.models import Job, Task, TaskDependency, TaskFailure, Worker, utcnow
from flamenco.store.records import TaskInfo

RUNNABLE_TASK_STATUSES = ("queued", "soft-failed")
SCHEDULABLE_JOB_STATUSES = ("queued", "active")


def _info_query() -> peewee.ModelSelect:
    return (
        Task.select(Task, Job.id, Job.uuid, Worker)
        .join(Job, on=(Task.job == Job.id))
        .switch(Task)
        .join(Worker, peewee.JOIN.LEFT_OUTER, on=(Task.worker == Worker.id))
    )


def _info(task: Task) -> TaskInfo:
    worker = task.worker if task.worker_id is not None else None
    return TaskInfo.of(task, task.job.uuid, worker)


def get_task(task_uuid: str) -> TaskInfo:
    task = _info_query().where(Task.uuid == task_uuid).first()
    if task is None:
        raise NotFound(f"no task with ID {task_uuid}")
    return _info(task)


def get_task_by_id(task_id: int) -> TaskInfo:
    return _info(_info_query().where(Task.id == task_id).get())


def lock_task(task_uuid: str) -> TaskInfo:
    """Read a task for read-modify-write inside a write transaction (row lock on PostgreSQL)."""
    query = Task.select(Task.id).where(Task.uuid == task_uuid)
    if is_postgres():
        query = query.for_update()
    row = query.first()
    if row is None:
        raise NotFound(f"no task with ID {task_uuid}")
    return get_task_by_id(row.id)


def tasks_of_job(job_id: int) -> list[TaskInfo]:
    rows = _info_query().where(Task.job == job_id).order_by(Task.index_in_job)
    return [_info(t) for t in rows]


def status_counts(job_id: int) -> dict[str, int]:
    rows = Task.select(Task.status, peewee.fn.COUNT(Task.id)).where(Task.job == job_id).group_by(Task.status)
    return dict(rows.tuples())


def set_status(task_id: int, status: str, activity: str | None = None) -> None:
    values: dict[Any, Any] = {Task.status: status, Task.updated: utcnow()}
    if activity is not None:
        values[Task.activity] = activity
    Task.update(values).where(Task.id == task_id).execute()


def update_fields(task_id: int, *, activity: str | None = None, touched: datetime | None = None) -> None:
    values: dict[Any, Any] = {Task.updated: utcnow()}
    if activity is not None:
        values[Task.activity] = activity
    if touched is not None:
        values[Task.last_touched] = touched
    Task.update(values).where(Task.id == task_id).execute()


def set_status_where(job_id: int, from_statuses: Sequence[str] | None, status: str, activity: str) -> int:
    """Mass status change of a job's tasks in one statement; returns how many changed."""
    query = Task.update({Task.status: status, Task.activity: activity, Task.updated: utcnow()}).where(
        Task.job == job_id, Task.status != status
    )
    if from_statuses is not None:
        query = query.where(Task.status.in_(list(from_statuses)))
    return query.execute()


def clear_failures_of_job(job_id: int) -> None:
    TaskFailure.delete().where(TaskFailure.task.in_(Task.select(Task.id).where(Task.job == job_id))).execute()


def clear_failures_of_task(task_id: int) -> None:
    TaskFailure.delete().where(TaskFailure.task == task_id).execute()


def record_failure(task_id: int, worker_id: int) -> None:
    TaskFailure.insert(task=task_id, worker=worker_id).on_conflict_ignore().execute()


def failed_worker_count(task_id: int) -> int:
    return TaskFailure.select().where(TaskFailure.task == task_id).count()


def active_tasks_of_worker(worker_id: int) -> list[TaskInfo]:
    rows = _info_query().where(Task.worker == worker_id, Task.status == "active")
    return [_info(t) for t in rows]


def timed_out_tasks(before: datetime) -> list[TaskInfo]:
    rows = _info_query().where(Task.status == "active", Task.last_touched <= before)
    return [_info(t) for t in rows]


def assigned_active_task(worker_id: int) -> TaskInfo | None:
    """The task this worker is already running, if its job may still run it."""
    task = (
        _info_query()
        .where(
            Task.worker == worker_id,
            Task.status == "active",
            Job.status.in_(list(SCHEDULABLE_JOB_STATUSES)),
        )
        .order_by(Task.last_touched.desc())
        .first()
    )
    return _info(task) if task else None


def _runnable_for(worker_id: int, task_types: Sequence[str]) -> peewee.ModelSelect:
    """Runnable tasks for a worker, best first.

    Each filter is one WHERE clause, so later rules (blocklists, tags, limits) slot in here.
    Ties in priority go to the older job, then to the earlier task of the job.
    """
    blocking = (
        TaskDependency.select(TaskDependency.task)
        .join(Task, on=(TaskDependency.depends_on == Task.id))
        .where(Task.status != "completed")
    )
    previous_failure = TaskFailure.select(TaskFailure.task).where(TaskFailure.worker == worker_id)
    Candidate = Task.alias("candidate")
    query = (
        Candidate.select(Candidate.id)
        .join(Job, on=(Candidate.job == Job.id))
        .where(
            Candidate.status.in_(list(RUNNABLE_TASK_STATUSES)),
            Job.status.in_(list(SCHEDULABLE_JOB_STATUSES)),
            Candidate.task_type.in_(list(task_types)),
            Candidate.id.not_in(blocking),
            Candidate.id.not_in(previous_failure),
        )
        .order_by(
            Job.priority.desc(),
            Candidate.priority.desc(),
            Job.created.asc(),
            Job.id.asc(),
            Candidate.index_in_job.asc(),
        )
        .limit(1)
    )
    if is_postgres():
        query = query.for_update(of=Candidate, skip_locked=True)
    return query


def claim_runnable_task(worker_id: int, task_types: Sequence[str], now: datetime) -> int | None:
    """Atomically give the best runnable task to the worker; returns its id, or None.

    One ``UPDATE … WHERE id = (SELECT … LIMIT 1 [FOR UPDATE SKIP LOCKED]) RETURNING`` statement,
    so two workers can never get the same task, on SQLite or PostgreSQL, in one process or many.
    The status re-check in the outer WHERE covers PostgreSQL's READ COMMITTED re-evaluation.
    """
    if not task_types:
        return None
    for _attempt in range(5):
        with write_lock():
            claimed = list(
                Task.update(
                    {Task.status: "active", Task.worker: worker_id, Task.last_touched: now, Task.updated: now}
                )
                .where(
                    (Task.id == _runnable_for(worker_id, task_types))
                    & Task.status.in_(list(RUNNABLE_TASK_STATUSES))
                )
                .returning(Task.id)
                .tuples()
                .execute()
            )
        if claimed:
            return claimed[0][0]
        if not _runnable_for(worker_id, task_types).exists():
            return None
    return None

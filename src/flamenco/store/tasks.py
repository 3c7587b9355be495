"""Task queries: fetching, claiming for a worker, and status changes (single and en masse)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime

import peewee

from flamenco.errors import NotFound
from flamenco.store import rows
from flamenco.store.db import database, is_postgres, write_lock
from flamenco.store.models import Task, TaskFailure, utcnow
from flamenco.store.records import TaskInfo, TaskWorkerInfo

RUNNABLE_TASK_STATUSES = ("queued", "soft-failed")
SCHEDULABLE_JOB_STATUSES = ("queued", "active")
# Spelled out literally (not as bound parameters) so the database can prove that the claim query
# only wants rows of the partial index `task_runnable`, whose definition uses the same text.
RUNNABLE_SQL = "status IN ('queued', 'soft-failed')"


def get_task(task_uuid: str) -> TaskInfo:
    task = rows.one_task("t.uuid = ?", [task_uuid])
    if task is None:
        raise NotFound(f"no task with ID {task_uuid}")
    return task


def get_task_by_id(task_id: int) -> TaskInfo:
    task = rows.one_task("t.id = ?", [task_id])
    assert task is not None, f"task {task_id} vanished"
    return task


def lock_task(task_uuid: str) -> TaskInfo:
    """Read a task for read-modify-write inside a write transaction.

    On PostgreSQL this locks its job row, then the task row: every transaction that locks both
    takes them in that order (a job status change locks the job, then updates its tasks), so
    they queue up instead of deadlocking.
    """
    row = rows.execute("SELECT id, job_id FROM task WHERE uuid = ?", [task_uuid]).fetchone()
    if row is None:
        raise NotFound(f"no task with ID {task_uuid}")
    if is_postgres():
        rows.execute("SELECT id FROM job WHERE id = ? FOR UPDATE", [row[1]])
        rows.execute("SELECT id FROM task WHERE id = ? FOR UPDATE", [row[0]])
    return get_task_by_id(row[0])


def tasks_of_job(job_id: int) -> list[TaskInfo]:
    return rows.tasks("t.job_id = ?", [job_id], "ORDER BY t.index_in_job")


def status_counts(job_id: int) -> dict[str, int]:
    rows = Task.select(Task.status, peewee.fn.COUNT(Task.id)).where(Task.job == job_id).group_by(Task.status)
    return dict(rows.tuples())


def status_counts_of_jobs(job_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """Task counts by status for each job, in one grouped query over the (job, status) index."""
    if not job_ids:
        return {}
    marks = ", ".join("?" * len(job_ids))
    sql = f"SELECT job_id, status, COUNT(*) FROM task WHERE job_id IN ({marks}) GROUP BY job_id, status"
    counts: dict[int, dict[str, int]] = {job_id: {} for job_id in job_ids}
    for job_id, status, count in rows.execute(sql, list(job_ids)).fetchall():
        counts[job_id][status] = count
    return counts


def any_in_status(job_id: int, statuses: Sequence[str]) -> bool:
    """Whether the job has a task in one of the statuses (an index probe, not a count)."""
    marks = ", ".join("?" * len(statuses))
    sql = f"SELECT 1 FROM task WHERE job_id = ? AND status IN ({marks}) LIMIT 1"
    return rows.execute(sql, [job_id, *statuses]).fetchone() is not None


def set_status(task_id: int, status: str, activity: str | None = None) -> None:
    if activity is None:
        rows.execute(
            "UPDATE task SET status = ?, updated = ? WHERE id = ?", [status, rows.stamp(utcnow()), task_id]
        )
    else:
        rows.execute(
            "UPDATE task SET status = ?, activity = ?, updated = ? WHERE id = ?",
            [status, activity, rows.stamp(utcnow()), task_id],
        )


def update_fields(task_id: int, *, activity: str | None = None, touched: datetime | None = None) -> None:
    assignments, params = ["updated = ?"], [rows.stamp(utcnow())]
    if activity is not None:
        assignments.append("activity = ?")
        params.append(activity)
    if touched is not None:
        assignments.append("last_touched = ?")
        params.append(rows.stamp(touched))
    rows.execute(f"UPDATE task SET {', '.join(assignments)} WHERE id = ?", [*params, task_id])


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


def workers_that_failed(task_id: int) -> list[TaskWorkerInfo]:
    """The workers that failed the task, in the order they failed it."""
    sql = (
        "SELECT w.uuid, w.name, w.address FROM task_failure AS f JOIN worker AS w ON w.id = f.worker_id"
        " WHERE f.task_id = ? ORDER BY f.created, w.name"
    )
    return [TaskWorkerInfo(*row) for row in rows.execute(sql, [task_id]).fetchall()]


def active_tasks_of_worker(worker_id: int) -> list[TaskInfo]:
    return rows.tasks("t.worker_id = ? AND t.status = 'active'", [worker_id])


def active_tasks_by_worker() -> dict[int, TaskInfo]:
    """Each worker's running task, for worker lists (one query for the whole farm)."""
    return {task.worker_id: task for task in rows.tasks("t.status = 'active' AND t.worker_id IS NOT NULL")}


def timed_out_tasks(before: datetime) -> list[TaskInfo]:
    return rows.tasks("t.status = 'active' AND t.last_touched <= ?", [rows.stamp(before)])


def assigned_active_task(worker_id: int) -> TaskInfo | None:
    """The task this worker is already running, if its job may still run it."""
    return rows.one_task(
        "t.worker_id = ? AND t.status = 'active' AND j.status IN ('queued', 'active')", [worker_id]
    )


# The claim: one statement, so two workers can never get the same task, on SQLite or PostgreSQL,
# in one process or many. Hand-written because it is the hottest statement of the Manager (peewee
# spent 30x longer building it than the database spent running it).
#
# Order: job priority, task priority (highest first), then the older job (job ids grow with
# submission), then the task's place in its job. The partial index `task_runnable` has exactly
# this order, so the database walks it and stops at the first task that passes the filters.
# `+job_id` keeps planners from starting at the job side and sorting every runnable task.
# Each filter is one line, so later rules (blocklists, worker tags, limits) slot in here.
_RUNNABLE_SELECT = f"""
    SELECT candidate.id FROM task AS candidate
    WHERE candidate.{RUNNABLE_SQL}
      AND +candidate.job_id IN (SELECT id FROM job WHERE status IN ('queued', 'active'))
      AND candidate.task_type IN ({{types}})
      AND NOT EXISTS (SELECT 1 FROM task_dependency AS dep
                      JOIN task AS prerequisite ON prerequisite.id = dep.depends_on_id
                      WHERE dep.task_id = candidate.id AND prerequisite.status <> 'completed')
      AND NOT EXISTS (SELECT 1 FROM task_failure AS failure
                      WHERE failure.task_id = candidate.id AND failure.worker_id = {{p}})
    ORDER BY candidate.job_priority DESC, candidate.priority DESC, candidate.job_id, candidate.index_in_job
    LIMIT 1"""
# The outer status check covers PostgreSQL's READ COMMITTED re-evaluation of a row that another
# transaction claimed between our subquery and our update.
_CLAIM = f"""
    UPDATE task SET status = 'active', worker_id = {{p}}, last_touched = {{p}}, updated = {{p}}
    WHERE id = ({_RUNNABLE_SELECT} {{lock}}) AND {RUNNABLE_SQL}
    RETURNING id"""


@functools.lru_cache(maxsize=64)
def _claim_sql(type_count: int, postgres: bool) -> tuple[str, str]:
    """(claim statement, probe query) for a worker with ``type_count`` task types."""
    p = "%s" if postgres else "?"
    types = ", ".join([p] * type_count)
    lock = "FOR UPDATE OF candidate SKIP LOCKED" if postgres else ""
    claim = _CLAIM.format(p=p, types=types, lock=lock)
    probe = _RUNNABLE_SELECT.format(p=p, types=types)
    return claim, probe


def claim_runnable_task(worker_id: int, task_types: Sequence[str], now: datetime) -> int | None:
    """Atomically give the best runnable task to the worker; returns its id, or None."""
    if not task_types:
        return None
    claim, probe = _claim_sql(len(task_types), is_postgres())
    stamp = Task.last_touched.db_value(now)
    probe_params = [*task_types, worker_id]
    for _attempt in range(5):
        with write_lock():
            row = database.execute_sql(claim, [worker_id, stamp, stamp, *probe_params]).fetchone()
        if row:
            return row[0]
        # On SQLite the claim ran alone (one writer), so nothing claimed means nothing runnable.
        # On PostgreSQL a rival may have locked the best candidate first: look before retrying.
        if not is_postgres() or database.execute_sql(probe, probe_params).fetchone() is None:
            return None
    return None

"""Task queries: fetching, claiming for a worker, and status changes (single and en masse).

Every status change goes through :func:`set_status` or :func:`set_status_where`, because they keep
each task's `waiting_on` (its prerequisites that are not completed) right: a task that completes
releases its dependents, a completed task that is requeued gates them again.
"""

from __future__ import annotations

import functools
import threading
import weakref
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from flamenco.errors import NotFound
from flamenco.store import blocks, limits, rows
from flamenco.store.db import database, is_postgres, write_lock, write_transaction
from flamenco.store.records import TaskInfo, TaskWorkerInfo, WorkerInfo

RUNNABLE_TASK_STATUSES = ("queued", "soft-failed")
# Spelled out literally (not as bound parameters) so the database can prove that the claim query
# only wants rows of the partial index `task_runnable`, whose definition (migration 2) has the same
# text. Changing it means a migration that rebuilds the index.
RUNNABLE_SQL = "status IN ('queued', 'soft-failed') AND waiting_on = 0"


def get_task(task_uuid: str) -> TaskInfo:
    task = rows.one_task("t.uuid = ?", [task_uuid])
    if task is None:
        raise NotFound(f"no task with ID {task_uuid}")
    return task


def lock_task(task_uuid: str) -> TaskInfo:
    """Read a task for read-modify-write inside a write transaction (its row lock on PostgreSQL).

    Only the task's row: a worker's updates of one job's tasks must not queue behind each other on
    the job's row. Whoever also needs the job locked (a human's request) locks the job first, so
    the order is always job, then task.
    """
    task = rows.one_task("t.uuid = ?", [task_uuid], for_update=True)
    if task is None:
        raise NotFound(f"no task with ID {task_uuid}")
    return task


def tasks_of_job(job_id: int) -> list[TaskInfo]:
    return rows.tasks("t.job_id = ?", [job_id], "ORDER BY t.index_in_job")


def status_counts(job_id: int) -> dict[str, int]:
    sql = "SELECT status, COUNT(*) FROM task WHERE job_id = ? GROUP BY status"
    return dict(rows.execute(sql, [job_id]).fetchall())


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


def count_in_status(job_id: int, status: str) -> int:
    """Tasks of the job in one status: a range of the (job, status) index."""
    sql = "SELECT COUNT(*) FROM task WHERE job_id = ? AND status = ?"
    return rows.execute(sql, [job_id, status]).fetchone()[0]


def any_in_status(job_id: int, statuses: Sequence[str]) -> bool:
    """Whether the job has a task in one of the statuses (an index probe, not a count)."""
    marks = ", ".join("?" * len(statuses))
    sql = f"SELECT 1 FROM task WHERE job_id = ? AND status IN ({marks}) LIMIT 1"
    return rows.execute(sql, [job_id, *statuses]).fetchone() is not None


def jobs_with_nothing_to_run(job_statuses: Sequence[str], unfinished: Sequence[str]) -> list[int]:
    """Jobs in one of ``job_statuses`` without a task in one of the ``unfinished`` statuses."""
    jobs_in, tasks_in = ", ".join("?" * len(job_statuses)), ", ".join("?" * len(unfinished))
    sql = (
        f"SELECT id FROM job WHERE status IN ({jobs_in}) AND NOT EXISTS"
        f" (SELECT 1 FROM task WHERE task.job_id = job.id AND task.status IN ({tasks_in}))"
    )
    return [job_id for (job_id,) in rows.execute(sql, [*job_statuses, *unfinished]).fetchall()]


# --- status changes ------------------------------------------------------------------------------

# Dependents of a task, locked in id order on PostgreSQL: two prerequisites of the same tasks
# completing at once then take those row locks in the same order instead of deadlocking.
_ADJUST_DEPENDENTS = {
    False: "UPDATE task SET waiting_on = waiting_on + ?"
    " WHERE id IN (SELECT task_id FROM task_dependency WHERE depends_on_id = ?)",
    True: "UPDATE task SET waiting_on = waiting_on + ?"
    " WHERE id IN (SELECT id FROM task WHERE id IN"
    " (SELECT task_id FROM task_dependency WHERE depends_on_id = ?) ORDER BY id FOR UPDATE)",
}
# What `waiting_on` should be: the task's prerequisites that are not completed.
_UNFINISHED_PREREQUISITES = (
    "(SELECT COUNT(*) FROM task_dependency AS dep JOIN task AS prerequisite"
    " ON prerequisite.id = dep.depends_on_id"
    " WHERE dep.task_id = task.id AND prerequisite.status <> 'completed')"
    f" + {blocks.BLOCK_GATE_SQL}"
)


def _completion_changed(task: TaskInfo, after: str) -> None:
    """Release or re-gate the dependents of a task that entered or left `completed` (and, for a
    task of a block, the blocks waiting for that block; a Flamenco task has none to probe for)."""
    if (task.status == "completed") == (after == "completed"):
        return
    delta = -1 if after == "completed" else 1
    rows.execute(_ADJUST_DEPENDENTS[is_postgres()], [delta, task.id])
    if task.block_id is not None:
        blocks.completion_changed(task.id, delta)


def _running_changed(task: TaskInfo, after: str) -> None:
    """Give back the limits and tickets of a task that left `active`; count one that entered it
    other than by a claim (nothing for tasks outside blocks, see `store.limits`)."""
    if task.block_id is None or (task.status == "active") == (after == "active"):
        return
    if task.status == "active":
        limits.give_back_task(task.block_id, task.worker_id)
    elif task.worker_id is not None:
        limits.take(task.block_id, task.worker_id, force=True)


def set_status(
    task: TaskInfo,
    status: str,
    now: datetime,
    activity: str | None = None,
    *,
    touched: datetime | None = None,
) -> TaskInfo:
    """Change the status of a task read (and on PostgreSQL locked) in this transaction;
    ``touched``: also the last time its worker was heard of (one statement for both).

    A completed task has done all its steps (Flamenco 3.8 counts so), set in the same statement."""
    assignments, params = "status = ?, updated = ?", [status, rows.stamp(now)]
    if status == "completed":
        assignments += ", steps_completed = steps_total"
    if activity is not None:
        assignments += ", activity = ?"
        params.append(activity)
    if touched is not None:
        assignments += ", last_touched = ?"
        params.append(rows.stamp(touched))
    # The status guard turns a caller that did not hold the task's lock into an error, not into a
    # dependent count that is off by one for good.
    updated = rows.update_task(assignments, "id = ? AND status = ?", [*params, task.id, task.status])
    if updated is None:
        raise RuntimeError(f"task {task.uuid} changed status under a status change (not locked?)")
    _completion_changed(task, status)
    _running_changed(task, status)
    return updated


def update_fields(
    task: TaskInfo, now: datetime, *, activity: str | None = None, touched: datetime | None = None
) -> TaskInfo:
    """Set activity and/or the last-heard-of time; returns the task as it is now."""
    assignments, params = ["updated = ?"], [rows.stamp(now)]
    if activity is not None:
        assignments.append("activity = ?")
        params.append(activity)
    if touched is not None:
        assignments.append("last_touched = ?")
        params.append(rows.stamp(touched))
    updated = rows.update_task(", ".join(assignments), "id = ?", [*params, task.id])
    assert updated is not None, f"task {task.uuid} vanished"
    return updated


def set_status_where(
    job_id: int, from_statuses: Sequence[str] | None, status: str, activity: str, now: datetime
) -> int:
    """Mass status change of a job's tasks in one statement; returns how many changed.

    When completed tasks change (a completed job requeued), every dependency count of the job is
    recomputed in one more statement, instead of adjusting dependents task by task.
    """
    where, params = "job_id = ? AND status <> ?", [job_id, status]
    if from_statuses is not None:
        where += f" AND status IN ({', '.join('?' * len(from_statuses))})"
        params.extend(from_statuses)
    if status != "active" and (from_statuses is None or "active" in from_statuses):
        limits.give_back_where(where, params)
    sql = f"UPDATE task SET status = ?, activity = ?, updated = ? WHERE {where}"
    changed = rows.execute(sql, [status, activity, rows.stamp(now), *params]).rowcount
    if changed and (from_statuses is None or "completed" in from_statuses or status == "completed"):
        recount_waiting(job_id)
    return changed


# The gates a pipeline job puts on all its tasks (`flamenco.store.life`): waiting for other jobs,
# waiting for a time.
_JOB_GATES = (
    "(SELECT jobs_waiting_on + CASE WHEN not_before IS NULL THEN 0 ELSE 1 END"
    " FROM job WHERE job.id = task.job_id)"
)


def recount_waiting(job_id: int) -> int:
    """Recompute `waiting_on` for the job's tasks from their prerequisites, their job's gates and
    their blocks' waits for whole blocks; returns rows fixed."""
    blocks.recount_block_waits(job_id)
    waiting = f"{_UNFINISHED_PREREQUISITES} + {_JOB_GATES}"
    sql = f"UPDATE task SET waiting_on = {waiting} WHERE job_id = ? AND waiting_on <> {waiting}"
    return rows.execute(sql, [job_id]).rowcount


# --- failures ------------------------------------------------------------------------------------


def clear_failures_of_job(job_id: int) -> None:
    rows.execute("DELETE FROM task_failure WHERE task_id IN (SELECT id FROM task WHERE job_id = ?)", [job_id])


def clear_failures_of_task(task_id: int) -> None:
    rows.execute("DELETE FROM task_failure WHERE task_id = ?", [task_id])


def record_failure(task_id: int, worker_id: int, now: datetime) -> int:
    """Remember that the worker failed the task; returns how many workers have failed it."""
    rows.execute(
        "INSERT INTO task_failure (task_id, worker_id, created) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        [task_id, worker_id, rows.stamp(now)],
    )
    return rows.execute("SELECT COUNT(*) FROM task_failure WHERE task_id = ?", [task_id]).fetchone()[0]


def workers_that_failed(task_id: int) -> list[TaskWorkerInfo]:
    """The workers that failed the task, in the order they failed it."""
    sql = (
        "SELECT w.uuid, w.name, w.address FROM task_failure AS f JOIN worker AS w ON w.id = f.worker_id"
        " WHERE f.task_id = ? ORDER BY f.created, w.name"
    )
    return [TaskWorkerInfo(*row) for row in rows.execute(sql, [task_id]).fetchall()]


# --- workers' tasks ------------------------------------------------------------------------------


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


# --- the claim -----------------------------------------------------------------------------------

# One statement, so two workers can never get the same task, on SQLite or PostgreSQL, in one
# process or many. Hand-written because it is the hottest statement of the Manager (peewee spent
# 30x longer building it than the database spent running it).
#
# Order: job priority, task priority (highest first), then the older job (job ids grow with
# submission), then the task's place in its job. The partial index `task_runnable` has exactly
# this order and holds only tasks that may run now (runnable status, no unfinished prerequisite),
# so the database walks it and stops at the first task that passes the remaining filters; tasks
# waiting on unfinished work are not in its path at all, however many there are.
# `+job_id` keeps planners from starting at the job side and sorting every runnable task.
# Flamenco 3.8's rules: a job with a worker tag runs only on workers of that tag (untagged jobs run
# anywhere; a worker without tags gets only untagged jobs); a worker blocklisted from a task type of a
# job (`job_block`) skips those tasks. The job list is one uncorrelated subquery, computed once per
# claim; the failure and block filters are one primary/unique-index probe per candidate row.
#
# Pipeline controls (design §7.3, `store.limits`) add two uncorrelated filters, each computed once
# per claim: jobs at their running limit (or the worker's share of it) drop out of the job list,
# and a task of a block runs only if its block passes `_BLOCK_READY`. A task outside blocks (an
# ordinary Flamenco job) stops at `block_id IS NULL`, so the block list is never built for it.
_BLOCK_READY = """
    SELECT b.id FROM block AS b
    WHERE (b.max_running IS NULL OR b.running < b.max_running)
      AND (b.max_running_per_worker IS NULL OR b.max_running_per_worker > COALESCE(
           (SELECT r.running FROM block_worker_running AS r
            WHERE r.block_id = b.id AND r.worker_id = {worker}), 0))
      AND (NOT b.masked OR EXISTS (SELECT 1 FROM block_worker_eligible AS e
                                   WHERE e.block_id = b.id AND e.worker_id = {worker}))
      AND (b.not_before IS NULL OR b.not_before <= {now})
      AND (b.need_memory_mb IS NULL
           OR b.need_memory_mb <= (SELECT mem_free_mb FROM worker WHERE id = {worker}))
      AND (b.need_gpu_mem_mb IS NULL
           OR b.need_gpu_mem_mb <= (SELECT gpu_mem_free_mb FROM worker WHERE id = {worker}))
      AND (b.need_hdd_gb IS NULL OR b.need_hdd_gb <= (SELECT hdd_free_gb FROM worker WHERE id = {worker}))
      AND (b.tickets IN ('{{}}', '', 'null') OR NOT EXISTS (
           SELECT 1 FROM {tickets} AS need JOIN ticket AS tk ON tk.name = need.key
           WHERE (tk.scope = 'farm' AND (tk.in_use + CAST(need.value AS INTEGER) > tk.capacity
                  OR (tk.max_hosts IS NOT NULL AND tk.hosts >= tk.max_hosts AND NOT EXISTS (
                      SELECT 1 FROM worker_ticket_use AS u
                      WHERE u.worker_id = {worker} AND u.name = tk.name AND u.in_use > 0))))
              OR (tk.scope = 'worker' AND CAST(need.value AS INTEGER) + COALESCE(
                  (SELECT u.in_use FROM worker_ticket_use AS u
                   WHERE u.worker_id = {worker} AND u.name = tk.name), 0) > tk.capacity)))"""
_RUNNABLE_SELECT = f"""
    SELECT candidate.id FROM task AS candidate
    WHERE candidate.{RUNNABLE_SQL.replace(" AND ", " AND candidate.")}
      AND +candidate.job_id IN (SELECT id FROM job WHERE status IN ('queued', 'active')
                                AND (worker_tag_id IS NULL OR worker_tag_id IN
                                     (SELECT tag_id FROM worker_tag_membership WHERE worker_id = {{worker}}))
                                AND (max_running IS NULL OR running < max_running)
                                AND (max_running_per_worker IS NULL OR max_running_per_worker > COALESCE(
                                     (SELECT r.running FROM job_worker_running AS r
                                      WHERE r.job_id = job.id AND r.worker_id = {{worker}}), 0)))
      AND (candidate.block_id IS NULL OR candidate.block_id IN ({{blocks}}))
      AND candidate.task_type {{types}}
      AND NOT EXISTS (SELECT 1 FROM task_failure AS failure
                      WHERE failure.task_id = candidate.id AND failure.worker_id = {{worker}})
      AND NOT EXISTS (SELECT 1 FROM job_block AS block WHERE block.job_id = candidate.job_id
                      AND block.worker_id = {{worker}} AND block.task_type = candidate.task_type)
    ORDER BY candidate.job_priority DESC, candidate.priority DESC, candidate.job_id, candidate.index_in_job
    LIMIT 1"""
# The outer status check covers PostgreSQL's READ COMMITTED re-evaluation of a row that another
# transaction claimed (or gated) between our subquery and our update.
_CLAIM = f"""
    UPDATE task SET status = 'active', worker_id = {{worker}}, last_touched = {{now}}, updated = {{now}}
    WHERE id = ({_RUNNABLE_SELECT} {{lock}}) AND {RUNNABLE_SQL}
    RETURNING {rows.TASK_RETURNING}"""


@functools.lru_cache(maxsize=64)
def _sqlite_claim(type_count: int) -> str:
    """SQLite's claim for a worker with ``type_count`` task types (an IN list of markers)."""
    types = f"IN ({', '.join('?' * type_count)})"  # numbered ?3, ?4, ... after ?1 and ?2
    blocks = _BLOCK_READY.format(worker="?1", now="?2", tickets="json_each(b.tickets)")
    return _CLAIM.format(worker="?1", now="?2", types=types, lock="", blocks=blocks)


class _PreparedClaims:
    """PostgreSQL: the claim and its probe as prepared statements, per connection.

    Planning the claim took ~1.4 ms of each claim; a prepared statement is planned once per
    connection. psycopg2 has no client-side prepare, so this issues ``PREPARE`` on each connection
    the first time that connection claims (peewee keeps one connection per thread). Prepared
    statements belong to the session, not to the transaction, so a rollback keeps them.
    """

    CLAIM = "flamenco_claim"
    PROBE = "flamenco_claim_probe"

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._done: weakref.WeakSet[Any] = weakref.WeakSet()  # connections that have them

    def ensure(self) -> None:
        connection = database.connection()
        if connection in self._done:
            return
        lock = "FOR UPDATE OF candidate SKIP LOCKED"
        tickets = "json_each_text(CAST(b.tickets AS json))"
        blocks = _BLOCK_READY.format(worker="$1", now="$2", tickets=tickets)
        claim = _CLAIM.format(worker="$1", now="$2", types="= ANY($3)", lock=lock, blocks=blocks)
        probe = _RUNNABLE_SELECT.format(worker="$1", types="= ANY($3)", blocks=blocks)
        with connection.cursor() as cursor:
            cursor.execute(f"PREPARE {self.CLAIM} (integer, timestamp, text[]) AS {claim}")
            cursor.execute(f"PREPARE {self.PROBE} (integer, timestamp, text[]) AS {probe}")
        with self._lock:
            self._done.add(connection)


_prepared = _PreparedClaims()


# A claim that lost a limit or ticket to a concurrent one is tried again this often (design §7.3:
# bounded; then "no task", and the worker's next poll tries again).
CLAIM_ATTEMPTS = 3


def claim_runnable_task(worker: WorkerInfo, now: datetime) -> TaskInfo | None:
    """Atomically give the best runnable task to the worker; returns it (now active), or None.

    The claim and the running-task counters it takes (`store.limits`) commit or roll back together.
    Inside the caller's write transaction a lost race raises :class:`limits.ClaimLost`, and the
    caller rolls back and tries again (`scheduler.assignment`); outside one, each attempt gets a
    transaction of its own here.
    """
    if not worker.task_types:
        return None
    if database.in_transaction():
        return _claim_once(worker, now)
    for _attempt in range(CLAIM_ATTEMPTS):
        try:
            with write_transaction():
                return _claim_once(worker, now)
        except limits.ClaimLost:
            continue
    return None


def _claim_once(worker: WorkerInfo, now: datetime) -> TaskInfo | None:
    task = _claim_statement(worker, now)
    if task is not None and task.block_id is not None:
        # Only tasks of blocks can be limited: ordinary Flamenco tasks pay nothing more.
        limits.take(task.block_id, worker.id)
    return task


def _claim_statement(worker: WorkerInfo, now: datetime) -> TaskInfo | None:
    stamp = rows.stamp(now)
    if not is_postgres():
        sql = _sqlite_claim(len(worker.task_types))
        with write_lock():
            row = database.execute_sql(sql, [worker.id, stamp, *worker.task_types]).fetchone()
        # SQLite ran the claim alone (one writer), so nothing claimed means nothing runnable.
        return rows.task_info(row) if row else None
    _prepared.ensure()
    types = list(worker.task_types)
    for _attempt in range(5):
        claim = database.execute_sql(f"EXECUTE {_prepared.CLAIM} (%s, %s, %s)", [worker.id, stamp, types])
        row = claim.fetchone()
        if row:
            return rows.task_info(row)
        # A rival may have locked the best candidate first: look before retrying.
        probe = database.execute_sql(f"EXECUTE {_prepared.PROBE} (%s, %s, %s)", [worker.id, stamp, types])
        if probe.fetchone() is None:
            return None
    return None


def set_steps_completed(task: TaskInfo, steps: int, now: datetime) -> TaskInfo:
    """Set a (locked) task's completed steps, kept within 0..steps_total; returns the task as it is now."""
    steps = max(0, min(steps, task.steps_total))
    params = [steps, rows.stamp(now), task.id]
    updated = rows.update_task("steps_completed = ?, updated = ?", "id = ?", params)
    assert updated is not None, f"task {task.uuid} vanished"
    return updated


def recount_steps(job_id: int) -> None:
    """After a job is requeued, as Flamenco 3.8 recounts: completed tasks have done all their steps,
    queued ones none (running ones keep theirs); the job counts what its tasks have done."""
    rows.execute(
        "UPDATE task SET steps_completed = CASE WHEN status = 'completed' THEN steps_total ELSE 0 END"
        " WHERE job_id = ? AND status IN ('completed', 'queued')"
        " AND steps_completed <> CASE WHEN status = 'completed' THEN steps_total ELSE 0 END",
        [job_id],
    )
    rows.execute(
        "UPDATE job SET steps_completed ="
        " (SELECT COALESCE(SUM(steps_completed), 0) FROM task WHERE task.job_id = job.id) WHERE id = ?",
        [job_id],
    )

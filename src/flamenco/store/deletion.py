"""Deleting jobs and workers, as Flamenco 3.8 does: a job is first marked, then removed in the
background; a worker is marked deleted (soft deletion) and disappears from every listing.

Jobs are removed in pieces so that deleting a million-task job never holds the write lock for
long: dependencies and tasks go a batch per transaction, the job row last. Everything hanging off
a task or a job (failures, blocks, the last-rendered row) goes with it by ``ON DELETE CASCADE``.
"""

from __future__ import annotations

from datetime import datetime

from flamenco.store import limits, rows
from flamenco.store.db import write_transaction
from flamenco.store.records import JobInfo, WorkerInfo

# Tasks removed per transaction: at most ~0.2 s of SQLite's write lock, so workers and requests
# waiting for it never wait long (5,000 held it 0.5 s; measured with bench/job_deletion.py).
DELETE_BATCH = 2000


def request_job_deletion(job_id: int, now: datetime) -> JobInfo | None:
    """Mark the job for deletion (``updated`` too, as Flamenco does); None when it is gone."""
    stamp = rows.stamp(now)
    return rows.update_job("delete_requested_at = ?, updated = ?", "id = ?", [stamp, stamp, job_id])


def request_mass_deletion(updated_max: datetime, now: datetime) -> list[JobInfo]:
    """Mark every job last updated at or before ``updated_max``; returns the jobs marked."""
    stamp = rows.stamp(now)
    sql = (
        f"UPDATE job SET delete_requested_at = ?, updated = ? WHERE updated <= ? RETURNING {rows.JOB_COLUMNS}"
    )
    return [
        rows.job_info(row) for row in rows.execute(sql, [stamp, stamp, rows.stamp(updated_max)]).fetchall()
    ]


def jobs_to_delete() -> list[str]:
    """UUIDs of the jobs marked for deletion, the longest-waiting first."""
    sql = "SELECT uuid FROM job WHERE delete_requested_at IS NOT NULL ORDER BY delete_requested_at, id"
    return [uuid for (uuid,) in rows.execute(sql).fetchall()]


def delete_job_rows(job_id: int, batch: int = DELETE_BATCH) -> bool:
    """Remove the job and everything stored for it; False when it was already gone.

    A batch of tasks per transaction. Their dependency rows go first, explicitly, because the
    cascade would look each one up through an index per task row.
    """
    while True:
        with write_transaction():
            ids = [
                task_id
                for (task_id,) in rows.execute(
                    "SELECT id FROM task WHERE job_id = ? LIMIT ?", [job_id, batch]
                ).fetchall()
            ]
            if not ids:
                break
            marks = ", ".join("?" * len(ids))
            # Running tasks of a deleted job give back their tickets (farm and per-worker
            # counters outlive the job's rows; its own counters go with them).
            limits.give_back_where(f"id IN ({marks})", ids)
            rows.execute(f"DELETE FROM task_dependency WHERE task_id IN ({marks})", ids)
            rows.execute(f"DELETE FROM task WHERE id IN ({marks})", ids)
    with write_transaction():
        return rows.execute("DELETE FROM job WHERE id = ? RETURNING id", [job_id]).fetchone() is not None


def soft_delete_worker(worker_id: int, now: datetime) -> WorkerInfo | None:
    """Mark the worker deleted; it keeps its row (tasks' history names it) but is gone otherwise."""
    stamp = rows.stamp(now)
    return rows.update_worker(
        "deleted_at = ?, updated = ?, status_requested = '', lazy_status_request = ?",
        "id = ? AND deleted_at IS NULL",
        [stamp, stamp, False, worker_id],
    )

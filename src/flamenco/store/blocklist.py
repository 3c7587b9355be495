"""Job blocklists: workers kept away from one task type of one job after failing too many of its tasks.

A block is a (job, worker, task type) row of `job_block`; the claim skips tasks it covers (one
probe of the table's unique index per candidate, `flamenco.store.tasks`). Blocks are removed by a
human (`removeJobBlocklist`), by a human requeue of the job, and with the job or the worker.
"""

from __future__ import annotations

from datetime import datetime

from flamenco.store import rows
from flamenco.store.records import BlockInfo


def failures_of_worker(job_id: int, worker_id: int, task_type: str) -> int:
    """How many tasks of this type in this job the worker has failed (its task failure rows)."""
    sql = (
        "SELECT COUNT(*) FROM task_failure AS f JOIN task AS t ON t.id = f.task_id"
        " WHERE f.worker_id = ? AND t.job_id = ? AND t.task_type = ?"
    )
    return rows.execute(sql, [worker_id, job_id, task_type]).fetchone()[0]


def add(job_id: int, worker_id: int, task_type: str, now: datetime) -> None:
    rows.execute(
        "INSERT INTO job_block (job_id, worker_id, task_type, created) VALUES (?, ?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        [job_id, worker_id, task_type, rows.stamp(now)],
    )


def of_job(job_id: int) -> list[BlockInfo]:
    """The job's blocklist, by worker name (as Flamenco lists it)."""
    sql = (
        "SELECT w.uuid, w.name, b.task_type FROM job_block AS b JOIN worker AS w ON w.id = b.worker_id"
        " WHERE b.job_id = ? ORDER BY w.name, w.uuid, b.task_type"
    )
    return [BlockInfo(*row) for row in rows.execute(sql, [job_id]).fetchall()]


def remove(job_id: int, worker_uuid: str, task_type: str) -> bool:
    """Lift one block; returns whether there was such a block."""
    sql = (
        "DELETE FROM job_block WHERE job_id = ? AND task_type = ?"
        " AND worker_id IN (SELECT id FROM worker WHERE uuid = ?)"
    )
    return rows.execute(sql, [job_id, task_type, worker_uuid]).rowcount > 0


def clear_job(job_id: int) -> int:
    return rows.execute("DELETE FROM job_block WHERE job_id = ?", [job_id]).rowcount


def count_workers_left(job_id: int, task_type: str, *, excluding_failures_of: int) -> int:
    """Workers that may still run the given task of the job: not deleted, able to run its type, not
    blocked from that type in the job, in the job's worker tag if it has one, and not among the
    workers that failed the task already.

    Status is ignored on purpose (as Flamenco does): an asleep or offline worker may come back.
    """
    sql = (
        "SELECT w.supported_task_types FROM worker AS w WHERE w.deleted_at IS NULL"
        " AND NOT EXISTS (SELECT 1 FROM task_failure AS f WHERE f.task_id = ? AND f.worker_id = w.id)"
        " AND NOT EXISTS (SELECT 1 FROM job_block AS b"
        "                 WHERE b.job_id = ? AND b.worker_id = w.id AND b.task_type = ?)"
        " AND ((SELECT worker_tag_id FROM job WHERE id = ?) IS NULL"
        "      OR EXISTS (SELECT 1 FROM worker_tag_membership AS m WHERE m.worker_id = w.id"
        "                 AND m.tag_id = (SELECT worker_tag_id FROM job WHERE id = ?)))"
    )
    found = rows.execute(sql, [excluding_failures_of, job_id, task_type, job_id, job_id]).fetchall()
    return sum(1 for (types,) in found if task_type in types.split(","))


def failed_tasks_of_worker(job_id: int, worker_id: int) -> list[str]:
    """UUIDs of the job's tasks that failed for good while this worker had them last."""
    sql = "SELECT uuid FROM task WHERE job_id = ? AND worker_id = ? AND status = 'failed' ORDER BY id"
    return [uuid for (uuid,) in rows.execute(sql, [job_id, worker_id]).fetchall()]

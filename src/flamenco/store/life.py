"""SQL of pipeline jobs' life: job-on-job dependency gates, `time_wait` gates, `time_life`, post
commands in the system job (rules: `flamenco.pipeline.life`, `flamenco.pipeline.dependencies`).

A gate holds a job by adding 1 to the `waiting_on` count of every task of the job, so gated tasks
leave the scheduler's runnable index and a claim never looks at them; lifting the gate subtracts
it again. Two gates exist, each at most once per job: waiting for other jobs (``jobs_waiting_on``
is 1) and waiting for a time (``not_before`` is set). Both are one ``UPDATE`` on the job's tasks.
"""

from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flamenco.store import rows
from flamenco.store.db import is_postgres
from flamenco.store.models import Job

# The advisory lock that serialises dependency evaluations on PostgreSQL (the migration lock is
# 7260221, the chores election 7260222). See `flamenco.pipeline.dependencies` for why.
GATES_LOCK = 7260223

SYSTEM_JOB_TYPE = "afanasy-system"
# Statuses of a job that no longer holds the jobs depending on it (deleted jobs are gone).
FINISHED = ("completed", "canceled")

_LIFE_COLUMNS = (
    "id, uuid, name, user_name, host_name, status, job_type, depend_mask, depend_mask_global,"
    " jobs_waiting_on, not_before, time_life_s, command_post, created, delete_requested_at, metadata"
)


@dataclass(frozen=True)
class JobLife:
    """A job's life controls, as stored (migration 4's job columns)."""

    id: int
    uuid: str
    name: str
    user_name: str
    host_name: str
    status: str
    job_type: str
    depend_mask: str | None
    depend_mask_global: str | None
    waiting_for_jobs: bool
    not_before: datetime | None
    time_life_s: int | None
    command_post: str | None
    created: datetime
    delete_requested_at: datetime | None
    metadata: dict[str, Any]

    @property
    def user(self) -> str:
        """Afanasy's user of the job: its `user_name`, else a Flamenco submitter's `user.name`."""
        return self.user_name or str(self.metadata.get("user.name", ""))


def _life(row: Any) -> JobLife:
    when = Job.created.python_value
    return JobLife(
        id=row[0],
        uuid=row[1],
        name=row[2],
        user_name=row[3],
        host_name=row[4],
        status=row[5],
        job_type=row[6],
        depend_mask=row[7],
        depend_mask_global=row[8],
        waiting_for_jobs=row[9] > 0,
        not_before=when(row[10]),
        time_life_s=row[11],
        command_post=row[12],
        created=when(row[13]),
        delete_requested_at=when(row[14]),
        metadata=Job.metadata.python_value(row[15]) or {},
    )


def lock_gates() -> None:
    """PostgreSQL: serialise with every other dependency evaluation until this transaction ends."""
    if is_postgres():
        rows.execute("SELECT pg_advisory_xact_lock(?)", [GATES_LOCK])


def life_of(job_id: int) -> JobLife | None:
    row = rows.execute(f"SELECT {_LIFE_COLUMNS} FROM job WHERE id = ?", [job_id]).fetchone()
    return _life(row) if row else None


def lives(where: str, params: list[Any] | tuple[Any, ...] = ()) -> list[JobLife]:
    sql = f"SELECT {_LIFE_COLUMNS} FROM job WHERE {where} ORDER BY id"
    return [_life(row) for row in rows.execute(sql, params).fetchall()]


def jobs_with_masks() -> list[JobLife]:
    """Jobs with a dependency mask that are not being deleted (the partial index `job_depend_masks`)."""
    return lives(
        "(depend_mask IS NOT NULL OR depend_mask_global IS NOT NULL) AND delete_requested_at IS NULL"
    )


def unfinished_jobs() -> list[JobLife]:
    """Jobs that hold the jobs depending on them: not completed, canceled or being deleted."""
    return lives(
        f"status NOT IN ({', '.join('?' * len(FINISHED))}) AND delete_requested_at IS NULL AND job_type <> ?",
        [*FINISHED, SYSTEM_JOB_TYPE],
    )


def set_controls(job_id: int, assignments: dict[str, Any]) -> None:
    """Store life columns (`depend_mask`, `time_life_s`, `command_post`, `user_name` …) as given."""
    if not assignments:
        return
    allowed = {"depend_mask", "depend_mask_global", "time_life_s", "command_post", "user_name", "host_name"}
    unknown = set(assignments) - allowed
    assert not unknown, unknown
    columns = ", ".join(f"{name} = ?" for name in assignments)
    rows.execute(f"UPDATE job SET {columns} WHERE id = ?", [*assignments.values(), job_id])


def _shift_tasks(job_id: int, delta: int) -> None:
    rows.execute("UPDATE task SET waiting_on = waiting_on + ? WHERE job_id = ?", [delta, job_id])


def gate_for_jobs(job_id: int, activity: str) -> bool:
    """Hold the job for other jobs, saying so in its activity; False if it was held already (or
    is finished)."""
    finished = ", ".join("?" * len(FINISHED))
    gated = rows.execute(
        f"UPDATE job SET jobs_waiting_on = 1, activity = ? WHERE id = ? AND jobs_waiting_on = 0"
        f" AND status NOT IN ({finished}) RETURNING id",
        [activity, job_id, *FINISHED],
    ).fetchone()
    if gated:
        _shift_tasks(job_id, 1)
        return True
    return False


def release_for_jobs(job_id: int, activity: str) -> bool:
    """Lift the job's wait for other jobs; False if it was not waiting."""
    released = rows.execute(
        "UPDATE job SET jobs_waiting_on = 0, activity = ? WHERE id = ? AND jobs_waiting_on > 0 RETURNING id",
        [activity, job_id],
    ).fetchone()
    if released:
        _shift_tasks(job_id, -1)
    return released is not None


def gate_until(job_id: int, when: datetime) -> bool:
    """Hold the job until ``when`` (or move the time of a job held already); True if newly held."""
    gated = rows.execute(
        "UPDATE job SET not_before = ? WHERE id = ? AND not_before IS NULL RETURNING id",
        [rows.stamp(when), job_id],
    ).fetchone()
    if gated:
        _shift_tasks(job_id, 1)
        return True
    rows.execute("UPDATE job SET not_before = ? WHERE id = ?", [rows.stamp(when), job_id])
    return False


def release_time(job_id: int) -> bool:
    """Lift the job's time gate; False if it had none."""
    released = rows.execute(
        "UPDATE job SET not_before = NULL WHERE id = ? AND not_before IS NOT NULL RETURNING id", [job_id]
    ).fetchone()
    if released:
        _shift_tasks(job_id, -1)
    return released is not None


def time_gates_due(now: datetime) -> list[int]:
    sql = "SELECT id FROM job WHERE not_before IS NOT NULL AND not_before <= ? ORDER BY not_before, id"
    return [job_id for (job_id,) in rows.execute(sql, [rows.stamp(now)]).fetchall()]


def jobs_with_life_time() -> list[JobLife]:
    """Jobs with a `time_life` not yet marked for deletion (the partial index `job_time_life`)."""
    return lives("time_life_s IS NOT NULL AND delete_requested_at IS NULL")


def take_post_commands(job_id: int) -> tuple[str | None, list[tuple[str, str, str]]]:
    """The job's post command and its blocks' (block name, command, working directory), cleared
    in the same transaction, so a deletion that is retried queues them once."""
    (job_command,) = rows.execute("SELECT command_post FROM job WHERE id = ?", [job_id]).fetchone() or (None,)
    blocks = rows.execute(
        "SELECT name, command_post, working_directory FROM block"
        " WHERE job_id = ? AND command_post IS NOT NULL AND command_post <> '' ORDER BY index_in_job",
        [job_id],
    ).fetchall()
    rows.execute("UPDATE job SET command_post = NULL WHERE id = ? AND command_post IS NOT NULL", [job_id])
    if blocks:
        rows.execute("UPDATE block SET command_post = NULL WHERE job_id = ?", [job_id])
    return job_command or None, [(name, command, cwd or "") for name, command, cwd in blocks]


def first_block_directory(job_id: int) -> str:
    row = rows.execute(
        "SELECT working_directory FROM block WHERE job_id = ? ORDER BY index_in_job LIMIT 1", [job_id]
    ).fetchone()
    return (row[0] or "") if row else ""


# --- the system job ------------------------------------------------------------------------------


def system_job_id() -> int | None:
    row = rows.execute(
        "SELECT id FROM job WHERE job_type = ? ORDER BY id LIMIT 1", [SYSTEM_JOB_TYPE]
    ).fetchone()
    return row[0] if row else None


def create_system_job(now: datetime) -> int:
    stamp = rows.stamp(now)
    sql = (
        "INSERT INTO job (uuid, name, job_type, priority, status, activity, settings, metadata, created,"
        " updated, submitter_platform, storage_shaman_checkout_id, user_name)"
        " VALUES (?, ?, ?, 99, 'queued', 'Runs post commands of deleted jobs', '{}', '{}', ?, ?, '', '', ?)"
        " RETURNING id"
    )
    params = [str(uuidlib.uuid4()), SYSTEM_JOB_TYPE, SYSTEM_JOB_TYPE, stamp, stamp, "afadmin"]
    return rows.execute(sql, params).fetchone()[0]


def add_system_task(
    job_id: int, name: str, task_type: str, commands: list[dict[str, Any]], now: datetime
) -> int:
    """A queued task at the end of the system job; returns its id."""
    (last,) = rows.execute(
        "SELECT COALESCE(MAX(index_in_job), 0) FROM task WHERE job_id = ?", [job_id]
    ).fetchone()
    stamp = rows.stamp(now)
    sql = (
        "INSERT INTO task (uuid, job_id, index_in_job, name, task_type, priority, job_priority, status,"
        " activity, commands, steps_total, waiting_on, created, updated)"
        " SELECT ?, ?, ?, ?, ?, 50, priority, 'queued', '', ?, ?, 0, ?, ? FROM job WHERE id = ? RETURNING id"
    )
    params = [str(uuidlib.uuid4()), job_id, last + 1, name, task_type]
    params += [Job.settings.db_value(commands), len(commands), stamp, stamp, job_id]
    return rows.execute(sql, params).fetchone()[0]


def drop_finished_system_tasks(job_id: int, finished_before: datetime, keep_at_most: int) -> int:
    """Remove the system job's finished tasks older than ``finished_before``, and the oldest
    finished ones beyond ``keep_at_most`` tasks in all; returns how many went."""
    finished = "status IN ('completed', 'failed', 'canceled')"
    gone = rows.execute(
        f"DELETE FROM task WHERE job_id = ? AND {finished} AND updated < ?",
        [job_id, rows.stamp(finished_before)],
    ).rowcount
    (count,) = rows.execute("SELECT COUNT(*) FROM task WHERE job_id = ?", [job_id]).fetchone()
    if count > keep_at_most:
        gone += rows.execute(
            f"DELETE FROM task WHERE id IN (SELECT id FROM task WHERE job_id = ? AND {finished}"
            " ORDER BY updated, id LIMIT ?)",
            [job_id, count - keep_at_most],
        ).rowcount
    return gone

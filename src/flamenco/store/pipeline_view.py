"""Reads and small writes for Afanasy's protocol documents (`flamenco.pipeline.protocol`): jobs
with their pipeline columns, blocks with progress, renders' extra columns, users."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flamenco.store import rows
from flamenco.store.life import SYSTEM_JOB_TYPE
from flamenco.store.models import Job

_when = Job.created.python_value
_json = Job.metadata.python_value

_JOB_COLUMNS = (
    "id, uuid, name, user_name, host_name, priority, status, activity, created, updated, job_type,"
    " metadata, controls, depend_mask, depend_mask_global, jobs_waiting_on, not_before, time_life_s,"
    " command_post, max_running, max_running_per_worker"
)


@dataclass(frozen=True)
class JobRow:
    id: int
    uuid: str
    name: str
    user_name: str
    host_name: str
    priority: int
    status: str
    activity: str
    created: datetime
    updated: datetime
    job_type: str
    metadata: dict[str, Any]
    controls: dict[str, Any]
    depend_mask: str | None
    depend_mask_global: str | None
    waiting_for_jobs: bool
    not_before: datetime | None
    time_life_s: int | None
    command_post: str | None
    max_running: int | None
    max_running_per_worker: int | None

    @property
    def user(self) -> str:
        return self.user_name or str(self.metadata.get("user.name", ""))


def _job_row(row: Any) -> JobRow:
    return JobRow(
        id=row[0],
        uuid=row[1],
        name=row[2],
        user_name=row[3],
        host_name=row[4],
        priority=row[5],
        status=row[6],
        activity=row[7],
        created=_when(row[8]),
        updated=_when(row[9]),
        job_type=row[10],
        metadata=_json(row[11]) or {},
        controls=_json(row[12]) or {},
        depend_mask=row[13],
        depend_mask_global=row[14],
        waiting_for_jobs=row[15] > 0,
        not_before=_when(row[16]),
        time_life_s=row[17],
        command_post=row[18],
        max_running=row[19],
        max_running_per_worker=row[20],
    )


def jobs(ids: list[int] | None = None) -> list[JobRow]:
    """Jobs in submission order (all, or those with the given ids), not the system job, not
    those being deleted."""
    where, params = "job_type <> ? AND delete_requested_at IS NULL", [SYSTEM_JOB_TYPE]
    if ids is not None:
        if not ids:
            return []
        where += f" AND id IN ({', '.join('?' * len(ids))})"
        params += ids
    sql = f"SELECT {_JOB_COLUMNS} FROM job WHERE {where} ORDER BY id"
    return [_job_row(row) for row in rows.execute(sql, params).fetchall()]


def job_row(job_id: int) -> JobRow | None:
    row = rows.execute(f"SELECT {_JOB_COLUMNS} FROM job WHERE id = ?", [job_id]).fetchone()
    return _job_row(row) if row else None


@dataclass(frozen=True)
class BlockRow:
    name: str
    service: str
    counts: dict[str, int]
    extra: dict[str, Any] = field(default_factory=dict)


def blocks_of(job_id: int, job_type: str) -> list[BlockRow]:
    """The job's blocks with their tasks by status; a Flamenco job is one block named after its
    job type (its tasks' most common type is the block's service)."""
    counts: dict[int | None, Counter[str]] = {}
    types: dict[int | None, Counter[str]] = {}
    sql = (
        "SELECT block_id, status, task_type, COUNT(*) FROM task WHERE job_id = ?"
        " GROUP BY block_id, status, task_type"
    )
    for block_id, status, task_type, count in rows.execute(sql, [job_id]).fetchall():
        counts.setdefault(block_id, Counter())[status] += count
        types.setdefault(block_id, Counter())[task_type] += count
    stored = rows.execute(
        "SELECT id, name, task_type, command, working_directory, frame_first, frame_last, frames_per_task,"
        " depend_mask, tasks_depend_mask FROM block WHERE job_id = ? ORDER BY index_in_job",
        [job_id],
    ).fetchall()
    if not stored:
        kinds = types.get(None, Counter())
        service = kinds.most_common(1)[0][0] if kinds else job_type
        return [BlockRow(job_type, service, dict(counts.get(None, Counter())))]
    blocks = []
    for block_id, name, task_type, command, cwd, first, last, per_task, depend, tasks_depend in stored:
        extra = {
            "command": command,
            "working_directory": cwd,
            "frame_first": first,
            "frame_last": last,
            "frames_per_task": per_task,
            "depend_mask": depend,
            "tasks_depend_mask": tasks_depend,
        }
        extra = {key: value for key, value in extra.items() if value not in (None, "")}
        blocks.append(BlockRow(name, task_type, dict(counts.get(block_id, Counter())), extra))
    return blocks


def task_progress(job_id: int) -> list[list[tuple[str, str | None, int, int]]]:
    """Per block (in order), per task (in order): status, worker name, steps done, steps."""
    sql = (
        "SELECT t.block_id, t.status, w.name, t.steps_completed, t.steps_total FROM task AS t"
        " LEFT JOIN worker AS w ON w.id = t.worker_id LEFT JOIN block AS b ON b.id = t.block_id"
        " WHERE t.job_id = ? ORDER BY b.index_in_job, t.index_in_job"
    )
    blocks: dict[int | None, list[tuple[str, str | None, int, int]]] = {}
    for block_id, status, worker, done, steps in rows.execute(sql, [job_id]).fetchall():
        blocks.setdefault(block_id, []).append((status, worker if status == "active" else None, done, steps))
    return list(blocks.values())


def worker_is_busy(worker_id: int) -> bool:
    sql = "SELECT 1 FROM task WHERE worker_id = ? AND status = 'active' LIMIT 1"
    return rows.execute(sql, [worker_id]).fetchone() is not None


_WORKER_EXTRA = (
    "nimby",
    "properties",
    "cpu_cores",
    "cpu_freq_mhz",
    "mem_total_mb",
    "mem_free_mb",
    "gpu_mem_total_mb",
    "gpu_mem_free_mb",
    "hdd_free_gb",
    "load_avg",
    "arch",
    "os_release",
)


def worker_extra(worker_id: int) -> dict[str, Any]:
    """The worker's pipeline columns: `nimby` and what it reports about its machine."""
    row = rows.execute(f"SELECT {', '.join(_WORKER_EXTRA)} FROM worker WHERE id = ?", [worker_id]).fetchone()
    return dict(zip(_WORKER_EXTRA, row, strict=True)) if row else {"nimby": False}


def running_tasks_of(worker_id: int) -> list[dict[str, Any]]:
    sql = (
        "SELECT j.id, j.name, t.name, t.uuid FROM task AS t JOIN job AS j ON j.id = t.job_id"
        " WHERE t.worker_id = ? AND t.status = 'active' ORDER BY t.id"
    )
    return [
        {"job_id": job_id, "job_name": job_name, "name": name, "flamenco_id": uuid}
        for job_id, job_name, name, uuid in rows.execute(sql, [worker_id]).fetchall()
    ]


def users() -> list[tuple[str, int, int]]:
    """(user, jobs, running tasks) for every user with a job, by name."""
    sql = (
        "SELECT j.user_name, j.metadata, (SELECT COUNT(*) FROM task AS t WHERE t.job_id = j.id"
        " AND t.status = 'active') FROM job AS j WHERE j.job_type <> ? AND j.delete_requested_at IS NULL"
    )
    jobs_num: Counter[str] = Counter()
    running: Counter[str] = Counter()
    for user_name, metadata, active in rows.execute(sql, [SYSTEM_JOB_TYPE]).fetchall():
        user = user_name or str((_json(metadata) or {}).get("user.name", ""))
        jobs_num[user] += 1
        running[user] += active
    return [(user, jobs_num[user], running[user]) for user in sorted(jobs_num)]


# --- writes (inside the caller's transaction, the job locked) -------------------------------------


def set_metadata_key(job_id: int, key: str, value: str) -> None:
    (text,) = rows.execute("SELECT metadata FROM job WHERE id = ?", [job_id]).fetchone()
    metadata = _json(text) or {}
    metadata[key] = value
    rows.execute("UPDATE job SET metadata = ? WHERE id = ?", [json.dumps(metadata), job_id])


def set_nimby(worker_id: int, nimby: bool) -> None:
    rows.execute("UPDATE worker SET nimby = ? WHERE id = ?", [nimby, worker_id])

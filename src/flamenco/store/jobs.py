"""Job queries: storing jobs and their tasks as they compile, fetching, filtering."""

from __future__ import annotations

import csv
import io
import os
import time
import uuid as uuidlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import peewee

from flamenco.errors import BadRequest, NotFound
from flamenco.jobtypes import AuthoredTask
from flamenco.store import rows
from flamenco.store.db import database, is_postgres
from flamenco.store.models import Job
from flamenco.store.records import JobInfo

_MAX_ROWS = 2**53

ORDERABLE = {
    "created": Job.created,
    "updated": Job.updated,
    "name": Job.name,
    "status": Job.status,
    "priority": Job.priority,
    "type": Job.job_type,
    "id": Job.uuid,
}


def create_job(
    *,
    name: str,
    job_type: str,
    priority: int,
    status: str,
    settings: dict[str, Any],
    metadata: dict[str, str],
    now: datetime,
) -> JobInfo:
    """Store a job without tasks yet (:class:`TaskWriter` adds them); callers hold one transaction."""
    sql = (
        "INSERT INTO job (uuid, name, job_type, priority, status, activity, settings, metadata, created,"
        f" updated) VALUES (?, ?, ?, ?, ?, '', ?, ?, ?, ?) RETURNING {rows.JOB_COLUMNS}"
    )
    stamp = rows.stamp(now)
    params = [str(uuidlib.uuid4()), name, job_type, priority, status, _json(settings), _json(metadata)]
    return rows.job_info(rows.execute(sql, [*params, stamp, stamp]).fetchone())


def set_settings(job_id: int, settings: dict[str, Any]) -> JobInfo:
    job = rows.update_job("settings = ?", "id = ?", [_json(settings), job_id])
    assert job is not None, f"job {job_id} vanished"
    return job


class TaskWriter:
    """Stores a job's tasks a batch at a time as its job type adds them (a `jobtypes.TaskSink`).

    Measured on a 1,000,000-task job (SQLite, 2 cores): peewee's per-value INSERT building took
    longer than the database; Python's sqlite3 ``executemany`` spends ~4 µs binding each row, so the
    values every task of the job shares are written into the statement once instead of bound per
    row; task UUIDs are time-ordered (UUIDv7), so the unique index on them grows at its end instead
    of at a random page per row (10 s instead of 14 s for the task rows). PostgreSQL gets the rows
    through ``COPY``, several times faster than multi-row INSERTs.
    """

    def __init__(self, job: JobInfo, now: datetime) -> None:
        self.job = job
        self.count = 0
        self._stamp = rows.stamp(now)
        self._postgres = is_postgres()
        if self._postgres:
            self._copy_columns = (
                "id, uuid, job_id, index_in_job, name, task_type, priority, job_priority, status, activity,"
                " waiting_on, commands, created, updated"
            )
        else:
            stamp = _sql_text(str(self._stamp))
            self._insert = (
                "INSERT INTO task (id, uuid, index_in_job, name, task_type, priority, waiting_on, commands,"
                " job_id, job_priority, status, activity, created, updated)"
                f" VALUES (?, ?, ?, ?, ?, ?, ?, ?, {int(job.id)}, {int(job.priority)}, 'queued', '',"
                f" {stamp}, {stamp})"
            )

    def write(self, tasks: Sequence[AuthoredTask], commands: Sequence[str]) -> list[int]:
        ids = self._new_ids(len(tasks))
        here = {id(task): task_id for task, task_id in zip(tasks, ids, strict=True)}
        uuids = time_ordered_uuids(len(tasks))
        first = self.count + 1
        task_rows = []
        dependency_rows = []
        for offset, task in enumerate(tasks):
            task_id = ids[offset]
            for prerequisite in task.depends_on:
                dependency_rows.append((task_id, here.get(id(prerequisite)) or prerequisite.stored_id))
            task_rows.append(
                (task_id, uuids[offset], first + offset, task.name, task.task_type, task.priority,
                 len(task.depends_on), commands[offset])
            )  # fmt: skip
        if self._postgres:
            self._copy_tasks(task_rows)
            self._copy("task_dependency (task_id, depends_on_id)", dependency_rows)
        else:
            cursor = database.cursor()
            cursor.executemany(self._insert, task_rows)
            cursor.executemany(
                "INSERT INTO task_dependency (task_id, depends_on_id) VALUES (?, ?)", dependency_rows
            )
        self.count += len(tasks)
        return ids

    def _new_ids(self, count: int) -> list[int]:
        """Row ids for the next tasks, so dependencies can be written without reading rows back."""
        if self._postgres:
            sql = "SELECT nextval(pg_get_serial_sequence('task', 'id')) FROM generate_series(1, %s)"
            return [row[0] for row in database.execute_sql(sql, [count]).fetchall()]
        # Inside the write transaction (BEGIN IMMEDIATE) nobody else inserts tasks; this is the id
        # SQLite itself would pick next.
        (last,) = database.execute_sql("SELECT COALESCE(MAX(id), 0) FROM task").fetchone()
        return list(range(last + 1, last + 1 + count))

    def _copy_tasks(self, task_rows: list[tuple[Any, ...]]) -> None:
        job, stamp = self.job, self._stamp
        full = [
            (task_id, uuid, job.id, index, name, task_type, priority, job.priority, "queued", "", waiting,
             commands, stamp, stamp)
            for task_id, uuid, index, name, task_type, priority, waiting, commands in task_rows
        ]  # fmt: skip
        self._copy(f"task ({self._copy_columns})", full)

    @staticmethod
    def _copy(target: str, values: list[tuple[Any, ...]]) -> None:
        if not values:
            return
        buffer = io.StringIO()
        csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n").writerows(values)
        buffer.seek(0)
        database.cursor().copy_expert(f"COPY {target} FROM STDIN WITH (FORMAT csv)", buffer)


def refresh_statistics(new_tasks: int) -> None:
    """PostgreSQL: re-analyze the task tables after a big insert, so the planner knows about it.

    Measured: until autovacuum got to it, a claim after a 5,000-task job was planned as a sort of
    every runnable task (15 ms per claim instead of well under 1 ms). Analyzing samples a bounded
    number of rows, so it is cheap; it runs when a job adds 1,000 tasks or a tenth of the table.
    """
    if not is_postgres() or new_tasks < 1000:
        return
    (estimate,) = database.execute_sql("SELECT reltuples FROM pg_class WHERE relname = 'task'").fetchone()
    if estimate < 0 or new_tasks * 10 >= estimate:
        database.execute_sql("ANALYZE task")
        database.execute_sql("ANALYZE task_dependency")


def time_ordered_uuids(count: int) -> list[str]:
    """``count`` consecutive UUIDv7s (RFC 9562): a millisecond timestamp, then random bits that
    here end in a counter, so one job's task UUIDs sort in insertion order."""
    millis = time.time_ns() // 1_000_000
    random_bits = int.from_bytes(os.urandom(10), "big")
    rand_a = random_bits >> 68  # 12 bits
    rand_b = (random_bits & ((1 << 62) - 1)) & ~((1 << 32) - 1)  # low 32 bits: the counter
    first = (millis & ((1 << 48) - 1)) << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b
    result = []
    for number in range(count):
        text = f"{first + number:032x}"
        result.append(f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}")
    return result


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _json(value: Any) -> str:
    return Job.settings.db_value(value)


def get_job(job_uuid: str) -> JobInfo:
    job = rows.one_job("uuid = ?", [job_uuid])
    if job is None:
        raise NotFound(f"no job with ID {job_uuid}")
    return job


def get_job_by_id(job_id: int) -> JobInfo:
    job = rows.one_job("id = ?", [job_id])
    assert job is not None, f"job {job_id} vanished"
    return job


def lock_job(job_id: int) -> JobInfo:
    """Read a job for a read-modify-write inside a write transaction (row lock on PostgreSQL)."""
    job = rows.one_job("id = ?", [job_id], for_update=True)
    assert job is not None, f"job {job_id} vanished"
    return job


def set_status(job_id: int, status: str, now: datetime, activity: str | None = None) -> JobInfo:
    assignments, params = "status = ?, updated = ?", [status, rows.stamp(now)]
    if activity is not None:
        assignments += ", activity = ?"
        params.append(activity)
    job = rows.update_job(assignments, "id = ?", [*params, job_id])
    assert job is not None, f"job {job_id} vanished"
    return job


def _json_matches(column: peewee.Field, key: str, pattern: str) -> peewee.Node:
    """The JSON object in ``column`` has ``key`` with a value matching the LIKE ``pattern``
    (case-insensitively), in the database's dialect. SQLite goes through ``json_each`` so any key
    works: a JSON path would need quotes, backslashes and control characters escaped."""
    if is_postgres():
        value = peewee.NodeList((peewee.SQL("CAST("), column, peewee.SQL("AS json) ->>"), peewee.Value(key)))
        return peewee.Expression(value, peewee.OP.ILIKE, pattern)
    return peewee.NodeList(
        (
            peewee.SQL("EXISTS (SELECT 1 FROM json_each("),
            column,
            peewee.SQL(") AS kv WHERE kv.key ="),
            peewee.Value(key),
            peewee.SQL("AND CAST(kv.value AS TEXT) LIKE"),
            peewee.Value(pattern),
            peewee.SQL(")"),
        )
    )


@dataclass
class JobQuery:
    """What `queryJobs` filters on; `LIKE` patterns match case-insensitively."""

    offset: int = 0
    limit: int | None = None
    order_by: list[str] = field(default_factory=list)
    status_in: list[str] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    name_contains: str = ""


def query_jobs(query: JobQuery) -> tuple[list[JobInfo], int]:
    """The page of jobs the query asks for, and how many jobs match it in all."""
    select = Job.select()
    if query.name_contains:
        # A substring test, not LIKE: the user's `%` and `_` are plain text. SQLite's lower() only
        # folds ASCII, hence the Python casefold registered on the connection (store.db).
        text = query.name_contains
        if is_postgres():
            select = select.where(peewee.fn.strpos(peewee.fn.lower(Job.name), peewee.fn.lower(text)) > 0)
        else:
            select = select.where(peewee.fn.instr(peewee.fn.casefold(Job.name), text.casefold()) > 0)
    if query.status_in:
        select = select.where(Job.status.in_(query.status_in))
    for key, pattern in query.metadata.items():
        select = select.where(_json_matches(Job.metadata, key, str(pattern)))
    for key, pattern in query.settings.items():
        text = pattern if isinstance(pattern, str) else _json_scalar(pattern)
        select = select.where(_json_matches(Job.settings, key, text))
    ordering = []
    for spec in query.order_by:
        descending = spec.startswith("-")
        name = spec.lstrip("-+").strip()
        column = ORDERABLE.get(name)
        if column is None:
            raise BadRequest(
                f"cannot order jobs by {name!r}; use one of {', '.join(sorted(ORDERABLE))},"
                " with a '-' prefix for descending"
            )
        ordering.append(column.desc() if descending else column.asc())
    ordering.append(Job.id.asc())  # stable pages
    # Clamped: the databases' integers end at 2**63, and no farm has that many jobs.
    page = select.order_by(*ordering).offset(min(query.offset, _MAX_ROWS))
    if query.limit is not None:
        page = page.limit(min(query.limit, _MAX_ROWS))
    with database.atomic():  # one snapshot: the page and the total agree
        jobs = [rows.job_info(row) for row in rows.raw(page.select(*rows.JOB_FIELDS))]
        total = select.count() if query.offset or query.limit is not None else len(jobs)
    return jobs, total


def _json_scalar(value: Any) -> str:
    """How SQLite's json_extract and PostgreSQL's ->> render a non-string JSON scalar as text."""
    if isinstance(value, bool):
        return ("1" if value else "0") if not is_postgres() else ("true" if value else "false")
    return str(value)

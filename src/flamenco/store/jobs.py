"""Job queries: storing compiled jobs, fetching, filtering."""

from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import peewee

from flamenco.errors import BadRequest, NotFound
from flamenco.jobtypes import CompiledJob
from flamenco.store import rows
from flamenco.store.db import database, is_postgres
from flamenco.store.models import Job, Task, TaskDependency, utcnow
from flamenco.store.records import JobInfo

_MAX_ROWS = 2**53
# Rows per multi-row INSERT on PostgreSQL.
_BATCH = 1000

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
    metadata: dict[str, str],
    compiled: CompiledJob,
    created: datetime,
) -> JobInfo:
    """Store a job with all its tasks and dependencies; callers wrap this in one transaction."""
    job = Job.create(
        uuid=str(uuidlib.uuid4()),
        name=name,
        job_type=job_type,
        priority=priority,
        status=status,
        settings=compiled.settings,
        metadata=metadata,
        created=created,
        updated=created,
    )
    commands = Task.commands.db_value
    stamp = Task.created.db_value(created)
    _bulk_insert(
        Task,
        [
            "uuid",
            "job_id",
            "index_in_job",
            "name",
            "task_type",
            "priority",
            "job_priority",
            "status",
            "activity",
            "commands",
            "created",
            "updated",
        ],
        [
            (
                str(uuidlib.uuid4()),
                job.id,
                index + 1,
                task.name,
                task.task_type,
                task.priority,
                priority,
                "queued",
                "",
                commands([{"name": c.name, "parameters": c.parameters} for c in task.commands]),
                stamp,
                stamp,
            )
            for index, task in enumerate(compiled.tasks)
        ],
    )
    ids = dict(Task.select(Task.index_in_job, Task.id).where(Task.job == job.id).tuples())
    position = {id(task): index + 1 for index, task in enumerate(compiled.tasks)}
    _bulk_insert(
        TaskDependency,
        ["task_id", "depends_on_id"],
        [
            (ids[index + 1], ids[position[id(dep)]])
            for index, task in enumerate(compiled.tasks)
            for dep in task.depends_on
        ],
    )
    return JobInfo.of(job)


def _bulk_insert(model: type[peewee.Model], columns: list[str], rows: list[tuple]) -> None:
    """Insert many rows fast: peewee builds multi-row INSERTs value by value in Python, which took
    longer than the database's own work (7 s of 9 s for a 20,000-task job)."""
    if not rows:
        return
    table = model._meta.table_name
    names = ", ".join(columns)
    cursor = database.cursor()
    if is_postgres():
        from psycopg2.extras import execute_values

        execute_values(cursor, f"INSERT INTO {table} ({names}) VALUES %s", rows, page_size=_BATCH)
    else:
        marks = ", ".join("?" * len(columns))
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


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


def set_status(job_id: int, status: str, activity: str | None = None) -> None:
    now = rows.stamp(utcnow())
    if activity is None:
        rows.execute("UPDATE job SET status = ?, updated = ? WHERE id = ?", [status, now, job_id])
    else:
        rows.execute(
            "UPDATE job SET status = ?, activity = ?, updated = ? WHERE id = ?",
            [status, activity, now, job_id],
        )


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
        jobs = [JobInfo.of(j) for j in page]
        total = select.count() if query.offset or query.limit is not None else len(jobs)
    return jobs, total


def _json_scalar(value: Any) -> str:
    """How SQLite's json_extract and PostgreSQL's ->> render a non-string JSON scalar as text."""
    if isinstance(value, bool):
        return ("1" if value else "0") if not is_postgres() else ("true" if value else "false")
    return str(value)

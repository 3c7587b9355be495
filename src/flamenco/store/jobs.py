"""Job queries: storing compiled jobs, fetching, filtering."""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import peewee

from flamenco.errors import BadRequest, NotFound
from flamenco.jobtypes import CompiledJob
from flamenco.store.db import database, is_postgres
from flamenco.store.models import Job, Task, TaskDependency, utcnow
from flamenco.store.records import JobInfo

# Rows per INSERT: well below SQLite's variable limit (32766) for the widest table.
_BATCH = 500

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
    task_uuids = [str(uuidlib.uuid4()) for _ in compiled.tasks]
    rows = [
        {
            Task.uuid: task_uuids[index],
            Task.job: job.id,
            Task.index_in_job: index + 1,
            Task.name: task.name,
            Task.task_type: task.task_type,
            Task.priority: task.priority,
            Task.status: "queued",
            Task.activity: "",
            Task.commands: [{"name": c.name, "parameters": c.parameters} for c in task.commands],
            Task.created: created,
            Task.updated: created,
        }
        for index, task in enumerate(compiled.tasks)
    ]
    for start in range(0, len(rows), _BATCH):
        Task.insert_many(rows[start : start + _BATCH]).execute()

    ids = dict(Task.select(Task.index_in_job, Task.id).where(Task.job == job.id).tuples())
    position = {id(task): index + 1 for index, task in enumerate(compiled.tasks)}
    deps = [
        {TaskDependency.task: ids[index + 1], TaskDependency.depends_on: ids[position[id(dep)]]}
        for index, task in enumerate(compiled.tasks)
        for dep in task.depends_on
    ]
    for start in range(0, len(deps), _BATCH):
        TaskDependency.insert_many(deps[start : start + _BATCH]).execute()
    return JobInfo.of(job)


def _get(job_uuid: str) -> Job:
    job = Job.get_or_none(Job.uuid == job_uuid)
    if job is None:
        raise NotFound(f"no job with ID {job_uuid}")
    return job


def get_job(job_uuid: str) -> JobInfo:
    return JobInfo.of(_get(job_uuid))


def get_job_by_id(job_id: int) -> JobInfo:
    return JobInfo.of(Job.get_by_id(job_id))


def lock_job(job_id: int) -> JobInfo:
    """Read a job for a read-modify-write inside a write transaction (row lock on PostgreSQL)."""
    query = Job.select().where(Job.id == job_id)
    if is_postgres():
        query = query.for_update()
    return JobInfo.of(query.get())


def set_status(job_id: int, status: str, activity: str | None = None) -> None:
    values: dict[Any, Any] = {Job.status: status, Job.updated: utcnow()}
    if activity is not None:
        values[Job.activity] = activity
    Job.update(values).where(Job.id == job_id).execute()


def jobs_in_status(statuses: Sequence[str]) -> list[JobInfo]:
    return [JobInfo.of(j) for j in Job.select().where(Job.status.in_(list(statuses)))]


def _json_text(column: peewee.Field, key: str) -> peewee.Node:
    """The JSON value at ``key`` of a JSON text column, as text, in the database's dialect."""
    if is_postgres():
        return peewee.NodeList((peewee.SQL("CAST("), column, peewee.SQL("AS json) ->>"), peewee.Value(key)))
    path = '$."' + key.replace('"', '""') + '"'
    return peewee.fn.json_extract(column, path).cast("TEXT")


@dataclass
class JobQuery:
    """What `queryJobs` filters on; `LIKE` patterns match case-insensitively."""

    offset: int = 0
    limit: int | None = None
    order_by: list[str] = field(default_factory=list)
    status_in: list[str] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)


def query_jobs(query: JobQuery) -> list[JobInfo]:
    select = Job.select()
    if query.status_in:
        select = select.where(Job.status.in_(query.status_in))
    for key, pattern in query.metadata.items():
        select = select.where(_json_text(Job.metadata, key) ** str(pattern))
    for key, pattern in query.settings.items():
        text = pattern if isinstance(pattern, str) else _json_scalar(pattern)
        select = select.where(_json_text(Job.settings, key) ** text)
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
    select = select.order_by(*ordering).offset(query.offset)
    if query.limit is not None:
        select = select.limit(query.limit)
    with database.atomic():
        return [JobInfo.of(j) for j in select]


def _json_scalar(value: Any) -> str:
    """How SQLite's json_extract and PostgreSQL's ->> render a non-string JSON scalar as text."""
    if isinstance(value, bool):
        return ("1" if value else "0") if not is_postgres() else ("true" if value else "false")
    return str(value)

"""Peewee models, for the queries peewee composes (filters, ordering). They never leave
`flamenco.store`: other packages get the records of `flamenco.store.records`.

The tables themselves are made by `flamenco.store.migrations`, whose frozen SQL is the schema's
source of truth; these classes only describe the columns the queries use. Timestamps are naive UTC
datetimes (SQLite has no time zones; PostgreSQL gets `timestamp`), always passed in by the caller
from the scheduler's clock.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import peewee

from flamenco.store.db import database


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class JSONField(peewee.TextField):
    """JSON stored as text: portable across SQLite and PostgreSQL."""

    def db_value(self, value: Any) -> str | None:
        return None if value is None else json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    def python_value(self, value: str | None) -> Any:
        return None if value is None else json.loads(value)


class BaseModel(peewee.Model):
    class Meta:
        database = database
        legacy_table_names = False


class Job(BaseModel):
    uuid = peewee.CharField(max_length=36, unique=True)
    name = peewee.TextField()
    job_type = peewee.CharField(max_length=100)
    priority = peewee.IntegerField(default=50)
    status = peewee.CharField(max_length=32, index=True)
    activity = peewee.TextField(default="")
    settings = JSONField(default=dict)
    metadata = JSONField(default=dict)
    created = peewee.DateTimeField()
    updated = peewee.DateTimeField()


class Worker(BaseModel):
    uuid = peewee.CharField(max_length=36, unique=True)
    name = peewee.TextField()
    secret_hash = peewee.CharField(max_length=64)
    secret_salt = peewee.CharField(max_length=32)
    address = peewee.TextField(default="")
    platform = peewee.TextField(default="")
    software = peewee.TextField(default="")
    status = peewee.CharField(max_length=32, default="starting")
    status_requested = peewee.CharField(max_length=32, default="")
    lazy_status_request = peewee.BooleanField(default=False)
    supported_task_types = peewee.TextField(default="")  # comma-separated, lower case
    last_seen = peewee.DateTimeField(null=True)
    created = peewee.DateTimeField()
    updated = peewee.DateTimeField()


class Task(BaseModel):
    uuid = peewee.CharField(max_length=36, unique=True)
    job = peewee.ForeignKeyField(Job, backref="tasks", on_delete="CASCADE", index=False)
    index_in_job = peewee.IntegerField()
    name = peewee.TextField()
    task_type = peewee.CharField(max_length=100)
    priority = peewee.IntegerField(default=50)
    # The job's priority, copied here so one index on `task` holds the scheduler's whole ordering
    # (an ORDER BY spanning two tables makes the database sort every runnable task per claim).
    # Whatever changes a job's priority must update this copy on its tasks in the same transaction.
    job_priority = peewee.IntegerField(default=50)
    status = peewee.CharField(max_length=32)
    # How many of the task's prerequisites are not completed. Only tasks waiting on nothing are in
    # the scheduler's index, so tasks that cannot run yet cost a claim nothing. Every change of a
    # task into or out of `completed` adjusts its dependents (`flamenco.store.tasks`).
    waiting_on = peewee.IntegerField(default=0)
    activity = peewee.TextField(default="")
    commands = JSONField(default=list)
    worker = peewee.ForeignKeyField(Worker, null=True, on_delete="SET NULL", index=False)
    last_touched = peewee.DateTimeField(null=True)
    created = peewee.DateTimeField()
    updated = peewee.DateTimeField()


class TaskDependency(BaseModel):
    """`task` may only run once `depends_on` is completed."""

    task = peewee.ForeignKeyField(Task, on_delete="CASCADE", index=False)
    depends_on = peewee.ForeignKeyField(Task, on_delete="CASCADE", index=True)

    class Meta:
        primary_key = peewee.CompositeKey("task", "depends_on")


class TaskFailure(BaseModel):
    """Workers that failed a task; the scheduler does not give the task to them again."""

    task = peewee.ForeignKeyField(Task, on_delete="CASCADE", index=False)
    worker = peewee.ForeignKeyField(Worker, on_delete="CASCADE", index=True)
    created = peewee.DateTimeField()

    class Meta:
        primary_key = peewee.CompositeKey("task", "worker")

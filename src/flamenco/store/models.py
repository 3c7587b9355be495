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


class WorkerTag(BaseModel):
    """A group of workers; a job with a tag runs only on its members (Flamenco 3.8)."""

    uuid = peewee.CharField(max_length=36, unique=True)
    name = peewee.CharField(max_length=64, unique=True)
    description = peewee.TextField(default="")
    created = peewee.DateTimeField()
    updated = peewee.DateTimeField()


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
    submitter_platform = peewee.TextField(default="")  # for two-way variables; "" from the seed door
    storage_shaman_checkout_id = peewee.TextField(default="")  # the checkout removed with the job
    worker_tag = peewee.ForeignKeyField(WorkerTag, null=True, on_delete="SET NULL")
    steps_completed = peewee.IntegerField(default=0)
    steps_total = peewee.IntegerField(default=0)
    delete_requested_at = peewee.DateTimeField(null=True)


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
    can_restart = peewee.BooleanField(default=False)  # comes back by itself after a `restart` request
    deleted_at = peewee.DateTimeField(null=True)


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
    steps_completed = peewee.IntegerField(default=0)
    steps_total = peewee.IntegerField(default=0)


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


class WorkerTagMembership(BaseModel):
    tag = peewee.ForeignKeyField(WorkerTag, on_delete="CASCADE", index=False)
    worker = peewee.ForeignKeyField(Worker, on_delete="CASCADE", index=True)

    class Meta:
        primary_key = peewee.CompositeKey("tag", "worker")


class JobBlock(BaseModel):
    """A worker blocked from one task type of one job, after failing too many of its tasks."""

    job = peewee.ForeignKeyField(Job, on_delete="CASCADE", index=False)
    worker = peewee.ForeignKeyField(Worker, on_delete="CASCADE", index=True)
    task_type = peewee.CharField(max_length=100)
    created = peewee.DateTimeField()


class SleepSchedule(BaseModel):
    """When a worker is sent to sleep and woken (times "HH:MM" or "", days "mo tu …" or "" for all)."""

    worker = peewee.ForeignKeyField(Worker, on_delete="CASCADE", unique=True)
    is_active = peewee.BooleanField()
    days_of_week = peewee.TextField()
    start_time = peewee.CharField(max_length=5)
    end_time = peewee.CharField(max_length=5)
    next_check = peewee.DateTimeField(null=True)
    created = peewee.DateTimeField()
    updated = peewee.DateTimeField()


class LastRendered(BaseModel):
    """The one row (id 1) naming the job whose image was rendered last, farm-wide."""

    job = peewee.ForeignKeyField(Job, on_delete="CASCADE", index=False)
    updated = peewee.DateTimeField()

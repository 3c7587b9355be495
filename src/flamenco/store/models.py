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


class DateTimeField(peewee.DateTimeField):
    """peewee's, read with `datetime.fromisoformat` (what SQLite holds is ``str(datetime)``).

    peewee parses with `strptime`, which looks up the locale on every call: sampled at ~4 % of
    the server's Python time under `bench/dispatch.py` (three to five timestamps per row read).
    Anything `fromisoformat` refuses goes to peewee's parser, as before; PostgreSQL hands out
    datetimes already.
    """

    def python_value(self, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return datetime.fromisoformat(value)
            except ValueError:
                pass
        return super().python_value(value)


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
    created = DateTimeField()
    updated = DateTimeField()


class Job(BaseModel):
    uuid = peewee.CharField(max_length=36, unique=True)
    name = peewee.TextField()
    job_type = peewee.CharField(max_length=100)
    priority = peewee.IntegerField(default=50)
    status = peewee.CharField(max_length=32, index=True)
    activity = peewee.TextField(default="")
    settings = JSONField(default=dict)
    metadata = JSONField(default=dict)
    created = DateTimeField()
    updated = DateTimeField()
    submitter_platform = peewee.TextField(default="")  # for two-way variables; "" from the seed door
    storage_shaman_checkout_id = peewee.TextField(default="")  # the checkout removed with the job
    worker_tag = peewee.ForeignKeyField(WorkerTag, null=True, on_delete="SET NULL")
    steps_completed = peewee.IntegerField(default=0)
    steps_total = peewee.IntegerField(default=0)
    delete_requested_at = DateTimeField(null=True)
    # Pipeline controls (migration 4, docs/design/pipeline-jobs.md): counters the claim reads and
    # updates, dependency masks, life; masks and needs that only pre-matching reads stay in JSON.
    max_running = peewee.IntegerField(null=True)
    max_running_per_worker = peewee.IntegerField(null=True)
    running = peewee.IntegerField(default=0)
    depend_mask = peewee.TextField(null=True)
    depend_mask_global = peewee.TextField(null=True)
    jobs_waiting_on = peewee.IntegerField(default=0)
    not_before = DateTimeField(null=True)
    time_life_s = peewee.IntegerField(null=True)
    command_post = peewee.TextField(null=True)
    user_name = peewee.TextField(default="")
    host_name = peewee.TextField(default="")
    controls = JSONField(default=dict)


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
    last_seen = DateTimeField(null=True)
    created = DateTimeField()
    updated = DateTimeField()
    can_restart = peewee.BooleanField(default=False)  # comes back by itself after a `restart` request
    deleted_at = DateTimeField(null=True)
    # What the worker reports about its machine (sign-on and periodic reports) and what the admin
    # says about it (`properties`), matched against pipeline blocks' masks and needs.
    properties = peewee.TextField(default="")
    nimby = peewee.BooleanField(default=False)
    cpu_cores = peewee.IntegerField(null=True)
    cpu_freq_mhz = peewee.IntegerField(null=True)
    mem_total_mb = peewee.IntegerField(null=True)
    mem_free_mb = peewee.IntegerField(null=True)
    gpu_mem_total_mb = peewee.IntegerField(null=True)
    gpu_mem_free_mb = peewee.IntegerField(null=True)
    hdd_free_gb = peewee.IntegerField(null=True)
    load_avg = peewee.FloatField(null=True)
    arch = peewee.TextField(default="")
    os_release = peewee.TextField(default="")
    resources_at = DateTimeField(null=True)


class Block(BaseModel):
    """A pipeline job's block (Afanasy's model): a frame range or a list of named tasks of one
    service (task type), with its own command pattern, limits, masks, needs and dependencies."""

    job = peewee.ForeignKeyField(Job, backref="blocks", on_delete="CASCADE", index=False)
    index_in_job = peewee.IntegerField()
    name = peewee.TextField()
    task_type = peewee.CharField(max_length=100)
    parser = peewee.TextField(default="")
    tasks_name = peewee.TextField(default="")
    command = peewee.TextField(default="")
    working_directory = peewee.TextField(default="")
    files = JSONField(default=list)
    environment = JSONField(default=dict)
    flags = peewee.IntegerField(default=0)
    frame_first = peewee.BigIntegerField(null=True)
    frame_last = peewee.BigIntegerField(null=True)
    frames_per_task = peewee.IntegerField(null=True)
    frames_inc = peewee.IntegerField(null=True)
    tasks_count = peewee.IntegerField(default=0)
    sequential = peewee.IntegerField(default=1)
    capacity = peewee.IntegerField(null=True)
    max_running = peewee.IntegerField(null=True)
    max_running_per_worker = peewee.IntegerField(null=True)
    running = peewee.IntegerField(default=0)
    hosts_mask = peewee.TextField(null=True)
    hosts_mask_exclude = peewee.TextField(null=True)
    hosts_mask_type = peewee.CharField(max_length=16, default="regex")
    need_os = peewee.TextField(null=True)
    need_properties = peewee.TextField(null=True)
    need_memory_mb = peewee.IntegerField(null=True)
    need_gpu_mem_mb = peewee.IntegerField(null=True)
    need_cpu_cores = peewee.IntegerField(null=True)
    need_hdd_gb = peewee.IntegerField(null=True)
    need_cpu_freq_mhz = peewee.IntegerField(null=True)
    need_power = peewee.IntegerField(null=True)
    masked = peewee.BooleanField(default=False)  # has masks or static needs: see BlockWorkerEligible
    depend_mask = peewee.TextField(null=True)
    tasks_depend_mask = peewee.TextField(null=True)
    blocks_waiting_on = peewee.IntegerField(default=0)
    tickets = JSONField(default=dict)
    not_before = DateTimeField(null=True)
    command_post = peewee.TextField(null=True)
    errors_retries = peewee.IntegerField(null=True)
    errors_avoid_host = peewee.IntegerField(null=True)
    errors_task_same_host = peewee.IntegerField(null=True)
    errors_forgive_time = peewee.IntegerField(null=True)
    task_max_run_time = peewee.IntegerField(null=True)
    task_min_run_time = peewee.IntegerField(null=True)
    task_progress_change_timeout = peewee.IntegerField(null=True)
    settings = JSONField(default=dict)  # the rest of the block's document, verbatim


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
    last_touched = DateTimeField(null=True)
    created = DateTimeField()
    updated = DateTimeField()
    steps_completed = peewee.IntegerField(default=0)
    steps_total = peewee.IntegerField(default=0)
    block = peewee.ForeignKeyField(Block, null=True, on_delete="CASCADE", index=False)
    frame_first = peewee.BigIntegerField(null=True)
    frame_last = peewee.BigIntegerField(null=True)


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
    created = DateTimeField()

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
    created = DateTimeField()


class SleepSchedule(BaseModel):
    """When a worker is sent to sleep and woken (times "HH:MM" or "", days "mo tu …" or "" for all)."""

    worker = peewee.ForeignKeyField(Worker, on_delete="CASCADE", unique=True)
    is_active = peewee.BooleanField()
    days_of_week = peewee.TextField()
    start_time = peewee.CharField(max_length=5)
    end_time = peewee.CharField(max_length=5)
    next_check = DateTimeField(null=True)
    created = DateTimeField()
    updated = DateTimeField()


class LastRendered(BaseModel):
    """The one row (id 1) naming the job whose image was rendered last, farm-wide."""

    job = peewee.ForeignKeyField(Job, on_delete="CASCADE", index=False)
    updated = DateTimeField()


class BlockWorkerRunning(BaseModel):
    """Tasks of one block running on one worker (its `max_running_per_worker` counter)."""

    block = peewee.ForeignKeyField(Block, on_delete="CASCADE", index=False)
    worker = peewee.ForeignKeyField(Worker, on_delete="CASCADE", index=True)
    running = peewee.IntegerField(default=0)

    class Meta:
        primary_key = peewee.CompositeKey("block", "worker")


class JobWorkerRunning(BaseModel):
    """Tasks of one job running on one worker (its `max_running_per_worker` counter)."""

    job = peewee.ForeignKeyField(Job, on_delete="CASCADE", index=False)
    worker = peewee.ForeignKeyField(Worker, on_delete="CASCADE", index=True)
    running = peewee.IntegerField(default=0)

    class Meta:
        primary_key = peewee.CompositeKey("job", "worker")


class Ticket(BaseModel):
    """A named counter (a licence, memory units): `farm` scope counts farm-wide use, `worker`
    scope gives every worker that capacity (its use is in WorkerTicketUse)."""

    name = peewee.CharField(max_length=64)
    scope = peewee.CharField(max_length=8)
    capacity = peewee.IntegerField()
    in_use = peewee.IntegerField(default=0)
    max_hosts = peewee.IntegerField(null=True)
    hosts = peewee.IntegerField(default=0)

    class Meta:
        primary_key = peewee.CompositeKey("name", "scope")


class WorkerTicketUse(BaseModel):
    worker = peewee.ForeignKeyField(Worker, on_delete="CASCADE", index=False)
    name = peewee.CharField(max_length=64)
    in_use = peewee.IntegerField(default=0)

    class Meta:
        primary_key = peewee.CompositeKey("worker", "name")


class BlockWorkerEligible(BaseModel):
    """A worker that passes a masked block's masks and static needs (matched ahead of claims)."""

    block = peewee.ForeignKeyField(Block, on_delete="CASCADE", index=False)
    worker = peewee.ForeignKeyField(Worker, on_delete="CASCADE", index=True)

    class Meta:
        primary_key = peewee.CompositeKey("block", "worker")

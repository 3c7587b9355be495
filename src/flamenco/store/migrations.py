"""Schema migrations: numbered steps, applied in order, each in its own transaction.

A new database gets every step; an existing one only the steps after its recorded version, so
start-up costs one query when nothing is pending.

Each step holds its own SQL, frozen as it was when the step was written: a step must build the
same schema today as on the day it first ran, whatever the models or the scheduler's queries look
like now. Only the few words the two databases spell differently are filled in per dialect.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flamenco.store.db import database, is_postgres, write_transaction

log = logging.getLogger(__name__)

_DIALECTS = {
    "sqlite": {
        "serial": "INTEGER",
        "timestamp": "DATETIME",
        "boolean": "INTEGER",
        "false": "0",
        "true": "1",
        "command_count": "json_array_length(commands)",
    },
    "postgres": {
        "serial": "SERIAL",
        "timestamp": "TIMESTAMP",
        "boolean": "BOOLEAN",
        "false": "FALSE",
        "true": "TRUE",
        "command_count": "json_array_length(CAST(commands AS json))",
    },
}

_SCHEMA_VERSION = (
    'CREATE TABLE IF NOT EXISTS "schema_version"'
    ' ("id" {serial} NOT NULL PRIMARY KEY, "version" INTEGER NOT NULL)'
)

# Version 1: the tables as peewee created them from the models of the time, and the scheduler's
# partial index over runnable tasks in claim order.
_V1 = [
    'CREATE TABLE IF NOT EXISTS "job" ("id" {serial} NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) NOT NULL,'
    ' "name" TEXT NOT NULL, "job_type" VARCHAR(100) NOT NULL, "priority" INTEGER NOT NULL,'
    ' "status" VARCHAR(32) NOT NULL, "activity" TEXT NOT NULL, "settings" TEXT NOT NULL,'
    ' "metadata" TEXT NOT NULL, "created" {timestamp} NOT NULL, "updated" {timestamp} NOT NULL)',
    'CREATE UNIQUE INDEX IF NOT EXISTS "job_uuid" ON "job" ("uuid")',
    'CREATE INDEX IF NOT EXISTS "job_status" ON "job" ("status")',
    'CREATE TABLE IF NOT EXISTS "worker" ("id" {serial} NOT NULL PRIMARY KEY,'
    ' "uuid" VARCHAR(36) NOT NULL, "name" TEXT NOT NULL, "secret_hash" VARCHAR(64) NOT NULL,'
    ' "secret_salt" VARCHAR(32) NOT NULL, "address" TEXT NOT NULL, "platform" TEXT NOT NULL,'
    ' "software" TEXT NOT NULL, "status" VARCHAR(32) NOT NULL, "status_requested" VARCHAR(32) NOT NULL,'
    ' "lazy_status_request" {boolean} NOT NULL, "supported_task_types" TEXT NOT NULL,'
    ' "last_seen" {timestamp}, "created" {timestamp} NOT NULL, "updated" {timestamp} NOT NULL)',
    'CREATE UNIQUE INDEX IF NOT EXISTS "worker_uuid" ON "worker" ("uuid")',
    'CREATE TABLE IF NOT EXISTS "task" ("id" {serial} NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) NOT NULL,'
    ' "job_id" INTEGER NOT NULL, "index_in_job" INTEGER NOT NULL, "name" TEXT NOT NULL,'
    ' "task_type" VARCHAR(100) NOT NULL, "priority" INTEGER NOT NULL, "job_priority" INTEGER NOT NULL,'
    ' "status" VARCHAR(32) NOT NULL, "activity" TEXT NOT NULL, "commands" TEXT NOT NULL,'
    ' "worker_id" INTEGER, "last_touched" {timestamp}, "created" {timestamp} NOT NULL,'
    ' "updated" {timestamp} NOT NULL,'
    ' FOREIGN KEY ("job_id") REFERENCES "job" ("id") ON DELETE CASCADE,'
    ' FOREIGN KEY ("worker_id") REFERENCES "worker" ("id") ON DELETE SET NULL)',
    'CREATE UNIQUE INDEX IF NOT EXISTS "task_uuid" ON "task" ("uuid")',
    'CREATE UNIQUE INDEX IF NOT EXISTS "task_job_id_index_in_job" ON "task" ("job_id", "index_in_job")',
    'CREATE INDEX IF NOT EXISTS "task_job_id_status" ON "task" ("job_id", "status")',
    'CREATE INDEX IF NOT EXISTS "task_worker_id_status" ON "task" ("worker_id", "status")',
    'CREATE TABLE IF NOT EXISTS "task_dependency" ("task_id" INTEGER NOT NULL,'
    ' "depends_on_id" INTEGER NOT NULL, PRIMARY KEY ("task_id", "depends_on_id"),'
    ' FOREIGN KEY ("task_id") REFERENCES "task" ("id") ON DELETE CASCADE,'
    ' FOREIGN KEY ("depends_on_id") REFERENCES "task" ("id") ON DELETE CASCADE)',
    'CREATE INDEX IF NOT EXISTS "task_dependency_depends_on_id" ON "task_dependency" ("depends_on_id")',
    'CREATE TABLE IF NOT EXISTS "task_failure" ("task_id" INTEGER NOT NULL, "worker_id" INTEGER NOT NULL,'
    ' "created" {timestamp} NOT NULL, PRIMARY KEY ("task_id", "worker_id"),'
    ' FOREIGN KEY ("task_id") REFERENCES "task" ("id") ON DELETE CASCADE,'
    ' FOREIGN KEY ("worker_id") REFERENCES "worker" ("id") ON DELETE CASCADE)',
    'CREATE INDEX IF NOT EXISTS "task_failure_worker_id" ON "task_failure" ("worker_id")',
    "CREATE INDEX IF NOT EXISTS task_runnable"
    " ON task (job_priority DESC, priority DESC, job_id, index_in_job)"
    " WHERE status IN ('queued', 'soft-failed')",
    "CREATE INDEX IF NOT EXISTS task_active_touched ON task (last_touched) WHERE status = 'active'",
]

# Version 2: tasks count their unfinished prerequisites (`waiting_on`), and only tasks waiting on
# nothing are in the scheduler's index. Before, every claim checked each candidate's prerequisites,
# so 100,000 tasks waiting behind one unfinished task made every claim walk all 100,000 (3.3 s p99).
# The worker/status index becomes a partial index of active tasks: new (queued) tasks no longer pay
# for an index entry nobody looks up, which was ~1.5 s of storing a 1,000,000-task job.
_V2 = [
    "ALTER TABLE task ADD COLUMN waiting_on INTEGER NOT NULL DEFAULT 0",
    "UPDATE task SET waiting_on = ("
    " SELECT COUNT(*) FROM task_dependency AS dep JOIN task AS prerequisite"
    " ON prerequisite.id = dep.depends_on_id"
    " WHERE dep.task_id = task.id AND prerequisite.status <> 'completed')"
    " WHERE id IN (SELECT task_id FROM task_dependency)",
    "DROP INDEX task_runnable",
    "CREATE INDEX task_runnable ON task (job_priority DESC, priority DESC, job_id, index_in_job)"
    " WHERE status IN ('queued', 'soft-failed') AND waiting_on = 0",
    'DROP INDEX "task_worker_id_status"',
    "CREATE INDEX task_worker_active ON task (worker_id) WHERE status = 'active'",
]

# Version 3: what Flamenco 3.8's API (/api/v3) needs, all of it up front, so the pieces of work that
# bring its features (tags, blocklists, sleep schedules, deletion, steps, last-rendered images) add
# no migrations of their own. Workers: whether they restart by themselves, soft deletion, and 3.8's
# words (`shutdown` is `offline`). Jobs: the submitter's platform, the Shaman checkout to remove with
# the job, a worker tag, step progress, deletion requests. Tasks: step progress, counted as one step
# per command for tasks stored before (a command without a step count reports one step at its end).
# Counting rewrites every task row once, at the first start of this version: measured on 1,000,000
# tasks, SQLite 2.1 s, PostgreSQL 14 s (one UPDATE setting both columns; two UPDATEs took 28 s).
_V3 = [
    'ALTER TABLE "worker" ADD COLUMN "can_restart" {boolean} NOT NULL DEFAULT {false}',
    'ALTER TABLE "worker" ADD COLUMN "deleted_at" {timestamp}',
    "UPDATE worker SET status = 'offline' WHERE status = 'shutdown'",
    "UPDATE worker SET status_requested = 'offline' WHERE status_requested = 'shutdown'",
    'CREATE TABLE "worker_tag" ("id" {serial} NOT NULL PRIMARY KEY, "uuid" VARCHAR(36) NOT NULL,'
    ' "name" VARCHAR(64) NOT NULL, "description" TEXT NOT NULL DEFAULT \'\','
    ' "created" {timestamp} NOT NULL, "updated" {timestamp} NOT NULL)',
    'CREATE UNIQUE INDEX "worker_tag_uuid" ON "worker_tag" ("uuid")',
    'CREATE UNIQUE INDEX "worker_tag_name" ON "worker_tag" ("name")',
    'CREATE TABLE "worker_tag_membership" ("tag_id" INTEGER NOT NULL, "worker_id" INTEGER NOT NULL,'
    ' PRIMARY KEY ("tag_id", "worker_id"),'
    ' FOREIGN KEY ("tag_id") REFERENCES "worker_tag" ("id") ON DELETE CASCADE,'
    ' FOREIGN KEY ("worker_id") REFERENCES "worker" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "worker_tag_membership_worker_id" ON "worker_tag_membership" ("worker_id")',
    'ALTER TABLE "job" ADD COLUMN "submitter_platform" TEXT NOT NULL DEFAULT \'\'',
    'ALTER TABLE "job" ADD COLUMN "storage_shaman_checkout_id" TEXT NOT NULL DEFAULT \'\'',
    'ALTER TABLE "job" ADD COLUMN "worker_tag_id" INTEGER REFERENCES "worker_tag" ("id") ON DELETE SET NULL',
    'ALTER TABLE "job" ADD COLUMN "steps_completed" INTEGER NOT NULL DEFAULT 0',
    'ALTER TABLE "job" ADD COLUMN "steps_total" INTEGER NOT NULL DEFAULT 0',
    'ALTER TABLE "job" ADD COLUMN "delete_requested_at" {timestamp}',
    'CREATE INDEX "job_worker_tag_id" ON "job" ("worker_tag_id") WHERE worker_tag_id IS NOT NULL',
    'CREATE INDEX "job_delete_requested_at" ON "job" ("delete_requested_at")'
    " WHERE delete_requested_at IS NOT NULL",
    'ALTER TABLE "task" ADD COLUMN "steps_completed" INTEGER NOT NULL DEFAULT 0',
    'ALTER TABLE "task" ADD COLUMN "steps_total" INTEGER NOT NULL DEFAULT 0',
    "UPDATE task SET steps_total = {command_count},"
    " steps_completed = CASE WHEN status = 'completed' THEN {command_count} ELSE 0 END",
    "UPDATE job SET"
    " steps_total = (SELECT COALESCE(SUM(steps_total), 0) FROM task WHERE task.job_id = job.id),"
    " steps_completed = (SELECT COALESCE(SUM(steps_completed), 0) FROM task WHERE task.job_id = job.id)",
    'CREATE TABLE "job_block" ("id" {serial} NOT NULL PRIMARY KEY, "job_id" INTEGER NOT NULL,'
    ' "worker_id" INTEGER NOT NULL, "task_type" VARCHAR(100) NOT NULL, "created" {timestamp} NOT NULL,'
    ' FOREIGN KEY ("job_id") REFERENCES "job" ("id") ON DELETE CASCADE,'
    ' FOREIGN KEY ("worker_id") REFERENCES "worker" ("id") ON DELETE CASCADE)',
    'CREATE UNIQUE INDEX "job_block_job_id_worker_id_task_type"'
    ' ON "job_block" ("job_id", "worker_id", "task_type")',
    'CREATE INDEX "job_block_worker_id" ON "job_block" ("worker_id")',
    'CREATE TABLE "sleep_schedule" ("id" {serial} NOT NULL PRIMARY KEY, "worker_id" INTEGER NOT NULL,'
    ' "is_active" {boolean} NOT NULL, "days_of_week" TEXT NOT NULL, "start_time" VARCHAR(5) NOT NULL,'
    ' "end_time" VARCHAR(5) NOT NULL, "next_check" {timestamp}, "created" {timestamp} NOT NULL,'
    ' "updated" {timestamp} NOT NULL,'
    ' FOREIGN KEY ("worker_id") REFERENCES "worker" ("id") ON DELETE CASCADE)',
    'CREATE UNIQUE INDEX "sleep_schedule_worker_id" ON "sleep_schedule" ("worker_id")',
    'CREATE INDEX "sleep_schedule_next_check" ON "sleep_schedule" ("next_check") WHERE is_active = {true}',
    'CREATE TABLE "last_rendered" ("id" INTEGER NOT NULL PRIMARY KEY, "job_id" INTEGER NOT NULL,'
    ' "updated" {timestamp} NOT NULL,'
    ' FOREIGN KEY ("job_id") REFERENCES "job" ("id") ON DELETE CASCADE)',
]

# Version 4: pipeline jobs (Afanasy's job model, docs/design/pipeline-jobs.md §6), all of it up
# front so the pieces of work that bring its features add no migrations of their own. A job has
# blocks (`block`; migration 3's `job_block` is the worker blocklist, a different thing), a block
# has tasks (`task.block_id`, NULL for Flamenco's own jobs, so existing rows are not rewritten).
# Limits are counter columns and rows (`running`, `in_use`) kept in the same transaction as the
# task status changes that move a task into or out of `active`; masks and static needs are
# matched ahead of the claim into `block_worker_eligible`; job-level masks and needs live in
# `job.controls` (JSON), since the claim only reads the job's counters and `not_before`.
_V4 = [
    'CREATE TABLE "block" ("id" {serial} NOT NULL PRIMARY KEY, "job_id" INTEGER NOT NULL,'
    ' "index_in_job" INTEGER NOT NULL, "name" TEXT NOT NULL, "task_type" VARCHAR(100) NOT NULL,'
    " \"parser\" TEXT NOT NULL DEFAULT '', \"tasks_name\" TEXT NOT NULL DEFAULT '',"
    " \"command\" TEXT NOT NULL DEFAULT '', \"working_directory\" TEXT NOT NULL DEFAULT '',"
    " \"files\" TEXT NOT NULL DEFAULT '[]', \"environment\" TEXT NOT NULL DEFAULT '{{}}',"
    ' "flags" INTEGER NOT NULL DEFAULT 0, "frame_first" BIGINT, "frame_last" BIGINT,'
    ' "frames_per_task" INTEGER, "frames_inc" INTEGER, "tasks_count" INTEGER NOT NULL DEFAULT 0,'
    ' "sequential" INTEGER NOT NULL DEFAULT 1, "capacity" INTEGER,'
    ' "max_running" INTEGER, "max_running_per_worker" INTEGER, "running" INTEGER NOT NULL DEFAULT 0,'
    ' "hosts_mask" TEXT, "hosts_mask_exclude" TEXT,'
    ' "hosts_mask_type" VARCHAR(16) NOT NULL DEFAULT \'regex\', "need_os" TEXT, "need_properties" TEXT,'
    ' "need_memory_mb" INTEGER, "need_gpu_mem_mb" INTEGER, "need_cpu_cores" INTEGER,'
    ' "need_hdd_gb" INTEGER, "need_cpu_freq_mhz" INTEGER, "need_power" INTEGER,'
    ' "masked" {boolean} NOT NULL DEFAULT {false}, "depend_mask" TEXT, "tasks_depend_mask" TEXT,'
    ' "blocks_waiting_on" INTEGER NOT NULL DEFAULT 0, "tickets" TEXT NOT NULL DEFAULT \'{{}}\','
    ' "not_before" {timestamp}, "command_post" TEXT,'
    ' "errors_retries" INTEGER, "errors_avoid_host" INTEGER, "errors_task_same_host" INTEGER,'
    ' "errors_forgive_time" INTEGER, "task_max_run_time" INTEGER, "task_min_run_time" INTEGER,'
    ' "task_progress_change_timeout" INTEGER, "settings" TEXT NOT NULL DEFAULT \'{{}}\','
    ' FOREIGN KEY ("job_id") REFERENCES "job" ("id") ON DELETE CASCADE)',
    'CREATE UNIQUE INDEX "block_job_id_index_in_job" ON "block" ("job_id", "index_in_job")',
    'CREATE UNIQUE INDEX "block_job_id_name" ON "block" ("job_id", "name")',
    'ALTER TABLE "task" ADD COLUMN "block_id" INTEGER REFERENCES "block" ("id") ON DELETE CASCADE',
    'ALTER TABLE "task" ADD COLUMN "frame_first" BIGINT',
    'ALTER TABLE "task" ADD COLUMN "frame_last" BIGINT',
    'CREATE INDEX "task_block_id" ON "task" ("block_id", "index_in_job") WHERE block_id IS NOT NULL',
    'ALTER TABLE "job" ADD COLUMN "max_running" INTEGER',
    'ALTER TABLE "job" ADD COLUMN "max_running_per_worker" INTEGER',
    'ALTER TABLE "job" ADD COLUMN "running" INTEGER NOT NULL DEFAULT 0',
    'ALTER TABLE "job" ADD COLUMN "depend_mask" TEXT',
    'ALTER TABLE "job" ADD COLUMN "depend_mask_global" TEXT',
    'ALTER TABLE "job" ADD COLUMN "jobs_waiting_on" INTEGER NOT NULL DEFAULT 0',
    'ALTER TABLE "job" ADD COLUMN "not_before" {timestamp}',
    'ALTER TABLE "job" ADD COLUMN "time_life_s" INTEGER',
    'ALTER TABLE "job" ADD COLUMN "command_post" TEXT',
    'ALTER TABLE "job" ADD COLUMN "user_name" TEXT NOT NULL DEFAULT \'\'',
    'ALTER TABLE "job" ADD COLUMN "host_name" TEXT NOT NULL DEFAULT \'\'',
    'ALTER TABLE "job" ADD COLUMN "controls" TEXT NOT NULL DEFAULT \'{{}}\'',
    'CREATE INDEX "job_depend_masks" ON "job" ("id")'
    " WHERE depend_mask IS NOT NULL OR depend_mask_global IS NOT NULL",
    'CREATE INDEX "job_time_life" ON "job" ("created") WHERE time_life_s IS NOT NULL',
    'CREATE TABLE "block_worker_running" ("block_id" INTEGER NOT NULL, "worker_id" INTEGER NOT NULL,'
    ' "running" INTEGER NOT NULL DEFAULT 0, PRIMARY KEY ("block_id", "worker_id"),'
    ' FOREIGN KEY ("block_id") REFERENCES "block" ("id") ON DELETE CASCADE,'
    ' FOREIGN KEY ("worker_id") REFERENCES "worker" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "block_worker_running_worker_id" ON "block_worker_running" ("worker_id")',
    'CREATE TABLE "job_worker_running" ("job_id" INTEGER NOT NULL, "worker_id" INTEGER NOT NULL,'
    ' "running" INTEGER NOT NULL DEFAULT 0, PRIMARY KEY ("job_id", "worker_id"),'
    ' FOREIGN KEY ("job_id") REFERENCES "job" ("id") ON DELETE CASCADE,'
    ' FOREIGN KEY ("worker_id") REFERENCES "worker" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "job_worker_running_worker_id" ON "job_worker_running" ("worker_id")',
    'CREATE TABLE "ticket" ("name" VARCHAR(64) NOT NULL, "scope" VARCHAR(8) NOT NULL,'
    ' "capacity" INTEGER NOT NULL, "in_use" INTEGER NOT NULL DEFAULT 0, "max_hosts" INTEGER,'
    ' "hosts" INTEGER NOT NULL DEFAULT 0, PRIMARY KEY ("name", "scope"))',
    'CREATE TABLE "worker_ticket_use" ("worker_id" INTEGER NOT NULL, "name" VARCHAR(64) NOT NULL,'
    ' "in_use" INTEGER NOT NULL DEFAULT 0, PRIMARY KEY ("worker_id", "name"),'
    ' FOREIGN KEY ("worker_id") REFERENCES "worker" ("id") ON DELETE CASCADE)',
    'CREATE TABLE "block_worker_eligible" ("block_id" INTEGER NOT NULL, "worker_id" INTEGER NOT NULL,'
    ' PRIMARY KEY ("block_id", "worker_id"),'
    ' FOREIGN KEY ("block_id") REFERENCES "block" ("id") ON DELETE CASCADE,'
    ' FOREIGN KEY ("worker_id") REFERENCES "worker" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "block_worker_eligible_worker_id" ON "block_worker_eligible" ("worker_id")',
    'ALTER TABLE "worker" ADD COLUMN "properties" TEXT NOT NULL DEFAULT \'\'',
    'ALTER TABLE "worker" ADD COLUMN "nimby" {boolean} NOT NULL DEFAULT {false}',
    'ALTER TABLE "worker" ADD COLUMN "cpu_cores" INTEGER',
    'ALTER TABLE "worker" ADD COLUMN "cpu_freq_mhz" INTEGER',
    'ALTER TABLE "worker" ADD COLUMN "mem_total_mb" INTEGER',
    'ALTER TABLE "worker" ADD COLUMN "mem_free_mb" INTEGER',
    'ALTER TABLE "worker" ADD COLUMN "gpu_mem_total_mb" INTEGER',
    'ALTER TABLE "worker" ADD COLUMN "gpu_mem_free_mb" INTEGER',
    'ALTER TABLE "worker" ADD COLUMN "hdd_free_gb" INTEGER',
    'ALTER TABLE "worker" ADD COLUMN "load_avg" REAL',
    'ALTER TABLE "worker" ADD COLUMN "arch" TEXT NOT NULL DEFAULT \'\'',
    'ALTER TABLE "worker" ADD COLUMN "os_release" TEXT NOT NULL DEFAULT \'\'',
    'ALTER TABLE "worker" ADD COLUMN "resources_at" {timestamp}',
]


def _run(statements: list[str]) -> Callable[[], None]:
    def step() -> None:
        words = _DIALECTS["postgres" if is_postgres() else "sqlite"]
        for sql in statements:
            database.execute_sql(sql.format(**words))

    return step


def _initial_schema() -> None:
    _run(_V1)()


def _tasks_count_unfinished_prerequisites() -> None:
    _run(_V2)()
    if is_postgres():
        database.execute_sql("ANALYZE task")


def _flamenco_3_8() -> None:
    _run(_V3)()
    if is_postgres():
        database.execute_sql("ANALYZE job")


def _pipeline_jobs() -> None:
    _run(_V4)()


MIGRATIONS: list[Callable[[], None]] = [
    _initial_schema,
    _tasks_count_unfinished_prerequisites,
    _flamenco_3_8,
    _pipeline_jobs,
]


def current_version() -> int:
    if not database.table_exists("schema_version"):
        return 0
    row = database.execute_sql("SELECT MAX(version) FROM schema_version").fetchone()
    return (row[0] if row else None) or 0


def _lock() -> None:
    if is_postgres():
        database.execute_sql("SELECT pg_advisory_xact_lock(7260221)")  # arbitrary, fixed key


def migrate() -> int:
    """Bring the schema up to date; returns the version it is at."""
    with write_transaction():
        _lock()
        _run([_SCHEMA_VERSION])()
    if current_version() >= len(MIGRATIONS):
        return len(MIGRATIONS)
    with write_transaction():  # re-read inside: several server processes may start at once
        _lock()
        version = current_version()
        for number, step in enumerate(MIGRATIONS[version:], start=version + 1):
            log.info("applying database migration %d (%s)", number, step.__name__)
            step()
            database.execute_sql(f"INSERT INTO schema_version (version) VALUES ({int(number)})")
    return len(MIGRATIONS)

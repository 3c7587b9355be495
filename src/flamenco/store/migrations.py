"""Schema migrations: numbered steps, applied in order, each in its own transaction.

A new database gets every step; an existing one only the steps after its recorded version, so
start-up costs one query when nothing is pending.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import peewee

from flamenco.store import models
from flamenco.store.db import database, is_postgres, write_transaction
from flamenco.store.tasks import RUNNABLE_SQL

log = logging.getLogger(__name__)


def _initial_schema() -> None:
    database.create_tables(models.ALL_MODELS[1:], safe=True)
    # The scheduler's claim walks runnable tasks in exactly this order and stops at the first one
    # that qualifies. The partial index holds only runnable tasks, so finished (or paused) work
    # never slows a claim down, however much of it there is.
    database.execute_sql(
        "CREATE INDEX IF NOT EXISTS task_runnable"
        " ON task (job_priority DESC, priority DESC, job_id, index_in_job)"
        f" WHERE {RUNNABLE_SQL}"
    )
    database.execute_sql(
        "CREATE INDEX IF NOT EXISTS task_active_touched ON task (last_touched) WHERE status = 'active'"
    )


MIGRATIONS: list[Callable[[], None]] = [_initial_schema]


def current_version() -> int:
    if not database.table_exists(models.SchemaVersion._meta.table_name):
        return 0
    row = models.SchemaVersion.select(peewee.fn.MAX(models.SchemaVersion.version)).scalar()
    return row or 0


def migrate() -> int:
    """Bring the schema up to date; returns the version it is at."""
    with write_transaction():
        if is_postgres():
            database.execute_sql("SELECT pg_advisory_xact_lock(7260221)")
        database.create_tables([models.SchemaVersion], safe=True)
    if current_version() >= len(MIGRATIONS):
        return len(MIGRATIONS)
    with write_transaction():  # re-read inside: several server processes may start at once
        if is_postgres():
            database.execute_sql("SELECT pg_advisory_xact_lock(7260221)")  # arbitrary, fixed key
        version = current_version()
        for number, step in enumerate(MIGRATIONS[version:], start=version + 1):
            log.info("applying database migration %d (%s)", number, step.__name__)
            step()
            models.SchemaVersion.create(version=number)
    return len(MIGRATIONS)

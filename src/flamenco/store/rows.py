"""Database rows → the store's records: the one mapping per record type.

Every read and every write that hands a record out goes through here: hand-written SELECTs, the
``RETURNING`` of UPDATEs, and composed peewee queries (executed for raw rows). Each record type has
one column list, used both to select and to return, and one function turning such a row into the
record, so a new column is added in exactly one place.

Why hand-written SQL at all: building a query with peewee costs a few hundred microseconds of
Python each time, far more than the database needs to run these primary-key lookups; on the
dispatch hot path that was most of the Manager's CPU. The statements are written once, in the one
dialect both databases share (only the parameter marker differs).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import peewee

from flamenco.store.db import database, is_postgres
from flamenco.store.models import Job, Task, WorkerTag
from flamenco.store.records import JobInfo, TaskInfo, TaskWorkerInfo, WorkerInfo

# A task with its job's UUID and its worker's identity, for SELECTs (aliases t, j, w) ...
_TASK_COLUMNS = (
    "t.id, t.uuid, t.job_id, j.uuid, t.index_in_job, t.name, t.task_type, t.priority, t.status,"
    " t.activity, t.commands, t.worker_id, w.uuid, w.name, w.address, t.last_touched, t.created, t.updated,"
    " t.steps_completed, t.steps_total, t.block_id"
)
TASK_SELECT = (
    f"SELECT {_TASK_COLUMNS} FROM task AS t JOIN job AS j ON j.id = t.job_id"
    " LEFT JOIN worker AS w ON w.id = t.worker_id"
)
# ... and the same columns for an UPDATE of `task` to return (a RETURNING clause cannot join).
TASK_RETURNING = (
    "id, uuid, job_id, (SELECT uuid FROM job WHERE job.id = task.job_id), index_in_job, name, task_type,"
    " priority, status, activity, commands, worker_id,"
    " (SELECT uuid FROM worker WHERE worker.id = task.worker_id),"
    " (SELECT name FROM worker WHERE worker.id = task.worker_id),"
    " (SELECT address FROM worker WHERE worker.id = task.worker_id),"
    " last_touched, created, updated, steps_completed, steps_total, block_id"
)
JOB_COLUMNS = (
    "id, uuid, name, job_type, priority, status, activity, settings, metadata, created, updated,"
    " submitter_platform, storage_shaman_checkout_id,"
    " (SELECT uuid FROM worker_tag WHERE worker_tag.id = job.worker_tag_id),"
    " steps_completed, steps_total, delete_requested_at"
)
JOB_SELECT = f"SELECT {JOB_COLUMNS} FROM job"
# The same columns for composed peewee queries (which alias the table, so the tag is a subquery).
JOB_FIELDS = [
    *(getattr(Job, name.strip()) for name in JOB_COLUMNS.split("(")[0].split(",") if name.strip()),
    WorkerTag.select(WorkerTag.uuid).where(WorkerTag.id == Job.worker_tag),
    Job.steps_completed,
    Job.steps_total,
    Job.delete_requested_at,
]
WORKER_COLUMNS = (
    "id, uuid, name, address, platform, software, status, status_requested, lazy_status_request,"
    " supported_task_types, last_seen, created, updated, can_restart, deleted_at"
)
WORKER_SELECT = f"SELECT {WORKER_COLUMNS} FROM worker"

_when = Task.created.python_value
_json = Task.commands.python_value


@functools.lru_cache(maxsize=256)
def _dialect(sql: str, postgres: bool) -> str:
    return sql.replace("?", "%s") if postgres else sql


def execute(sql: str, params: Sequence[Any] = ()) -> Any:
    """Run SQL written with ``?`` markers on whichever database is bound.

    Straight on the connection's cursor rather than through peewee's ``execute_sql``, which logs,
    times for query hooks (none here) and wraps every call in its exception translator: measured
    at half the time of a one-row SELECT on SQLite (56 against 27 us), for the dozen statements of
    each task's assignment and completion. Errors are still translated into peewee's exceptions
    (`peewee.IntegrityError`, `peewee.OperationalError`), which callers catch.
    """
    db = database.obj
    try:
        cursor = db.connection().cursor()
        cursor.execute(_dialect(sql, isinstance(db, peewee.PostgresqlDatabase)), list(params))
    except Exception:
        with peewee.__exception_wrapper__:
            raise
    return cursor


def raw(query: peewee.Query) -> list[tuple[Any, ...]]:
    """The raw rows of a composed peewee query (no field conversion: the mappers here do that)."""
    return database.execute(query).fetchall()


def task_info(row: Sequence[Any]) -> TaskInfo:
    worker = TaskWorkerInfo(row[12], row[13], row[14]) if row[11] is not None else None
    return TaskInfo(
        id=row[0],
        uuid=row[1],
        job_id=row[2],
        job_uuid=row[3],
        index_in_job=row[4],
        name=row[5],
        task_type=row[6],
        priority=row[7],
        status=row[8],
        activity=row[9],
        commands=_json(row[10]),
        worker_id=row[11],
        worker=worker,
        last_touched=_when(row[15]),
        created=_when(row[16]),
        updated=_when(row[17]),
        steps_completed=row[18],
        steps_total=row[19],
        block_id=row[20],
    )


def job_info(row: Sequence[Any]) -> JobInfo:
    return JobInfo(
        id=row[0],
        uuid=row[1],
        name=row[2],
        job_type=row[3],
        priority=row[4],
        status=row[5],
        activity=row[6],
        settings=Job.settings.python_value(row[7]),
        metadata=Job.metadata.python_value(row[8]),
        created=_when(row[9]),
        updated=_when(row[10]),
        submitter_platform=row[11],
        shaman_checkout_id=row[12],
        worker_tag_uuid=row[13],
        steps_completed=row[14],
        steps_total=row[15],
        delete_requested_at=_when(row[16]),
    )


def worker_info(row: Sequence[Any]) -> WorkerInfo:
    return WorkerInfo(
        id=row[0],
        uuid=row[1],
        name=row[2],
        address=row[3],
        platform=row[4],
        software=row[5],
        status=row[6],
        status_requested=row[7],
        lazy_status_request=bool(row[8]),
        task_types=[t for t in row[9].split(",") if t],
        last_seen=_when(row[10]),
        created=_when(row[11]),
        updated=_when(row[12]),
        can_restart=bool(row[13]),
        deleted_at=_when(row[14]),
    )


def tasks(where: str, params: Sequence[Any] = (), order: str = "") -> list[TaskInfo]:
    return [task_info(row) for row in execute(f"{TASK_SELECT} WHERE {where} {order}", params).fetchall()]


def one_task(where: str, params: Sequence[Any], *, for_update: bool = False) -> TaskInfo | None:
    lock = " FOR UPDATE OF t" if for_update and is_postgres() else ""
    row = execute(f"{TASK_SELECT} WHERE {where} LIMIT 1{lock}", params).fetchone()
    return task_info(row) if row else None


def update_task(assignments: str, where: str, params: Sequence[Any]) -> TaskInfo | None:
    """``UPDATE task SET assignments WHERE where``, returning the task as it is now."""
    row = execute(
        f"UPDATE task SET {assignments} WHERE {where} RETURNING {TASK_RETURNING}", params
    ).fetchone()
    return task_info(row) if row else None


def one_job(where: str, params: Sequence[Any], *, for_update: bool = False) -> JobInfo | None:
    lock = " FOR UPDATE" if for_update and is_postgres() else ""
    row = execute(f"{JOB_SELECT} WHERE {where}{lock}", params).fetchone()
    return job_info(row) if row else None


def update_job(assignments: str, where: str, params: Sequence[Any]) -> JobInfo | None:
    row = execute(f"UPDATE job SET {assignments} WHERE {where} RETURNING {JOB_COLUMNS}", params).fetchone()
    return job_info(row) if row else None


def one_worker(where: str, params: Sequence[Any], *, for_update: bool = False) -> WorkerInfo | None:
    lock = " FOR UPDATE" if for_update and is_postgres() else ""
    row = execute(f"{WORKER_SELECT} WHERE {where}{lock}", params).fetchone()
    return worker_info(row) if row else None


def update_worker(assignments: str, where: str, params: Sequence[Any]) -> WorkerInfo | None:
    sql = f"UPDATE worker SET {assignments} WHERE {where} RETURNING {WORKER_COLUMNS}"
    row = execute(sql, params).fetchone()
    return worker_info(row) if row else None


def stamp(moment: datetime | None) -> Any:
    """A datetime as the database column wants it (peewee's own conversion)."""
    return Task.updated.db_value(moment)

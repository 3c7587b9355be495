"""Job queries: storing jobs and their tasks as they compile, fetching, filtering."""

from __future__ import annotations

import concurrent.futures
import csv
import io
import itertools
import os
import time
import uuid as uuidlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import peewee

from flamenco.errors import BadRequest, NotFound
from flamenco.jobtypes import AuthoredTask
from flamenco.store import rows
from flamenco.store.db import database, is_postgres, write_transaction
from flamenco.store.life import SYSTEM_JOB_TYPE
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
    submitter_platform: str = "",
    shaman_checkout_id: str = "",
    worker_tag_id: int | None = None,
) -> JobInfo:
    """Store a job without tasks yet (:class:`TaskWriter` adds them); callers hold one transaction."""
    sql = (
        "INSERT INTO job (uuid, name, job_type, priority, status, activity, settings, metadata, created,"
        " updated, submitter_platform, storage_shaman_checkout_id, worker_tag_id)"
        f" VALUES (?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?) RETURNING {rows.JOB_COLUMNS}"
    )
    stamp = rows.stamp(now)
    params = [str(uuidlib.uuid4()), name, job_type, priority, status, _json(settings), _json(metadata)]
    extra = [submitter_platform, shaman_checkout_id, worker_tag_id]
    return rows.job_info(rows.execute(sql, [*params, stamp, stamp, *extra]).fetchone())


def set_settings(job_id: int, settings: dict[str, Any], steps_total: int = 0) -> JobInfo:
    """The settings as compiled (a job type may change them) and the steps of all the job's tasks."""
    job = rows.update_job("settings = ?, steps_total = ?", "id = ?", [_json(settings), steps_total, job_id])
    assert job is not None, f"job {job_id} vanished"
    return job


def set_submitter(job_id: int, user_name: str, host_name: str) -> None:
    """Who submitted a pipeline job, from where (Afanasy's `user_name`/`host_name`)."""
    rows.execute("UPDATE job SET user_name = ?, host_name = ? WHERE id = ?", [user_name, host_name, job_id])


class TaskWriter:
    """Stores a job's tasks a batch at a time as its job type adds them (a `jobtypes.TaskSink`).

    Use it as a context manager inside the transaction that stores the job; leaving the ``with``
    waits until the last batch is written.

    Measured on 1,000,000-task jobs (2 cores): peewee's per-value INSERT building took longer than
    the database, so rows are written with ``executemany`` (SQLite) and ``COPY`` (PostgreSQL);
    binding a value costs ~0.3 µs, so what every task of the job shares is written into the
    statement once instead of bound per row; task UUIDs are time-ordered (UUIDv7), so their unique
    index grows at its end instead of at a random page per row (10 s instead of 14 s on SQLite).

    On PostgreSQL each batch is copied by a background thread, on this transaction's connection,
    while the job type authors the next batch: the server's work (~11 µs a row, 40 % of it
    checking the foreign keys) then overlaps with the Python that compiles, and so does reserving
    the next batch's ids. SQLite gains nothing from that: its inserts need Python's
    global lock for every row, and handing it back and forth made storing 20 % slower.
    """

    def __init__(self, job: JobInfo, now: datetime, status: str = "queued") -> None:
        """``status``: what the tasks start as, `queued`, or `paused` for a job submitted paused."""
        assert status in ("queued", "paused"), status  # written into the statement below
        self.job = job
        self.count = 0
        self.steps_total = 0  # of all tasks written: the job's
        self._postgres = is_postgres()
        self._connection = database.connection()  # this transaction's
        self._next_id: int | None = None  # SQLite
        self._spare_ids: list[int] = []  # PostgreSQL: reserved while the last batch was copied
        self._sequence: str | None = None  # PostgreSQL: the task ids' sequence, as an SQL literal
        self._pending: concurrent.futures.Future[None] | None = None
        self._thread: concurrent.futures.ThreadPoolExecutor | None = None
        self._status = status
        self._stamp = stamp = str(rows.stamp(now))
        self._block_id: int | None = None  # pipeline jobs: the block the next tasks belong to
        self._extra_waiting = 0
        if self._postgres:
            # COPY takes no constants: they end every CSV line instead (after the varying columns).
            self._copy_tasks = (
                "COPY task (id, uuid, index_in_job, name, task_type, priority, waiting_on, commands,"
                " steps_total, job_id, job_priority, status, activity, created, updated)"
                " FROM STDIN WITH (FORMAT csv)"
            )
            self._line_end = f',{int(job.id)},{int(job.priority)},"{status}","","{stamp}","{stamp}"\n'
        else:
            self._insert = (
                "INSERT INTO task (id, uuid, index_in_job, name, task_type, priority, waiting_on, commands,"
                " steps_total, job_id, job_priority, status, activity, created, updated)"
                f" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, {int(job.id)}, {int(job.priority)}, '{status}', '',"
                f" {_sql_text(stamp)}, {_sql_text(stamp)})"
            )

    def set_block(self, block_id: int, extra_waiting: int = 0) -> None:
        """Write the next tasks (given with their frames) as tasks of a pipeline block.

        ``extra_waiting`` is added to each task's ``waiting_on``: 1 while the block waits for whole
        blocks (`flamenco.store.blocks`). The block's columns are written only for such tasks, so
        a Flamenco job binds no more values per row than before.
        """
        self.flush()  # the previous batch was copied with the previous block's statement
        self._block_id, self._extra_waiting = int(block_id), int(extra_waiting)
        columns = (
            "id, uuid, index_in_job, name, task_type, priority, waiting_on, commands, steps_total,"
            " frame_first, frame_last, job_id, job_priority, status, activity, created, updated, block_id"
        )
        job, status, stamp = self.job, self._status, self._stamp
        if self._postgres:
            self._copy_tasks = f"COPY task ({columns}) FROM STDIN WITH (FORMAT csv)"
            self._line_end = (
                f',{int(job.id)},{int(job.priority)},"{status}","","{stamp}","{stamp}",{self._block_id}\n'
            )
        else:
            self._insert = (
                f"INSERT INTO task ({columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, {int(job.id)},"
                f" {int(job.priority)}, '{status}', '', {_sql_text(stamp)}, {_sql_text(stamp)},"
                f" {self._block_id})"
            )

    def flush(self) -> None:
        """Wait until the batches given so far are written: before using this transaction's
        connection for anything else (PostgreSQL copies them on it from a background thread)."""
        self._wait()

    def __enter__(self) -> TaskWriter:
        return self

    def __exit__(self, exc_type: object, *_exc: object) -> None:
        try:
            self._wait()  # always: the transaction may only end once nothing uses its connection
        except BaseException:
            if exc_type is None:
                raise
        finally:
            if self._thread is not None:
                self._thread.shutdown()

    def write(
        self,
        tasks: Sequence[AuthoredTask],
        commands: Sequence[str],
        frames: Sequence[tuple[int, int]] | None = None,
    ) -> list[int]:
        """Store a batch; ``frames`` (first, last) per task after :meth:`set_block` only."""
        assert (frames is None) == (self._block_id is None), "frames go with set_block()"
        count = len(tasks)
        if not self._postgres:
            ids = self._sqlite_ids(count)
            task_rows, dependency_rows = self._rows(tasks, commands, ids, frames)
            self._connection.executemany(self._insert, task_rows)
            sql = "INSERT INTO task_dependency (task_id, depends_on_id) VALUES (?, ?)"
            self._connection.executemany(sql, dependency_rows)
            self.count += count
            return ids
        self._wait()  # the previous batch is in (or its failure surfaces here)
        ids, self._spare_ids = self._spare_ids[:count], self._spare_ids[count:]
        if len(ids) < count:
            ids += self._reserve_ids(count - len(ids))
        task_rows, dependency_rows = self._rows(tasks, commands, ids, frames)
        self.count += count
        # The CSV text is made here, not in the background thread: that thread then needs Python's
        # lock hardly at all, and takes no turns from the compiling job type.
        task_csv = _csv(task_rows, self._line_end)
        # In pieces: the last task of a render job has a million dependencies; as one text (held
        # four bytes a character while written) they took ~150 MB.
        dependency_csv = [_csv(piece, "\n") for piece in _pieces(dependency_rows, 50_000)]
        if self._thread is None:
            self._thread = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="task-writer")
        self._pending = self._thread.submit(self._copy_batch, task_csv, dependency_csv, count)
        return ids

    def _rows(
        self,
        tasks: Sequence[AuthoredTask],
        commands: Sequence[str],
        ids: list[int],
        frames: Sequence[tuple[int, int]] | None = None,
    ) -> tuple[list[tuple[Any, ...]], Iterator[tuple[int, int]]]:
        """The batch's task rows, and its dependency rows as they are consumed (a render job's
        last task alone depends on a million others: two million tuples held at once otherwise)."""
        waiting = [len(task.depends_on) for task in tasks]
        dependencies = any(waiting)
        if self._extra_waiting:
            waiting = [count + self._extra_waiting for count in waiting]
        # One step per command (Flamenco 3.8 counts max(1, the command's own step count); commands
        # authored here declare none, so each is one step, reported when it finishes).
        steps = [len(task.commands) for task in tasks]
        self.steps_total += sum(steps)
        task_rows = list(
            zip(
                ids,
                time_ordered_uuids(len(tasks)),
                range(self.count + 1, self.count + 1 + len(tasks)),
                [task.name for task in tasks],
                [task.task_type for task in tasks],
                [task.priority for task in tasks],
                waiting,
                commands,
                steps,
                strict=True,
            )
        )
        if frames is not None:
            task_rows = [(*row, first, last) for row, (first, last) in zip(task_rows, frames, strict=True)]
        return task_rows, _dependency_rows(tasks, ids) if dependencies else iter(())

    def _wait(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    def _sqlite_ids(self, count: int) -> list[int]:
        """Row ids for the next tasks, so dependencies can be written without reading rows back."""
        if self._next_id is None:
            # Inside the write transaction (BEGIN IMMEDIATE) nobody else inserts tasks: these are
            # the ids SQLite itself would pick next.
            (last,) = self._connection.execute("SELECT COALESCE(MAX(id), 0) FROM task").fetchone()
            self._next_id = last + 1
        first, self._next_id = self._next_id, self._next_id + count
        return list(range(first, first + count))

    def _reserve_ids(self, count: int) -> list[int]:
        """PostgreSQL: ``count`` ids from the task table's own sequence (safe beside other writers).

        The sequence is named once: looking it up in every call of ``nextval`` cost 3 µs an id.
        """
        with self._connection.cursor() as cursor:
            if self._sequence is None:
                cursor.execute("SELECT pg_get_serial_sequence('task', 'id')")
                self._sequence = _sql_text(cursor.fetchone()[0])
            cursor.execute(f"SELECT nextval({self._sequence}::regclass) FROM generate_series(1, %s)", [count])
            return [row[0] for row in cursor.fetchall()]

    def _copy_batch(self, task_csv: io.StringIO, dependency_csv: list[io.StringIO], next_count: int) -> None:
        """In the background thread: copy one batch in, then reserve ids for one more like it."""
        with self._connection.cursor() as cursor:
            _copy(cursor, self._copy_tasks, task_csv)
            for piece in dependency_csv:
                _copy(
                    cursor,
                    "COPY task_dependency (task_id, depends_on_id) FROM STDIN WITH (FORMAT csv)",
                    piece,
                )
        self._spare_ids = self._reserve_ids(next_count)  # unused ones after the last batch: a gap


def _dependency_rows(tasks: Sequence[AuthoredTask], ids: list[int]) -> Iterator[tuple[int, int]]:
    here = {id(task): task_id for task, task_id in zip(tasks, ids, strict=True)}
    for task, task_id in zip(tasks, ids, strict=True):
        for prerequisite in task.depends_on:
            yield task_id, here.get(id(prerequisite)) or prerequisite.stored_id


def _pieces(values: Iterator[tuple[int, int]], size: int) -> Iterator[list[tuple[int, int]]]:
    while piece := list(itertools.islice(values, size)):
        yield piece


def _csv(values: Iterable[tuple[Any, ...]], line_end: str) -> io.StringIO:
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator=line_end).writerows(values)
    return buffer


def _copy(cursor: Any, copy: str, buffer: io.StringIO) -> None:
    """COPY the buffer's text in one piece: read in 8 KB pieces (the default), each piece needs
    Python's lock back from the compiling thread, which held up the copy for most of its time."""
    size = buffer.tell()
    if not size:
        return
    buffer.seek(0)
    cursor.copy_expert(copy, buffer, size=size)


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
    here end in a 32-bit counter, so one job's task UUIDs sort in the order they are stored."""
    millis = time.time_ns() // 1_000_000 & ((1 << 48) - 1)
    random_bits = int.from_bytes(os.urandom(8), "big")  # 12 bits rand_a, 30 bits of rand_b
    rand_a, rand_b = random_bits >> 52, random_bits & ((1 << 30) - 1)
    first = millis << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b << 32
    text = f"{first:032x}"
    prefix = f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:24]}"
    return [f"{prefix}{number:08x}" for number in range(count)]


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


def status_of(job_id: int) -> str:
    """Only the job's status: what the hot path asks of a job most (no settings or metadata to parse)."""
    row = rows.execute("SELECT status FROM job WHERE id = ?", [job_id]).fetchone()
    assert row is not None, f"job {job_id} vanished"
    return row[0]


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


def set_worker_tag(job_id: int, tag_id: int | None, now: datetime) -> JobInfo:
    """Limit the job to one worker tag's members (None: any worker may run it)."""
    job = rows.update_job("worker_tag_id = ?, updated = ?", "id = ?", [tag_id, rows.stamp(now), job_id])
    assert job is not None, f"job {job_id} vanished"
    return job


def jobs_with_tag(tag_uuid: str) -> list[int]:
    sql = (
        "SELECT job.id FROM job JOIN worker_tag ON worker_tag.id = job.worker_tag_id"
        " WHERE worker_tag.uuid = ?"
    )
    return [job_id for (job_id,) in rows.execute(sql, [tag_uuid]).fetchall()]


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
    # The pipeline system job (post commands of deleted jobs) is listed only when asked for.
    include_system: bool = False


def query_jobs(query: JobQuery) -> tuple[list[JobInfo], int]:
    """The page of jobs the query asks for, and how many jobs match it in all."""
    select = Job.select()
    if not query.include_system:
        select = select.where(Job.job_type != SYSTEM_JOB_TYPE)
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


def add_steps_completed(job_id: int, delta: int) -> None:
    """Move the job's completed-step count by what one of its tasks reported.

    SQLite's way, in the task's transaction. PostgreSQL gathers the deltas of many reports into
    one write instead (`flamenco.scheduler.job_steps`): a worker's update locks only its task
    (see `flamenco.scheduler.state_machine`), and reports on one job's tasks would queue on the
    job row here. Called inside a transaction, it joins it as a plain statement: a nested
    `write_transaction` would wrap the one statement in a savepoint (two more statements, measured
    at a twentieth of a dispatch cycle's CPU).
    """
    if not delta:
        return
    sql = "UPDATE job SET steps_completed = steps_completed + ? WHERE id = ?"
    if database.in_transaction():
        rows.execute(sql, [delta, job_id])
        return
    with write_transaction():
        rows.execute(sql, [delta, job_id])

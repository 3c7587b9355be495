"""Database connections: SQLite (embedded default) or PostgreSQL, through one peewee proxy.

Why a process-wide write lock on SQLite: SQLite has one writer at a time anyway, and its busy
handler waits by sleeping in growing steps (up to 100 ms), so threads of one process that contend
for the write lock lose far more time than if they simply queue on a Python lock. Writers in other
processes still meet SQLite's busy timeout. On PostgreSQL the lock is not taken: row locks and
``FOR UPDATE SKIP LOCKED`` do the job, across processes too.

Why the proxy is a module attribute rather than a handle passed around: peewee's models name their
database in their class (`flamenco.store.models.BaseModel`), so the binding is process-wide by
peewee's design. A process serves one Manager (gunicorn forks whole processes); tests bind each
test's database in turn.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import peewee
from playhouse.db_url import connect

database = peewee.DatabaseProxy()
_write_lock = threading.RLock()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": "normal",
    "foreign_keys": 1,
    "busy_timeout": 20000,
    "cache_size": -32000,
}


def open_database(url_or_path: str) -> peewee.Database:
    """Open (without connecting) the database named by a URL or an SQLite file path.

    SQLite connections may be handed to another thread (``check_same_thread=False``): peewee still
    gives each thread its own, and the one hand-over (`store.jobs.TaskWriter` writing a batch of a
    huge job while the job type compiles the next) never uses a connection from two threads at once.
    """
    if "://" not in url_or_path:
        path = Path(url_or_path)
        if path.parent != Path():
            path.parent.mkdir(parents=True, exist_ok=True)
        return _with_functions(
            peewee.SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, timeout=20, check_same_thread=False)
        )
    if url_or_path.startswith("sqlite"):
        return _with_functions(
            connect(url_or_path, pragmas=SQLITE_PRAGMAS, timeout=20, check_same_thread=False)
        )
    if url_or_path.startswith("postgres"):
        url_or_path = url_or_path.replace("postgres://", "postgresql://", 1)
    return connect(url_or_path)


def _with_functions(db: peewee.SqliteDatabase) -> peewee.SqliteDatabase:
    """SQL functions SQLite lacks: ``casefold`` (its ``lower`` only folds ASCII letters)."""
    db.register_function(lambda text: text.casefold() if isinstance(text, str) else text, "casefold", 1)
    return db


def bind(db: peewee.Database) -> None:
    database.initialize(db)


def is_postgres() -> bool:
    return isinstance(database.obj, peewee.PostgresqlDatabase)


@contextmanager
def write_transaction() -> Iterator[None]:
    """A transaction that will write: ``BEGIN IMMEDIATE`` on SQLite, so a read followed by a
    write cannot fail with "database is locked" halfway (DEFERRED transactions do)."""
    if is_postgres():
        with database.atomic():
            yield
        return
    with _write_lock:
        if database.in_transaction():
            with database.atomic():
                yield
        else:
            with database.atomic(lock_type="IMMEDIATE"):
                yield


@contextmanager
def write_lock() -> Iterator[None]:
    """Serialise a single writing statement with the other writers of this process (SQLite)."""
    if is_postgres():
        yield
        return
    with _write_lock:
        yield


def defer_checkpoints() -> None:
    """Leave this thread's WAL checkpoints to :func:`checkpoint` (SQLite; nothing on PostgreSQL).

    SQLite copies its write-ahead log back into the database file in whichever commit crosses
    1,000 pages, and that commit then waits for the copy and an fsync. On the thread that runs the
    worker protocol's transactions (`flamenco.store.executor`) that stalled every worker's request
    behind it; the background checkpoint (`flamenco.background`) does the copying instead.
    """
    if not is_postgres():
        database.execute_sql("PRAGMA wal_autocheckpoint = 0")


def checkpoint() -> None:
    """Copy what the WAL holds into the database file, without waiting for readers or writers
    (``PASSIVE``: what a reader still needs stays for the next time)."""
    if not is_postgres():
        database.execute_sql("PRAGMA wal_checkpoint(PASSIVE)")

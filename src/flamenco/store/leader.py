"""Which server process does the farm-wide chores (timeout sweeps, Shaman garbage collection).

Every server process runs the same periodic loops. Without an election, N gunicorn processes each
sweep the whole farm for silent workers and tasks, and each walks Shaman's file store: N times the
work, and N processes racing to time out the same task. One process leads, for as long as it lives:

* PostgreSQL: a session-level advisory lock (``pg_try_advisory_lock``), held on a connection of
  its own so that it outlives the request connections' transactions; the server releases it when
  that connection or its process dies.
* SQLite: an exclusive ``flock`` on a file beside the database; the kernel releases it when the
  process dies.

The others try again each time a chore comes due, so another process takes over within one period.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import threading
from typing import Any

import peewee

from flamenco.store.db import database

log = logging.getLogger(__name__)

# Arbitrary, fixed; the migration lock uses 7260221.
ADVISORY_KEY = 7260222


class Leadership:
    """The lease of the process that does the chores, for the database bound in `flamenco.store.db`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._database: peewee.Database | None = None  # the database the lease is for
        self._handle: Any = None  # a psycopg2 connection, or an open lock file

    def held(self) -> bool:
        """Whether this process leads; tries to become leader when it does not (yet)."""
        with self._lock:
            if self._database is not database.obj:
                self._release()  # another database was bound since (tests, a restarted app)
                self._database = database.obj
            if self._handle is not None and self._still_held():
                return True
            self._handle = self._acquire()
            if self._handle is not None:
                log.info("this process (pid %d) now does the farm's periodic chores", os.getpid())
            return self._handle is not None

    def release(self) -> None:
        with self._lock:
            self._release()
            self._database = None

    def _acquire(self) -> Any:
        db = self._database
        if isinstance(db, peewee.PostgresqlDatabase):
            connection = db._connect()  # a connection of its own, outside peewee's per-thread ones
            try:
                connection.autocommit = True
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_KEY])
                    if cursor.fetchone()[0]:
                        return connection
            except Exception:
                connection.close()
                raise
            connection.close()
            return None
        if isinstance(db, peewee.SqliteDatabase) and db.database not in ("", ":memory:"):
            handle = open(f"{db.database}.leader", "a+b")  # noqa: SIM115 - held for the process's life
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                return None
            return handle
        return True  # an in-memory database belongs to this process alone

    def _still_held(self) -> bool:
        """A PostgreSQL lease is lost with its connection (server restart, network): notice that."""
        if not isinstance(self._database, peewee.PostgresqlDatabase):
            return True
        try:
            with self._handle.cursor() as cursor:
                cursor.execute("SELECT 1")
            return True
        except Exception:
            log.warning("lost the connection that held the chores lease; electing again")
            self._release()
            return False

    def _release(self) -> None:
        handle, self._handle = self._handle, None
        if handle is None or handle is True:
            return
        with contextlib.suppress(Exception):
            handle.close()  # closing ends the PostgreSQL session (and its lock) or drops the flock


leadership = Leadership()

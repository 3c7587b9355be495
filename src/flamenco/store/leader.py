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
        self._connection: Any = None  # PostgreSQL: its own connection, kept between attempts
        self._lock_file: Any = None  # SQLite: the open, locked file
        self._held = False

    def held(self) -> bool:
        """Whether this process leads; tries to become leader when it does not (yet).

        Never raises: a database that cannot be reached means not leading, for now.
        """
        with self._lock:
            if self._database is not database.obj:
                self._release()  # another database was bound since (tests, a restarted app)
                self._database = database.obj
            try:
                was = self._held
                self._held = self._check_or_take()
            except Exception:
                log.warning("could not reach the database to elect the chores process", exc_info=True)
                self._release()
                return False
            if self._held and not was:
                log.info("this process (pid %d) now does the farm's periodic chores", os.getpid())
            return self._held

    def release(self) -> None:
        with self._lock:
            self._release()
            self._database = None

    def _check_or_take(self) -> bool:
        db = self._database
        if isinstance(db, peewee.PostgresqlDatabase):
            if self._connection is None:
                self._connection = db._connect()  # its own, outside peewee's per-thread ones
                self._connection.autocommit = True
            with self._connection.cursor() as cursor:
                if self._held:
                    cursor.execute("SELECT 1")  # the lease lives as long as this connection
                    return True
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_KEY])
                return bool(cursor.fetchone()[0])
        if isinstance(db, peewee.SqliteDatabase) and db.database not in ("", ":memory:"):
            if self._lock_file is None:
                self._lock_file = open(f"{db.database}.leader", "a+b")  # noqa: SIM115 - held for life
            if not self._held:
                try:
                    fcntl.flock(self._lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    return False
            return True
        return True  # an in-memory database belongs to this process alone

    def _release(self) -> None:
        """Give the lease up: closing the connection ends the session and its lock; closing the
        file drops the flock."""
        self._held = False
        for handle in (self._connection, self._lock_file):
            if handle is not None:
                with contextlib.suppress(Exception):
                    handle.close()
        self._connection = self._lock_file = None


leadership = Leadership()

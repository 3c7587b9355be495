"""Task updates on their way to the Manager: an on-disk queue and the thread that empties it.

Every task update (status, activity, log chunk) is first written to a small SQLite file and only
then sent. A Manager that is down, restarting or overloaded therefore costs no update: they wait
on disk, in order, and go out once it answers again, even if the worker itself was restarted in
between. Updates leave strictly in the order they were queued, so a task's log always arrives
before its "completed".

A 409 or 404 for a queued update means the task is no longer this worker's (reassigned, deleted):
that task's remaining updates are dropped and the owner is told, so it can stop running the task.
"""

from __future__ import annotations

import json
import logging
import random
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flamenco.worker.client import (
    ManagerClient,
    ManagerUnreachable,
    TaskRejected,
    Unauthorized,
    UnexpectedAnswer,
)

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS task_updates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id TEXT NOT NULL,
    payload TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class QueuedUpdate:
    id: int
    task_id: str
    payload: dict[str, Any]


class UpdateQueue:
    """The SQLite file: one table, appended at the end and consumed from the front.

    One connection shared by the threads behind a lock; the volume (a few rows a second) is far
    too small for anything cleverer. Each push is its own committed transaction, so a crash right
    after ``push`` returns loses nothing.
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=10)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute(_SCHEMA)

    def push(self, task_id: str, payload: dict[str, Any]) -> int:
        with self._lock:
            cursor = self._db.execute(
                "INSERT INTO task_updates (task_id, payload) VALUES (?, ?)", (task_id, json.dumps(payload))
            )
            return int(cursor.lastrowid or 0)

    def first(self) -> QueuedUpdate | None:
        with self._lock:
            row = self._db.execute(
                "SELECT id, task_id, payload FROM task_updates ORDER BY id LIMIT 1"
            ).fetchone()
        if row is None:
            return None
        return QueuedUpdate(row[0], row[1], json.loads(row[2]))

    def all(self) -> list[QueuedUpdate]:
        with self._lock:
            rows = self._db.execute("SELECT id, task_id, payload FROM task_updates ORDER BY id").fetchall()
        return [QueuedUpdate(r[0], r[1], json.loads(r[2])) for r in rows]

    def remove(self, update_id: int) -> None:
        with self._lock:
            self._db.execute("DELETE FROM task_updates WHERE id = ?", (update_id,))

    def drop_task(self, task_id: str) -> int:
        """Forget every queued update of a task; how many there were."""
        with self._lock:
            return self._db.execute("DELETE FROM task_updates WHERE task_id = ?", (task_id,)).rowcount

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM task_updates").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()


RejectedCallback = Callable[[str, str], None]


class Upstream:
    """Queue task updates and send them from a background thread, retrying until the Manager takes them.

    ``on_rejected(task_id, reason)`` is called (from the sender thread) when the Manager refuses
    a task's update with 409/404, after that task's queued updates were dropped.
    """

    def __init__(
        self,
        queue: UpdateQueue,
        client: ManagerClient,
        *,
        on_rejected: RejectedCallback | None = None,
        max_backoff: float = 30.0,
        min_backoff: float = 0.5,
    ) -> None:
        self.queue = queue
        self.client = client
        self.on_rejected = on_rejected
        self.max_backoff = max_backoff
        self.min_backoff = min_backoff
        self._wake = threading.Condition()
        self._pending_wake = False
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._progress = threading.Condition()  # notified whenever an update left the queue
        self._failures = 0

    # -- producer side -------------------------------------------------------------------------

    def enqueue(self, task_id: str, payload: dict[str, Any]) -> None:
        """Store the update durably and nudge the sender."""
        self.queue.push(task_id, payload)
        self.retry_now()

    def retry_now(self) -> None:
        """Cut a back-off short: try the first queued update right away."""
        with self._wake:
            self._pending_wake = True
            self._wake.notify_all()

    def is_empty(self) -> bool:
        return len(self.queue) == 0

    def wait_until_empty(self, timeout: float) -> bool:
        """Block until everything queued reached the Manager (True) or ``timeout`` passed (False)."""
        deadline = time.monotonic() + timeout
        while True:
            if self.is_empty():
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            with self._progress:
                self._progress.wait(min(left, 0.2))

    def flush(self, timeout: float) -> bool:
        """Send what is queued, retrying without back-off, for at most ``timeout`` seconds.

        For shutdown: the usual back-off (up to 30 s) would waste the little time there is.
        """
        deadline = time.monotonic() + timeout
        while not self.is_empty():
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self.retry_now()
            self.wait_until_empty(min(left, 1.0))
        return True

    # -- sender thread -------------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="flamenco-upstream", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> bool:
        """Stop the sender thread; whatever is still queued stays on disk for the next start.

        False if the thread is still busy (inside an HTTP call) after ``timeout``; it is a daemon
        thread, so it does not keep the process alive, but the queue must stay open for it.
        """
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                return False
            self._thread = None
        return True

    def _run(self) -> None:
        while not self._stopping:
            update = self.queue.first()
            if update is None:
                self._sleep(None)
                continue
            delay = self._send(update)
            with self._progress:
                self._progress.notify_all()
            if delay:
                self._sleep(delay)

    def _sleep(self, seconds: float | None) -> None:
        """Wait for a nudge (``enqueue``/``retry_now``/``stop``) or the time to pass."""
        with self._wake:
            if not self._pending_wake and not self._stopping:
                self._wake.wait(seconds)
            self._pending_wake = False

    def _send(self, update: QueuedUpdate) -> float:
        """Try to deliver one update; seconds to wait before the next try (0: go on at once)."""
        try:
            self.client.task_update(update.task_id, update.payload)
        except TaskRejected as exc:
            dropped = self.queue.drop_task(update.task_id)
            log.warning(
                "Manager refused update of task %s (HTTP %d: %s); dropped its %d queued update(s)",
                update.task_id, exc.status, exc, dropped,
            )  # fmt: skip
            if self.on_rejected is not None:
                self.on_rejected(update.task_id, str(exc))
        except UnexpectedAnswer as exc:
            # Sending it again would get the same answer; keeping it would block every later update.
            log.error("Manager refused task update %s for good, dropping it: %s", update.payload, exc)
            self.queue.remove(update.id)
        except (ManagerUnreachable, Unauthorized) as exc:
            self._failures += 1
            delay = min(self.max_backoff, self.min_backoff * 2 ** min(self._failures - 1, 16))
            if isinstance(exc, ManagerUnreachable) and exc.retry_after is not None:
                delay = max(delay, exc.retry_after)
            delay *= random.uniform(0.8, 1.2)
            log.info("task update not sent (%s); %d queued, retrying in %.1f s", exc, len(self.queue), delay)
            return delay
        except Exception:
            # Never let the sender die: the updates would silently pile up on disk.
            log.exception("unexpected error sending task update; retrying")
            return self.max_backoff
        else:
            self.queue.remove(update.id)
        if self._failures:
            log.info("Manager reachable again; sending queued task updates")
        self._failures = 0
        return 0.0

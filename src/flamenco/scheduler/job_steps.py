"""Jobs' completed-step counts on PostgreSQL, written group-commit style.

Why not one UPDATE of the job row per task report: many workers completing tasks of one job all
queue on that row's lock, a commit each. With 16 database threads per process, skipping those
writes made a PostgreSQL process 25 % faster (bench/README.md, "one process, job step counts not
written (experiment)"). Here a report adds its delta to this process's pending deltas; the thread
that finds no flush running becomes the flusher and writes ALL pending deltas in one transaction
(`flamenco.store.job_steps.add_to_jobs`), looping until nothing is pending; the others return at
once. There is no timer: an idle Manager writes each delta at once, and a busy one writes one
transaction per round of reports instead of one per report. The ``job-steps`` event of each job
is published after the transaction that moved its count commits.

SQLite does not come here: its one writer makes nobody queue, so the count moves inside the task's
transaction (`flamenco.scheduler.task_updates`).

Requeue: `flamenco.store.tasks.recount_steps` sets a job's count to the sum of its tasks' counts,
which already include every delta pending here (a delta is added after its task's commit).
Written after the recount, a pending delta would count twice, so a requeue first calls
:meth:`JobSteps.flush` and recounts only once this process's earlier deltas are in the job row.
Deltas of reports that commit while the requeue itself runs, or pending in another Manager
process, can still land after the recount, as the single after-commit UPDATE before this could;
the count is then off by those steps, kept within 0..steps_total, until the job's next requeue.

A crash loses the deltas still pending here (as it lost an after-commit UPDATE not yet run). A
user then sees the job's progress count short of its tasks' until its next requeue recounts it.
That is acceptable because the count is only a display: the task statuses, which decide the job's
status, are committed with each report and are never lost.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from typing import Protocol

from flamenco.events import Event
from flamenco.events.facts import JobStepsChanged
from flamenco.store import job_steps as job_steps_store

log = logging.getLogger(__name__)

# Writes deltas by job id in one transaction; returns (id, UUID) of the jobs it moved.
Writer = Callable[[Mapping[int, int]], list[tuple[int, str]]]


class Publisher(Protocol):
    """Where the flusher announces the jobs whose counts it wrote (the Manager's event broker)."""

    def publish(self, *events: Event) -> None: ...


class JobSteps:
    """This process's step deltas not yet in their job rows, and the one thread writing them."""

    def __init__(self, write: Writer = job_steps_store.add_to_jobs) -> None:
        self._write = write
        self._lock = threading.Lock()
        self._settled_cond = threading.Condition(self._lock)
        self._pending: dict[int, int] = {}
        self._flushing = False
        self._taken = 0  # batches taken for writing
        self._settled = 0  # batches written, or given back after a failed write

    def add(self, job_id: int, delta: int, events: Publisher) -> None:
        """Count ``delta`` steps for the job; written now by this thread if no flush is running,
        else by the running flusher. Call it after the task's commit, outside any transaction.

        Never raises for a failed write: the worker's report is committed already, and the deltas
        stay pending for the next flush (see :meth:`_drain`).
        """
        if not delta:
            return
        with self._lock:
            self._pending[job_id] = self._pending.get(job_id, 0) + delta
            if self._flushing:
                return
            self._flushing = True
        self._drain(events)

    def flush(self, events: Publisher) -> None:
        """Return once every delta added before the call is written, or its write has failed.

        A requeue calls it before recounting (see the module's docstring); outside a transaction,
        since a running flush may be waiting for the lock of a job row that transaction would hold.
        """
        with self._lock:
            if not self._flushing:
                if not self._pending:
                    return
                self._flushing = True
            else:
                target = self._taken + (1 if self._pending else 0)  # the batch holding ours
                while self._flushing and self._settled < target:
                    self._settled_cond.wait()
                return
        self._drain(events)

    def pending(self) -> dict[int, int]:
        """A copy of the deltas not yet written, by job id (for tests and diagnostics)."""
        with self._lock:
            return dict(self._pending)

    def _drain(self, events: Publisher) -> None:
        """Write batches until nothing is pending (the caller is the flusher).

        A failed write gives its batch back and ends the flush without raising: the next report
        flushes again, so a passing fault (a restarted database) loses nothing. A deleted job is
        no failure: the UPDATE finds no row for it and its delta is dropped with it.
        """
        while True:
            with self._lock:
                batch, self._pending = self._pending, {}
                if not batch:
                    self._flushing = False
                    self._settled_cond.notify_all()
                    return
                self._taken += 1
            moved: list[tuple[int, str]] | None = None
            try:
                moved = self._write(batch)
            except Exception:
                log.exception("could not write the step counts of %d jobs; kept for the next try", len(batch))
            finally:
                self._settle(batch if moved is None else None)
            if moved is None:
                return
            if moved:
                events.publish(*(Event("job-steps", JobStepsChanged(job_uuid)) for _, job_uuid in moved))

    def _settle(self, given_back: Mapping[int, int] | None) -> None:
        with self._lock:
            self._settled += 1
            if given_back is not None:
                for job_id, delta in given_back.items():
                    self._pending[job_id] = self._pending.get(job_id, 0) + delta
                self._flushing = False
            self._settled_cond.notify_all()

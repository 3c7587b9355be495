"""What a transaction changed, to announce once it has committed.

State changes happen inside a database transaction that may still roll back; events and task-log
lines describing them must not escape before the commit. Each operation collects them here and
calls :meth:`Changes.commit` after its transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from flamenco.events import Event, EventBroker, EventKind
from flamenco.events.facts import JobChanged, TaskChanged, TaskLogAppended, WorkerChanged
from flamenco.store.db import write_transaction
from flamenco.store.records import JobInfo, TaskInfo, WorkerInfo
from flamenco.tasklogs import TaskLogs


@dataclass
class Changes:
    events: list[Event] = field(default_factory=list)
    log_lines: list[tuple[str, str, str]] = field(default_factory=list)

    def event(self, kind: EventKind, data: Any) -> None:
        self.events.append(Event(kind, data))

    def job(self, job: JobInfo, previous_status: str | None = None, *, refresh_tasks: bool = False) -> None:
        self.events.append(Event("job", JobChanged(job, previous_status, refresh_tasks)))

    def task(self, task: TaskInfo, previous_status: str | None = None) -> None:
        self.events.append(Event("task", TaskChanged(task, previous_status)))

    def worker(self, worker: WorkerInfo, previous_status: str | None = None) -> None:
        self.events.append(Event("worker", WorkerChanged(worker, previous_status)))

    def log(self, job_uuid: str, task_uuid: str, line: str) -> None:
        self.log_lines.append((job_uuid, task_uuid, line))

    def commit(self, bus: EventBroker, tasklogs: TaskLogs) -> None:
        # One append (and one event) per task: a file open per line was a tenth of a dispatch.
        chunks: dict[tuple[str, str], list[str]] = {}
        for job_uuid, task_uuid, line in self.log_lines:
            chunks.setdefault((job_uuid, task_uuid), []).append(line if line.endswith("\n") else line + "\n")
        if chunks:
            texts = [(job_uuid, task_uuid, "".join(lines)) for (job_uuid, task_uuid), lines in chunks.items()]
            tasklogs.append_many(texts)  # in the journal (or the files) before anyone hears of it
            for job_uuid, task_uuid, text in texts:
                self.event("tasklog", TaskLogAppended(job_uuid, task_uuid, text))
        bus.publish(*self.events)
        self.events.clear()
        self.log_lines.clear()


@contextmanager
def transaction(bus: EventBroker, tasklogs: TaskLogs) -> Iterator[Changes]:
    """A write transaction whose collected changes are announced only if it commits."""
    changes = Changes()
    with write_transaction():
        yield changes
    changes.commit(bus, tasklogs)

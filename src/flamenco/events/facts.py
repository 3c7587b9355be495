"""What an event says changed: store records plus the facts of the change, in canonical words.

Events carry these, never a payload of one spec: each door renders its own (the seed Socket.IO
namespace with `flamenco.api.events_seed`, later Flamenco 3.8's with its own renderer), and the
Manager's own listeners (long-poll wake-ups, metrics, progress) read the records directly. Making
one costs an object allocation on the publisher's thread; the rendering happens in the forwarder,
on the event loop, once per door that listens.
"""

from __future__ import annotations

from dataclasses import dataclass

from flamenco.store.records import JobInfo, TaskInfo, WorkerInfo


@dataclass(frozen=True, slots=True)
class JobChanged:
    """A job was created (no ``previous_status``) or changed.

    ``refresh_tasks``: many of its tasks changed at once (one event instead of one per task).
    ``task_counts``: its tasks by status, when the event reports progress rather than a change.
    """

    job: JobInfo
    previous_status: str | None = None
    refresh_tasks: bool = False
    task_counts: dict[str, int] | None = None


@dataclass(frozen=True, slots=True)
class TaskChanged:
    """A task changed (status, activity, assignment); ``previous_status`` is its status before."""

    task: TaskInfo
    previous_status: str | None = None


@dataclass(frozen=True, slots=True)
class WorkerChanged:
    """A worker registered (no ``previous_status``) or changed."""

    worker: WorkerInfo
    previous_status: str | None = None


@dataclass(frozen=True, slots=True)
class TaskLogAppended:
    """Lines were appended to a task's log (one chunk per task per transaction)."""

    job_uuid: str
    task_uuid: str
    text: str

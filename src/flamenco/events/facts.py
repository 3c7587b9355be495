"""What an event says changed: store records plus the facts of the change, in canonical words.

Events carry these, never a payload of one spec: each door renders its own (the seed Socket.IO
namespace with `flamenco.api.events_seed`, later Flamenco 3.8's with its own renderer), and the
Manager's own listeners (long-poll wake-ups, metrics, progress) read the records directly. Making
one costs a tuple on the publisher's thread (NamedTuples: a frozen dataclass took twice as long to
build, which showed in a dispatch's event cost); the rendering happens in the forwarder, on the
event loop, once per door that listens.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from flamenco.store.records import JobInfo, TagInfo, TaskInfo, WorkerInfo


class JobChanged(NamedTuple):
    """A job was created (no ``previous_status``) or changed.

    ``refresh_tasks``: many of its tasks changed at once (one event instead of one per task).
    ``task_counts``: its tasks by status, when the event reports progress rather than a change.
    ``was_deleted``: the job is gone (``job`` is how it was last); its deletion was requested
    earlier, announced by an event whose ``job.delete_requested_at`` is set.
    """

    job: JobInfo
    previous_status: str | None = None
    refresh_tasks: bool = False
    task_counts: dict[str, int] | None = None
    was_deleted: bool = False


class TaskChanged(NamedTuple):
    """A task changed (status, activity, assignment); ``previous_status`` is its status before."""

    task: TaskInfo
    previous_status: str | None = None


class WorkerChanged(NamedTuple):
    """A worker registered (no ``previous_status``) or changed."""

    worker: WorkerInfo
    previous_status: str | None = None


class TaskLogAppended(NamedTuple):
    """Lines were appended to a task's log (one chunk per task per transaction)."""

    job_uuid: str
    task_uuid: str
    text: str


class ManagerLifeCycle(NamedTuple):
    """This Manager process started serving, or is about to stop (3.8's ``LifeCycleEventType``)."""

    type: Literal["manager-startup", "manager-shutdown"]


class FarmStatusChanged(NamedTuple):
    """The farm's overall status (Flamenco 3.8's `FarmStatus` values) changed."""

    status: str


class LastRenderedUpdated(NamedTuple):
    """A new last-rendered image of this job is stored (its thumbnails are on disk, all sizes).

    It is also the farm's most recent image. Where the images are served is a function of the job
    alone (`flamenco.last_rendered.image_info`), the same for both doors.
    """

    job_uuid: str


class JobStepsChanged(NamedTuple):
    """A worker reported steps done on a task of this job; the job's step count moved.

    Only the Manager's progress listener (`flamenco.events.progress`) reads it: job updates
    carrying the new count follow at most once a second per job, as task counts do.
    """

    job_uuid: str


class WorkerTagChanged(NamedTuple):
    """A worker tag was created (``created``), changed, or deleted (``was_deleted``)."""

    tag: TagInfo
    was_deleted: bool = False
    created: bool = False

"""Plain values the store hands out, so peewee models stay inside `flamenco.store`.

One adapter fills them: `flamenco.store.rows`, from database rows in a fixed column order, whether
the row came from a read, from a composed peewee query or from a write's ``RETURNING``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class JobInfo:
    id: int
    uuid: str
    name: str
    job_type: str
    priority: int
    status: str
    activity: str
    settings: dict[str, Any]
    metadata: dict[str, str]
    created: datetime
    updated: datetime
    # Flamenco 3.8's fields (migration 3):
    submitter_platform: str = ""
    shaman_checkout_id: str = ""
    worker_tag_uuid: str | None = None
    steps_completed: int = 0
    steps_total: int = 0
    delete_requested_at: datetime | None = None


@dataclass(frozen=True)
class WorkerInfo:
    id: int
    uuid: str
    name: str
    address: str
    platform: str
    software: str
    status: str
    status_requested: str
    lazy_status_request: bool
    task_types: list[str]
    last_seen: datetime | None
    created: datetime
    updated: datetime
    # Flamenco 3.8's fields (migration 3):
    can_restart: bool = False
    deleted_at: datetime | None = None


@dataclass(frozen=True)
class TaskWorkerInfo:
    uuid: str
    name: str
    address: str


@dataclass(frozen=True)
class TaskInfo:
    id: int
    uuid: str
    job_id: int
    job_uuid: str
    index_in_job: int
    name: str
    task_type: str
    priority: int
    status: str
    activity: str
    commands: list[dict[str, Any]]
    worker_id: int | None
    worker: TaskWorkerInfo | None
    last_touched: datetime | None
    created: datetime
    updated: datetime
    # Flamenco 3.8's fields (migration 3):
    steps_completed: int = 0
    steps_total: int = 0
    # Pipeline jobs (migration 4): the block whose limits and tickets the task counts against while
    # it runs; None for a Flamenco job without controls (then nothing is counted, see store.limits).
    block_id: int | None = None


@dataclass(frozen=True)
class BlockInfo:
    """One job blocklist entry: the worker may not run tasks of ``task_type`` in the job."""

    worker_uuid: str
    worker_name: str
    task_type: str


@dataclass(frozen=True)
class TagInfo:
    """A worker tag (Flamenco 3.8): a group of workers that jobs can be limited to."""

    id: int
    uuid: str
    name: str
    description: str


@dataclass(frozen=True)
class PipelineBlockInfo:
    """A pipeline block: its definition, its tasks counted by status, and what it waits for."""

    id: int
    index_in_job: int
    name: str
    task_type: str
    parser: str
    command: str
    working_directory: str
    flags: int
    frame_first: int | None
    frame_last: int | None
    frames_per_task: int | None
    frames_inc: int | None
    tasks_count: int
    depend_mask: str
    tasks_depend_mask: str
    blocks_waiting_on: int
    max_running: int | None
    running: int
    environment: dict[str, str]
    settings: dict[str, Any]
    status_counts: dict[str, int]
    waits_for: list[str]  # blocks it waits for as a whole (depend_mask)
    tasks_wait_for: list[str]  # blocks whose tasks of the same frames it waits for (tasks_depend_mask)

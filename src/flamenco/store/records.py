"""Plain values the store hands out, so peewee models stay inside `flamenco.store`.

Two adapters fill them: ``.of(model)`` here, for the composed peewee queries (filters, ordering),
and `flamenco.store.rows`, for the raw rows of the hot-path SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flamenco.store import models


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

    @classmethod
    def of(cls, job: models.Job) -> JobInfo:
        return cls(
            id=job.id,
            uuid=job.uuid,
            name=job.name,
            job_type=job.job_type,
            priority=job.priority,
            status=job.status,
            activity=job.activity,
            settings=job.settings,
            metadata=job.metadata,
            created=job.created,
            updated=job.updated,
        )


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

    @classmethod
    def of(cls, worker: models.Worker) -> WorkerInfo:
        return cls(
            id=worker.id,
            uuid=worker.uuid,
            name=worker.name,
            address=worker.address,
            platform=worker.platform,
            software=worker.software,
            status=worker.status,
            status_requested=worker.status_requested,
            lazy_status_request=worker.lazy_status_request,
            task_types=worker.task_types,
            last_seen=worker.last_seen,
            created=worker.created,
            updated=worker.updated,
        )


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

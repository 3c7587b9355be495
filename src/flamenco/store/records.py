"""Plain values the store hands out, so peewee models stay inside `flamenco.store`."""

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

    @classmethod
    def of(cls, task: models.Task, job_uuid: str, worker: models.Worker | None = None) -> TaskInfo:
        return cls(
            id=task.id,
            uuid=task.uuid,
            job_id=task.job_id,
            job_uuid=job_uuid,
            index_in_job=task.index_in_job,
            name=task.name,
            task_type=task.task_type,
            priority=task.priority,
            status=task.status,
            activity=task.activity,
            commands=task.commands,
            worker_id=task.worker_id,
            worker=TaskWorkerInfo(worker.uuid, worker.name, worker.address) if worker else None,
            last_touched=task.last_touched,
            created=task.created,
            updated=task.updated,
        )

"""Jobs with pipeline life controls, made through the real submission path."""

from __future__ import annotations

from typing import Any

from flamenco.scheduler import assignment, task_updates
from flamenco.scheduler import jobs as job_scheduler
from flamenco.services import Services
from flamenco.store import jobs as job_store
from flamenco.store import life as life_store
from flamenco.store import rows
from flamenco.store.records import JobInfo
from tests.factories import tasks_of


def job(
    svc: Services, name: str, *, user: str = "alice", count: int = 2, status: str = "queued", **af: Any
) -> JobInfo:
    """A job of ``count`` independent tasks; ``af`` become its `af.*` metadata keys."""
    metadata = {"user.name": user, **{f"af.{key}": str(value) for key, value in af.items()}}
    submitted = {
        "name": name,
        "type": "independent-tasks",
        "settings": {"count": count},
        "metadata": metadata,
    }
    return job_scheduler.submit_job(svc, submitted, initial_status=status)


def gates(job: JobInfo) -> list[int]:
    """The `waiting_on` of the job's tasks."""
    sql = "SELECT waiting_on FROM task WHERE job_id = ? ORDER BY index_in_job"
    return [value for (value,) in rows.execute(sql, [job.id]).fetchall()]


def waiting(job: JobInfo) -> bool:
    life = life_store.life_of(job.id)
    assert life is not None
    return life.waiting_for_jobs


def claim_job(svc: Services, worker) -> str | None:
    """The name of the job whose task the worker gets (None: nothing to run)."""
    assigned = assignment.schedule_task(svc, worker)
    return None if assigned is None else job_store.get_job(assigned.task.job_uuid).name


def finish(svc: Services, worker, job: JobInfo) -> None:
    """The worker runs every task of the job to completion."""
    for task in tasks_of(job):
        if task.status != "completed":
            if task.status == "queued":
                claimed = assignment.schedule_task(svc, worker)
                assert claimed is not None and claimed.task.uuid == task.uuid, "expected that task next"
            task_updates.task_update(svc, worker, task.uuid, status="completed")

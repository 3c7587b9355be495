"""Building blocks for tests: workers and jobs made through the real scheduler code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from flamenco.scheduler import jobs as job_scheduler
from flamenco.scheduler import workers as protocol
from flamenco.services import Services
from flamenco.store import tasks as task_store
from flamenco.store import workers as worker_store
from flamenco.store.records import JobInfo, TaskInfo, WorkerInfo

SPEC = Path(__file__).resolve().parent.parent / "spec" / "flamenco-openapi.yaml"


def spec_example(schema: str) -> dict[str, Any]:
    """The example the spec gives for a component schema (a fresh copy each call)."""
    return yaml.safe_load(SPEC.read_text(encoding="utf-8"))["components"]["schemas"][schema]["example"]


def add_worker(
    svc: Services,
    name: str = "w1",
    task_types: tuple[str, ...] = ("misc",),
    *,
    awake: bool = True,
    platform: str = "linux",
) -> WorkerInfo:
    worker = protocol.register(
        svc, secret="s3cret", name=name, platform=platform, task_types=list(task_types), address="127.0.0.1"
    )
    protocol.sign_on(svc, worker, name=name, task_types=list(task_types), version="test")
    if awake:
        protocol.state_changed(svc, worker, "awake")
    return worker_store.get_worker(worker.uuid)


def echo_job(
    svc: Services, *, name: str = "job", priority: int = 50, sleeps: int = 1, **settings: Any
) -> JobInfo:
    return job_scheduler.submit_job(
        svc,
        {
            "name": name,
            "type": "echo-sleep-test",
            "priority": priority,
            "settings": {"message": "hello", "sleep_repeats": sleeps, **settings},
            "metadata": {},
        },
    )


def tasks_of(job: JobInfo) -> list[TaskInfo]:
    return task_store.tasks_of_job(job.id)


def statuses(job: JobInfo) -> list[str]:
    return [t.status for t in tasks_of(job)]


def independent_job(svc: Services, *, name: str = "job", priority: int = 50, count: int = 1) -> JobInfo:
    """A job of ``count`` tasks that can all run at once (test job type)."""
    return job_scheduler.submit_job(
        svc, {"name": name, "type": "independent-tasks", "priority": priority, "settings": {"count": count}}
    )


def graph_job(svc: Services, graph: str, *, name: str = "graph", priority: int = 50) -> JobInfo:
    """A job of named tasks and dependencies, e.g. ``"a; b1<a; b2<a; c<b1,b2"`` (test job type)."""
    return job_scheduler.submit_job(
        svc, {"name": name, "type": "task-graph", "priority": priority, "settings": {"graph": graph}}
    )

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


def add_block(
    job: JobInfo,
    name: str = "block",
    *,
    task_ids: list[int] | None = None,
    tickets: dict[str, int] | None = None,
    **columns: Any,
) -> int:
    """A block row for ``job`` (store level, so tests of the claim do not depend on how pipeline
    jobs are submitted), holding ``task_ids`` (default: all the job's tasks); returns its id.
    ``columns``: any `block` column (max_running, max_running_per_worker, masked, need_memory_mb …)."""
    import json

    from flamenco.store import rows
    from flamenco.store.db import write_transaction

    with write_transaction():
        (index,) = rows.execute("SELECT COUNT(*) FROM block WHERE job_id = ?", [job.id]).fetchone()
        names = ["job_id", "index_in_job", "name", "task_type", "tickets", *columns]
        values = [job.id, index, name, "misc", json.dumps(tickets or {}), *columns.values()]
        sql = f"INSERT INTO block ({', '.join(names)}) VALUES ({', '.join('?' * len(names))}) RETURNING id"
        (block_id,) = rows.execute(sql, values).fetchone()
        ids = task_ids if task_ids is not None else [t.id for t in task_store.tasks_of_job(job.id)]
        for task_id in ids:
            rows.execute("UPDATE task SET block_id = ? WHERE id = ?", [block_id, task_id])
    return block_id


def set_job_limits(job: JobInfo, **columns: Any) -> None:
    """Set job columns (max_running, max_running_per_worker) directly, counters re-derived."""
    from flamenco.store import limits, rows
    from flamenco.store.db import write_transaction

    with write_transaction():
        assignments = ", ".join(f"{name} = ?" for name in columns)
        rows.execute(f"UPDATE job SET {assignments} WHERE id = ?", [*columns.values(), job.id])
        limits.recount_job(job.id)


def define_ticket(name: str, capacity: int, scope: str = "farm", max_hosts: int | None = None) -> None:
    from flamenco.store import rows
    from flamenco.store.db import write_transaction

    with write_transaction():
        rows.execute(
            "INSERT INTO ticket (name, scope, capacity, max_hosts) VALUES (?, ?, ?, ?)",
            [name, scope, capacity, max_hosts],
        )


def counters() -> dict[str, Any]:
    """Every running-task counter that is not zero, for asserting that all were given back."""
    from flamenco.store import rows

    found: dict[str, Any] = {}
    for label, sql in {
        "job": "SELECT id, running FROM job WHERE running <> 0",
        "block": "SELECT id, running FROM block WHERE running <> 0",
        "job_worker": "SELECT job_id, worker_id, running FROM job_worker_running WHERE running <> 0",
        "block_worker": "SELECT block_id, worker_id, running FROM block_worker_running WHERE running <> 0",
        "worker_ticket": "SELECT worker_id, name, in_use FROM worker_ticket_use WHERE in_use <> 0",
        "ticket": "SELECT name, scope, in_use, hosts FROM ticket WHERE in_use <> 0 OR hosts <> 0",
    }.items():
        got = [tuple(row) for row in rows.execute(sql).fetchall()]
        if got:
            found[label] = got
    return found

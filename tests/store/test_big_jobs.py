"""Huge jobs at reduced size: stored whole, rolled back whole, and no obstacle to claims.

Correctness only; the full sizes (1,000,000 tasks, 100,000 gated ones) and their timings are
benchmarks: `bench/big_job.py` and `bench/claims.py`.
"""

from __future__ import annotations

import pytest

from flamenco.jobtypes import authoring
from flamenco.scheduler import assignment
from flamenco.scheduler.jobs import submit_job
from flamenco.store import jobs as job_store
from flamenco.store import rows
from flamenco.store import tasks as task_store
from flamenco.store.models import Job, Task, TaskDependency
from tests.factories import add_worker, echo_job, independent_job

GATED = 100_000
RUNNABLE = 1_000


def test_claims_find_the_runnable_tasks_behind_100k_gated_ones(services):
    runner, claimer = add_worker(services, "runner"), add_worker(services, "claimer")
    gated = echo_job(services, name="gated", priority=90, sleeps=GATED)  # first in claim order
    assert assignment.schedule_task(services, runner).task.name == "echo"  # running: the sleeps wait
    runnable = independent_job(services, name="runnable", priority=10, count=RUNNABLE)

    claimed = []
    while (task := task_store.claim_runnable_task(claimer, services.clock())) is not None:
        claimed.append(task)
    assert {task.job_id for task in claimed} == {runnable.id}
    assert len(claimed) == RUNNABLE
    assert [task.index_in_job for task in claimed] == list(range(1, RUNNABLE + 1))
    still_queued = rows.execute(
        "SELECT COUNT(*) FROM task WHERE job_id = ? AND status = 'queued'", [gated.id]
    )
    assert still_queued.fetchone()[0] == GATED


def test_a_200k_task_job_is_stored_whole(services):
    job = independent_job(services, count=200_000)
    found = rows.execute(
        "SELECT COUNT(*), MIN(index_in_job), MAX(index_in_job), COUNT(DISTINCT uuid), MAX(waiting_on),"
        " MIN(status), MAX(status) FROM task WHERE job_id = ?",
        [job.id],
    ).fetchone()
    assert tuple(found) == (200_000, 1, 200_000, 200_000, 0, "queued", "queued")
    last = rows.one_task("t.job_id = ? AND t.index_in_job = ?", [job.id, 200_000])
    assert (last.name, last.commands) == (
        "task-200000",
        [{"name": "echo", "parameters": {"message": "task 200000"}}],
    )


def test_a_render_job_of_50k_frames_waits_at_its_fan_in(services):
    settings = {
        "filepath": "/shots/a.blend",
        "render_output_path": "/render/a/######",
        "frames": "1-50000",
        "chunk_size": 1,
        "fps": 24,
    }
    job = submit_job(
        services, {"name": "long", "type": "simple-blender-render", "priority": 50, "settings": settings}
    )
    found = rows.execute(
        "SELECT name, waiting_on FROM task WHERE job_id = ? AND waiting_on > 0 ORDER BY index_in_job",
        [job.id],
    ).fetchall()
    assert [tuple(row) for row in found] == [("preview-video", 50_000), ("move-to-final", 50_001)]
    assert TaskDependency.select().count() == 100_001


def graph_of(count: int, *, bad_last: bool) -> str:
    """A chain of ``count`` tasks; the last one may name a task that is not listed."""
    names = [f"t{n}" for n in range(count)]
    items = [names[0], *(f"{name}<{names[n]}" for n, name in enumerate(names[1:]))]
    if bad_last:
        items[-1] += ",nowhere"
    return "; ".join(items)


def test_a_job_refused_after_several_stored_batches_writes_nothing(services, monkeypatch):
    monkeypatch.setattr(authoring, "STORE_BATCH", 100)
    body = {"name": "chain", "type": "task-graph", "priority": 50}
    job = submit_job(services, {**body, "settings": {"graph": graph_of(350, bad_last=False)}})
    assert Task.select().where(Task.job == job.id).count() == 350  # batches link up across batches
    assert rows.execute("SELECT SUM(waiting_on) FROM task").fetchone()[0] == 349
    with pytest.raises(Exception, match="'nowhere' is not listed"):
        submit_job(services, {**body, "settings": {"graph": graph_of(350, bad_last=True)}})
    assert Job.select().count() == 1
    assert Task.select().count() == 350


def test_a_database_error_in_a_later_batch_rolls_the_whole_job_back(services, monkeypatch):
    """The batch writes run on a background thread; their failure still fails and rolls back."""
    monkeypatch.setattr(authoring, "STORE_BATCH", 1000)
    real = job_store.time_ordered_uuids
    calls = []

    def clashing(count: int) -> list[str]:
        calls.append(count)
        uuids = real(count)
        return uuids if len(calls) < 3 else [uuids[0]] * count  # the third batch repeats a UUID

    monkeypatch.setattr(job_store, "time_ordered_uuids", clashing)
    with pytest.raises(Exception, match=r"(?i)unique|duplicate"):
        independent_job(services, count=5000)
    assert Job.select().count() == 0
    assert Task.select().count() == 0
    monkeypatch.setattr(job_store, "time_ordered_uuids", real)
    assert Task.select().where(Task.job == independent_job(services, count=1500).id).count() == 1500

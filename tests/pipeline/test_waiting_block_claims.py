"""A big block waiting on unfinished work is no obstacle to claims, and is released whole (both
databases, both kinds of block dependency).

Correctness at reduced size (20,000 waiting tasks); the full size (100,000) and its claim latencies
are the benchmark `bench/claims.py --scenario pipeline`.
"""

from __future__ import annotations

import pytest

from flamenco.scheduler import assignment, pipeline, task_updates
from flamenco.store import rows
from flamenco.store import tasks as task_store
from flamenco.store.tasks import RUNNABLE_SQL
from tests.factories import add_worker, independent_job

WAITING = 20_000
RUNNABLE = 300
RUNNING = 4  # the first block's tasks, each on a worker of its own


def _pipeline_job(services, mask: str) -> int:
    """A job (priority 99, above the independent job's 10) whose `comp` block of WAITING frames
    waits for its `render` block: as a whole (``depend_mask``), or frame by frame
    (``tasks_depend_mask``: render holds the same frames in RUNNING tasks)."""
    per_task = WAITING // RUNNING if mask == "tasks_depend_mask" else 1
    render_last = WAITING if mask == "tasks_depend_mask" else RUNNING
    blocks = [
        {"name": "render", "service": "misc", "frame_first": 1, "frame_last": render_last},
        {"name": "comp", "service": "misc", "frame_first": 1, "frame_last": WAITING, mask: "render"},
    ]
    blocks[0]["frames_per_task"] = per_task
    document = {"job": {"name": mask, "user_name": "u", "priority": 99, "blocks": blocks}}
    submitted = pipeline.submit(services, document)
    assert submitted.tasks == RUNNING + WAITING
    return submitted.job.id


def _comp_tasks(job_id: int, where: str) -> int:
    sql = (
        "SELECT COUNT(*) FROM task JOIN block ON block.id = task.block_id"
        f" WHERE task.job_id = ? AND block.name = 'comp' AND {where}"
    )
    return rows.execute(sql, [job_id]).fetchone()[0]


@pytest.mark.parametrize("mask", ["depend_mask", "tasks_depend_mask"])
def test_claims_pass_a_waiting_block_and_its_release_makes_it_runnable(services, mask):
    job_id = _pipeline_job(services, mask)
    runners = [add_worker(services, f"render-{n}") for n in range(RUNNING)]
    running = [assignment.schedule_task(services, runner).task for runner in runners]
    assert {task.job_id for task in running} == {job_id}
    runnable = independent_job(services, name="runnable", priority=10, count=RUNNABLE)

    # None of the waiting block is where claims look (the partial index `task_runnable`'s rows).
    assert _comp_tasks(job_id, "task.waiting_on > 0") == WAITING
    assert _comp_tasks(job_id, RUNNABLE_SQL.replace("status", "task.status")) == 0

    # The lower-priority job's tasks are claimed, in order, and nothing of the waiting block.
    claimer = add_worker(services, "claimer")
    claimed = []
    while (task := task_store.claim_runnable_task(claimer, services.clock())) is not None:
        claimed.append(task)
        if len(claimed) > RUNNABLE:
            break
    assert [(task.job_id, task.index_in_job) for task in claimed] == [
        (runnable.id, index) for index in range(1, RUNNABLE + 1)
    ]

    # Finishing the first block releases every waiting task; the claimer now gets them.
    for runner, task in zip(runners, running, strict=True):
        task_updates.task_update(services, runner, task.uuid, status="completed")
    assert _comp_tasks(job_id, "task.waiting_on > 0") == 0
    first = task_store.claim_runnable_task(claimer, services.clock())
    assert first is not None and first.job_id == job_id
    assert _comp_tasks(job_id, "task.status = 'active'") == 1

"""Job-on-job dependencies (`depend_mask`, `depend_mask_global`) on SQLite and PostgreSQL: a
waiting job's tasks are out of the claim until the jobs it waits for are done."""

from __future__ import annotations

import pytest

from flamenco.errors import BadRequest
from flamenco.pipeline import dependencies
from flamenco.scheduler import assignment, deletion, task_updates
from flamenco.scheduler.jobs import set_job_status
from flamenco.store import jobs as job_store
from tests.factories import add_worker, tasks_of
from tests.pipeline.helpers import claim_job, finish, gates, job, waiting


def test_a_job_waits_for_its_users_matching_jobs_and_runs_once_they_complete(services):
    worker = add_worker(services)
    render = job(services, "render-a", count=1)
    comp = job(services, "comp", depend_mask="render-.*")
    other_user = job(services, "comp-bob", user="bob", depend_mask="render-.*", count=1)
    global_ = job(services, "comp-global", user="bob", depend_mask_global="render-.*", count=1)

    assert waiting(comp) and gates(comp) == [1, 1]
    assert job_store.get_job(comp.uuid).activity == "waiting for jobs: render-a"
    assert not waiting(other_user) and gates(other_user) == [0]  # bob has no render-* job
    assert waiting(global_) and dependencies.waits_for(global_.id) == ["render-a"]
    assert job_store.get_job(comp.uuid).status == "queued"  # Flamenco's vocabulary is unchanged

    finish(services, worker, render)
    # Only bob's job was runnable besides the render: the waiting ones never came up.
    assert claim_job(services, worker) == "comp-bob"
    finish(services, worker, other_user)
    assert claim_job(services, worker) is None

    assert dependencies.reconcile(services) == 2  # the render completed: both are released
    assert not waiting(comp) and gates(comp) == [0, 0] and gates(global_) == [0]
    assert job_store.get_job(comp.uuid).activity == dependencies.RELEASED
    assert claim_job(services, worker) == "comp"


def test_a_later_matching_submission_gates_a_released_job_again(services):
    worker = add_worker(services)
    first = job(services, "render-1", count=1)
    comp = job(services, "comp", depend_mask="render-[0-9]+")
    finish(services, worker, first)
    dependencies.reconcile(services)
    assert claim_job(services, worker) == "comp"  # one of its two tasks runs

    second = job(services, "render-2", count=1)  # submitted later, matches: comp waits again
    assert waiting(comp) and gates(comp) == [1, 1]
    running = next(t for t in tasks_of(comp) if t.status == "active")
    task_updates.task_update(services, worker, running.uuid, status="completed")  # running work finishes
    assert claim_job(services, worker) == "render-2"  # comp's queued task does not start
    finish(services, worker, second)
    assert dependencies.reconcile(services) == 1
    assert claim_job(services, worker) == "comp"


def test_failed_jobs_hold_canceled_and_deleted_ones_release(services):
    holder = job(services, "render-x", count=1)
    doomed = job(services, "render-y", count=1)
    comp = job(services, "comp", depend_mask="render-.")
    assert dependencies.waits_for(comp.id) == ["render-x", "render-y"]

    set_job_status(services, holder.uuid, "cancel-requested", "not needed")
    assert job_store.get_job(holder.uuid).status == "canceled"
    assert dependencies.reconcile(services) == 0 and waiting(comp)  # render-y still holds it

    worker = add_worker(services)
    claimed = assignment.schedule_task(services, worker)
    assert claimed is not None and claimed.task.job_uuid == doomed.uuid
    task_updates.task_update(services, worker, claimed.task.uuid, status="failed")
    task_updates.task_update(services, worker, claimed.task.uuid, status="failed")  # it fails for good
    assert job_store.get_job(doomed.uuid).status == "failed"
    assert dependencies.reconcile(services) == 0 and waiting(comp)  # a failed job holds, as in Afanasy

    deletion.request_job_deletion(services, doomed.uuid)
    assert dependencies.reconcile(services) == 1  # marked for deletion: it holds no more
    assert not waiting(comp) and gates(comp) == [0, 0]


def test_a_completed_job_requeued_holds_its_dependants_again(services):
    worker = add_worker(services)
    render = job(services, "render", count=1)
    comp = job(services, "comp", depend_mask="render")
    finish(services, worker, render)
    dependencies.reconcile(services)
    assert not waiting(comp)
    set_job_status(services, render.uuid, "requeueing", "again")
    dependencies.reconcile(services)
    assert waiting(comp) and gates(comp) == [1, 1]
    assert claim_job(services, worker) == "render"


def test_the_deleter_releases_waiting_jobs(services):
    render = job(services, "render", count=1)
    comp = job(services, "comp", depend_mask_global="render")
    deletion.request_job_deletion(services, render.uuid)
    assert deletion.delete_pending(services) == 1
    assert not waiting(comp) and gates(comp) == [0, 0]


def test_a_bad_mask_is_refused_and_nothing_is_stored(services):
    with pytest.raises(BadRequest, match=r"af.depend_mask '\(' is not a regular expression"):
        job(services, "comp", depend_mask="(")
    _jobs, total = job_store.query_jobs(job_store.JobQuery())
    assert total == 0

"""Job ↔ task status ripples, as an artist or admin sees them."""

from __future__ import annotations

import pytest

from flamenco.errors import InvalidTransition
from flamenco.scheduler import assignment, task_updates
from flamenco.scheduler.jobs import set_job_status
from flamenco.scheduler.task_updates import set_task_status
from flamenco.store import jobs as job_store
from tests.factories import add_worker, echo_job, independent_job, statuses, tasks_of


def job_status(job):
    return job_store.get_job(job.uuid).status


def run_all(svc, worker):
    while (task := assignment.schedule_task(svc, worker)) is not None:
        task_updates.task_update(svc, worker, task.task.uuid, status="completed")


def test_job_completes_when_its_last_task_completes(services):
    worker = add_worker(services)
    job = echo_job(services, sleeps=2)
    assert job_status(job) == "queued"
    first = assignment.schedule_task(services, worker)
    assert job_status(job) == "active"
    task_updates.task_update(services, worker, first.task.uuid, status="completed")
    assert job_status(job) == "active"
    run_all(services, worker)
    assert statuses(job) == ["completed"] * 3
    assert job_status(job) == "completed"


def test_cancel_job_cancels_unfinished_tasks_and_stops_the_worker(services):
    worker = add_worker(services)
    job = echo_job(services, sleeps=2)
    running = assignment.schedule_task(services, worker)
    set_job_status(services, job.uuid, "cancel-requested", "wrong frames")
    assert job_status(job) == "canceled"
    assert statuses(job) == ["canceled"] * 3
    answer = task_updates.may_worker_run(services, worker, running.task.uuid)
    assert answer["mayKeepRunning"] is False
    assert assignment.schedule_task(services, worker) is None


def test_requeue_completed_job_runs_everything_again(services):
    worker = add_worker(services)
    job = echo_job(services, sleeps=1)
    run_all(services, worker)
    set_job_status(services, job.uuid, "requeueing", "render again")
    assert job_status(job) == "queued"
    assert statuses(job) == ["queued", "queued"]


def test_requeue_failed_job_keeps_completed_tasks(services):
    worker = add_worker(services)
    job = independent_job(services, count=3)
    done = assignment.schedule_task(services, worker)
    task_updates.task_update(services, worker, done.task.uuid, status="completed")
    failing = assignment.schedule_task(services, worker)
    task_updates.task_update(services, worker, failing.task.uuid, status="failed", activity="crash")
    # One worker only: nobody else can retry, so the task fails for good, and 1/3 ≥ 10 % fails the job.
    assert job_status(job) == "failed"
    assert statuses(job) == ["completed", "failed", "canceled"]
    set_job_status(services, job.uuid, "requeueing", "fixed the scene")
    assert job_status(job) == "queued"
    assert statuses(job) == ["completed", "queued", "queued"]
    # The requeue cleared the failure list, so the same worker may try again.
    assert assignment.schedule_task(services, worker) is not None


def test_soft_failure_retries_elsewhere_until_threshold(services):
    services.config.task_fail_after_softfail_count = 2
    workers = [add_worker(services, f"w{n}") for n in range(3)]
    job = independent_job(services, count=20)
    task = assignment.schedule_task(services, workers[0])
    task_updates.task_update(services, workers[0], task.task.uuid, status="failed")
    assert tasks_of(job)[0].status == "soft-failed"
    assert job_status(job) == "active"
    again = assignment.schedule_task(services, workers[1])
    assert again.task.uuid == task.task.uuid  # soft-failed tasks keep their place in line
    task_updates.task_update(services, workers[1], task.task.uuid, status="failed")
    assert tasks_of(job)[0].status == "failed"
    assert job_status(job) == "active"  # 1 of 20 is under 10 %


def test_pause_and_resume(services):
    job = echo_job(services)
    set_job_status(services, job.uuid, "paused", "lunch")
    assert job_status(job) == "paused"
    set_job_status(services, job.uuid, "queued", "back")
    assert job_status(job) == "queued"


@pytest.mark.parametrize(
    ("status", "why"),
    [("completed", "set by the Manager itself"), ("requeueing", "only from canceled, completed")],
)
def test_senseless_job_changes_are_refused_with_reason(services, status, why):
    job = echo_job(services)
    with pytest.raises(InvalidTransition, match=why):
        set_job_status(services, job.uuid, status, "because")
    assert job_status(job) == "queued"


def test_cancel_and_requeue_a_single_task(services):
    worker = add_worker(services)
    job = independent_job(services, count=2)
    first, second = tasks_of(job)
    set_task_status(services, first.uuid, "canceled", "not needed")
    assert statuses(job) == ["canceled", "queued"]
    got = assignment.schedule_task(services, worker)
    assert got.task.uuid == second.uuid
    task_updates.task_update(services, worker, second.uuid, status="completed")
    assert job_status(job) == "canceled"  # nothing left to run, and not everything completed
    set_task_status(services, first.uuid, "queued", "needed after all")
    assert job_status(job) == "queued"
    run_all(services, worker)
    assert job_status(job) == "completed"


def test_task_status_requests_are_checked(services):
    job = independent_job(services)
    (task,) = tasks_of(job)
    with pytest.raises(InvalidTransition, match="set by workers or the Manager"):
        set_task_status(services, task.uuid, "completed", "cheat")
    worker = add_worker(services)
    assignment.schedule_task(services, worker)
    task_updates.task_update(services, worker, task.uuid, status="completed")
    with pytest.raises(InvalidTransition, match="only from"):
        set_task_status(services, task.uuid, "canceled", "too late")


def test_requesting_the_current_status_is_a_no_op(services):
    job = independent_job(services)
    (task,) = tasks_of(job)
    set_task_status(services, task.uuid, "queued", "again")
    assert statuses(job) == ["queued"]


def test_events_follow_the_ripple(services):
    seen = []
    services.events.subscribe(seen.append)
    worker = add_worker(services)
    job = independent_job(services)
    task = assignment.schedule_task(services, worker)
    task_updates.task_update(services, worker, task.task.uuid, status="completed", log="frame 1 done")
    job_events = [(e.data.previous_status, e.data.job.status) for e in seen if e.kind == "job"]
    assert job_events == [(None, "queued"), ("queued", "active"), ("active", "completed")]
    logs = [e.data.text for e in seen if e.kind == "tasklog"]
    assert any("frame 1 done" in line for line in logs)
    assert job.uuid


def test_pausing_a_job_parks_its_queued_tasks_and_cancel_still_reaches_them(services):
    worker = add_worker(services)
    job = independent_job(services, count=3)
    running = assignment.schedule_task(services, worker)
    set_job_status(services, job.uuid, "paused", "client review")
    assert statuses(job) == ["active", "paused", "paused"]
    task_updates.task_update(services, worker, running.task.uuid, status="completed")
    assert job_status(job) == "paused"  # the running task may finish; nothing new starts
    set_job_status(services, job.uuid, "queued", "approved")
    assert statuses(job) == ["completed", "queued", "queued"]
    set_job_status(services, job.uuid, "paused", "again")
    set_job_status(services, job.uuid, "cancel-requested", "dropped")
    assert statuses(job) == ["completed", "canceled", "canceled"]
    assert job_status(job) == "canceled"

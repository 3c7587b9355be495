"""Failure handling after Flamenco 3.8: soft-fail retries, per-job blocklists, the job-failure share,
and jobs that fail because no worker is left to run them. SQLite and PostgreSQL."""

from __future__ import annotations

from flamenco.scheduler import assignment, task_updates
from flamenco.scheduler import jobs as job_scheduler
from flamenco.scheduler import tags as tag_scheduler
from flamenco.store import blocklist as blocklist_store
from flamenco.store import jobs as job_store
from tests.factories import add_worker, independent_job, statuses, tasks_of


def job_of(job):
    return job_store.get_job(job.uuid)


def fail(svc, worker):
    """The worker takes its next task and fails it; returns that task's UUID."""
    given = assignment.schedule_task(svc, worker)
    assert given is not None, f"{worker.name} got no task"
    task_updates.task_update(svc, worker, given.task.uuid, status="failed", activity="crash")
    return given.task.uuid


def blocklist(job):
    return [(b.worker_name, b.task_type) for b in blocklist_store.of_job(job_of(job).id)]


def test_a_failed_task_is_soft_failed_and_retried_by_another_worker_until_the_fail_limit(services):
    services.config.task_fail_after_softfail_count = 3
    workers = [add_worker(services, f"w{n}") for n in range(4)]
    job = independent_job(services, count=20)
    first = fail(services, workers[0])
    assert tasks_of(job)[0].status == "soft-failed"
    assert fail(services, workers[1]) == first  # the retry goes to another worker, first in line
    assert tasks_of(job)[0].status == "soft-failed"
    assert fail(services, workers[2]) == first
    assert tasks_of(job)[0].status == "failed"  # three workers failed it
    assert job_of(job).status == "active"  # 1 of 20 is under 10 %


def test_a_worker_failing_threshold_tasks_of_a_job_is_blocklisted_from_that_job(services):
    services.config.blocklist_threshold = 2
    services.config.task_fail_job_percentage = 100  # keep the job running through the failures
    bad, good = add_worker(services, "bad"), add_worker(services, "good")
    job = independent_job(services, name="blocked", count=10, priority=60)
    other = independent_job(services, name="other", count=1, priority=50)
    fail(services, bad)
    assert blocklist(job) == []
    fail(services, bad)
    assert blocklist(job) == [("bad", "misc")]
    # The blocked worker skips the higher-priority job and gets the other job's task.
    given = assignment.schedule_task(services, bad)
    assert given.job.uuid == other.uuid
    # Everyone else still runs the job, including the tasks the blocked worker failed.
    assert assignment.schedule_task(services, good).job.uuid == job.uuid


def test_blocklisting_queues_the_tasks_the_worker_failed_for_good(services):
    services.config.task_fail_after_softfail_count = 1  # every failure is for good
    services.config.blocklist_threshold = 2
    services.config.task_fail_job_percentage = 100
    bad = add_worker(services, "bad")
    add_worker(services, "good")
    job = independent_job(services, count=5)
    fail(services, bad)
    assert statuses(job)[0] == "failed"
    fail(services, bad)  # the second failure blocklists it
    assert blocklist(job) == [("bad", "misc")]
    # The task it failed before is queued again, for the workers that may still run it; the one it
    # failed just now follows the fail limit (one failure), as in Flamenco.
    assert statuses(job)[:2] == ["queued", "failed"]


def test_a_job_fails_once_its_failed_share_reaches_the_configured_percentage(services):
    services.config.task_fail_after_softfail_count = 1
    services.config.task_fail_job_percentage = 25
    workers = [add_worker(services, f"w{n}") for n in range(3)]
    job = independent_job(services, count=8)
    fail(services, workers[0])
    assert job_of(job).status == "active"  # 1 of 8 = 12 %
    fail(services, workers[1])
    assert job_of(job).status == "failed"  # 2 of 8 = 25 %
    assert "2 of 8 tasks failed" in job_of(job).activity


def test_a_job_fails_with_a_reason_when_every_worker_that_may_run_a_task_is_blocklisted(services):
    services.config.blocklist_threshold = 1
    services.config.task_fail_job_percentage = 100
    w1, w2 = add_worker(services, "w1"), add_worker(services, "w2")
    add_worker(services, "renderer", task_types=("blender",))  # cannot run `misc` tasks: does not count
    job = independent_job(services, count=10)
    first = fail(services, w1)
    assert tasks_of(job)[0].status == "soft-failed"  # w2 may still run it
    assert fail(services, w2) == first
    current = job_of(job)
    assert current.status == "failed"
    assert current.activity == "no more workers left to run tasks of type 'misc'"
    assert statuses(job) == ["failed"] + ["canceled"] * 9


def test_a_tagged_job_fails_when_its_last_tagged_worker_is_blocklisted(services):
    services.config.blocklist_threshold = 1
    tagged, untagged = add_worker(services, "tagged"), add_worker(services, "untagged")
    tag = tag_scheduler.create_tag(services, "gpu")
    tag_scheduler.set_worker_tags(services, tagged.uuid, [tag.uuid])
    job = independent_job(services, count=10)
    tag_scheduler.set_job_tag(services, job.uuid, tag_uuid=tag.uuid)
    assert assignment.schedule_task(services, untagged) is None  # not in the job's tag
    fail(services, tagged)
    # The untagged worker may not run the job, so nobody is left.
    assert job_of(job).status == "failed"
    assert "no more workers left" in job_of(job).activity


def test_the_fail_limit_applies_before_the_workers_left(services):
    """With two workers and a limit of 2, the second failure fails the task, not the job."""
    services.config.task_fail_after_softfail_count = 2
    w1, w2 = add_worker(services, "w1"), add_worker(services, "w2")
    job = independent_job(services, count=20)
    fail(services, w1)
    fail(services, w2)
    assert statuses(job)[0] == "failed"
    assert job_of(job).status == "active"


def test_a_human_requeue_of_the_job_clears_its_blocklist(services):
    services.config.blocklist_threshold = 1
    w1 = add_worker(services, "w1")
    job = independent_job(services, count=1)
    fail(services, w1)
    assert job_of(job).status == "failed"
    assert blocklist(job) == [("w1", "misc")]
    job_scheduler.set_job_status(services, job.uuid, "requeueing", "fixed it")
    assert blocklist(job) == []
    assert assignment.schedule_task(services, w1) is not None


def test_removing_a_block_lets_the_worker_run_the_job_again(services):
    services.config.blocklist_threshold = 1
    services.config.task_fail_job_percentage = 100
    bad = add_worker(services, "bad")
    add_worker(services, "good")
    job = independent_job(services, count=5)
    fail(services, bad)
    assert assignment.schedule_task(services, bad) is None
    removed = job_scheduler.remove_from_blocklist(
        services, job.uuid, [(bad.uuid, "misc"), (bad.uuid, "other")]
    )
    assert removed == 1
    assert blocklist(job) == []
    given = assignment.schedule_task(services, bad)
    assert given is not None and given.job.uuid == job.uuid


def test_a_timed_out_task_counts_as_a_failure_of_its_worker(services, clock):
    services.config.blocklist_threshold = 1
    services.config.task_fail_job_percentage = 100
    slow = add_worker(services, "slow")
    add_worker(services, "other")
    job = independent_job(services, count=3)
    given = assignment.schedule_task(services, slow)
    task_updates.time_out_task(services, given.task)
    assert statuses(job)[0] == "soft-failed"
    assert blocklist(job) == [("slow", "misc")]

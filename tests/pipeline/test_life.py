"""A job's life on SQLite and PostgreSQL: offline, time_wait, time_life, command_post."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest

from flamenco.errors import BadRequest, NotFound
from flamenco.pipeline import life
from flamenco.scheduler import deletion, task_updates
from flamenco.scheduler.jobs import set_job_status
from flamenco.store import jobs as job_store
from flamenco.store import life as life_store
from flamenco.store import tasks as task_store
from tests.factories import add_worker, tasks_of
from tests.pipeline.helpers import claim_job, gates, job


def epoch(moment) -> int:
    return int(moment.replace(tzinfo=UTC).timestamp())


def test_an_offline_job_starts_when_started(services):
    worker = add_worker(services)
    offline = job(services, "offline", status="paused")
    assert job_store.get_job(offline.uuid).status == "paused"
    assert claim_job(services, worker) is None
    set_job_status(services, offline.uuid, "queued", "started")
    assert claim_job(services, worker) == "offline"


def test_time_wait_holds_the_job_until_its_time(services, clock):
    worker = add_worker(services)
    later = job(services, "later", time_wait=epoch(clock.now + timedelta(minutes=10)))
    past = job(services, "past", time_wait=epoch(clock.now - timedelta(minutes=1)), count=1)
    assert gates(later) == [1, 1] and gates(past) == [0]
    assert life_store.life_of(later.id).not_before == clock.now + timedelta(minutes=10)
    assert claim_job(services, worker) == "past"
    task_updates.task_update(services, worker, tasks_of(past)[0].uuid, status="completed")

    clock.advance(minutes=9, seconds=59)
    assert life.sweep(services)["time_released"] == 0
    assert claim_job(services, worker) is None
    clock.advance(seconds=1)
    assert life.sweep(services)["time_released"] == 1
    assert gates(later) == [0, 0] and life_store.life_of(later.id).not_before is None
    assert claim_job(services, worker) == "later"


def test_time_wait_survives_a_requeue_of_the_job(services, clock):
    """Recounting the tasks' prerequisites keeps the job's gates (a requeued, completed job)."""
    waiting = job(services, "later", time_wait=epoch(clock.now + timedelta(hours=1)), depend_mask="x")
    set_job_status(services, waiting.uuid, "paused", "hold")
    set_job_status(services, waiting.uuid, "requeueing", "again")
    task_store.recount_waiting(waiting.id)
    assert gates(waiting) == [1, 1]


def test_time_life_deletes_the_job_through_the_deleter(services, clock):
    short = job(services, "short", time_life=60, count=1)
    kept = job(services, "kept", count=1)
    clock.advance(seconds=59)
    assert life.sweep(services)["expired"] == 0
    clock.advance(seconds=1)
    assert life.sweep(services)["expired"] == 1
    assert job_store.get_job(short.uuid).delete_requested_at == clock.now
    assert deletion.delete_pending(services) == 1
    with pytest.raises(NotFound):
        job_store.get_job(short.uuid)
    assert job_store.get_job(kept.uuid).delete_requested_at is None


def test_the_post_command_becomes_a_system_job_task_after_deletion(services, clock):
    doomed = job(services, "doomed", count=1, command_post="rm -rf /tmp/doomed-scratch")
    deletion.request_job_deletion(services, doomed.uuid)
    assert deletion.delete_pending(services) == 1

    system_id = life_store.system_job_id()
    assert system_id is not None
    system = job_store.get_job_by_id(system_id)
    assert system.job_type == "afanasy-system" and system.status == "queued"
    (post,) = task_store.tasks_of_job(system_id)
    assert post.name == "post: doomed" and post.task_type == "postcmd" and post.status == "queued"
    assert post.commands == [
        {"name": "exec", "parameters": {"exec": "rm -rf /tmp/doomed-scratch", "cwd": "", "env": {}}}
    ]
    # Hidden from the default job list, there when asked for.
    assert [j.name for j in job_store.query_jobs(job_store.JobQuery())[0]] == []
    listed = job_store.query_jobs(job_store.JobQuery(include_system=True))[0]
    assert [j.name for j in listed] == ["afanasy-system"]

    # A worker that runs post commands gets it; the system job never completes, so the next
    # post command finds it runnable.
    worker = add_worker(services, "post", task_types=("postcmd",))
    assert claim_job(services, worker) == "afanasy-system"
    task_updates.task_update(services, worker, post.uuid, status="completed")
    assert job_store.get_job_by_id(system_id).status in ("queued", "active")
    second = job(services, "second", count=1, command_post="echo bye")
    deletion.request_job_deletion(services, second.uuid)
    deletion.delete_pending(services)
    assert [t.name for t in task_store.tasks_of_job(system_id)] == ["post: doomed", "post: second"]
    assert claim_job(services, worker) == "afanasy-system"


def test_a_failed_post_command_does_not_cancel_the_others(services):
    for name in ("a", "b"):
        doomed = job(services, name, count=1, command_post=f"false {name}")
        deletion.request_job_deletion(services, doomed.uuid)
    deletion.delete_pending(services)
    system_id = life_store.system_job_id()
    worker = add_worker(services, "post", task_types=("postcmd",))
    first = tasks_of(job_store.get_job_by_id(system_id))[0]
    assert claim_job(services, worker) == "afanasy-system"
    # The only worker for post commands failed it: no worker is left, so it fails for good, and
    # an ordinary job would fail with it (canceling the other task).
    task_updates.task_update(services, worker, first.uuid, status="failed")
    assert [t.status for t in task_store.tasks_of_job(system_id)] == ["failed", "queued"]
    assert job_store.get_job_by_id(system_id).status in ("queued", "active")


def test_finished_system_tasks_are_dropped_after_their_life(services, clock):
    doomed = job(services, "doomed", count=1, command_post="echo done")
    deletion.request_job_deletion(services, doomed.uuid)
    deletion.delete_pending(services)
    system_id = life_store.system_job_id()
    worker = add_worker(services, "post", task_types=("postcmd",))
    claim_job(services, worker)
    (post,) = task_store.tasks_of_job(system_id)
    task_updates.task_update(services, worker, post.uuid, status="completed")
    clock.advance(seconds=1799)
    assert life.sweep(services)["system_tasks_dropped"] == 0
    clock.advance(seconds=2)
    assert life.sweep(services)["system_tasks_dropped"] == 1
    assert task_store.tasks_of_job(system_id) == []


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("time_wait", "soon", "af.time_wait must be seconds since the epoch or an RFC 3339 time"),
        ("time_life", "long", "af.time_life must be a number of seconds"),
        ("depend_mask_global", "[", "af.depend_mask_global '\\[' is not a regular expression"),
    ],
)
def test_bad_life_controls_are_refused(services, key, value, message):
    with pytest.raises(BadRequest, match=message):
        job(services, "bad", **{key: value})
    assert job_store.query_jobs(job_store.JobQuery())[1] == 0


def test_afanasy_documents_give_their_life_controls(services, clock):
    document = {
        "name": "comp",
        "user_name": "bob",
        "host_name": "ws7",
        "offline": True,
        "depend_mask_global": "render_.*",
        "time_wait": epoch(clock.now + timedelta(minutes=5)),
        "time_life": 600,
        "command_post": "echo bye",
    }
    controls = life.controls_from_afanasy(document)
    assert life.initial_status_from_afanasy(document) == "paused"
    assert life.initial_status_from_afanasy({"offline": False}) == "queued"
    assert controls.columns() == {
        "depend_mask_global": "render_.*",
        "time_life_s": 600,
        "command_post": "echo bye",
        "user_name": "bob",
        "host_name": "ws7",
    }
    assert controls.time_wait == clock.now + timedelta(minutes=5)
    with pytest.raises(BadRequest, match=r"job.depend_mask '\*' is not a regular expression"):
        life.controls_from_afanasy({"depend_mask": "*"})

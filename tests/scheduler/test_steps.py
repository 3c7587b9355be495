"""Step progress (Flamenco 3.8's `steps_completed`/`steps_total`): counted when a job is stored,
reported by workers, kept on tasks and their job, recounted when work starts over."""

from __future__ import annotations

import json

import pytest

from flamenco.errors import BadRequest
from flamenco.events import Event
from flamenco.jobtypes.authoring import AuthoredCommand, AuthoredTask
from flamenco.scheduler import assignment, task_updates
from flamenco.scheduler import jobs as job_scheduler
from flamenco.store import jobs as job_store
from flamenco.store import tasks as task_store
from flamenco.store.db import write_transaction
from tests.factories import add_worker, echo_job, tasks_of


def steps(job_uuid: str) -> tuple[int, int]:
    job = job_store.get_job(job_uuid)
    return job.steps_completed, job.steps_total


def test_new_tasks_count_one_step_per_command_and_the_job_all_of_them(services):
    job = echo_job(services, sleeps=2)  # echo, sleep, sleep-2: one command each
    assert [(t.steps_completed, t.steps_total) for t in tasks_of(job)] == [(0, 1)] * 3
    assert steps(job.uuid) == (0, 3)


def test_a_task_of_several_commands_has_as_many_steps(services, clock):
    with write_transaction():
        job = job_store.create_job(
            name="multi", job_type="x", priority=50, status="queued", settings={}, metadata={}, now=clock()
        )
        task = AuthoredTask("three", "misc")
        for n in range(3):
            task.add_command(AuthoredCommand("echo", {"message": str(n)}))
        empty = AuthoredTask("none", "misc")
        with job_store.TaskWriter(job, clock()) as writer:
            commands = [json.dumps([vars(c) for c in t.commands]) for t in (task, empty)]
            writer.write([task, empty], commands)
    assert [t.steps_total for t in tasks_of(job)] == [3, 0]
    assert writer.steps_total == 3


def test_worker_reports_move_the_task_and_its_job_within_bounds(services):
    worker = add_worker(services)
    job = echo_job(services, sleeps=1)
    task = assignment.schedule_task(services, worker).task
    heard: list[Event] = []
    services.events.subscribe(heard.append)

    task_updates.task_update(services, worker, task.uuid, steps_completed=1)
    assert task_store.get_task(task.uuid).steps_completed == 1
    assert steps(job.uuid) == (1, 2)
    assert [e.data.job_uuid for e in heard if e.kind == "job-steps"] == [job.uuid]
    assert [e.data.task.steps_completed for e in heard if e.kind == "task"] == [1]

    task_updates.task_update(services, worker, task.uuid, steps_completed=7)  # beyond the total: clamped
    assert steps(job.uuid) == (1, 2)
    with pytest.raises(BadRequest):
        task_updates.task_update(services, worker, task.uuid, steps_completed=-1)
    task_updates.task_update(services, worker, task.uuid, steps_completed=0)  # a worker may start over
    assert steps(job.uuid) == (0, 2)


def test_a_completed_task_has_done_all_its_steps_even_if_its_worker_counted_none(services):
    worker = add_worker(services)
    job = echo_job(services, sleeps=1)
    for _ in range(2):
        task = assignment.schedule_task(services, worker).task
        task_updates.task_update(services, worker, task.uuid, status="completed")
    assert job_store.get_job(job.uuid).status == "completed"
    assert steps(job.uuid) == (2, 2)
    assert [t.steps_completed for t in tasks_of(job)] == [1, 1]


def test_requeueing_a_task_starts_its_steps_over(services):
    worker = add_worker(services)
    job = echo_job(services, sleeps=1)
    task = assignment.schedule_task(services, worker).task
    task_updates.task_update(services, worker, task.uuid, status="completed")
    assert steps(job.uuid) == (1, 2)
    task_updates.set_task_status(services, task.uuid, "queued", "again")
    assert task_store.get_task(task.uuid).steps_completed == 0
    assert steps(job.uuid) == (0, 2)


def test_requeueing_a_job_recounts_its_steps(services):
    worker = add_worker(services)
    job = echo_job(services, sleeps=2)
    first = assignment.schedule_task(services, worker).task
    task_updates.task_update(services, worker, first.uuid, status="completed")
    second = assignment.schedule_task(services, worker).task
    task_updates.task_update(services, worker, second.uuid, steps_completed=1)
    task_updates.task_update(services, worker, second.uuid, status="failed")  # one worker: fails for good
    job_scheduler.set_job_status(services, job.uuid, "cancel-requested", "stop")
    job_scheduler.set_job_status(services, job.uuid, "requeueing", "again")
    by_name = {t.name: t.steps_completed for t in tasks_of(job)}
    assert by_name == {"echo": 1, "sleep": 0, "sleep-2": 0}
    assert steps(job.uuid) == (1, 3)


def test_steps_through_both_doors(client, services):
    job = echo_job(services, sleeps=0)
    seed = client.post(
        "/api/worker/register-worker",
        json={"secret": "s", "platform": "linux", "supported_task_types": ["misc"], "nickname": "seed"},
    ).json()
    auth = (seed["uuid"], "s")
    client.post(
        "/api/worker/sign-on",
        json={"nickname": "seed", "supported_task_types": ["misc"], "software_version": "1"},
        auth=auth,
    )
    client.post("/api/worker/state-changed", json={"status": "awake"}, auth=auth)
    task = client.post("/api/worker/task", auth=auth).json()
    answer = client.post(f"/api/worker/task/{task['uuid']}", json={"steps_completed": 1}, auth=auth)
    assert answer.status_code == 204
    assert client.get(f"/api/v3/jobs/{job.uuid}").json()["steps_completed"] == 1
    assert client.get(f"/api/v3/tasks/{task['uuid']}").json()["steps_completed"] == 1
    refused = client.post(f"/api/worker/task/{task['uuid']}", json={"steps_completed": "one"}, auth=auth)
    assert refused.status_code == 400

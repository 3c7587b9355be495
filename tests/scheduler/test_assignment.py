"""Which task a worker gets, scenario by scenario."""

from __future__ import annotations

import pytest

from flamenco.errors import Conflict
from flamenco.scheduler import assignment, task_updates
from flamenco.scheduler import workers as protocol
from flamenco.store import jobs as job_store
from flamenco.store import workers as worker_store
from flamenco.store.models import Task
from tests.factories import add_worker, echo_job, independent_job, statuses, tasks_of


def complete(svc, worker, task_uuid):
    task_updates.task_update(svc, worker, task_uuid, status="completed")


def test_dependencies_hold_back_tasks_until_completed(services):
    worker = add_worker(services)
    job = echo_job(services, sleeps=2)
    first = assignment.schedule_task(services, worker)
    assert first.task.name == "echo"
    other = add_worker(services, "w2")
    assert assignment.schedule_task(services, other) is None  # both sleeps wait for echo
    complete(services, worker, first.task.uuid)
    assert assignment.schedule_task(services, other).task.name.startswith("sleep")
    assert job_store.get_job(job.uuid).status == "active"


def test_higher_job_priority_first_then_older_job(services):
    worker = add_worker(services)
    old_low = independent_job(services, name="old-low", priority=10)
    services.clock.advance(seconds=1)
    old_high = independent_job(services, name="old-high", priority=70)
    services.clock.advance(seconds=1)
    new_high = independent_job(services, name="new-high", priority=70)
    order = []
    for _ in range(3):
        task = assignment.schedule_task(services, worker)
        order.append(task.job.uuid)
        complete(services, worker, task.task.uuid)
    assert order == [old_high.uuid, new_high.uuid, old_low.uuid]


def test_task_priority_then_index_in_job(services):
    worker = add_worker(services)
    job = echo_job(services, sleeps=3)
    tasks = tasks_of(job)
    complete(services, worker, assignment.schedule_task(services, worker).task.uuid)  # the echo
    Task.update(priority=80).where(Task.id == tasks[3].id).execute()
    got = [assignment.schedule_task(services, worker).task.uuid]
    complete(services, worker, got[0])
    got.append(assignment.schedule_task(services, worker).task.uuid)
    assert got == [tasks[3].uuid, tasks[1].uuid]


def test_only_supported_task_types(services):
    blender_only = add_worker(services, "blender-box", ("blender",))
    echo_job(services)
    assert assignment.schedule_task(services, blender_only) is None


def test_worker_gets_its_own_active_task_back(services):
    worker = add_worker(services)
    independent_job(services)
    first = assignment.schedule_task(services, worker)
    again = assignment.schedule_task(services, worker)
    assert again.task.uuid == first.task.uuid


def test_pending_status_change_answers_423_before_409(services):
    worker = add_worker(services)
    protocol.request_status_change(services, worker.uuid, "asleep", is_lazy=True)
    with pytest.raises(protocol.MustChangeStatus) as change:
        assignment.schedule_task(services, worker)
    assert change.value.requested == "asleep"


def test_worker_not_awake_gets_409(services):
    worker = add_worker(services, awake=False)
    echo_job(services)
    with pytest.raises(Conflict):
        assignment.schedule_task(services, worker)


def test_variables_expanded_for_worker_platform(services):
    services.config.variables["blender"] = {
        "values": [
            {"platform": "linux", "value": "/opt/blender/blender"},
            {"platform": "windows", "value": "C:/Blender/blender.exe"},
        ]
    }
    linux = add_worker(services, "linux-box", ("blender", "ffmpeg", "file-management"))
    windows = add_worker(services, "win-box", ("blender",), platform="windows")
    job_store_settings = {
        "filepath": "/shared/shot.blend",
        "render_output_path": "/shared/render/######",
        "frames": "1-2",
    }
    from flamenco.scheduler.jobs import submit_job

    submit_job(
        services,
        {"name": "r", "type": "simple-blender-render", "priority": 50, "settings": job_store_settings},
    )
    on_linux = assignment.schedule_task(services, linux).commands[0]["parameters"]
    on_windows = assignment.schedule_task(services, windows).commands[0]["parameters"]
    assert on_linux["exe"] == "/opt/blender/blender"
    assert on_windows["exe"] == "C:/Blender/blender.exe"
    assert on_linux["exeArgs"] == "-b -y"


def test_a_worker_that_failed_a_task_does_not_get_it_again(services):
    first = add_worker(services, "w1")
    add_worker(services, "w2")  # so the failure is soft: another worker may try
    job = independent_job(services)
    task = assignment.schedule_task(services, first)
    task_updates.task_update(services, first, task.task.uuid, status="failed", activity="boom")
    assert statuses(job) == ["soft-failed"]
    assert assignment.schedule_task(services, first) is None
    second = worker_store.get_worker(worker_store.all_workers()[1].uuid)
    assert assignment.schedule_task(services, second).task.uuid == task.task.uuid


def test_paused_job_is_not_scheduled(services):
    from flamenco.scheduler.jobs import set_job_status

    worker = add_worker(services)
    job = echo_job(services)
    set_job_status(services, job.uuid, "paused", "wait")
    assert assignment.schedule_task(services, worker) is None
    set_job_status(services, job.uuid, "queued", "go")
    assert assignment.schedule_task(services, worker) is not None

"""The worker status protocol and what happens to work when a worker goes away."""

from __future__ import annotations

from flamenco.scheduler import assignment, task_updates
from flamenco.scheduler import workers as protocol
from flamenco.scheduler.timeouts import check_timeouts
from flamenco.store import workers as worker_store
from tests.factories import add_worker, independent_job, statuses, tasks_of


def status_of(worker):
    return worker_store.get_worker(worker.uuid)


def test_sign_on_answers_awake_or_the_pending_request(services):
    worker = add_worker(services, awake=False)
    assert protocol.sign_on(services, worker, name="w1", task_types=["misc"], version="1") == "awake"
    protocol.request_status_change(services, worker.uuid, "asleep", is_lazy=False)
    assert protocol.sign_on(services, worker, name="renamed", task_types=["blender"], version="2") == "asleep"
    info = status_of(worker)
    assert (info.status, info.name, info.task_types, info.software) == (
        "starting",
        "renamed",
        ["blender"],
        "2",
    )


def test_sign_off_requeues_the_running_task(services):
    worker = add_worker(services)
    job = independent_job(services)
    assignment.schedule_task(services, worker)
    protocol.sign_off(services, worker)
    assert status_of(worker).status == "offline"
    assert statuses(job) == ["queued"]
    other = add_worker(services, "w2")
    assert assignment.schedule_task(services, other).task.uuid == tasks_of(job)[0].uuid


def test_leaving_awake_requeues_and_reaching_requested_status_clears_request(services):
    worker = add_worker(services)
    job = independent_job(services)
    assignment.schedule_task(services, worker)
    protocol.request_status_change(services, worker.uuid, "asleep", is_lazy=False)
    protocol.state_changed(services, worker, "asleep")
    info = status_of(worker)
    assert (info.status, info.status_requested) == ("asleep", "")
    assert statuses(job) == ["queued"]


def test_lazy_request_lets_the_task_finish(services):
    worker = add_worker(services)
    independent_job(services, count=2)
    task = assignment.schedule_task(services, worker)
    protocol.request_status_change(services, worker.uuid, "asleep", is_lazy=True)
    answer = task_updates.may_worker_run(services, worker, task.task.uuid)
    assert answer == {"mayKeepRunning": True, "reason": "", "statusChangeRequested": False}
    task_updates.task_update(services, worker, task.task.uuid, status="completed")
    try:
        assignment.schedule_task(services, worker)
    except protocol.MustChangeStatus as change:
        assert change.requested == "asleep"
    else:
        raise AssertionError("a lazy request must stop the next assignment")


def test_immediate_request_stops_the_task(services):
    worker = add_worker(services)
    independent_job(services)
    task = assignment.schedule_task(services, worker)
    protocol.request_status_change(services, worker.uuid, "offline", is_lazy=False)
    answer = task_updates.may_worker_run(services, worker, task.task.uuid)
    assert answer["mayKeepRunning"] is False
    assert answer["statusChangeRequested"] is True


def test_requesting_the_current_status_cancels_a_request(services):
    worker = add_worker(services)
    protocol.request_status_change(services, worker.uuid, "asleep", is_lazy=True)
    protocol.request_status_change(services, worker.uuid, "awake", is_lazy=False)
    assert status_of(worker).status_requested == ""


def test_silent_worker_times_out_and_its_task_moves_on(services):
    worker = add_worker(services)
    job = independent_job(services)
    assignment.schedule_task(services, worker)
    services.clock.advance(seconds=30)
    assert check_timeouts(services) == (0, 0)
    services.clock.advance(minutes=1)
    assert check_timeouts(services) == (0, 1)
    assert status_of(worker).status == "error"
    assert statuses(job) == ["queued"]
    try:
        assignment.schedule_task(services, worker)
    except Exception as exc:
        assert getattr(exc, "status", None) == 409
    else:
        raise AssertionError("a timed-out worker must sign on again before it gets work")


def test_silent_task_times_out_as_a_failure_of_its_worker(services):
    worker = add_worker(services)
    add_worker(services, "w2")
    job = independent_job(services, count=20)
    task = assignment.schedule_task(services, worker)
    for _ in range(11):  # the worker keeps calling in but never reports on the task
        services.clock.advance(minutes=1)
        protocol.seen(services, status_of(worker), "127.0.0.1")
        for other in worker_store.all_workers():
            protocol.seen(services, other, None)
        check_timeouts(services)
    first = tasks_of(job)[0]
    assert first.uuid == task.task.uuid
    assert first.status == "soft-failed"
    assert "timed out" in first.activity
    assert assignment.schedule_task(services, worker).task.uuid != task.task.uuid


def test_update_from_a_worker_the_task_no_longer_belongs_to_is_refused(services):
    first = add_worker(services, "w1")
    second = add_worker(services, "w2")
    independent_job(services)
    task = assignment.schedule_task(services, first)
    protocol.sign_off(services, first)
    assert assignment.schedule_task(services, second).task.uuid == task.task.uuid
    try:
        task_updates.task_update(services, first, task.task.uuid, status="completed")
    except Exception as exc:
        assert getattr(exc, "status", None) == 409
    else:
        raise AssertionError("expected 409")
    assert task_updates.may_worker_run(services, first, task.task.uuid)["mayKeepRunning"] is False


def test_a_sleeping_worker_sleeps_again_after_a_restart(services):
    worker = add_worker(services)
    protocol.state_changed(services, worker, "asleep")
    protocol.sign_off(services, worker)
    assert protocol.sign_on(services, worker, name="w1", task_types=["misc"], version="1") == "asleep"
    protocol.state_changed(services, worker, "asleep")
    assert status_of(worker).status_requested == ""


def test_requested_shutdown_is_not_repeated_after_sign_off(services):
    worker = add_worker(services)
    protocol.request_status_change(services, worker.uuid, "offline", is_lazy=False)
    protocol.sign_off(services, worker)
    assert protocol.sign_on(services, worker, name="w1", task_types=["misc"], version="1") == "awake"

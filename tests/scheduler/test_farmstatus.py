"""Farm status by Flamenco 3.8's rules (`internal/manager/farmstatus`), and its change events."""

from __future__ import annotations

from flamenco.events import Event
from flamenco.scheduler import assignment, deletion, farmstatus, priority
from flamenco.scheduler import workers as protocol
from flamenco.store import tasks as task_store
from flamenco.store import workers as worker_store
from tests.factories import add_worker, independent_job


def test_the_rules(services):
    assert farmstatus.farm_status() == "inoperative"  # no workers
    worker = add_worker(services, awake=False)  # starting
    assert farmstatus.farm_status() == "idle"
    protocol.state_changed(services, worker, "offline")
    assert farmstatus.farm_status() == "inoperative"  # all offline or in error
    protocol.state_changed(services, worker, "asleep")
    assert farmstatus.farm_status() == "asleep"  # no work, every worker asleep
    job = independent_job(services)
    assert farmstatus.farm_status() == "waiting"  # work, nobody awake for it
    protocol.state_changed(services, worker, "awake")
    assert farmstatus.farm_status() == "waiting"  # queued only
    assignment.schedule_task(services, worker_store.get_worker(worker.uuid))
    assert farmstatus.farm_status() == "active"
    deletion.delete_worker(services, worker.uuid)
    assert farmstatus.farm_status() == "inoperative"  # deleted workers do not count
    assert job.uuid


def test_the_watch_announces_changes_only(services):
    seen: list[Event] = []
    services.events.subscribe(seen.append)
    watch = farmstatus.FarmStatusWatch(services)
    assert watch.last == "starting"
    assert watch.poll() == "inoperative"
    assert watch.poll() == "inoperative"
    add_worker(services)
    watch.poll()
    assert [e.data.status for e in seen if e.kind == "farm"] == ["inoperative", "idle"]


def test_job_and_worker_status_changes_wake_the_watch(services):
    seen: list[Event] = []
    services.events.subscribe(seen.append)
    worker = add_worker(services)
    job = independent_job(services)
    priority.set_job_priority(services, job.uuid, 90)
    woken = [farmstatus.status_changed(e) for e in seen]
    # register; sign-on (offline → starting); awake; new job; priority change
    assert woken == [False, True, True, False, False]
    assert worker


def test_priority_changes_the_job_and_its_tasks_copy(services):
    job = independent_job(services, count=2)
    other = independent_job(services, name="other", priority=60)
    worker = add_worker(services)
    changed = priority.set_job_priority(services, job.uuid, 70)
    assert changed.priority == 70
    assert assignment.schedule_task(services, worker).task.job_uuid == job.uuid
    assert all(t.status in ("queued", "active") for t in task_store.tasks_of_job(other.id))

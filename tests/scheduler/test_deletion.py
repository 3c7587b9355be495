"""Job and worker deletion with Flamenco 3.8's semantics, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime

import pytest

from flamenco.errors import BadRequest, NotFound
from flamenco.events import Event
from flamenco.scheduler import assignment, deletion
from flamenco.shaman import Shaman
from flamenco.store import deletion as deletion_store
from flamenco.store import jobs as job_store
from flamenco.store import tasks as task_store
from flamenco.store import workers as worker_store
from flamenco.store.credentials import CredentialCache
from tests.factories import add_worker, graph_job, independent_job, tasks_of


@pytest.fixture
def events(services) -> list[Event]:
    seen: list[Event] = []
    services.events.subscribe(seen.append)
    return seen


def _job_events(events: list[Event], job_uuid: str) -> list:
    return [e.data for e in events if e.kind == "job" and e.data.job.uuid == job_uuid]


def test_a_deletion_request_marks_the_job_and_announces_it(services, clock, events):
    job = independent_job(services, count=3)
    clock.advance(minutes=5)
    marked = deletion.request_job_deletion(services, job.uuid)
    assert marked.delete_requested_at == clock.now and marked.updated == clock.now
    assert job_store.get_job(job.uuid).delete_requested_at == clock.now  # still there until deleted
    announced = _job_events(events, job.uuid)[-1]
    assert announced.job.delete_requested_at == clock.now and not announced.was_deleted
    with pytest.raises(NotFound):
        deletion.request_job_deletion(services, "3c7d1b5e-0000-4000-8000-00000000000c")


def test_the_deleter_removes_tasks_logs_and_rows_then_announces(services, events):
    job = graph_job(services, "a; b<a; c<b")
    other = independent_job(services, name="kept")
    task = tasks_of(job)[0]
    services.tasklogs.append(job.uuid, task.uuid, "rendering\n")
    services.tasklogs.append(other.uuid, tasks_of(other)[0].uuid, "kept\n")
    log_dir = services.tasklogs.job_dir(job.uuid)
    (log_dir / "last-rendered.jpg").write_bytes(b"jpeg")  # where Flamenco keeps a job's images
    assert deletion.delete_pending(services) == 0  # nothing marked yet
    deletion.request_job_deletion(services, job.uuid)
    assert deletion.delete_pending(services) == 1
    with pytest.raises(NotFound):
        job_store.get_job(job.uuid)
    with pytest.raises(NotFound):
        task_store.get_task(task.uuid)
    assert not log_dir.exists()
    assert services.tasklogs.tail(other.uuid, tasks_of(other)[0].uuid) == "kept\n"
    last = _job_events(events, job.uuid)[-1]
    assert last.was_deleted and last.job.uuid == job.uuid
    assert deletion.delete_pending(services) == 0


def test_a_job_is_deleted_in_batches(services):
    job = independent_job(services, count=7)
    deletion.request_job_deletion(services, job.uuid)
    assert deletion_store.delete_job_rows(job.id, batch=3)
    assert not deletion_store.delete_job_rows(job.id, batch=3)  # already gone
    assert deletion_store.jobs_to_delete() == []


def test_a_job_deleted_while_running_stops_its_worker(services):
    worker = add_worker(services)
    job = independent_job(services)
    running = assignment.schedule_task(services, worker)
    assert running is not None
    deletion.request_job_deletion(services, job.uuid)
    deletion.delete_pending(services)
    from flamenco.scheduler import task_updates

    with pytest.raises(NotFound):
        task_updates.may_worker_run(services, worker, running.task.uuid)
    assert assignment.schedule_task(services, worker_store.get_worker(worker.uuid)) is None


def test_pending_deletions_survive_a_restart(services, config):
    """The mark is in the database: a new Manager on it finds and finishes the deletion."""
    from flamenco.app import build_services

    job = independent_job(services)
    deletion.request_job_deletion(services, job.uuid)
    restarted = build_services(config)
    assert deletion.delete_pending(restarted) == 1
    with pytest.raises(NotFound):
        job_store.get_job(job.uuid)


def test_mass_deletion_marks_jobs_last_updated_up_to_the_rounded_up_cutoff(services, clock, events):
    old = independent_job(services, name="old")
    clock.advance(seconds=0.4)
    also_old = independent_job(services, name="same second")  # 12:00:00.4
    clock.advance(seconds=10)
    new = independent_job(services, name="new")
    clock.advance(minutes=1)
    # 12:00:00.2 rounds up to 12:00:01: both jobs of that second go, as in Flamenco.
    marked = deletion.request_mass_deletion(services, "2026-01-01T13:00:00.2+01:00")
    assert {j.uuid for j in marked} == {old.uuid, also_old.uuid}
    assert job_store.get_job(new.uuid).delete_requested_at is None
    assert all(_job_events(events, j.uuid)[-1].job.delete_requested_at == clock.now for j in (old, also_old))
    with pytest.raises(deletion.NothingToDelete) as nothing:
        deletion.request_mass_deletion(services, "2025-01-01T00:00:00Z")
    assert nothing.value.status == 416
    deletion.delete_pending(services)
    assert [j.uuid for j in job_store.query_jobs(job_store.JobQuery())[0]] == [new.uuid]


def test_cutoffs_are_naive_utc_rounded_up():
    assert deletion.mass_deletion_cutoff("2026-01-01T12:00:00Z") == datetime(2026, 1, 1, 12, 0, 0)
    assert deletion.mass_deletion_cutoff("2026-01-01T14:00:00.001+02:00") == datetime(2026, 1, 1, 12, 0, 1)
    assert deletion.mass_deletion_cutoff("2026-01-01T12:00:00") == datetime(2026, 1, 1, 12, 0, 0)
    for bad in ("yesterday", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59.5"):
        with pytest.raises(BadRequest):
            deletion.mass_deletion_cutoff(bad)


def test_what_would_it_do_and_the_shaman_checkout(services, tmp_path):
    services.shaman = Shaman(tmp_path / "shaman")
    checkout = services.shaman.checkout_root / "shots" / "010"
    checkout.mkdir(parents=True)
    (checkout / "scene.blend").symlink_to(tmp_path)  # removed, never followed
    from flamenco.scheduler import jobs as job_scheduler

    def submit(checkout_id: str):
        return job_scheduler.submit_job(
            services,
            {"name": "j", "type": "independent-tasks", "settings": {"count": 1}},
            shaman_checkout_id=checkout_id,
        )

    with_checkout, without, hostile = submit("shots/010"), submit(""), submit("../../outside")
    (tmp_path / "outside").mkdir()
    assert deletion.what_would_delete(services, with_checkout.uuid) == {"shaman_checkout": True}
    assert deletion.what_would_delete(services, without.uuid) == {"shaman_checkout": False}
    for job in (with_checkout, without, hostile):
        deletion.request_job_deletion(services, job.uuid)
    assert deletion.delete_pending(services) == 3
    assert not checkout.exists() and not checkout.parent.exists()
    assert services.shaman.checkout_root.exists() and tmp_path.exists() and (tmp_path / "outside").exists()
    services.shaman = None
    job = submit("shots/020")
    assert deletion.what_would_delete(services, job.uuid) == {"shaman_checkout": False}


def test_deleting_a_worker_requeues_its_tasks_and_refuses_it_afterwards(services, events):
    worker = add_worker(services)
    other = add_worker(services, name="w2")
    job = independent_job(services)
    running = assignment.schedule_task(services, worker)
    assert running is not None
    assert services.credentials.verify(worker.uuid, "s3cret")
    deletion.delete_worker(services, worker.uuid)
    task = task_store.get_task(running.task.uuid)
    assert task.status == "queued"
    assert "worker was deleted" in services.tasklogs.tail(job.uuid, task.uuid)
    announced = [e.data for e in events if e.kind == "worker" and e.data.worker.uuid == worker.uuid][-1]
    assert announced.worker.deleted_at is not None
    assert not services.credentials.verify(worker.uuid, "s3cret")
    assert not CredentialCache().verify(worker.uuid, "s3cret")  # another process's: reads the database
    with pytest.raises(NotFound):
        worker_store.get_worker(worker.uuid)
    assert [w.uuid for w in worker_store.all_workers()] == [other.uuid]
    with pytest.raises(NotFound):
        deletion.delete_worker(services, worker.uuid)
    assert assignment.schedule_task(services, worker_store.get_worker(other.uuid)).task.uuid == task.uuid

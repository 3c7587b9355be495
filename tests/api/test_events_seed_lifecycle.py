"""Deletion and farm status on the seed Socket.IO namespace: 3.8's words as additions."""

from __future__ import annotations

from flamenco.api import events_seed
from flamenco.events import Event
from flamenco.events.facts import FarmStatusChanged, JobChanged, WorkerChanged
from flamenco.scheduler import deletion
from flamenco.store import workers as worker_store
from tests.factories import add_worker, independent_job


def test_deletion_requested_and_done_reach_seed_clients(services):
    job = deletion.request_job_deletion(services, independent_job(services).uuid)
    [(name, room, payload)] = events_seed.emits(Event("job", JobChanged(job)))
    assert (name, room) == ("/jobs", "Jobs")
    assert payload["delete_requested_at"].startswith("2026-01-01T12:00:00")
    assert "was_deleted" not in payload
    [(_, _, gone)] = events_seed.emits(Event("job", JobChanged(job, was_deleted=True)))
    assert gone["was_deleted"] is True and gone["id"] == job.uuid and gone["status"] == "queued"


def test_worker_deletion_and_farm_status(services):
    worker = add_worker(services)
    deletion.delete_worker(services, worker.uuid)
    deleted = worker_store.get_worker_by_id(worker.id)
    [(name, _, payload)] = events_seed.emits(Event("worker", WorkerChanged(deleted, "awake")))
    assert name == "/workers" and payload["deleted_at"].startswith("2026-01-01T12:00:00")
    # Farm status is not in the seed spec: Flamenco 3.8's `/status` event belongs to its own door.
    assert events_seed.emits(Event("farm", FarmStatusChanged("idle"))) == []

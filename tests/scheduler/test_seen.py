"""A worker's `last_seen` is stamped coarsely (not on every call), but never so coarsely that a
short worker timeout declares a busy worker dead."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from flamenco.scheduler import workers as protocol
from flamenco.scheduler.timeouts import check_timeouts
from flamenco.store import workers as worker_store
from flamenco.store.leader import leadership
from tests.factories import add_worker


def test_a_worker_calling_every_second_never_times_out_with_a_four_second_timeout(
    services, clock, monkeypatch
):
    services.config = dataclasses.replace(services.config, worker_timeout=timedelta(seconds=4))
    monkeypatch.setattr(leadership, "held", lambda: True)
    worker = add_worker(services)
    for _ in range(20):
        clock.advance(seconds=1)
        protocol.seen(services, worker_store.get_worker(worker.uuid), "127.0.0.1")
        assert check_timeouts(services) == (0, 0)
    assert worker_store.get_worker(worker.uuid).status == "awake"


def test_with_the_usual_timeout_calls_within_five_seconds_write_nothing(services, clock):
    worker = add_worker(services)
    stamped = worker_store.get_worker(worker.uuid).last_seen
    clock.advance(seconds=4)
    protocol.seen(services, worker_store.get_worker(worker.uuid), "127.0.0.1")
    assert worker_store.get_worker(worker.uuid).last_seen == stamped
    clock.advance(seconds=1)
    protocol.seen(services, worker_store.get_worker(worker.uuid), "127.0.0.1")
    assert worker_store.get_worker(worker.uuid).last_seen == clock.now

"""One server process does the farm-wide chores, and another takes over when it dies.

Real processes on a real database: the lease is an advisory lock on PostgreSQL and a file lock on
SQLite, both of which the operating system or the server releases when the holder dies.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from typing import Any

from flamenco.scheduler import assignment
from flamenco.scheduler.timeouts import check_timeouts
from flamenco.store import db as store_db
from flamenco.store import workers as worker_store
from flamenco.store.leader import leadership
from tests.factories import add_worker, independent_job

CANDIDATES = 3


def _candidate(database: str, slot: int, leading: Any, stop: Any) -> None:
    """Child process: keep asking to lead, and say whether it does."""
    store_db.bind(store_db.open_database(database))
    while not stop.is_set():
        leading[slot] = 1 if leadership.held() else 0
        time.sleep(0.05)


def _hold(database: str, holding: Any, stop: Any) -> None:
    store_db.bind(store_db.open_database(database))
    if leadership.held():
        holding.set()
    stop.wait(60)


def _single_leader(leading: Any, alive: list[int], seconds: float) -> int:
    """The one slot that leads throughout ``seconds`` (fails if there is none, or several)."""
    seen = set()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        leaders = [slot for slot in alive if leading[slot]]
        assert len(leaders) <= 1, f"several leaders at once: {leaders}"
        if leaders:
            seen.add(leaders[0])
        time.sleep(0.02)
    assert len(seen) == 1, f"leaders seen: {seen}"
    return seen.pop()


def _wait_for_leader(leading: Any, alive: list[int], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not any(leading[slot] for slot in alive):
        assert time.monotonic() < deadline, "nobody took over"
        time.sleep(0.02)


def test_exactly_one_process_leads_and_another_takes_over_when_it_dies(services, database_url):
    store_db.database.close()
    context = multiprocessing.get_context("spawn")
    leading = context.Array("i", CANDIDATES)
    stop = context.Event()
    processes = [
        context.Process(target=_candidate, args=(database_url, n, leading, stop)) for n in range(CANDIDATES)
    ]
    for process in processes:
        process.start()
    try:
        alive = list(range(CANDIDATES))
        _wait_for_leader(leading, alive, timeout=120)  # includes starting the processes
        first = _single_leader(leading, alive, 1.0)
        os.kill(processes[first].pid, signal.SIGKILL)  # dies without releasing anything itself
        processes[first].join()
        alive.remove(first)
        leading[first] = 0
        _wait_for_leader(leading, alive, timeout=20)
        second = _single_leader(leading, alive, 1.0)
        assert second != first
    finally:
        stop.set()
        for process in processes:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()


def test_only_the_leader_sweeps_for_silent_workers(services, database_url):
    worker = add_worker(services)
    independent_job(services)
    assignment.schedule_task(services, worker)
    services.clock.advance(minutes=5)  # the worker went silent long ago
    leadership.release()
    context = multiprocessing.get_context("spawn")
    holding, stop = context.Event(), context.Event()
    other = context.Process(target=_hold, args=(database_url, holding, stop))
    other.start()
    try:
        assert holding.wait(30), "the other process did not become leader"
        assert check_timeouts(services) == (0, 0)  # not ours to do
        assert worker_store.get_worker(worker.uuid).status == "awake"
    finally:
        stop.set()
        other.join(timeout=10)
    assert check_timeouts(services) == (0, 1)  # the leader left: this process takes over
    assert worker_store.get_worker(worker.uuid).status == "error"

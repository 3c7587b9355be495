"""Running-task limits and tickets in the claim (issue 9, design §4.3, §4.5, §7.3), on SQLite and
PostgreSQL: what a farm admin sees is that a limited job or block never runs more tasks than its
limit, a licence ticket is never used more often than it exists, and every way a task stops
running gives its slot back (else the job would stall for good)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime

import pytest

from flamenco.scheduler import assignment, deletion, jobs, task_updates
from flamenco.scheduler import workers as protocol
from flamenco.services import Services
from flamenco.store import limits, rows
from flamenco.store import tasks as task_store
from flamenco.store import workers as worker_store
from flamenco.store.db import write_transaction
from flamenco.store.records import WorkerInfo
from tests.factories import (
    add_block,
    add_worker,
    counters,
    define_ticket,
    independent_job,
    set_job_limits,
    tasks_of,
)

NOW = datetime(2026, 1, 1)


def _claim(worker: WorkerInfo) -> int | None:
    """A store-level claim (a worker may hold several tasks this way, as a multi-slot one would)."""
    task = task_store.claim_runnable_task(worker, NOW)
    return task.id if task is not None else None


def _claim_all(worker: WorkerInfo, limit: int = 100) -> list[int]:
    claimed = []
    while len(claimed) < limit and (task_id := _claim(worker)) is not None:
        claimed.append(task_id)
    return claimed


def _active(job_id: int) -> int:
    return task_store.count_in_status(job_id, "active")


def test_job_limit_caps_running_tasks_and_a_completion_frees_a_slot(services: Services) -> None:
    job = independent_job(services, count=6)
    add_block(job)
    set_job_limits(job, max_running=2)
    workers = [add_worker(services, f"w{n}") for n in range(4)]

    given = {w.uuid: assignment.schedule_task(services, w) for w in workers}
    running = {uuid: a for uuid, a in given.items() if a is not None}
    assert len(running) == 2, "a job limited to 2 running tasks ran more"

    done_uuid, done = next(iter(running.items()))
    task_updates.task_update(services, worker_store.get_worker(done_uuid), done.task.uuid, status="completed")
    idle = [w for w in workers if given[w.uuid] is None]
    assert assignment.schedule_task(services, idle[0]) is not None, "the freed slot was not handed out"
    assert assignment.schedule_task(services, idle[1]) is None
    assert _active(job.id) == 2


def test_unlimited_jobs_are_not_counted(services: Services) -> None:
    independent_job(services, count=3)
    worker = add_worker(services)
    assert len(_claim_all(worker)) == 3
    assert counters() == {}


def test_block_limit_moves_on_to_the_next_block(services: Services) -> None:
    job = independent_job(services, count=6)
    ids = [t.id for t in tasks_of(job)]
    first = add_block(job, "first", task_ids=ids[:3], max_running=1)
    add_block(job, "second", task_ids=ids[3:])
    worker = add_worker(services)

    claimed = _claim_all(worker)
    assert claimed[0] == ids[0]
    assert sorted(claimed) == sorted([ids[0], *ids[3:]]), "the limited block ran more than one task"
    assert counters() == {"block": [(first, 1)]}


@pytest.mark.parametrize("level", ["job", "block"])
def test_per_worker_limit(services: Services, level: str) -> None:
    job = independent_job(services, count=10)
    if level == "job":
        add_block(job)
        set_job_limits(job, max_running_per_worker=2)
    else:
        add_block(job, max_running_per_worker=2)
    a, b = add_worker(services, "a"), add_worker(services, "b")
    assert len(_claim_all(a)) == 2
    assert len(_claim_all(b)) == 2
    assert _active(job.id) == 4


def test_farm_ticket_is_never_over_consumed_across_jobs(services: Services) -> None:
    define_ticket("NUKE", 5)
    first, second = (
        independent_job(services, name="a", count=10),
        independent_job(services, name="b", count=10),
    )
    add_block(first, tickets={"NUKE": 2})
    add_block(second, tickets={"NUKE": 1})
    workers = [add_worker(services, f"w{n}") for n in range(3)]

    claimed = [task for w in workers for task in _claim_all(w)]
    # 2 + 2 from the first job (priority and age order), then one of 1: 5 of 5.
    assert len(claimed) == 3
    assert rows.execute("SELECT in_use FROM ticket WHERE name = 'NUKE'").fetchone()[0] == 5


def test_worker_ticket_limits_each_worker(services: Services) -> None:
    define_ticket("MEM", 64, scope="worker")
    job = independent_job(services, count=20)
    add_block(job, tickets={"MEM": 16})
    a, b = add_worker(services, "a"), add_worker(services, "b")
    assert len(_claim_all(a)) == 4
    assert len(_claim_all(b)) == 4


def test_farm_ticket_max_hosts(services: Services) -> None:
    define_ticket("LIC", 10, max_hosts=2)
    job = independent_job(services, count=10)
    add_block(job, tickets={"LIC": 1})
    a, b, c = (add_worker(services, name) for name in "abc")
    assert _claim(a) is not None
    assert _claim(b) is not None
    assert _claim(c) is None, "a third host took a ticket limited to two hosts"
    assert _claim(a) is not None, "a host that holds the ticket may take more of it"
    assert rows.execute("SELECT in_use, hosts FROM ticket WHERE name = 'LIC'").fetchone() == (3, 2)


def test_undefined_tickets_do_not_limit(services: Services) -> None:
    job = independent_job(services, count=4)
    add_block(job, tickets={"NOT_DEFINED": 1000})
    assert len(_claim_all(add_worker(services))) == 4


def test_setting_a_limit_on_running_work_counts_what_already_runs(services: Services) -> None:
    job = independent_job(services, count=6)
    add_block(job)
    workers = [add_worker(services, f"w{n}") for n in range(3)]
    for worker in workers:
        assert assignment.schedule_task(services, worker) is not None
    set_job_limits(job, max_running=3)
    assert counters() == {"job": [(job.id, 3)]}
    assert assignment.schedule_task(services, add_worker(services, "late")) is None


# --- every way out of `active` gives back ---------------------------------------------------------


def _limited_and_running(services: Services) -> tuple[int, list[WorkerInfo]]:
    """A job with every kind of limit and ticket, two of its tasks running on two workers."""
    define_ticket("FARM", 10)
    define_ticket("HOST", 4, scope="worker")
    job = independent_job(services, count=4)
    add_block(job, max_running=3, max_running_per_worker=1, tickets={"FARM": 2, "HOST": 1})
    set_job_limits(job, max_running=3, max_running_per_worker=1)
    workers = [add_worker(services, name) for name in ("a", "b")]
    for worker in workers:
        assert assignment.schedule_task(services, worker) is not None
    assert counters()["ticket"] == [("FARM", "farm", 4, 2)]
    return job.id, workers


def _running_task(worker: WorkerInfo) -> str:
    (task,) = task_store.active_tasks_of_worker(worker.id)
    return task.uuid


def _job_uuid(job_id: int) -> str:
    return rows.execute("SELECT uuid FROM job WHERE id = ?", [job_id]).fetchone()[0]


RELEASES: dict[str, Callable[[Services, int, list[WorkerInfo]], None]] = {
    "completion": lambda svc, job_id, ws: [
        task_updates.task_update(svc, w, _running_task(w), status="completed") for w in ws
    ],
    "failure": lambda svc, job_id, ws: [
        task_updates.task_update(svc, w, _running_task(w), status="failed") for w in ws
    ],
    "task canceled by a user": lambda svc, job_id, ws: [
        task_updates.set_task_status(svc, _running_task(w), "canceled", "no") for w in ws
    ],
    "job canceled": lambda svc, job_id, ws: jobs.set_job_status(
        svc, _job_uuid(job_id), "cancel-requested", "no"
    ),
    "worker timed out": lambda svc, job_id, ws: [
        protocol.time_out(svc, worker_store.get_worker(w.uuid)) for w in ws
    ],
    "worker signed off": lambda svc, job_id, ws: [protocol.sign_off(svc, w) for w in ws],
    "worker went asleep": lambda svc, job_id, ws: [protocol.state_changed(svc, w, "asleep") for w in ws],
    "worker deleted": lambda svc, job_id, ws: [deletion.delete_worker(svc, w.uuid) for w in ws],
    "job deleted": lambda svc, job_id, ws: (
        deletion.request_job_deletion(svc, _job_uuid(job_id)),
        deletion.delete_job(svc, _job_uuid(job_id)),
    ),
}


@pytest.mark.parametrize("path", list(RELEASES))
def test_every_way_out_of_active_gives_back_limits_and_tickets(services: Services, path: str) -> None:
    job_id, workers = _limited_and_running(services)
    RELEASES[path](services, job_id, workers)
    if path != "job deleted":
        assert _active(job_id) == 0
    assert counters() == {}, f"counters left after {path}"


def test_a_soft_failed_task_runs_again_and_is_counted_again(services: Services) -> None:
    _job_id, (a, _b) = _limited_and_running(services)
    task_updates.task_update(services, a, _running_task(a), status="failed")
    c = add_worker(services, "c")
    assert assignment.schedule_task(services, c) is not None
    with write_transaction():
        assert limits.rederive_all() == 0, "the counters had drifted from the task rows"


def test_start_up_drift_guard_corrects_counters(services: Services) -> None:
    job_id, _workers = _limited_and_running(services)
    with write_transaction():
        rows.execute("UPDATE job SET running = 0 WHERE id = ?", [job_id])
        rows.execute("UPDATE ticket SET in_use = 99")
        rows.execute("UPDATE worker_ticket_use SET in_use = 0")
        assert limits.rederive_all() >= 3
        assert limits.rederive_all() == 0
    assert counters()["job"] == [(job_id, 2)]
    assert counters()["ticket"] == [("FARM", "farm", 4, 2)]


# --- concurrent claims -----------------------------------------------------------------------------

THREADS = 6


def test_threads_claiming_at_once_never_exceed_limits_or_tickets(services: Services) -> None:
    define_ticket("LIC", 7)
    limited = independent_job(services, name="limited", count=60, priority=60)
    add_block(limited)
    set_job_limits(limited, max_running=5)
    ticketed = independent_job(services, name="ticketed", count=60, priority=55)
    add_block(ticketed, tickets={"LIC": 1}, max_running_per_worker=2)
    free = independent_job(services, name="free", count=20, priority=50)
    workers = [add_worker(services, f"t{n}") for n in range(THREADS)]
    from flamenco.store import db as store_db

    claimed: dict[str, list[int]] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def run(worker: WorkerInfo) -> None:
        try:
            start.wait()
            claimed[worker.uuid] = _claim_all(worker, limit=1000)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            store_db.database.close()

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    all_claims = [t for ids in claimed.values() for t in ids]
    assert len(all_claims) == len(set(all_claims))
    assert _active(limited.id) == 5
    assert _active(ticketed.id) == 7
    assert _active(free.id) == 20
    assert counters()["ticket"] == [("LIC", "farm", 7, len([1 for w in workers if _uses(w, "LIC")]))]


def _uses(worker: WorkerInfo, name: str) -> bool:
    row = rows.execute(
        "SELECT in_use FROM worker_ticket_use WHERE worker_id = ? AND name = ?", [worker.id, name]
    )
    found = row.fetchone()
    return found is not None and found[0] > 0

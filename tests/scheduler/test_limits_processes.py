"""Limits and tickets hold with several Manager processes claiming at once (issue 9): the only guard
between processes is the database (SQLite's single writer; PostgreSQL's row locks on the counters,
which a losing claim re-reads after the winner commits). Processes are spawned from scratch, as
gunicorn workers are, each with its own connection (see test_concurrency)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from flamenco.config import Config
from flamenco.services import Services
from flamenco.store import rows
from tests.factories import add_block, add_worker, counters, define_ticket, independent_job, set_job_limits
from tests.scheduler.test_concurrency import PROCESSES, _run_in_processes


def _claim_without_finishing(database: str, worker_id: int, start: Any, results: Any) -> None:
    """Child process: store-level claims until nothing is left for this worker (tasks stay active,
    so the limits fill up and every further claim must be refused)."""
    from flamenco.store import db as store_db
    from flamenco.store import tasks as task_store
    from flamenco.store import workers as worker_store

    try:
        store_db.bind(store_db.open_database(database))
        store_db.database.connect()
        worker = worker_store.get_worker_by_id(worker_id)
        start.wait()
        claimed: list[int] = []
        while (task := task_store.claim_runnable_task(worker, datetime(2026, 1, 1))) is not None:
            claimed.append(task.id)
        results.put((worker_id, claimed, None))
    except BaseException as exc:
        results.put((worker_id, [], f"{type(exc).__name__}: {exc}"))
        raise


def test_processes_never_exceed_job_block_worker_limits_or_tickets(
    services: Services, database_url: str
) -> None:
    define_ticket("NUKE", 6)
    define_ticket("MEM", 3, scope="worker")
    job_limited = independent_job(services, name="job-limited", count=80, priority=70)
    add_block(job_limited)
    set_job_limits(job_limited, max_running=5)
    block_limited = independent_job(services, name="block-limited", count=80, priority=65)
    block = add_block(block_limited, max_running=4, max_running_per_worker=1)
    ticketed = independent_job(services, name="ticketed", count=80, priority=60)
    add_block(ticketed, tickets={"NUKE": 1, "MEM": 1})
    free = independent_job(services, name="free", count=40, priority=50)
    workers = [add_worker(services, f"claimer-{n}") for n in range(PROCESSES)]
    from flamenco.store import db as store_db

    store_db.database.close()

    claimed = _run_in_processes(_claim_without_finishing, [(database_url, w.id) for w in workers])

    all_claims = [task_id for ids in claimed.values() for task_id in ids]
    assert len(all_claims) == len(set(all_claims)), "a task was claimed twice"
    active = dict(
        rows.execute("SELECT job_id, COUNT(*) FROM task WHERE status = 'active' GROUP BY job_id").fetchall()
    )
    assert active[job_limited.id] == 5, "the job's limit of 5 running tasks"
    assert active[block_limited.id] == min(4, PROCESSES), "the block's limit (and one per worker)"
    assert active[ticketed.id] == 6, "6 NUKE tickets (3 MEM per worker do not bind before)"
    assert active[free.id] == 40, "the unlimited job ran everything"
    per_worker = Counter(
        worker_id
        for (worker_id,) in rows.execute(
            "SELECT worker_id FROM task WHERE status = 'active' AND block_id = ?", [block]
        ).fetchall()
    )
    assert max(per_worker.values()) == 1, "one task of the block per worker"
    ticket_use = rows.execute("SELECT worker_id, in_use FROM worker_ticket_use WHERE name = 'MEM'").fetchall()
    assert all(in_use <= 3 for _, in_use in ticket_use)
    found = counters()
    assert ("NUKE", "farm", 6, len(ticket_use)) in found["ticket"]
    assert (job_limited.id, 5) in found["job"]


def _schedule_check_complete(
    config: Config, worker_uuid: str, job_ids: tuple[int, int], start: Any, results: Any
) -> None:
    """Child process: a Manager serving one Worker — scheduleTask, check the committed state against
    the limits, complete; returns the most it ever saw running of each limited job and ticket."""
    from flamenco.app import build_services
    from flamenco.scheduler import assignment, task_updates
    from flamenco.store import rows
    from flamenco.store import workers as worker_store

    try:
        services = build_services(config)
        worker = worker_store.get_worker(worker_uuid)
        start.wait()
        seen: list[tuple[int, int, int]] = []
        while (given := assignment.schedule_task(services, worker)) is not None:
            (limited,) = rows.execute(
                "SELECT COUNT(*) FROM task WHERE job_id = ? AND status = 'active'", [job_ids[0]]
            ).fetchone()
            (ticketed,) = rows.execute(
                "SELECT COUNT(*) FROM task WHERE job_id = ? AND status = 'active'", [job_ids[1]]
            ).fetchone()
            (in_use,) = rows.execute("SELECT in_use FROM ticket WHERE name = 'LIC'").fetchone()
            seen.append((limited, ticketed, in_use))
            task_updates.task_update(services, worker, given.task.uuid, status="completed")
        results.put((worker_uuid, seen, None))
    except BaseException as exc:
        results.put((worker_uuid, [], f"{type(exc).__name__}: {exc}"))
        raise


def test_processes_scheduling_and_completing_stay_within_limits_and_give_everything_back(
    services: Services, config: Config
) -> None:
    define_ticket("LIC", 2)
    limited = independent_job(services, name="limited", count=30, priority=60)
    add_block(limited)
    set_job_limits(limited, max_running=2)
    ticketed = independent_job(services, name="ticketed", count=30, priority=60)
    add_block(ticketed, tickets={"LIC": 1})
    workers = [add_worker(services, f"worker-{n}") for n in range(PROCESSES)]
    from flamenco.store import db as store_db
    from flamenco.store import jobs as job_store

    store_db.database.close()

    seen = _run_in_processes(
        _schedule_check_complete, [(config, w.uuid, (limited.id, ticketed.id)) for w in workers]
    )

    observations = [o for per_worker in seen.values() for o in per_worker]
    assert len(observations) == 60, "every task ran once"
    assert max(o[0] for o in observations) <= 2, "the job ran more than its 2 tasks at once"
    assert max(o[1] for o in observations) <= 2, "more tasks held a LIC ticket than exist"
    assert max(o[2] for o in observations) <= 2
    assert job_store.get_job(limited.uuid).status == "completed"
    assert job_store.get_job(ticketed.uuid).status == "completed"
    assert counters() == {}, "a completion did not give its slot back"

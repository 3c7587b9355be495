"""Several server processes handing out tasks at once: no task twice, none lost.

Why processes and not threads: the Manager may run several gunicorn workers, and the in-process
write lock in `flamenco.store.db` only serialises threads of one process. Between processes, the
only guard is the database itself (SQLite's single writer; PostgreSQL's `FOR UPDATE SKIP LOCKED`).
A double assignment means two Workers render the same frames and one of them overwrites the other's
output; a lost task means a job that never finishes.

The processes are started with ``spawn`` so each opens its own connection from scratch, as a
gunicorn worker does after the fork, and none inherits a connection or lock from pytest.
"""

from __future__ import annotations

import multiprocessing
import queue
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

from flamenco.config import Config
from flamenco.services import Services
from flamenco.store.models import Task
from tests.factories import add_worker, independent_job

PROCESSES = 4
CLAIM_TASKS = 3000
SCHEDULE_TASKS = 400
TIMEOUT = 240.0  # seconds for all processes together; the claims take a few seconds


def _claim_until_empty(database: str, worker_id: int, start: Any, results: Any) -> None:
    """Child process: claim with the raw store query until it says nothing is left."""
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
            # A pause between claims, as between a server's requests: on SQLite a process that
            # claims back to back (0.3 ms a claim) holds the write lock nearly always, and the
            # others, backing off in SQLite's busy handler, found it free too rarely to take part.
            time.sleep(0.001)
        results.put((worker_id, claimed, None))
    except BaseException as exc:
        results.put((worker_id, [], f"{type(exc).__name__}: {exc}"))
        raise


def _schedule_and_complete(config: Config, worker_uuid: str, start: Any, results: Any) -> None:
    """Child process: behave like the Manager serving one Worker — scheduleTask, then report done."""
    from flamenco.app import build_services
    from flamenco.scheduler import assignment, task_updates
    from flamenco.store import workers as worker_store

    try:
        services = build_services(config)
        worker = worker_store.get_worker(worker_uuid)
        start.wait()
        assigned: list[str] = []
        while (task := assignment.schedule_task(services, worker)) is not None:
            assigned.append(task.task.uuid)
            task_updates.task_update(services, worker, task.task.uuid, status="completed", log="done")
        results.put((worker_uuid, assigned, None))
    except BaseException as exc:
        results.put((worker_uuid, [], f"{type(exc).__name__}: {exc}"))
        raise


def _run_in_processes(
    target: Callable[..., None], per_process_args: list[tuple[Any, ...]]
) -> dict[Any, list[Any]]:
    """Start one process per argument tuple, release them together, collect what each handed out."""
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(len(per_process_args))
    results = context.Queue()
    processes = [context.Process(target=target, args=(*args, start, results)) for args in per_process_args]
    for process in processes:
        process.start()
    collected: dict[Any, list[Any]] = {}
    errors: list[str] = []
    deadline = time.monotonic() + TIMEOUT
    try:
        # Drain the queue before joining: a child blocks on exit until its queued data is read.
        while len(collected) + len(errors) < len(processes):
            try:
                key, items, error = results.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                pytest.fail(f"claimers did not finish within {TIMEOUT}s")
            if error:
                errors.append(f"{key}: {error}")
            else:
                collected[key] = items
    finally:
        for process in processes:
            process.join(timeout=10)
            if process.is_alive():
                process.terminate()
                process.join()
    assert not errors, errors
    return collected


def test_processes_claiming_at_once_get_every_task_exactly_once(
    services: Services, database_url: str
) -> None:
    job = independent_job(services, count=CLAIM_TASKS)
    workers = [add_worker(services, f"claimer-{n}") for n in range(PROCESSES)]
    from flamenco.store import db as store_db

    store_db.database.close()  # the children must not meet a half-open transaction of ours

    claimed = _run_in_processes(_claim_until_empty, [(database_url, w.id) for w in workers])

    all_claims = [task_id for ids in claimed.values() for task_id in ids]
    duplicates = [task_id for task_id, count in Counter(all_claims).items() if count > 1]
    assert duplicates == [], f"{len(duplicates)} tasks were handed out more than once"
    task_rows = list(Task.select(Task.id, Task.status, Task.worker).where(Task.job == job.id).tuples())
    assert len(task_rows) == CLAIM_TASKS
    lost = {task_id for task_id, _, _ in task_rows} - set(all_claims)
    assert lost == set(), f"{len(lost)} tasks were never handed out"
    assert {status for _, status, _ in task_rows} == {"active"}
    # The database agrees with what each claimer was told.
    owner = {task_id: worker_id for worker_id, ids in claimed.items() for task_id in ids}
    assert all(owner[task_id] == worker_id for task_id, _, worker_id in task_rows)
    # Not a correctness property, but a sign the claimers really ran side by side.
    assert sum(1 for ids in claimed.values() if ids) >= 2, {w: len(ids) for w, ids in claimed.items()}


def test_processes_scheduling_and_completing_finish_the_job(
    services: Services, config: Config, database_url: str
) -> None:
    job = independent_job(services, count=SCHEDULE_TASKS)
    workers = [add_worker(services, f"worker-{n}") for n in range(PROCESSES)]
    from flamenco.store import db as store_db

    store_db.database.close()

    assigned = _run_in_processes(_schedule_and_complete, [(config, w.uuid) for w in workers])

    all_assignments = [task_uuid for uuids in assigned.values() for task_uuid in uuids]
    assert len(all_assignments) == len(set(all_assignments)), "a task was assigned to two workers"
    task_rows = list(Task.select(Task.uuid, Task.status).where(Task.job == job.id).tuples())
    assert {task_uuid for task_uuid, _ in task_rows} == set(all_assignments)
    assert {status for _, status in task_rows} == {"completed"}
    from flamenco.store import jobs as job_store

    # The job status follows its tasks even when the last ones complete concurrently.
    assert job_store.get_job(job.uuid).status == "completed"


ROUNDS = 12


def _finish_together(
    config: Config, updates: list[tuple[str, str]], status: str, start: Any, results: Any
) -> None:
    """Child process: each round, wait for the others, then report its task of that round."""
    from flamenco.app import build_services
    from flamenco.scheduler import task_updates
    from flamenco.store import workers as worker_store

    try:
        services = build_services(config)
        for worker_uuid, task_uuid in updates:
            worker = worker_store.get_worker(worker_uuid)
            start.wait()
            task_updates.task_update(services, worker, task_uuid, status=status)
        results.put((updates[0][0], [], None))
    except BaseException as exc:
        results.put((updates[0][0], [], f"{type(exc).__name__}: {exc}"))
        raise


@pytest.mark.parametrize(
    ("tasks_per_job", "finishing", "status", "job_ends"),
    [
        (PROCESSES, PROCESSES, "completed", "completed"),  # the last tasks of a job complete at once
        (20, 2, "failed", "failed"),  # each failure alone is 5 %, together they reach the 10 % limit
    ],
)
def test_concurrent_updates_of_one_job_never_lose_its_final_status(
    services: Services, config: Config, tasks_per_job: int, finishing: int, status: str, job_ends: str
) -> None:
    """Worker updates lock only their task, not the job (so they do not queue behind each other);
    whichever commits last must still see the others and give the job its final status."""
    from flamenco.store import db as store_db
    from flamenco.store import jobs as job_store
    from tests.factories import tasks_of

    config.task_fail_after_softfail_count = 1  # one failure fails a task for good
    services.config.task_fail_after_softfail_count = 1
    from flamenco.scheduler import assignment

    jobs = []
    plan: list[list[tuple[str, str]]] = [[] for _ in range(finishing)]
    for round_number in range(ROUNDS):
        # Each job outranks the ones before, so the claims below take its tasks.
        job = independent_job(
            services, name=f"job-{round_number}", priority=round_number, count=tasks_per_job
        )
        jobs.append(job)
        claimed = []
        for slot in range(finishing):
            worker = add_worker(services, f"r{round_number}-w{slot}")
            task = assignment.schedule_task(services, worker)
            assert task is not None and task.job.uuid == job.uuid
            plan[slot].append((worker.uuid, task.task.uuid))
            claimed.append(task.task.uuid)
        if status == "completed":  # the job's other tasks are done already
            for task in tasks_of(job):
                assert task.uuid in claimed
    store_db.database.close()

    _run_in_processes(_finish_together, [(config, updates, status) for updates in plan])

    ends = [job_store.get_job(job.uuid).status for job in jobs]
    assert ends == [job_ends] * ROUNDS

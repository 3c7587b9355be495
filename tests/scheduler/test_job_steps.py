"""Jobs' step counts on PostgreSQL: reports' deltas gathered and written group-commit style, each
job announced once its count is in its row, nothing lost to a failed write or double counted by a
requeue (`flamenco.scheduler.job_steps`)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping

import pytest

from flamenco.events import Event
from flamenco.scheduler import assignment, task_updates
from flamenco.scheduler import jobs as job_scheduler
from flamenco.scheduler.job_steps import JobSteps
from flamenco.services import Services
from flamenco.store import job_steps as job_steps_store
from flamenco.store import jobs as job_store
from flamenco.store.db import is_postgres
from flamenco.store.deletion import delete_job_rows
from flamenco.store.records import JobInfo
from tests.factories import add_worker, echo_job, independent_job

THREADS = 8
TASKS = 80
FINISHED = 60  # fewer than the job's steps: a delta written twice could not hide behind the clamp


@pytest.fixture(autouse=True)
def _postgres_only(services: Services) -> None:
    if not is_postgres():
        pytest.skip("SQLite moves the job's count in the task's transaction")


class Writes:
    """The real write, with every batch recorded; ``fail`` first writes fail, and with ``gated``
    the first write waits (holding its batch, locking nothing yet) until the test opens the gate."""

    def __init__(self, *, gated: bool = False, fail: int = 0) -> None:
        self.batches: list[dict[int, int]] = []
        self.entered = threading.Event()
        self.gate = threading.Event()
        if not gated:
            self.gate.set()
        self.fail = fail

    def __call__(self, deltas: Mapping[int, int]) -> list[tuple[int, str]]:
        self.batches.append(dict(deltas))
        self.entered.set()
        assert self.gate.wait(10)
        if len(self.batches) <= self.fail:
            raise ConnectionError("the database went away")
        return job_steps_store.add_to_jobs(deltas)


def writing(services: Services, writes: Writes) -> Writes:
    services.job_steps = JobSteps(write=writes)
    return writes


def announced(services: Services) -> list[str]:
    """The jobs of the ``job-steps`` events published from now on, in order."""
    heard: list[str] = []

    def listen(event: Event) -> None:
        if event.kind == "job-steps":
            heard.append(event.data.job_uuid)

    services.events.subscribe(listen)
    return heard


def flush_held_open(
    services: Services, writes: Writes, job: JobInfo
) -> tuple[threading.Thread, list[BaseException]]:
    """A report of one step of ``job`` whose flush is inside its gated write when this returns."""
    flusher = in_thread(lambda: services.job_steps.add(job.id, 1, services.events))
    assert writes.entered.wait(10)
    return flusher


def in_thread(call: Callable[[], object]) -> tuple[threading.Thread, list[BaseException]]:
    failures: list[BaseException] = []

    def run() -> None:
        try:
            call()
        except BaseException as exc:
            failures.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, failures


def steps(job_uuid: str) -> int:
    return job_store.get_job(job_uuid).steps_completed


def test_workers_completing_one_jobs_tasks_at_once_leave_its_exact_count(services):
    writes = writing(services, Writes())
    job = independent_job(services, count=TASKS)
    workers = [add_worker(services, f"w{n}") for n in range(THREADS)]
    lock, started = threading.Lock(), [0]

    def work(worker_index: int) -> None:
        worker = workers[worker_index]
        while True:
            with lock:
                if started[0] == FINISHED:
                    return
                started[0] += 1
            task = assignment.schedule_task(services, worker).task
            for reported in (1, 0, 1):  # a worker may start over: deltas +1, -1, +1
                task_updates.task_update(services, worker, task.uuid, steps_completed=reported)
            task_updates.task_update(services, worker, task.uuid, status="completed")

    runs = [in_thread(lambda n=n: work(n)) for n in range(THREADS)]
    for thread, _ in runs:
        thread.join(60)
    assert [failure for _, failures in runs for failure in failures] == []
    assert steps(job.uuid) == FINISHED
    assert services.job_steps.pending() == {}
    assert sum(sum(batch.values()) for batch in writes.batches) == FINISHED
    assert len(writes.batches) <= 3 * FINISHED  # never more writes than non-zero deltas


def test_reports_during_a_flush_go_out_together_in_the_next_each_job_announced_once(services):
    writes = writing(services, Writes(gated=True))
    one, two, three = (independent_job(services, name=name, count=4) for name in ("one", "two", "three"))
    heard = announced(services)
    flusher, failures = flush_held_open(services, writes, one)
    for job, delta in ((two, 1), (three, 2), (two, 1)):
        services.job_steps.add(job.id, delta, services.events)  # returns at once: a flush runs
    assert writes.batches == [{one.id: 1}]
    writes.gate.set()
    flusher.join(10)
    assert failures == []
    assert writes.batches == [{one.id: 1}, {two.id: 2, three.id: 2}]
    assert (steps(one.uuid), steps(two.uuid), steps(three.uuid)) == (1, 2, 2)
    assert sorted(heard) == sorted([one.uuid, two.uuid, three.uuid])


def test_a_job_deleted_meanwhile_costs_the_others_nothing(services):
    writes = writing(services, Writes(gated=True))
    kept, gone, first = (independent_job(services, name=name, count=2) for name in ("kept", "gone", "first"))
    heard = announced(services)
    flusher, failures = flush_held_open(services, writes, first)
    services.job_steps.add(gone.id, 1, services.events)
    services.job_steps.add(kept.id, 2, services.events)
    delete_job_rows(gone.id)
    writes.gate.set()
    flusher.join(10)
    assert failures == []
    assert writes.batches[1] == {gone.id: 1, kept.id: 2}
    assert (steps(first.uuid), steps(kept.uuid)) == (1, 2)
    assert heard == [first.uuid, kept.uuid]
    assert services.job_steps.pending() == {}


def test_a_failed_write_raises_nothing_into_the_report_and_the_next_one_writes_it(services, caplog):
    writes = writing(services, Writes(fail=1))
    worker = add_worker(services)
    job = echo_job(services, sleeps=1)  # two tasks of one step each
    heard = announced(services)
    first = assignment.schedule_task(services, worker).task
    task_updates.task_update(services, worker, first.uuid, steps_completed=1)
    assert "could not write the step counts of 1 jobs" in caplog.text
    assert (steps(job.uuid), services.job_steps.pending(), heard) == (0, {job.id: 1}, [])
    task_updates.task_update(services, worker, first.uuid, status="completed")  # no steps moved
    second = assignment.schedule_task(services, worker).task
    task_updates.task_update(services, worker, second.uuid, status="completed")
    assert writes.batches == [{job.id: 1}, {job.id: 2}]
    assert (steps(job.uuid), services.job_steps.pending(), heard) == (2, {}, [job.uuid])
    assert job_store.get_job(job.uuid).status == "completed"


def test_a_requeue_writes_pending_deltas_before_it_recounts(services):
    writes = writing(services, Writes(fail=1))
    worker = add_worker(services)
    job = echo_job(services, sleeps=1)
    task = assignment.schedule_task(services, worker).task
    task_updates.task_update(services, worker, task.uuid, steps_completed=1)  # its write fails
    assert services.job_steps.pending() == {job.id: 1}
    job_scheduler.set_job_status(services, job.uuid, "cancel-requested", "stop")
    job_scheduler.set_job_status(services, job.uuid, "requeueing", "again")
    assert writes.batches == [{job.id: 1}, {job.id: 1}]  # written, then recounted over
    assert (steps(job.uuid), services.job_steps.pending()) == (0, {})


def test_a_flush_waits_until_the_running_flusher_has_written_what_was_pending(services):
    writes = writing(services, Writes(gated=True))
    one, two = independent_job(services, name="one"), independent_job(services, name="two")
    flusher, failures = flush_held_open(services, writes, one)
    services.job_steps.add(two.id, 1, services.events)
    waiter, waiter_failures = in_thread(lambda: services.job_steps.flush(services.events))
    waiter.join(0.2)
    assert waiter.is_alive()  # the batch holding two's delta is not written yet
    writes.gate.set()
    waiter.join(10)
    flusher.join(10)
    assert failures == waiter_failures == []
    assert writes.batches == [{one.id: 1}, {two.id: 1}]
    assert steps(two.uuid) == 1

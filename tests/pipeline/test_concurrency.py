"""A submission that depends on a job racing that job's completion never leaves the new job
waiting for good: either the submission sees the job finished, or the release after the
completion sees the new job's gate (PostgreSQL: the gates' advisory lock; SQLite: one writer)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from flamenco.pipeline import dependencies
from flamenco.scheduler import assignment, task_updates
from flamenco.store import jobs as job_store
from flamenco.store.records import JobInfo
from tests.factories import add_worker
from tests.pipeline.helpers import gates, job, waiting


def _together(*calls: Callable[[], object]) -> list[object]:
    """Run the calls in threads started at the same moment; their results, or raise the first error."""
    start = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)
    failures: list[BaseException] = []

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            start.wait()
            results[index] = call()
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    if failures:
        raise failures[0]
    return results


def test_a_dependant_submitted_while_its_job_completes_is_not_stranded(services):
    worker = add_worker(services)
    for round_ in range(8):
        holder = job(services, f"render-{round_}", count=1)
        task = assignment.schedule_task(services, worker).task
        assert task.job_uuid == holder.uuid

        def complete(task_uuid: str = task.uuid) -> None:
            task_updates.task_update(services, worker, task_uuid, status="completed")
            dependencies.reconcile(services)  # what the dependency watch runs after the commit

        def submit(number: int = round_) -> JobInfo:
            return job(services, f"comp-{number}", depend_mask=f"render-{number}", count=1)

        _, comp = _together(complete, submit)
        assert job_store.get_job(holder.uuid).status == "completed"
        assert isinstance(comp, JobInfo)
        assert not waiting(comp) and gates(comp) == [0], f"round {round_}: comp stranded"
        finished = assignment.schedule_task(services, worker).task
        assert finished.job_uuid == comp.uuid
        task_updates.task_update(services, worker, finished.uuid, status="completed")

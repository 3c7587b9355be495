"""Finding tasks and workers that went silent, so a crash never strands work."""

from __future__ import annotations

import logging

from flamenco.scheduler.task_updates import time_out_task
from flamenco.scheduler.workers import time_out
from flamenco.services import Services
from flamenco.store import tasks as task_store
from flamenco.store import workers as worker_store

log = logging.getLogger(__name__)


def check_timeouts(svc: Services) -> tuple[int, int]:
    """One sweep: (tasks timed out, workers timed out).

    Workers first: a dead worker's tasks are requeued right away, which is kinder than failing
    them as timed out afterwards.
    """
    now = svc.clock()
    workers = worker_store.seen_before(now - svc.config.worker_timeout, exclude_statuses=("error", "offline"))
    for worker in workers:
        log.info("worker %s (%s) timed out", worker.name, worker.uuid)
        time_out(svc, worker)
    tasks = task_store.timed_out_tasks(now - svc.config.task_timeout)
    for task in tasks:
        log.info("task %s timed out", task.uuid)
        time_out_task(svc, task)
    return len(tasks), len(workers)

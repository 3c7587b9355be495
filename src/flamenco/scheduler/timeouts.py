"""Finding tasks and workers that went silent, so a crash never strands work."""

from __future__ import annotations

import logging

from flamenco.scheduler.state_machine import settle_stragglers
from flamenco.scheduler.task_updates import time_out_task
from flamenco.scheduler.workers import time_out
from flamenco.services import Services
from flamenco.store import tasks as task_store
from flamenco.store import workers as worker_store
from flamenco.store.leader import leadership

log = logging.getLogger(__name__)


def check_timeouts(svc: Services) -> tuple[int, int]:
    """One sweep: (tasks timed out, workers timed out); (0, 0) in all but the elected process.

    Workers first: a dead worker's tasks are requeued right away, which is kinder than failing
    them as timed out afterwards. Last, jobs with nothing left to run that were not settled (a
    process that died between a worker's last update and settling the job, see
    `StateMachine.settle`) get their final status.
    """
    if not leadership.held():
        return 0, 0
    now = svc.clock()
    workers = worker_store.seen_before(now - svc.config.worker_timeout, exclude_statuses=("error", "offline"))
    for worker in workers:
        log.info("worker %s (%s) timed out", worker.name, worker.uuid)
        time_out(svc, worker)
    tasks = task_store.timed_out_tasks(now - svc.config.task_timeout)
    for task in tasks:
        log.info("task %s timed out", task.uuid)
        time_out_task(svc, task)
    settle_stragglers(svc)
    return len(tasks), len(workers)

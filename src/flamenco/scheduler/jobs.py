"""Submitting jobs and human job status requests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flamenco import memory
from flamenco.errors import BadRequest
from flamenco.jobtypes.authoring import STORE_BATCH, AuthoredTask
from flamenco.pipeline import life
from flamenco.scheduler.changes import transaction
from flamenco.scheduler.state_machine import StateMachine, check_job_request
from flamenco.services import Services
from flamenco.store import blocklist as blocklist_store
from flamenco.store import jobs as job_store
from flamenco.store import tags as tag_store
from flamenco.store import tasks as task_store
from flamenco.store.records import JobInfo

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1


# What a submitter may ask a new job to start as (3.8's `initial_status`).
INITIAL_STATUSES = ("queued", "paused")


def submit_job(
    svc: Services,
    submitted: dict[str, Any],
    *,
    submitter_platform: str = "",
    shaman_checkout_id: str = "",
    initial_status: str = "queued",
    worker_tag: str | None = None,
) -> JobInfo:
    """Compile a submitted job into tasks and store it all in one transaction, queued or paused.

    The job type and settings are checked before the transaction, so the usual bad job writes
    nothing at all. Compiling then runs inside it and stores tasks in batches as the job type adds
    them (`flamenco.jobtypes.authoring`), so a million-task job never sits in memory whole; a job
    type that fails halfway rolls the whole job back.

    The keywords are what a Flamenco 3.8 submitter says besides the seed's `SubmittedJob`: its
    platform (for two-way variables), the Shaman checkout the job's files are in (removed with
    the job), whether to start `paused`, and the worker tag the job is limited to.
    """
    priority = _check_submission(submitted, initial_status)
    controls = life.controls_from_flamenco(submitted)  # the `af.*` keys: refused before anything is written
    created = svc.clock()
    compilation = svc.jobtypes.prepare(submitted, created)
    with transaction(svc.events, svc.tasklogs) as changes:
        tag_id = None
        if worker_tag is not None and (tag_id := tag_store.tag_id(worker_tag)) is None:
            raise BadRequest(f"there is no worker tag with ID {worker_tag}")
        job = job_store.create_job(
            name=submitted["name"],
            job_type=submitted["type"],
            priority=priority,
            status=initial_status,
            settings=compilation.settings,
            metadata=submitted.get("metadata") or {},
            now=created,
            submitter_platform=submitter_platform,
            shaman_checkout_id=shaman_checkout_id,
            worker_tag_id=tag_id,
        )
        with job_store.TaskWriter(job, created, status=initial_status) as tasks:
            compilation.run(tasks)
        job = job_store.set_settings(job.id, compilation.settings, tasks.steps_total)
        life.apply_on_submission(changes, job.id, controls, created)
        job = job_store.get_job_by_id(job.id)  # a dependency gate says so in its activity
        changes.job(job)
    job_store.refresh_statistics(tasks.count)
    if tasks.count > STORE_BATCH:
        memory.give_back()
    return job


def check_job(
    svc: Services, submitted: dict[str, Any], *, initial_status: str = "queued", worker_tag: str | None = None
) -> int:
    """Everything `submit_job` checks, compiling included, without storing anything (3.8's
    `submitJobCheck`). Returns the number of tasks the job would have.

    The tasks are compiled and checked a batch at a time as they would be stored, then dropped, so
    checking a million-task job takes no more memory than submitting it.
    """
    _check_submission(submitted, initial_status)
    life.controls_from_flamenco(submitted)
    compilation = svc.jobtypes.prepare(submitted, svc.clock())
    if worker_tag is not None and tag_store.tag_id(worker_tag) is None:
        raise BadRequest(f"there is no worker tag with ID {worker_tag}")
    return compilation.run(_DiscardingSink())


class _DiscardingSink:
    """A `TaskSink` that numbers the tasks it is given and keeps none of them."""

    def __init__(self) -> None:
        self.count = 0

    def write(self, tasks: Sequence[AuthoredTask], commands: Sequence[str]) -> Sequence[int]:
        first = self.count + 1
        self.count += len(tasks)
        return range(first, self.count + 1)


def _check_submission(submitted: dict[str, Any], initial_status: str) -> int:
    """The submission's priority, once it and the initial status are known to be acceptable."""
    priority = submitted.get("priority", 50)
    if not INT32_MIN <= priority <= INT32_MAX:
        raise BadRequest(f"priority must be a 32-bit integer, not {priority}")
    if initial_status not in INITIAL_STATUSES:
        raise BadRequest(f"a job may start as {' or '.join(INITIAL_STATUSES)}, not {initial_status!r}")
    return int(priority)


def set_job_status(svc: Services, job_uuid: str, status: str, reason: str) -> None:
    if status == "requeueing":
        svc.job_steps.flush(svc.events)  # before the recount (`flamenco.scheduler.job_steps`)
    machine = StateMachine(svc.clock(), job_fail_percentage=svc.config.task_fail_job_percentage)
    with transaction(svc.events, svc.tasklogs) as changes:
        job = machine.lock_job(job_store.get_job(job_uuid).id)
        if job.status == status:
            return
        check_job_request(job, status)
        if status == "requeueing":
            # A human requeue is a fresh start: workers that failed tasks may try them again,
            # blocklisted workers included (as Flamenco does).
            task_store.clear_failures_of_job(job.id)
            blocklist_store.clear_job(job.id)
        machine.job_status(changes, job, status, reason)


def remove_from_blocklist(svc: Services, job_uuid: str, entries: list[tuple[str, str]]) -> int:
    """Lift blocks, given as (worker UUID, task type) pairs; returns how many there were.

    Entries that name no block are skipped, as Flamenco does. The job is announced again, so the
    web UI refreshes its blocklist and long-polling workers look for work they may run now.
    """
    if not entries:
        raise BadRequest("empty list of blocklist entries given")
    with transaction(svc.events, svc.tasklogs) as changes:
        job = job_store.get_job(job_uuid)
        removed = sum(blocklist_store.remove(job.id, worker, task_type) for worker, task_type in entries)
        if removed:
            changes.job(job, job.status)  # changed, not new
    return removed


def requeue_tasks(svc: Services, job_uuid: str, statuses: Sequence[str] | None, reason: str) -> int:
    """Send the job's tasks in ``statuses`` (None: all) back to the queue (Afanasy's `restart*`
    operations); returns how many moved. A finished job opens again; a paused job keeps them
    paused until it is started. Workers running a task that moved are told to stop at their next
    update, as with Flamenco's requeue of a completed job.
    """
    svc.job_steps.flush(svc.events)  # before the recount (`flamenco.scheduler.job_steps`)
    machine = StateMachine(svc.clock(), job_fail_percentage=svc.config.task_fail_job_percentage)
    with transaction(svc.events, svc.tasklogs) as changes:
        job = machine.lock_job(job_store.get_job(job_uuid).id)
        if job.status in ("cancel-requested", "requeueing", "pause-requested"):
            check_job_request(job, "requeueing")  # refused with the reason
        target = "paused" if job.status == "paused" else "queued"
        moving = None if statuses is None else [status for status in statuses if status != target]
        if moving is not None and not moving:
            return 0
        changed = task_store.set_status_where(job.id, moving, target, reason, machine.now)
        if not changed:
            return 0
        if statuses is None or {"failed", "soft-failed"} & set(statuses):
            task_store.clear_failures_of_job(job.id)  # a fresh start, as a human requeue is
            blocklist_store.clear_job(job.id)
        task_store.recount_steps(job.id)
        if job.status in ("completed", "failed", "canceled"):
            machine.job_status(changes, job, "queued", reason, refresh_tasks=True)
        else:
            changes.job(job_store.get_job_by_id(job.id), job.status, refresh_tasks=True)
    return changed


def stop_job(svc: Services, job_uuid: str, reason: str) -> None:
    """Afanasy's `stop`: the job goes offline (paused) and its running tasks stop, waiting (paused)
    to be started again with the job."""
    machine = StateMachine(svc.clock(), job_fail_percentage=svc.config.task_fail_job_percentage)
    with transaction(svc.events, svc.tasklogs) as changes:
        job = machine.lock_job(job_store.get_job(job_uuid).id)
        if job.status in ("active", "queued"):
            job = machine.job_status(changes, job, "paused", reason)
        if job.status != "paused":
            check_job_request(job, "paused")  # refused with the reason
        task_store.set_status_where(job.id, ("active",), "paused", f"Stopped: {reason}", machine.now)
        changes.job(job_store.get_job_by_id(job.id), job.status, refresh_tasks=True)

"""The job ↔ task status ripple, after Flamenco's task state machine.

A task status change may change its job's status (last task completed → job completed); a job
status change may change many tasks at once (cancel → queued tasks canceled). Mass changes are one
UPDATE statement plus one job event with ``refresh_tasks``, never a loop over tasks. Every method
runs inside the caller's write transaction and records what to announce in a :class:`Changes`,
except :meth:`StateMachine.settle`, which the caller runs after its commit.

Locks (PostgreSQL): a human's request locks the job, then its tasks; a worker's update locks only
its task (and the dependents it releases, in id order), and the job only when the job's status
must change; completions of one job therefore do not queue behind each other on the job's row.

Statuses are the canonical ones: Flamenco 3.8's enums, generated from its spec
(`flamenco.api.vocab`); each API door translates its own words at the edge.
"""

from __future__ import annotations

from datetime import datetime

from flamenco.api.vocab import JobStatus, TaskStatus
from flamenco.errors import InvalidTransition
from flamenco.scheduler.changes import Changes, transaction
from flamenco.services import Services
from flamenco.store import jobs as job_store
from flamenco.store import tasks as task_store
from flamenco.store.db import is_postgres
from flamenco.store.life import SYSTEM_JOB_TYPE
from flamenco.store.records import JobInfo, TaskInfo
from flamenco.store.tasks import RUNNABLE_TASK_STATUSES

# A job fails once this share of its tasks has failed (Flamenco: 10 %, not configurable there; here
# the config key `task_fail_job_percentage`, which the operations that fail tasks pass in).
JOB_FAIL_PERCENTAGE = 10

# What a human may ask of a job (setJobStatus), and from which statuses; the rest are the
# Manager's own conclusions (completed, failed, …) and are refused with the reason.
JOB_REQUESTS: dict[JobStatus, tuple[JobStatus, ...]] = {
    "cancel-requested": ("active", "queued", "paused", "failed", "requeueing", "under-construction"),
    "requeueing": ("canceled", "completed", "failed", "paused"),
    "paused": ("active", "queued"),
    "queued": ("paused",),
}
# What a human may ask of a task (setTaskStatus).
TASK_REQUESTS: dict[TaskStatus, tuple[TaskStatus, ...]] = {
    "canceled": ("active", "queued", "soft-failed", "paused"),
    "queued": ("canceled", "completed", "failed", "soft-failed", "paused"),
}
_STILL_TO_RUN: tuple[TaskStatus, ...] = ("active", "queued", "soft-failed")


def check_job_request(job: JobInfo, status: str) -> None:
    allowed_from = JOB_REQUESTS.get(status)
    if allowed_from is None:
        raise InvalidTransition(
            f"job status {status!r} is set by the Manager itself; request one of {', '.join(JOB_REQUESTS)}"
        )
    if job.status not in allowed_from:
        raise InvalidTransition(
            f"cannot change job from {job.status!r} to {status!r}; only from {', '.join(allowed_from)}"
        )


def check_task_request(task: TaskInfo, job: JobInfo, status: str) -> None:
    allowed_from = TASK_REQUESTS.get(status)
    if allowed_from is None:
        raise InvalidTransition(
            f"task status {status!r} is set by workers or the Manager; request one of"
            f" {', '.join(TASK_REQUESTS)}"
        )
    if task.status not in allowed_from:
        raise InvalidTransition(
            f"cannot change task from {task.status!r} to {status!r}; only from {', '.join(allowed_from)}"
        )
    if job.status == "cancel-requested":
        raise InvalidTransition("the task's job is being canceled")


class StateMachine:
    """Applies the status changes of one operation, and their consequences.

    Make one per operation, inside its write transaction. It remembers the jobs it locked, and the
    jobs whose tasks finished while the job was not locked: :meth:`settle` re-checks those after
    the commit (see there why).
    """

    def __init__(self, now: datetime, *, job_fail_percentage: int = JOB_FAIL_PERCENTAGE) -> None:
        self.now = now
        self.job_fail_percentage = job_fail_percentage
        self._locked: set[int] = set()
        self._unsettled: dict[int, bool] = {}  # job id → whether a task of it failed
        self._doomed: dict[int, str] = {}  # job id → why it must fail (after the commit)

    def lock_job(self, job_id: int) -> JobInfo:
        job = job_store.lock_job(job_id)
        self._locked.add(job_id)
        return job

    def task_status(
        self,
        changes: Changes,
        task: TaskInfo,
        status: str,
        activity: str | None = None,
        *,
        touched: bool = False,
    ) -> TaskInfo:
        """Change one task's status, then let its job follow; returns the task as it is now.

        ``touched``: its worker just reported on it (stamped in the same statement)."""
        if task.status == status and activity is None:
            return task
        updated = task_store.set_status(
            task, status, self.now, activity, touched=self.now if touched else None
        )
        changes.task(updated, task.status)
        if task.status != status:
            changes.log(task.job_uuid, task.uuid, f"task changed status {task.status} -> {status}")
            self._job_after_task_change(changes, task.job_id, status)
        return updated

    def job_status(
        self, changes: Changes, job: JobInfo, status: str, reason: str, *, refresh_tasks: bool = False
    ) -> JobInfo:
        """Change a (locked) job's status and follow through until it settles (requeueing → queued …);
        returns the job as it is then."""
        while job.status != status:
            previous = job.status
            job = job_store.set_status(job.id, status, self.now, reason)
            follow_up, mass_changed = self._tasks_after_job_change(job, previous, reason)
            changes.job(job, previous, refresh_tasks=refresh_tasks or mass_changed > 0)
            refresh_tasks = False
            if follow_up is None:
                return job
            status, reason = follow_up
        return job

    def fail_task_and_job(self, changes: Changes, task: TaskInfo, activity: str, reason: str) -> None:
        """Fail a task for good, and its whole job with ``reason`` (no worker is left to run it).

        The task fails first, without its job following (the percentage rule would fail the job
        with a reason other than the real one); then the job fails, which cancels its other tasks.
        Like :meth:`settle`, the job is failed after the commit when it is not locked here, so a
        worker's update never takes the job's lock after its task's (PostgreSQL).
        """
        updated = task_store.set_status(task, "failed", self.now, activity)
        changes.task(updated, task.status)
        changes.log(task.job_uuid, task.uuid, f"task changed status {task.status} -> failed")
        if task.job_id in self._locked or not is_postgres():
            self._fail_job(changes, self.lock_job(task.job_id), reason)
        else:
            self._doomed[task.job_id] = reason

    def _fail_job(self, changes: Changes, job: JobInfo, reason: str) -> None:
        if job.job_type == SYSTEM_JOB_TYPE:
            return  # one failed post command must not cancel the others
        if job.status in ("queued", "active", "paused"):
            self.job_status(changes, job, "failed", reason, refresh_tasks=True)

    def task_claimed(self, changes: Changes, task: TaskInfo, worker_name: str) -> JobInfo:
        """A queued task was just claimed (made active) by a worker: announce it, start its job;
        returns the job as it is now.

        The scheduler's hot path, so it only touches the job when the job must change.
        """
        changes.task(task, "queued")
        changes.log(task.job_uuid, task.uuid, f"task changed status queued -> active ({worker_name})")
        job = job_store.get_job_by_id(task.job_id)
        if job.status in ("queued", "requeueing"):
            job = self.lock_job(task.job_id)  # only the first task of a job pays for this
            if job.status in ("queued", "requeueing"):
                job = self.job_status(changes, job, "active", "Job is running")
        return job

    def settle(self, svc: Services) -> None:
        """After the operation's commit: let jobs whose tasks finished unlocked follow them.

        Why after: on PostgreSQL a worker's task update locks only its task, so that completions
        of one job do not queue behind each other on the job's row. Then two transactions finishing
        a job's last two tasks at once each still see the other task unfinished (READ COMMITTED
        shows only committed rows), and neither would complete the job. Re-checked after each
        commit, the one that commits last sees both tasks finished: no job ever misses its final
        status. The re-check is one index probe when the job has work left (nearly always); only
        then does it lock the job, in a transaction of its own. (On SQLite each write transaction
        runs alone, so jobs settle inside it and nothing is left for here.)
        """
        doomed, self._doomed = self._doomed, {}
        for job_id, reason in doomed.items():
            machine = StateMachine(svc.clock(), job_fail_percentage=svc.config.task_fail_job_percentage)
            with transaction(svc.events, svc.tasklogs) as changes:
                machine._fail_job(changes, machine.lock_job(job_id), reason)
        pending, self._unsettled = self._unsettled, {}
        for job_id, failed in pending.items():
            if not self._may_change(job_id, job_store.status_of(job_id), failed):
                continue
            machine = StateMachine(svc.clock(), job_fail_percentage=svc.config.task_fail_job_percentage)
            with transaction(svc.events, svc.tasklogs) as changes:
                machine._settle(changes, machine.lock_job(job_id), failed)

    def settle_jobs(self, svc: Services, job_ids: list[int]) -> None:
        for job_id in job_ids:
            self._unsettled.setdefault(job_id, False)
        self.settle(svc)

    def _job_after_task_change(self, changes: Changes, job_id: int, task_status: str) -> None:
        if task_status in ("queued", "active", "soft-failed"):
            job = job_store.get_job_by_id(job_id)
            reopen = job.status in ("completed", "failed", "canceled")
            start = task_status != "queued" and job.status in ("queued", "requeueing")
            if reopen or start:
                job = self.lock_job(job_id)  # rare: no lock is taken while a job simply runs
                if job.status in ("completed", "failed", "canceled"):
                    job = self.job_status(changes, job, "queued", "Task was queued again")
                if task_status != "queued" and job.status in ("queued", "requeueing"):
                    self.job_status(changes, job, "active", "Job is running")
            return
        failed = task_status == "failed"
        if job_id in self._locked:
            self._settle(changes, self.lock_job(job_id), failed)
        elif is_postgres():
            self._unsettled[job_id] = self._unsettled.get(job_id, False) or failed
        elif self._may_change(job_id, job_store.status_of(job_id), failed):
            # SQLite: nobody else writes meanwhile, so the probes decide; the job is read whole
            # and settled only when they say it changes (mostly its last task), not per task.
            self._settle(changes, self.lock_job(job_id), failed)

    def _may_change(self, job_id: int, job_status: str, failed: bool) -> bool:
        """Unlocked probes: might :meth:`_settle` change this job now?"""
        if job_status not in ("queued", "active", "paused"):
            return False
        if failed and self._too_many_failed(job_id) is not None:
            return True
        return job_status == "queued" or not task_store.any_in_status(job_id, (*_STILL_TO_RUN, "paused"))

    def _too_many_failed(self, job_id: int) -> str | None:
        """Why the job fails for its failed tasks, or None. Counts all tasks only when some failed."""
        failed = task_store.count_in_status(job_id, "failed")
        if not failed:
            return None
        total = sum(task_store.status_counts(job_id).values())
        if failed * 100 // total >= self.job_fail_percentage:
            return f"{failed} of {total} tasks failed"
        return None

    def _settle(self, changes: Changes, job: JobInfo, failed: bool) -> None:
        """A task of the (locked) job finished: fail, finish or start the job as its tasks say."""
        if job.status in ("cancel-requested", "requeueing", "failed", "canceled", "completed"):
            return  # a job change in progress decides, or the job is already done
        if job.job_type == SYSTEM_JOB_TYPE:
            return  # the pipeline system job never finishes: post commands keep arriving
        if failed and (reason := self._too_many_failed(job.id)) is not None:
            self.job_status(changes, job, "failed", reason, refresh_tasks=True)
            return
        if task_store.any_in_status(job.id, (*_STILL_TO_RUN, "paused")):
            if job.status == "queued":
                self.job_status(changes, job, "active", "Job is running")
            return
        # Nothing left to run: the job settles. Flamenco leaves it `active` when the last running
        # task completes beside canceled ones; we say what happened instead.
        counts = task_store.status_counts(job.id)
        total, failed_count = sum(counts.values()), counts.get("failed", 0)
        if counts.get("completed", 0) == total:
            self.job_status(changes, job, "completed", "All tasks completed")
        elif failed_count:
            self.job_status(changes, job, "failed", f"{failed_count} of {total} tasks failed")
        else:
            self.job_status(changes, job, "canceled", "All tasks are canceled or done")

    def _tasks_after_job_change(
        self, job: JobInfo, previous: str, reason: str
    ) -> tuple[tuple[str, str] | None, int]:
        """Mass task changes a job status implies: (follow-up job status or None, tasks changed)."""
        if job.status in ("cancel-requested", "failed"):
            changed = task_store.set_status_where(
                job.id, (*_STILL_TO_RUN, "paused"), "canceled", f"Job {job.status}: {reason}", self.now
            )
            if job.status == "cancel-requested":
                return ("canceled", "Job was canceled"), changed
            return None, changed
        if job.status == "requeueing":
            if previous == "completed":
                changed = task_store.set_status_where(job.id, None, "queued", "Job was requeued", self.now)
            else:
                changed = task_store.set_status_where(
                    job.id,
                    ("canceled", "failed", "paused", "soft-failed"),
                    "queued",
                    "Job was requeued",
                    self.now,
                )
            task_store.recount_steps(job.id)
            return ("queued", "Job was requeued"), changed
        if job.status == "paused":
            # Paused tasks leave the scheduler's index, so a paused job costs claims nothing.
            changed = task_store.set_status_where(
                job.id, RUNNABLE_TASK_STATUSES, "paused", f"Job paused: {reason}", self.now
            )
            return None, changed
        if job.status == "queued" and previous == "paused":
            changed = task_store.set_status_where(job.id, ("paused",), "queued", "Job was resumed", self.now)
            return None, changed
        if job.status == "queued":
            counts = task_store.status_counts(job.id)
            if counts and counts.get("completed", 0) == sum(counts.values()):
                return ("completed", "All tasks completed"), 0
        return None, 0


def settle_stragglers(svc: Services) -> int:
    """Settle running jobs with nothing left to run; returns how many there were.

    Normally none: a job settles right after its last task finished. This catches a process that
    died between committing that task and settling its job (`StateMachine.settle`).
    """
    job_ids = task_store.jobs_with_nothing_to_run(("queued", "active", "paused"), (*_STILL_TO_RUN, "paused"))
    if job_ids:
        machine = StateMachine(svc.clock(), job_fail_percentage=svc.config.task_fail_job_percentage)
        machine.settle_jobs(svc, job_ids)
    return len(job_ids)

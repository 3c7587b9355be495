"""The job ↔ task status ripple, after Flamenco's task state machine.

A task status change may change its job's status (last task completed → job completed); a job
status change may change many tasks at once (cancel → queued tasks canceled). Mass changes are one
UPDATE statement plus one job event with ``refresh_tasks``, never a loop over tasks. Every method
runs inside the caller's write transaction and records what to announce in a :class:`Changes`.
"""

from __future__ import annotations

from flamenco.errors import InvalidTransition
from flamenco.scheduler.changes import Changes
from flamenco.store import jobs as job_store
from flamenco.store import tasks as task_store
from flamenco.store.records import JobInfo, TaskInfo
from flamenco.store.tasks import RUNNABLE_TASK_STATUSES

# A job fails once this share of its tasks has failed (Flamenco: 10 %, not configurable there).
JOB_FAIL_PERCENTAGE = 10

# What a human may ask of a job (setJobStatus), and from which statuses; the rest are the
# Manager's own conclusions (completed, failed, …) and are refused with the reason.
JOB_REQUESTS: dict[str, tuple[str, ...]] = {
    "cancel-requested": ("active", "queued", "paused", "failed", "requeueing", "under-construction"),
    "requeueing": ("canceled", "completed", "failed", "paused"),
    "paused": ("active", "queued"),
    "queued": ("paused",),
}
# What a human may ask of a task (setTaskStatus).
TASK_REQUESTS: dict[str, tuple[str, ...]] = {
    "canceled": ("active", "queued", "soft-failed", "paused"),
    "queued": ("canceled", "completed", "failed", "soft-failed", "paused"),
}
_STILL_TO_RUN = ("active", "queued", "soft-failed")


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
    """Applies status changes and their consequences. Stateless: all state is in the store."""

    def task_status(self, changes: Changes, task: TaskInfo, status: str, activity: str | None = None) -> None:
        """Change one task's status, then let its job follow."""
        if task.status == status and activity is None:
            return
        task_store.set_status(task.id, status, activity)
        updated = task_store.get_task_by_id(task.id)
        changes.task(updated, task.status)
        if task.status != status:
            changes.log(task.job_uuid, task.uuid, f"task changed status {task.status} -> {status}")
            self._job_after_task_change(changes, job_store.lock_job(task.job_id), status)

    def job_status(
        self, changes: Changes, job: JobInfo, status: str, reason: str, *, refresh_tasks: bool = False
    ) -> None:
        """Change a job's status and follow through until it settles (requeueing → queued …)."""
        while job.status != status:
            previous = job.status
            job_store.set_status(job.id, status, reason)
            job = job_store.get_job_by_id(job.id)
            follow_up, mass_changed = self._tasks_after_job_change(job, previous, reason)
            changes.job(job, previous, refresh_tasks=refresh_tasks or mass_changed > 0)
            refresh_tasks = False
            if follow_up is None:
                return
            status, reason = follow_up

    def task_claimed(self, changes: Changes, task: TaskInfo, worker_name: str) -> None:
        """A queued task was just claimed (made active) by a worker: announce it, start its job.

        The scheduler's hot path, so it only touches the job when the job must change.
        """
        changes.task(task, "queued")
        changes.log(task.job_uuid, task.uuid, f"task changed status queued -> active ({worker_name})")
        if job_store.get_job_by_id(task.job_id).status in ("queued", "requeueing"):
            job = job_store.lock_job(task.job_id)  # only the first task of a job pays for this
            if job.status in ("queued", "requeueing"):
                self.job_status(changes, job, "active", "Job is running")

    def _job_after_task_change(self, changes: Changes, job: JobInfo, task_status: str) -> None:
        if task_status in ("queued", "active", "soft-failed"):
            if job.status in ("completed", "failed", "canceled"):
                self.job_status(changes, job, "queued", "Task was queued again")
                job = job_store.get_job_by_id(job.id)
            if task_status != "queued" and job.status in ("queued", "requeueing"):
                self.job_status(changes, job, "active", "Job is running")
            return
        if task_status == "failed":
            counts = task_store.status_counts(job.id)
            total, failed = sum(counts.values()), counts.get("failed", 0)
            if total and failed * 100 // total >= JOB_FAIL_PERCENTAGE:
                if job.status not in ("failed", "canceled"):
                    reason = f"{failed} of {total} tasks failed"
                    self.job_status(changes, job, "failed", reason, refresh_tasks=True)
                return
        if job.status in ("cancel-requested", "requeueing"):
            return  # the job change in progress decides
        if task_store.any_in_status(job.id, (*_STILL_TO_RUN, "paused")):
            if job.status == "queued":
                self.job_status(changes, job, "active", "Job is running")
            return
        # Nothing left to run: the job settles. Flamenco leaves it `active` when the last running
        # task completes beside canceled ones; we say what happened instead.
        counts = task_store.status_counts(job.id)
        total, failed = sum(counts.values()), counts.get("failed", 0)
        if counts.get("completed", 0) == total:
            self.job_status(changes, job, "completed", "All tasks completed")
        elif failed:
            self.job_status(changes, job, "failed", f"{failed} of {total} tasks failed")
        else:
            self.job_status(changes, job, "canceled", "All tasks are canceled or done")

    def _tasks_after_job_change(
        self, job: JobInfo, previous: str, reason: str
    ) -> tuple[tuple[str, str] | None, int]:
        """Mass task changes a job status implies: (follow-up job status or None, tasks changed)."""
        if job.status in ("cancel-requested", "failed"):
            changed = task_store.set_status_where(
                job.id, (*_STILL_TO_RUN, "paused"), "canceled", f"Job {job.status}: {reason}"
            )
            if job.status == "cancel-requested":
                return ("canceled", "Job was canceled"), changed
            return None, changed
        if job.status == "requeueing":
            if previous == "completed":
                changed = task_store.set_status_where(job.id, None, "queued", "Job was requeued")
            else:
                changed = task_store.set_status_where(
                    job.id, ("canceled", "failed", "paused", "soft-failed"), "queued", "Job was requeued"
                )
            return ("queued", "Job was requeued"), changed
        if job.status == "paused":
            # Paused tasks leave the scheduler's index, so a paused job costs claims nothing.
            changed = task_store.set_status_where(
                job.id, RUNNABLE_TASK_STATUSES, "paused", f"Job paused: {reason}"
            )
            return None, changed
        if job.status == "queued" and previous == "paused":
            changed = task_store.set_status_where(job.id, ("paused",), "queued", "Job was resumed")
            return None, changed
        if job.status == "queued":
            counts = task_store.status_counts(job.id)
            if counts and counts.get("completed", 0) == sum(counts.values()):
                return ("completed", "All tasks completed"), 0
        return None, 0

"""Job-on-job dependencies: Afanasy's job `depend_mask` and `depend_mask_global`.

A job with `depend_mask` waits while another unfinished job of the same user has a name that the
regex matches as a whole (`re.fullmatch`); with `depend_mask_global`, any user's. Unfinished: not
completed, not canceled, not being deleted (a failed or paused job still holds its dependants, as
an Afanasy job with errors does). Waiting is a gate on the job's tasks (`flamenco.store.life`),
so the claim never evaluates a mask.

Evaluated on events, not per claim (design §4.2):
(a) at submission, the new job's masks against the unfinished jobs;
(b) at every submission, the new job against the masks of the other jobs: a match gates a job
    again (its running tasks finish, nothing new starts, as a job in Afanasy's `WD` state);
(c) when a job finishes, is canceled, requeued or deleted: :func:`reconcile` re-checks every
    job with a mask and releases those nothing holds any more.

Concurrency (PostgreSQL): every evaluation takes one advisory transaction lock first
(`store.life.lock_gates`), so a submission and a release never both decide on a stale view.
Releases run in their own transaction after the finishing job's has committed (never inside a
worker's task update), so they take that lock holding no row locks: no deadlock with submissions.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from flamenco.scheduler.changes import Changes, transaction
from flamenco.services import Services
from flamenco.store import jobs as job_store
from flamenco.store import life as life_store
from flamenco.store.db import is_postgres
from flamenco.store.life import FINISHED, JobLife

log = logging.getLogger(__name__)

RELEASED = "Dependencies are done"
_SHOWN = 5  # job names an activity lists before "and N more"


def matches(pattern: str | None, name: str) -> bool:
    """Afanasy's dependency masks match a job's whole name; a mask that is no regex matches
    nothing (masks are checked on input, so that only happens to rows written by hand)."""
    if not pattern:
        return False
    try:
        return re.fullmatch(pattern, name) is not None
    except re.error:
        return False


def depends_on(job: JobLife, other: JobLife) -> bool:
    """Whether ``other`` (unfinished) holds ``job``."""
    if other.id == job.id:
        return False
    if matches(job.depend_mask_global, other.name):
        return True
    return other.user == job.user and matches(job.depend_mask, other.name)


def holders(job: JobLife, unfinished: Iterable[JobLife]) -> list[str]:
    """Names of the unfinished jobs that hold ``job``, in submission order."""
    return [other.name for other in unfinished if depends_on(job, other)]


def waiting_activity(names: list[str]) -> str:
    shown = ", ".join(names[:_SHOWN])
    more = f" and {len(names) - _SHOWN} more" if len(names) > _SHOWN else ""
    return f"waiting for jobs: {shown}{more}"


def _announce(changes: Changes, job_id: int) -> None:
    job = job_store.get_job_by_id(job_id)
    changes.job(job, job.status)  # changed, not new: UIs refresh, long-polling workers look again


def _decide(
    changes: Changes, job: JobLife, unfinished: list[JobLife], *, announce: bool = True
) -> str | None:
    """Gate or release one job as the unfinished jobs say (the caller holds the gates' lock);
    returns "gated" or "released" when that changed. ``announce``: publish the job's change (not
    for a job being submitted: its creation event follows, showing the gate)."""
    names = holders(job, unfinished) if job.status not in FINISHED else []
    if names:
        activity = waiting_activity(names)
        if life_store.gate_for_jobs(job.id, activity):
            log.info("job %s (%s) %s", job.uuid, job.name, activity)
            if announce:
                _announce(changes, job.id)
            return "gated"
        return None
    if job.waiting_for_jobs and life_store.release_for_jobs(job.id, RELEASED):
        log.info("job %s (%s): the jobs it waited for are done", job.uuid, job.name)
        _announce(changes, job.id)
        return "released"
    return None


def on_submission(changes: Changes, job_id: int) -> None:
    """Rules (a) and (b) for a job just stored, inside its submission transaction.

    Costs two small reads when no job has a mask: the new job's row and the masked jobs (a partial
    index); the unfinished jobs are only read when a mask is involved.
    """
    life_store.lock_gates()
    new = life_store.life_of(job_id)
    assert new is not None, f"job {job_id} vanished"
    masked = [job for job in life_store.jobs_with_masks() if job.id != job_id and job.status not in FINISHED]
    regated = [job for job in masked if depends_on(job, new)]
    own = bool(new.depend_mask or new.depend_mask_global)
    if not own and not regated:
        return
    unfinished = life_store.unfinished_jobs()
    if own:
        _decide(changes, new, unfinished, announce=False)
    for job in regated:
        _decide(changes, job, unfinished)


def reevaluate(changes: Changes, job_id: int) -> None:
    """Gate or release one job after its masks were edited, inside the caller's transaction."""
    life_store.lock_gates()
    job = life_store.life_of(job_id)
    if job is not None:
        _decide(changes, job, life_store.unfinished_jobs())


def reconcile(svc: Services) -> int:
    """Rule (c): re-check every job with a mask; returns how many were released.

    Also gates a masked job that should wait and does not (a job requeued after it completed
    holds its dependants again), so running it periodically repairs any evaluation a crashed
    process left undone.
    """
    if not is_postgres() and not life_store.jobs_with_masks():
        # SQLite: a submission's transaction holds the one write lock from its start, so it
        # either committed before the change that called this (its mask is seen here) or began
        # after it (and saw the job finished). PostgreSQL must look under the lock: a submission
        # gating on the old state may not have committed yet.
        return 0
    released = 0
    with transaction(svc.events, svc.tasklogs) as changes:
        life_store.lock_gates()
        masked = life_store.jobs_with_masks()
        if not masked:
            return 0
        unfinished = life_store.unfinished_jobs()
        for job in masked:
            released += _decide(changes, job, unfinished) == "released"
    return released


def waits_for(job_id: int) -> list[str]:
    """Names of the jobs this job waits for now (for the UI, CLI and `get`), unlocked."""
    job = life_store.life_of(job_id)
    if job is None or not (job.depend_mask or job.depend_mask_global):
        return []
    return holders(job, life_store.unfinished_jobs())

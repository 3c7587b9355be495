"""The canonical vocabulary, and the seed spec's words for it.

Canonical = Flamenco 3.8's enums, as `tools/regen.py` generates them from the v3 spec: the store
holds these values and the scheduler decides in them. The seed spec (2022) differs in three places,
translated by the functions below when a seed request comes in or a seed answer goes out:

- workers: the seed has `shutdown` where 3.8 has `offline` (stop) and `restart` (stop and come
  back); a seed `shutdown` is stored as `offline`;
- what a worker is asked to do: seed-era workers only act on `shutdown` (Flamenco's worker at the
  seed commit has no `offline` state), so a requested `offline` or `restart` reaches them as
  `shutdown`;
- jobs: 3.8's `pause-requested` (tasks still finishing) reads as `paused` on the seed door, whose
  `paused` covers both.
"""

from __future__ import annotations

from collections.abc import Iterable

from flamenco import api_types as seed
from flamenco import api_types_v3 as v3

JobStatus = v3.JobStatus
TaskStatus = v3.TaskStatus
WorkerStatus = v3.WorkerStatus

JOB_STATUSES: tuple[str, ...] = v3.JOB_STATUS_VALUES
TASK_STATUSES: tuple[str, ...] = v3.TASK_STATUS_VALUES
WORKER_STATUSES: tuple[str, ...] = v3.WORKER_STATUS_VALUES

SEED_JOB_STATUSES: tuple[str, ...] = seed.JOB_STATUS_VALUES
SEED_WORKER_STATUSES: tuple[str, ...] = seed.WORKER_STATUS_VALUES

# Statuses that mean "stop this worker process" (with or without coming back).
STOP_STATUSES: tuple[str, ...] = ("offline", "restart")


def worker_status_from_seed(status: str) -> str:
    """A worker status a seed client sent (reported or requested), in canonical words."""
    return "offline" if status == "shutdown" else status


def worker_status_to_seed(status: str) -> str:
    """A worker's status, or a status requested of it, as people on the seed door read it."""
    return "offline" if status == "restart" else status


def requested_status_to_seed_worker(status: str) -> str:
    """A status requested of a worker, as a seed-protocol worker must hear it to act on it."""
    return "shutdown" if status in STOP_STATUSES else status


def job_status_to_seed(status: str) -> str:
    return "paused" if status == "pause-requested" else status


def job_request_from_v3(status: str) -> str:
    """A job status a 3.8 client asks for, as the scheduler takes requests.

    The scheduler pauses a job with `paused` (the job reads paused at once; running tasks finish),
    which is what 3.8 asks for with `pause-requested`.
    """
    return "paused" if status == "pause-requested" else status


def job_statuses_from_seed(statuses: Iterable[str]) -> list[str]:
    """Seed job statuses as a filter on canonical ones: a seed `paused` also finds pausing jobs."""
    found: dict[str, None] = {}
    for status in statuses:
        found[status] = None
        if status == "paused":
            found["pause-requested"] = None
    return list(found)

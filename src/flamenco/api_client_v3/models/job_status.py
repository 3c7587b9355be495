from typing import Literal

JobStatus = Literal[
    "active",
    "cancel-requested",
    "canceled",
    "completed",
    "failed",
    "pause-requested",
    "paused",
    "queued",
    "requeueing",
    "under-construction",
]

JOB_STATUS_VALUES: set[JobStatus] = {
    "active",
    "cancel-requested",
    "canceled",
    "completed",
    "failed",
    "pause-requested",
    "paused",
    "queued",
    "requeueing",
    "under-construction",
}


def check_job_status(value: str) -> JobStatus:
    if value in JOB_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {JOB_STATUS_VALUES!r}")

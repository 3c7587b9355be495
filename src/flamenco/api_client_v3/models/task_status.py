from typing import Literal

TaskStatus = Literal["active", "canceled", "completed", "failed", "paused", "queued", "soft-failed"]

TASK_STATUS_VALUES: set[TaskStatus] = {
    "active",
    "canceled",
    "completed",
    "failed",
    "paused",
    "queued",
    "soft-failed",
}


def check_task_status(value: str) -> TaskStatus:
    if value in TASK_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {TASK_STATUS_VALUES!r}")

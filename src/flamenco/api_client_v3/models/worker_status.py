from typing import Literal

WorkerStatus = Literal["asleep", "awake", "error", "offline", "restart", "starting", "testing"]

WORKER_STATUS_VALUES: set[WorkerStatus] = {
    "asleep",
    "awake",
    "error",
    "offline",
    "restart",
    "starting",
    "testing",
}


def check_worker_status(value: str) -> WorkerStatus:
    if value in WORKER_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {WORKER_STATUS_VALUES!r}")

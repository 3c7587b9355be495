from typing import Literal

SocketIOSubscriptionType = Literal["allJobs", "allLastRendered", "allWorkers", "job", "tasklog"]

SOCKET_IO_SUBSCRIPTION_TYPE_VALUES: set[SocketIOSubscriptionType] = {
    "allJobs",
    "allLastRendered",
    "allWorkers",
    "job",
    "tasklog",
}


def check_socket_io_subscription_type(value: str) -> SocketIOSubscriptionType:
    if value in SOCKET_IO_SUBSCRIPTION_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {SOCKET_IO_SUBSCRIPTION_TYPE_VALUES!r}")

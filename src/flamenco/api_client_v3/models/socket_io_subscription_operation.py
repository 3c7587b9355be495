from typing import Literal

SocketIOSubscriptionOperation = Literal["subscribe", "unsubscribe"]

SOCKET_IO_SUBSCRIPTION_OPERATION_VALUES: set[SocketIOSubscriptionOperation] = {
    "subscribe",
    "unsubscribe",
}


def check_socket_io_subscription_operation(value: str) -> SocketIOSubscriptionOperation:
    if value in SOCKET_IO_SUBSCRIPTION_OPERATION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {SOCKET_IO_SUBSCRIPTION_OPERATION_VALUES!r}"
    )

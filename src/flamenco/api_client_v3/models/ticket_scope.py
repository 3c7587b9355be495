from typing import Literal

TicketScope = Literal["farm", "worker"]

TICKET_SCOPE_VALUES: set[TicketScope] = {
    "farm",
    "worker",
}


def check_ticket_scope(value: str) -> TicketScope:
    if value in TICKET_SCOPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {TICKET_SCOPE_VALUES!r}")

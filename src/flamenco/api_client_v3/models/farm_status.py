from typing import Literal

FarmStatus = Literal["active", "asleep", "idle", "inoperative", "starting", "unknown", "waiting"]

FARM_STATUS_VALUES: set[FarmStatus] = {
    "active",
    "asleep",
    "idle",
    "inoperative",
    "starting",
    "unknown",
    "waiting",
}


def check_farm_status(value: str) -> FarmStatus:
    if value in FARM_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {FARM_STATUS_VALUES!r}")

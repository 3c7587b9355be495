from typing import Literal

LifeCycleEventType = Literal["manager-shutdown", "manager-startup"]

LIFE_CYCLE_EVENT_TYPE_VALUES: set[LifeCycleEventType] = {
    "manager-shutdown",
    "manager-startup",
}


def check_life_cycle_event_type(value: str) -> LifeCycleEventType:
    if value in LIFE_CYCLE_EVENT_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {LIFE_CYCLE_EVENT_TYPE_VALUES!r}")

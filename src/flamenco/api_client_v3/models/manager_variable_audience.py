from typing import Literal

ManagerVariableAudience = Literal["users", "workers"]

MANAGER_VARIABLE_AUDIENCE_VALUES: set[ManagerVariableAudience] = {
    "users",
    "workers",
}


def check_manager_variable_audience(value: str) -> ManagerVariableAudience:
    if value in MANAGER_VARIABLE_AUDIENCE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {MANAGER_VARIABLE_AUDIENCE_VALUES!r}")

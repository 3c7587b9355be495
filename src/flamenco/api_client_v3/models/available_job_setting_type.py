from typing import Literal

AvailableJobSettingType = Literal["bool", "float", "int32", "string"]

AVAILABLE_JOB_SETTING_TYPE_VALUES: set[AvailableJobSettingType] = {
    "bool",
    "float",
    "int32",
    "string",
}


def check_available_job_setting_type(value: str) -> AvailableJobSettingType:
    if value in AVAILABLE_JOB_SETTING_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {AVAILABLE_JOB_SETTING_TYPE_VALUES!r}")

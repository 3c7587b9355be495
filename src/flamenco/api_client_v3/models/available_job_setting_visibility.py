from typing import Literal

AvailableJobSettingVisibility = Literal["hidden", "submission", "visible", "web"]

AVAILABLE_JOB_SETTING_VISIBILITY_VALUES: set[AvailableJobSettingVisibility] = {
    "hidden",
    "submission",
    "visible",
    "web",
}


def check_available_job_setting_visibility(value: str) -> AvailableJobSettingVisibility:
    if value in AVAILABLE_JOB_SETTING_VISIBILITY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {AVAILABLE_JOB_SETTING_VISIBILITY_VALUES!r}"
    )

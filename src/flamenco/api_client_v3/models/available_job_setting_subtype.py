from typing import Literal

AvailableJobSettingSubtype = Literal["dir_path", "file_name", "file_path", "hashed_file_path"]

AVAILABLE_JOB_SETTING_SUBTYPE_VALUES: set[AvailableJobSettingSubtype] = {
    "dir_path",
    "file_name",
    "file_path",
    "hashed_file_path",
}


def check_available_job_setting_subtype(value: str) -> AvailableJobSettingSubtype:
    if value in AVAILABLE_JOB_SETTING_SUBTYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {AVAILABLE_JOB_SETTING_SUBTYPE_VALUES!r}")

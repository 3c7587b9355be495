from typing import Literal

ShamanFileStatus = Literal["stored", "unknown", "uploading"]

SHAMAN_FILE_STATUS_VALUES: set[ShamanFileStatus] = {
    "stored",
    "unknown",
    "uploading",
}


def check_shaman_file_status(value: str) -> ShamanFileStatus:
    if value in SHAMAN_FILE_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {SHAMAN_FILE_STATUS_VALUES!r}")

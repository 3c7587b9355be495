from typing import Literal

BlenderPathSource = Literal["default", "file_association", "input_path", "path_envvar", "system_location"]

BLENDER_PATH_SOURCE_VALUES: set[BlenderPathSource] = {
    "default",
    "file_association",
    "input_path",
    "path_envvar",
    "system_location",
}


def check_blender_path_source(value: str) -> BlenderPathSource:
    if value in BLENDER_PATH_SOURCE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {BLENDER_PATH_SOURCE_VALUES!r}")

from typing import Literal

PipelineControlsHostsMaskType = Literal["find", "regex"]

PIPELINE_CONTROLS_HOSTS_MASK_TYPE_VALUES: set[PipelineControlsHostsMaskType] = {
    "find",
    "regex",
}


def check_pipeline_controls_hosts_mask_type(value: str) -> PipelineControlsHostsMaskType:
    if value in PIPELINE_CONTROLS_HOSTS_MASK_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PIPELINE_CONTROLS_HOSTS_MASK_TYPE_VALUES!r}"
    )

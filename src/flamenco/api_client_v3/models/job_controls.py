from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.block_controls import BlockControls
    from ..models.pipeline_controls import PipelineControls


T = TypeVar("T", bound="JobControls")


@_attrs_define
class JobControls:
    """
    Attributes:
        job_id (UUID):
        controls (PipelineControls): Limits, masks, needs and tickets of a job or block. In a request only the
            properties sent change; null (or -1 for numbers, "" for texts) removes one. Masks are regular expressions
            matched against the whole worker name (`hosts_mask_type: find`: Afanasy's word-prefix matching); `need_os` and
            `need_properties` are searched in the worker's platform words (`unix linux`, `unix macosx`, `windows`) and
            properties.
             Example: {'max_running_tasks': 4, 'hosts_mask': 'render-.*', 'tickets': {'NUKE': 1}}.
        running_tasks (int):
        blocks (list[BlockControls]):
    """

    job_id: UUID
    controls: PipelineControls
    running_tasks: int
    blocks: list[BlockControls]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        job_id = str(self.job_id)

        controls = self.controls.to_dict()

        running_tasks = self.running_tasks

        blocks = []
        for blocks_item_data in self.blocks:
            blocks_item = blocks_item_data.to_dict()
            blocks.append(blocks_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "job_id": job_id,
                "controls": controls,
                "running_tasks": running_tasks,
                "blocks": blocks,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.block_controls import BlockControls  # noqa: PLC0415
        from ..models.pipeline_controls import PipelineControls  # noqa: PLC0415

        d = dict(src_dict)
        job_id = UUID(d.pop("job_id"))

        controls = PipelineControls.from_dict(d.pop("controls"))

        running_tasks = d.pop("running_tasks")

        blocks = []
        _blocks = d.pop("blocks")
        for blocks_item_data in _blocks:
            blocks_item = BlockControls.from_dict(blocks_item_data)

            blocks.append(blocks_item)

        job_controls = cls(
            job_id=job_id,
            controls=controls,
            running_tasks=running_tasks,
            blocks=blocks,
        )

        job_controls.additional_properties = d
        return job_controls

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties

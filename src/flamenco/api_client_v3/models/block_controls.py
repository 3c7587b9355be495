from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.pipeline_controls import PipelineControls


T = TypeVar("T", bound="BlockControls")


@_attrs_define
class BlockControls:
    """
    Attributes:
        name (str):
        implicit (bool): The block the Manager made for a job submitted without blocks.
        controls (PipelineControls): Limits, masks, needs and tickets of a job or block. In a request only the
            properties sent change; null (or -1 for numbers, "" for texts) removes one. Masks are regular expressions
            matched against the whole worker name (`hosts_mask_type: find`: Afanasy's word-prefix matching); `need_os` and
            `need_properties` are searched in the worker's platform words (`unix linux`, `unix macosx`, `windows`) and
            properties.
             Example: {'max_running_tasks': 4, 'hosts_mask': 'render-.*', 'tickets': {'NUKE': 1}}.
        running_tasks (int):
        eligible_workers (int | None | Unset): Workers that pass its masks and static needs; null when it has none.
    """

    name: str
    implicit: bool
    controls: PipelineControls
    running_tasks: int
    eligible_workers: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        implicit = self.implicit

        controls = self.controls.to_dict()

        running_tasks = self.running_tasks

        eligible_workers: int | None | Unset
        if isinstance(self.eligible_workers, Unset):
            eligible_workers = UNSET
        else:
            eligible_workers = self.eligible_workers

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "implicit": implicit,
                "controls": controls,
                "running_tasks": running_tasks,
            }
        )
        if eligible_workers is not UNSET:
            field_dict["eligible_workers"] = eligible_workers

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pipeline_controls import PipelineControls  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        implicit = d.pop("implicit")

        controls = PipelineControls.from_dict(d.pop("controls"))

        running_tasks = d.pop("running_tasks")

        def _parse_eligible_workers(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        eligible_workers = _parse_eligible_workers(d.pop("eligible_workers", UNSET))

        block_controls = cls(
            name=name,
            implicit=implicit,
            controls=controls,
            running_tasks=running_tasks,
            eligible_workers=eligible_workers,
        )

        block_controls.additional_properties = d
        return block_controls

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

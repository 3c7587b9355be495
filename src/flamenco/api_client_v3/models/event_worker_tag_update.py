from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.worker_tag import WorkerTag


T = TypeVar("T", bound="EventWorkerTagUpdate")


@_attrs_define
class EventWorkerTagUpdate:
    """Worker Tag, sent over SocketIO/MQTT when it changes.

    Attributes:
        tag (WorkerTag): Tag of workers. A job can optionally specify which tag it should be limited to. Workers can be
            part of multiple tags simultaneously.
             Example: {'name': 'GPU-EEVEE', 'description': 'All workers that can do GPU rendering with EEVEE.'}.
        was_deleted (bool | Unset): When a tag was just deleted, this is set to `true`.
    """

    tag: WorkerTag
    was_deleted: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        tag = self.tag.to_dict()

        was_deleted = self.was_deleted

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "tag": tag,
            }
        )
        if was_deleted is not UNSET:
            field_dict["was_deleted"] = was_deleted

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.worker_tag import WorkerTag  # noqa: PLC0415

        d = dict(src_dict)
        tag = WorkerTag.from_dict(d.pop("tag"))

        was_deleted = d.pop("was_deleted", UNSET)

        event_worker_tag_update = cls(
            tag=tag,
            was_deleted=was_deleted,
        )

        event_worker_tag_update.additional_properties = d
        return event_worker_tag_update

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PipelineJobSubmitted")


@_attrs_define
class PipelineJobSubmitted:
    """The stored job; `id`/`serial` are Afanasy's job number, `job_id` Flamenco's.

    Attributes:
        id (int):
        serial (int):
        job_id (UUID):
        name (str):
    """

    id: int
    serial: int
    job_id: UUID
    name: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        serial = self.serial

        job_id = str(self.job_id)

        name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "serial": serial,
                "job_id": job_id,
                "name": name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        serial = d.pop("serial")

        job_id = UUID(d.pop("job_id"))

        name = d.pop("name")

        pipeline_job_submitted = cls(
            id=id,
            serial=serial,
            job_id=job_id,
            name=name,
        )

        pipeline_job_submitted.additional_properties = d
        return pipeline_job_submitted

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

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.job_last_rendered_image_info import JobLastRenderedImageInfo


T = TypeVar("T", bound="SocketIOLastRenderedUpdate")


@_attrs_define
class SocketIOLastRenderedUpdate:
    """Indicator that the last-rendered image of this job was updated.

    Attributes:
        job_id (UUID):
        thumbnail (JobLastRenderedImageInfo): Enough information for a client to piece together different strings to
            form a host-relative URL to the last-rendered image. To construct the URL, concatenate "{base}/{one of the
            suffixes}".
    """

    job_id: UUID
    thumbnail: JobLastRenderedImageInfo
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        job_id = str(self.job_id)

        thumbnail = self.thumbnail.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "job_id": job_id,
                "thumbnail": thumbnail,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.job_last_rendered_image_info import JobLastRenderedImageInfo  # noqa: PLC0415

        d = dict(src_dict)
        job_id = UUID(d.pop("job_id"))

        thumbnail = JobLastRenderedImageInfo.from_dict(d.pop("thumbnail"))

        socket_io_last_rendered_update = cls(
            job_id=job_id,
            thumbnail=thumbnail,
        )

        socket_io_last_rendered_update.additional_properties = d
        return socket_io_last_rendered_update

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

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.job_status import JobStatus, check_job_status
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.jobs_query_metadata import JobsQueryMetadata
    from ..models.jobs_query_settings import JobsQuerySettings


T = TypeVar("T", bound="JobsQuery")


@_attrs_define
class JobsQuery:
    """
    Example:
        {'limit': 5, 'order_by': ['updated_at', 'status'], 'status_in': ['active', 'queued', 'failed'], 'metadata':
            {'project': 'Sprite Fright'}}

    Attributes:
        offset (int | Unset):
        limit (int | Unset):
        order_by (list[str] | Unset):
        status_in (list[JobStatus] | Unset): Return only jobs with a status in this array.
        metadata (JobsQueryMetadata | Unset): Filter by metadata, using `LIKE` notation.
        settings (JobsQuerySettings | Unset): Filter by job settings, using `LIKE` notation.
    """

    offset: int | Unset = UNSET
    limit: int | Unset = UNSET
    order_by: list[str] | Unset = UNSET
    status_in: list[JobStatus] | Unset = UNSET
    metadata: JobsQueryMetadata | Unset = UNSET
    settings: JobsQuerySettings | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        offset = self.offset

        limit = self.limit

        order_by: list[str] | Unset = UNSET
        if not isinstance(self.order_by, Unset):
            order_by = self.order_by

        status_in: list[str] | Unset = UNSET
        if not isinstance(self.status_in, Unset):
            status_in = []
            for status_in_item_data in self.status_in:
                status_in_item: str = status_in_item_data
                status_in.append(status_in_item)

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        settings: dict[str, Any] | Unset = UNSET
        if not isinstance(self.settings, Unset):
            settings = self.settings.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if offset is not UNSET:
            field_dict["offset"] = offset
        if limit is not UNSET:
            field_dict["limit"] = limit
        if order_by is not UNSET:
            field_dict["order_by"] = order_by
        if status_in is not UNSET:
            field_dict["status_in"] = status_in
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if settings is not UNSET:
            field_dict["settings"] = settings

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.jobs_query_metadata import JobsQueryMetadata  # noqa: PLC0415
        from ..models.jobs_query_settings import JobsQuerySettings  # noqa: PLC0415

        d = dict(src_dict)
        offset = d.pop("offset", UNSET)

        limit = d.pop("limit", UNSET)

        order_by = cast(list[str], d.pop("order_by", UNSET))

        _status_in = d.pop("status_in", UNSET)
        status_in: list[JobStatus] | Unset = UNSET
        if _status_in is not UNSET:
            status_in = []
            for status_in_item_data in _status_in:
                status_in_item = check_job_status(status_in_item_data)

                status_in.append(status_in_item)

        _metadata = d.pop("metadata", UNSET)
        metadata: JobsQueryMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = JobsQueryMetadata.from_dict(_metadata)

        _settings = d.pop("settings", UNSET)
        settings: JobsQuerySettings | Unset
        if isinstance(_settings, Unset):
            settings = UNSET
        else:
            settings = JobsQuerySettings.from_dict(_settings)

        jobs_query = cls(
            offset=offset,
            limit=limit,
            order_by=order_by,
            status_in=status_in,
            metadata=metadata,
            settings=settings,
        )

        jobs_query.additional_properties = d
        return jobs_query

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

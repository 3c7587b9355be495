from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.job_status import JobStatus, check_job_status
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.job_metadata import JobMetadata
    from ..models.job_settings import JobSettings
    from ..models.job_task_counts import JobTaskCounts


T = TypeVar("T", bound="Job")


@_attrs_define
class Job:
    """
    Attributes:
        name (str):
        type_ (str):
        priority (int):  Default: 50.
        id (UUID): UUID of the Job
        created (datetime.datetime): Creation timestamp
        updated (datetime.datetime): Timestamp of last update.
        status (JobStatus):
        activity (str): Description of the last activity on this job.
        settings (JobSettings | Unset):
        metadata (JobMetadata | Unset): Arbitrary metadata strings. More complex structures can be modeled by using
            `a.b.c` notation for the key. Example: {'user.name': 'Sybren Stüvel', 'user.email': 'sybren@blender.org',
            'project': 'Sprite Fright'}.
        task_counts (JobTaskCounts | Unset): How many of the job's tasks are in each status: the job's progress. Answers
            about existing jobs carry it; the answer to a submission does not.
    """

    name: str
    type_: str
    id: UUID
    created: datetime.datetime
    updated: datetime.datetime
    status: JobStatus
    activity: str
    priority: int = 50
    settings: JobSettings | Unset = UNSET
    metadata: JobMetadata | Unset = UNSET
    task_counts: JobTaskCounts | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        type_ = self.type_

        priority = self.priority

        id = str(self.id)

        created = self.created.isoformat()

        updated = self.updated.isoformat()

        status: str = self.status

        activity = self.activity

        settings: dict[str, Any] | Unset = UNSET
        if not isinstance(self.settings, Unset):
            settings = self.settings.to_dict()

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        task_counts: dict[str, Any] | Unset = UNSET
        if not isinstance(self.task_counts, Unset):
            task_counts = self.task_counts.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "type": type_,
                "priority": priority,
                "id": id,
                "created": created,
                "updated": updated,
                "status": status,
                "activity": activity,
            }
        )
        if settings is not UNSET:
            field_dict["settings"] = settings
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if task_counts is not UNSET:
            field_dict["task_counts"] = task_counts

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.job_metadata import JobMetadata  # noqa: PLC0415
        from ..models.job_settings import JobSettings  # noqa: PLC0415
        from ..models.job_task_counts import JobTaskCounts  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        type_ = d.pop("type")

        priority = d.pop("priority")

        id = UUID(d.pop("id"))

        created = datetime.datetime.fromisoformat(d.pop("created"))

        updated = datetime.datetime.fromisoformat(d.pop("updated"))

        status = check_job_status(d.pop("status"))

        activity = d.pop("activity")

        _settings = d.pop("settings", UNSET)
        settings: JobSettings | Unset
        if isinstance(_settings, Unset):
            settings = UNSET
        else:
            settings = JobSettings.from_dict(_settings)

        _metadata = d.pop("metadata", UNSET)
        metadata: JobMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = JobMetadata.from_dict(_metadata)

        _task_counts = d.pop("task_counts", UNSET)
        task_counts: JobTaskCounts | Unset
        if isinstance(_task_counts, Unset):
            task_counts = UNSET
        else:
            task_counts = JobTaskCounts.from_dict(_task_counts)

        job = cls(
            name=name,
            type_=type_,
            priority=priority,
            id=id,
            created=created,
            updated=updated,
            status=status,
            activity=activity,
            settings=settings,
            metadata=metadata,
            task_counts=task_counts,
        )

        job.additional_properties = d
        return job

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

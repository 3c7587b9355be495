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
    from ..models.job_storage_info import JobStorageInfo


T = TypeVar("T", bound="Job")


@_attrs_define
class Job:
    """
    Attributes:
        name (str):
        type_ (str):
        priority (int):  Default: 50.
        submitter_platform (str): Operating system of the submitter. This is used to recognise two-way variables. This
            should be a lower-case version of the platform, like "linux", "windows", "darwin", "openbsd", etc. Should be
            ompatible with Go's `runtime.GOOS`; run `go tool dist list` to get a list of possible platforms.
            As a special case, the platform "manager" can be given, which will be interpreted as "the Manager's platform".
            This is mostly to make test/debug scripts easier, as they can use a static document on all platforms.
        id (UUID): UUID of the Job
        created (datetime.datetime): Creation timestamp
        updated (datetime.datetime): Timestamp of last update.
        status (JobStatus):
        activity (str): Description of the last activity on this job.
        steps_completed (int):
        steps_total (int):
        type_etag (str | Unset): Hash of the job type, copied from the `AvailableJobType.etag` property of the job type.
            The job will be rejected if this field doesn't match the actual job type on the Manager. This prevents job
            submission with old settings, after the job compiler script has been updated.
            If this field is omitted, the check is bypassed.
        settings (JobSettings | Unset):
        metadata (JobMetadata | Unset): Arbitrary metadata strings. More complex structures can be modeled by using
            `a.b.c` notation for the key. Example: {'user.name': 'Sybren Stüvel', 'user.email': 'sybren@blender.org',
            'project': 'Sprite Fright'}.
        storage (JobStorageInfo | Unset): Storage info of a job, which Flamenco can use to remove job-related files when
            necessary.
        worker_tag (UUID | Unset): Worker tag that should execute this job. When a tag ID is given, only Workers in that
            tag will be scheduled to work on it. If empty or omitted, all workers can work on this job.
        initial_status (JobStatus | Unset):
        delete_requested_at (datetime.datetime | Unset): If job deletion was requested, this is the timestamp at which
            that request was stored on Flamenco Manager.
    """

    name: str
    type_: str
    submitter_platform: str
    id: UUID
    created: datetime.datetime
    updated: datetime.datetime
    status: JobStatus
    activity: str
    steps_completed: int
    steps_total: int
    priority: int = 50
    type_etag: str | Unset = UNSET
    settings: JobSettings | Unset = UNSET
    metadata: JobMetadata | Unset = UNSET
    storage: JobStorageInfo | Unset = UNSET
    worker_tag: UUID | Unset = UNSET
    initial_status: JobStatus | Unset = UNSET
    delete_requested_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        type_ = self.type_

        priority = self.priority

        submitter_platform = self.submitter_platform

        id = str(self.id)

        created = self.created.isoformat()

        updated = self.updated.isoformat()

        status: str = self.status

        activity = self.activity

        steps_completed = self.steps_completed

        steps_total = self.steps_total

        type_etag = self.type_etag

        settings: dict[str, Any] | Unset = UNSET
        if not isinstance(self.settings, Unset):
            settings = self.settings.to_dict()

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        storage: dict[str, Any] | Unset = UNSET
        if not isinstance(self.storage, Unset):
            storage = self.storage.to_dict()

        worker_tag: str | Unset = UNSET
        if not isinstance(self.worker_tag, Unset):
            worker_tag = str(self.worker_tag)

        initial_status: str | Unset = UNSET
        if not isinstance(self.initial_status, Unset):
            initial_status = self.initial_status

        delete_requested_at: str | Unset = UNSET
        if not isinstance(self.delete_requested_at, Unset):
            delete_requested_at = self.delete_requested_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "type": type_,
                "priority": priority,
                "submitter_platform": submitter_platform,
                "id": id,
                "created": created,
                "updated": updated,
                "status": status,
                "activity": activity,
                "steps_completed": steps_completed,
                "steps_total": steps_total,
            }
        )
        if type_etag is not UNSET:
            field_dict["type_etag"] = type_etag
        if settings is not UNSET:
            field_dict["settings"] = settings
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if storage is not UNSET:
            field_dict["storage"] = storage
        if worker_tag is not UNSET:
            field_dict["worker_tag"] = worker_tag
        if initial_status is not UNSET:
            field_dict["initial_status"] = initial_status
        if delete_requested_at is not UNSET:
            field_dict["delete_requested_at"] = delete_requested_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.job_metadata import JobMetadata  # noqa: PLC0415
        from ..models.job_settings import JobSettings  # noqa: PLC0415
        from ..models.job_storage_info import JobStorageInfo  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        type_ = d.pop("type")

        priority = d.pop("priority")

        submitter_platform = d.pop("submitter_platform")

        id = UUID(d.pop("id"))

        created = datetime.datetime.fromisoformat(d.pop("created"))

        updated = datetime.datetime.fromisoformat(d.pop("updated"))

        status = check_job_status(d.pop("status"))

        activity = d.pop("activity")

        steps_completed = d.pop("steps_completed")

        steps_total = d.pop("steps_total")

        type_etag = d.pop("type_etag", UNSET)

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

        _storage = d.pop("storage", UNSET)
        storage: JobStorageInfo | Unset
        if isinstance(_storage, Unset):
            storage = UNSET
        else:
            storage = JobStorageInfo.from_dict(_storage)

        _worker_tag = d.pop("worker_tag", UNSET)
        worker_tag: UUID | Unset
        if isinstance(_worker_tag, Unset):
            worker_tag = UNSET
        else:
            worker_tag = UUID(_worker_tag)

        _initial_status = d.pop("initial_status", UNSET)
        initial_status: JobStatus | Unset
        if isinstance(_initial_status, Unset):
            initial_status = UNSET
        else:
            initial_status = check_job_status(_initial_status)

        _delete_requested_at = d.pop("delete_requested_at", UNSET)
        delete_requested_at: datetime.datetime | Unset
        if isinstance(_delete_requested_at, Unset):
            delete_requested_at = UNSET
        else:
            delete_requested_at = datetime.datetime.fromisoformat(_delete_requested_at)

        job = cls(
            name=name,
            type_=type_,
            priority=priority,
            submitter_platform=submitter_platform,
            id=id,
            created=created,
            updated=updated,
            status=status,
            activity=activity,
            steps_completed=steps_completed,
            steps_total=steps_total,
            type_etag=type_etag,
            settings=settings,
            metadata=metadata,
            storage=storage,
            worker_tag=worker_tag,
            initial_status=initial_status,
            delete_requested_at=delete_requested_at,
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

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.job_status import JobStatus, check_job_status
from ..types import UNSET, Unset

T = TypeVar("T", bound="EventJobUpdate")


@_attrs_define
class EventJobUpdate:
    """Subset of a Job, sent over SocketIO/MQTT when a job changes. For new jobs, `previous_status` will be excluded.

    Attributes:
        id (UUID): UUID of the Job
        updated (datetime.datetime): Timestamp of last update
        status (JobStatus):
        type_ (str):
        priority (int):  Default: 50.
        refresh_tasks (bool): Indicates that the client should refresh all the job's tasks. This is sent for mass
            updates, where updating each individual task would generate too many updates to be practical.
        steps_completed (int):
        steps_total (int):
        name (str | Unset): Name of the job
        previous_status (JobStatus | Unset):
        delete_requested_at (datetime.datetime | Unset): If job deletion was requested, this is the timestamp at which
            that request was stored on Flamenco Manager.
        was_deleted (bool | Unset): When a job was just deleted, this is set to `true`. If this is specified, only the
            'id' field is set, the rest will be empty.
    """

    id: UUID
    updated: datetime.datetime
    status: JobStatus
    type_: str
    refresh_tasks: bool
    steps_completed: int
    steps_total: int
    priority: int = 50
    name: str | Unset = UNSET
    previous_status: JobStatus | Unset = UNSET
    delete_requested_at: datetime.datetime | Unset = UNSET
    was_deleted: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        updated = self.updated.isoformat()

        status: str = self.status

        type_ = self.type_

        priority = self.priority

        refresh_tasks = self.refresh_tasks

        steps_completed = self.steps_completed

        steps_total = self.steps_total

        name = self.name

        previous_status: str | Unset = UNSET
        if not isinstance(self.previous_status, Unset):
            previous_status = self.previous_status

        delete_requested_at: str | Unset = UNSET
        if not isinstance(self.delete_requested_at, Unset):
            delete_requested_at = self.delete_requested_at.isoformat()

        was_deleted = self.was_deleted

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "updated": updated,
                "status": status,
                "type": type_,
                "priority": priority,
                "refresh_tasks": refresh_tasks,
                "steps_completed": steps_completed,
                "steps_total": steps_total,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if previous_status is not UNSET:
            field_dict["previous_status"] = previous_status
        if delete_requested_at is not UNSET:
            field_dict["delete_requested_at"] = delete_requested_at
        if was_deleted is not UNSET:
            field_dict["was_deleted"] = was_deleted

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        updated = datetime.datetime.fromisoformat(d.pop("updated"))

        status = check_job_status(d.pop("status"))

        type_ = d.pop("type")

        priority = d.pop("priority")

        refresh_tasks = d.pop("refresh_tasks")

        steps_completed = d.pop("steps_completed")

        steps_total = d.pop("steps_total")

        name = d.pop("name", UNSET)

        _previous_status = d.pop("previous_status", UNSET)
        previous_status: JobStatus | Unset
        if isinstance(_previous_status, Unset):
            previous_status = UNSET
        else:
            previous_status = check_job_status(_previous_status)

        _delete_requested_at = d.pop("delete_requested_at", UNSET)
        delete_requested_at: datetime.datetime | Unset
        if isinstance(_delete_requested_at, Unset):
            delete_requested_at = UNSET
        else:
            delete_requested_at = datetime.datetime.fromisoformat(_delete_requested_at)

        was_deleted = d.pop("was_deleted", UNSET)

        event_job_update = cls(
            id=id,
            updated=updated,
            status=status,
            type_=type_,
            priority=priority,
            refresh_tasks=refresh_tasks,
            steps_completed=steps_completed,
            steps_total=steps_total,
            name=name,
            previous_status=previous_status,
            delete_requested_at=delete_requested_at,
            was_deleted=was_deleted,
        )

        event_job_update.additional_properties = d
        return event_job_update

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

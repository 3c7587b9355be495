from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.worker_status import WorkerStatus, check_worker_status
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.worker_status_change_request import WorkerStatusChangeRequest


T = TypeVar("T", bound="EventWorkerUpdate")


@_attrs_define
class EventWorkerUpdate:
    """Subset of a Worker, sent over SocketIO/MQTT when a worker changes.

    Attributes:
        id (UUID): UUID of the Worker
        name (str): Name of the worker
        updated (datetime.datetime): Timestamp of last update
        status (WorkerStatus):
        version (str):
        can_restart (bool): Whether this Worker can auto-restart.
        last_seen (datetime.datetime | Unset): Last time this worker was seen by the Manager.
        previous_status (WorkerStatus | Unset):
        status_change (WorkerStatusChangeRequest | Unset): Request for a Worker to change its status to `status`.
        deleted_at (datetime.datetime | Unset): This is only set when the worker was deleted.
    """

    id: UUID
    name: str
    updated: datetime.datetime
    status: WorkerStatus
    version: str
    can_restart: bool
    last_seen: datetime.datetime | Unset = UNSET
    previous_status: WorkerStatus | Unset = UNSET
    status_change: WorkerStatusChangeRequest | Unset = UNSET
    deleted_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        name = self.name

        updated = self.updated.isoformat()

        status: str = self.status

        version = self.version

        can_restart = self.can_restart

        last_seen: str | Unset = UNSET
        if not isinstance(self.last_seen, Unset):
            last_seen = self.last_seen.isoformat()

        previous_status: str | Unset = UNSET
        if not isinstance(self.previous_status, Unset):
            previous_status = self.previous_status

        status_change: dict[str, Any] | Unset = UNSET
        if not isinstance(self.status_change, Unset):
            status_change = self.status_change.to_dict()

        deleted_at: str | Unset = UNSET
        if not isinstance(self.deleted_at, Unset):
            deleted_at = self.deleted_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "updated": updated,
                "status": status,
                "version": version,
                "can_restart": can_restart,
            }
        )
        if last_seen is not UNSET:
            field_dict["last_seen"] = last_seen
        if previous_status is not UNSET:
            field_dict["previous_status"] = previous_status
        if status_change is not UNSET:
            field_dict["status_change"] = status_change
        if deleted_at is not UNSET:
            field_dict["deleted_at"] = deleted_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.worker_status_change_request import WorkerStatusChangeRequest  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        name = d.pop("name")

        updated = datetime.datetime.fromisoformat(d.pop("updated"))

        status = check_worker_status(d.pop("status"))

        version = d.pop("version")

        can_restart = d.pop("can_restart")

        _last_seen = d.pop("last_seen", UNSET)
        last_seen: datetime.datetime | Unset
        if isinstance(_last_seen, Unset):
            last_seen = UNSET
        else:
            last_seen = datetime.datetime.fromisoformat(_last_seen)

        _previous_status = d.pop("previous_status", UNSET)
        previous_status: WorkerStatus | Unset
        if isinstance(_previous_status, Unset):
            previous_status = UNSET
        else:
            previous_status = check_worker_status(_previous_status)

        _status_change = d.pop("status_change", UNSET)
        status_change: WorkerStatusChangeRequest | Unset
        if isinstance(_status_change, Unset):
            status_change = UNSET
        else:
            status_change = WorkerStatusChangeRequest.from_dict(_status_change)

        _deleted_at = d.pop("deleted_at", UNSET)
        deleted_at: datetime.datetime | Unset
        if isinstance(_deleted_at, Unset):
            deleted_at = UNSET
        else:
            deleted_at = datetime.datetime.fromisoformat(_deleted_at)

        event_worker_update = cls(
            id=id,
            name=name,
            updated=updated,
            status=status,
            version=version,
            can_restart=can_restart,
            last_seen=last_seen,
            previous_status=previous_status,
            status_change=status_change,
            deleted_at=deleted_at,
        )

        event_worker_update.additional_properties = d
        return event_worker_update

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

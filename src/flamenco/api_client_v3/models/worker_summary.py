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


T = TypeVar("T", bound="WorkerSummary")


@_attrs_define
class WorkerSummary:
    """Basic information about a Worker.

    Attributes:
        id (UUID):
        name (str):
        status (WorkerStatus):
        version (str): Version of Flamenco this Worker is running
        can_restart (bool): Whether this worker can auto-restart.
        status_change (WorkerStatusChangeRequest | Unset): Request for a Worker to change its status to `status`.
        last_seen (datetime.datetime | Unset): Last time this worker was seen by the Manager.
    """

    id: UUID
    name: str
    status: WorkerStatus
    version: str
    can_restart: bool
    status_change: WorkerStatusChangeRequest | Unset = UNSET
    last_seen: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        name = self.name

        status: str = self.status

        version = self.version

        can_restart = self.can_restart

        status_change: dict[str, Any] | Unset = UNSET
        if not isinstance(self.status_change, Unset):
            status_change = self.status_change.to_dict()

        last_seen: str | Unset = UNSET
        if not isinstance(self.last_seen, Unset):
            last_seen = self.last_seen.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "status": status,
                "version": version,
                "can_restart": can_restart,
            }
        )
        if status_change is not UNSET:
            field_dict["status_change"] = status_change
        if last_seen is not UNSET:
            field_dict["last_seen"] = last_seen

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.worker_status_change_request import WorkerStatusChangeRequest  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        name = d.pop("name")

        status = check_worker_status(d.pop("status"))

        version = d.pop("version")

        can_restart = d.pop("can_restart")

        _status_change = d.pop("status_change", UNSET)
        status_change: WorkerStatusChangeRequest | Unset
        if isinstance(_status_change, Unset):
            status_change = UNSET
        else:
            status_change = WorkerStatusChangeRequest.from_dict(_status_change)

        _last_seen = d.pop("last_seen", UNSET)
        last_seen: datetime.datetime | Unset
        if isinstance(_last_seen, Unset):
            last_seen = UNSET
        else:
            last_seen = datetime.datetime.fromisoformat(_last_seen)

        worker_summary = cls(
            id=id,
            name=name,
            status=status,
            version=version,
            can_restart=can_restart,
            status_change=status_change,
            last_seen=last_seen,
        )

        worker_summary.additional_properties = d
        return worker_summary

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

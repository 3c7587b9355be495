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


T = TypeVar("T", bound="SocketIOWorkerUpdate")


@_attrs_define
class SocketIOWorkerUpdate:
    """Subset of a Worker, sent over SocketIO when a worker changes.

    Attributes:
        id (UUID): UUID of the Worker
        nickname (str): Name of the worker
        updated (datetime.datetime): Timestamp of last update
        status (WorkerStatus):
        version (str):
        previous_status (WorkerStatus | Unset):
        status_change (WorkerStatusChangeRequest | Unset): Request for a Worker to change its status to `status`.
    """

    id: UUID
    nickname: str
    updated: datetime.datetime
    status: WorkerStatus
    version: str
    previous_status: WorkerStatus | Unset = UNSET
    status_change: WorkerStatusChangeRequest | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        nickname = self.nickname

        updated = self.updated.isoformat()

        status: str = self.status

        version = self.version

        previous_status: str | Unset = UNSET
        if not isinstance(self.previous_status, Unset):
            previous_status = self.previous_status

        status_change: dict[str, Any] | Unset = UNSET
        if not isinstance(self.status_change, Unset):
            status_change = self.status_change.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "nickname": nickname,
                "updated": updated,
                "status": status,
                "version": version,
            }
        )
        if previous_status is not UNSET:
            field_dict["previous_status"] = previous_status
        if status_change is not UNSET:
            field_dict["status_change"] = status_change

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.worker_status_change_request import WorkerStatusChangeRequest  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        nickname = d.pop("nickname")

        updated = datetime.datetime.fromisoformat(d.pop("updated"))

        status = check_worker_status(d.pop("status"))

        version = d.pop("version")

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

        socket_io_worker_update = cls(
            id=id,
            nickname=nickname,
            updated=updated,
            status=status,
            version=version,
            previous_status=previous_status,
            status_change=status_change,
        )

        socket_io_worker_update.additional_properties = d
        return socket_io_worker_update

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

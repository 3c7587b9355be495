from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.socket_io_subscription_operation import (
    SocketIOSubscriptionOperation,
    check_socket_io_subscription_operation,
)
from ..models.socket_io_subscription_type import (
    SocketIOSubscriptionType,
    check_socket_io_subscription_type,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="SocketIOSubscription")


@_attrs_define
class SocketIOSubscription:
    """Send by SocketIO clients as `/subscription` event type, to manage their subscription to job updates. Clients always
    get job updates, but for task updates or task logs they need to explicitly subscribe. For simplicity, clients can
    only subscribe to one job (to get task updates for that job) and one task's log at a time.
    This is not used by MQTT, as with that protocol the subscriptions are managed by the MQTT broker, not Flamenco.

        Attributes:
            op (SocketIOSubscriptionOperation):
            type_ (SocketIOSubscriptionType): What kind of thing to subscribe to / unsubscribe from.
            uuid (UUID | Unset): UUID of the thing to subscribe to / unsubscribe from.
    """

    op: SocketIOSubscriptionOperation
    type_: SocketIOSubscriptionType
    uuid: UUID | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        op: str = self.op

        type_: str = self.type_

        uuid: str | Unset = UNSET
        if not isinstance(self.uuid, Unset):
            uuid = str(self.uuid)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "op": op,
                "type": type_,
            }
        )
        if uuid is not UNSET:
            field_dict["uuid"] = uuid

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        op = check_socket_io_subscription_operation(d.pop("op"))

        type_ = check_socket_io_subscription_type(d.pop("type"))

        _uuid = d.pop("uuid", UNSET)
        uuid: UUID | Unset
        if isinstance(_uuid, Unset):
            uuid = UNSET
        else:
            uuid = UUID(_uuid)

        socket_io_subscription = cls(
            op=op,
            type_=type_,
            uuid=uuid,
        )

        socket_io_subscription.additional_properties = d
        return socket_io_subscription

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

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.afanasy_error_info import AfanasyErrorInfo


T = TypeVar("T", bound="AfanasyError")


@_attrs_define
class AfanasyError:
    """A refused Afanasy document, as the spec's Error plus Afanasy's own key.

    Attributes:
        code (int): HTTP status code of this response. Is included in the payload so that a single object represents all
            error information.
            Code 503 is used when the database is busy. The HTTP response will contain a 'Retry-After' HTTP header that
            indicates after which time the request can be retried. Following the header is not mandatory, and it's up to the
            client to do something reasonable like exponential backoff.
        message (str):
        error (str | Unset): Why a job document was refused (Afanasy's key for job answers).
        info (AfanasyErrorInfo | Unset): Why a get or action document was refused (Afanasy's key for those).
    """

    code: int
    message: str
    error: str | Unset = UNSET
    info: AfanasyErrorInfo | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        message = self.message

        error = self.error

        info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.info, Unset):
            info = self.info.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "message": message,
            }
        )
        if error is not UNSET:
            field_dict["error"] = error
        if info is not UNSET:
            field_dict["info"] = info

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.afanasy_error_info import AfanasyErrorInfo  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        message = d.pop("message")

        error = d.pop("error", UNSET)

        _info = d.pop("info", UNSET)
        info: AfanasyErrorInfo | Unset
        if isinstance(_info, Unset):
            info = UNSET
        else:
            info = AfanasyErrorInfo.from_dict(_info)

        afanasy_error = cls(
            code=code,
            message=message,
            error=error,
            info=info,
        )

        afanasy_error.additional_properties = d
        return afanasy_error

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

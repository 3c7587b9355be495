from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AvailableJobSettingEvalInfo")


@_attrs_define
class AvailableJobSettingEvalInfo:
    """Meta-data for the 'eval' expression.

    Attributes:
        show_link_button (bool): Enables the 'eval on submit' toggle button behavior for this setting. A toggle button
            will be shown in Blender's submission interface. When toggled on, the `eval` expression will determine the
            setting's value. Manually editing the setting is then no longer possible, and instead of an input field, the
            'description' string is shown.
            An example use is the to-be-rendered frame range, which by default automatically follows the scene range, but
            can be overridden manually when desired.
             Default: False.
        description (str): Description of what the 'eval' expression is doing. It is also used as placeholder text to
            show when the manual input field is hidden (because eval-on-submit has been toggled on by the user).
             Default: ''.
    """

    show_link_button: bool = False
    description: str = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        show_link_button = self.show_link_button

        description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "showLinkButton": show_link_button,
                "description": description,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        show_link_button = d.pop("showLinkButton")

        description = d.pop("description")

        available_job_setting_eval_info = cls(
            show_link_button=show_link_button,
            description=description,
        )

        available_job_setting_eval_info.additional_properties = d
        return available_job_setting_eval_info

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

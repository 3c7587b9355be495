from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.available_job_setting_subtype import (
    AvailableJobSettingSubtype,
    check_available_job_setting_subtype,
)
from ..models.available_job_setting_type import (
    AvailableJobSettingType,
    check_available_job_setting_type,
)
from ..models.available_job_setting_visibility import (
    AvailableJobSettingVisibility,
    check_available_job_setting_visibility,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.available_job_setting_eval_info import AvailableJobSettingEvalInfo
    from ..models.available_job_setting_propargs import AvailableJobSettingPropargs


T = TypeVar("T", bound="AvailableJobSetting")


@_attrs_define
class AvailableJobSetting:
    """Single setting of a Job types.

    Attributes:
        key (str): Identifier for the setting, must be unique within the job type.
        type_ (AvailableJobSettingType): Type of job setting, must be usable as IDProperty type in Blender. No nested
            structures (arrays, dictionaries) are supported.
        subtype (AvailableJobSettingSubtype | Unset): Sub-type of the job setting. Currently only available for string
            types. `HASHED_FILE_PATH` is a directory path + `"/######"` appended.
        choices (list[str] | Unset): When given, limit the valid values to these choices. Only usable with string type.
        propargs (AvailableJobSettingPropargs | Unset): Any extra arguments to the bpy.props.SomeProperty() call used to
            create this property.
        description (str | Unset): The description/tooltip shown in the user interface.
        label (str | Unset): Label for displaying this setting. If not specified, the key is used to generate a
            reasonable label.
        default (bool | float | str | Unset): The default value shown to the user when determining this setting.
        eval_ (str | Unset): Python expression to be evaluated in order to determine the default value for this setting.
        eval_info (AvailableJobSettingEvalInfo | Unset): Meta-data for the 'eval' expression.
        visible (AvailableJobSettingVisibility | Unset): When to show this setting. `visible`: always show.
            `submission`: only show in the UI of a job submitter (like a Blender add-on). `web`: only show in the web
            interface for management, but not when submitting the job. `hidden`: never show; only available to the job
            compiler script as internal setting.
        required (bool | Unset): Whether to immediately reject a job definition, of this type, without this particular
            setting.
             Default: False.
        editable (bool | Unset): Whether to allow editing this setting after the job has been submitted. Would imply
            deleting all existing tasks for this job, and recompiling it.
             Default: False.
    """

    key: str
    type_: AvailableJobSettingType
    subtype: AvailableJobSettingSubtype | Unset = UNSET
    choices: list[str] | Unset = UNSET
    propargs: AvailableJobSettingPropargs | Unset = UNSET
    description: str | Unset = UNSET
    label: str | Unset = UNSET
    default: bool | float | str | Unset = UNSET
    eval_: str | Unset = UNSET
    eval_info: AvailableJobSettingEvalInfo | Unset = UNSET
    visible: AvailableJobSettingVisibility | Unset = UNSET
    required: bool | Unset = False
    editable: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        key = self.key

        type_: str = self.type_

        subtype: str | Unset = UNSET
        if not isinstance(self.subtype, Unset):
            subtype = self.subtype

        choices: list[str] | Unset = UNSET
        if not isinstance(self.choices, Unset):
            choices = self.choices

        propargs: dict[str, Any] | Unset = UNSET
        if not isinstance(self.propargs, Unset):
            propargs = self.propargs.to_dict()

        description = self.description

        label = self.label

        default: bool | float | str | Unset
        if isinstance(self.default, Unset):
            default = UNSET
        else:
            default = self.default

        eval_ = self.eval_

        eval_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.eval_info, Unset):
            eval_info = self.eval_info.to_dict()

        visible: str | Unset = UNSET
        if not isinstance(self.visible, Unset):
            visible = self.visible

        required = self.required

        editable = self.editable

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "key": key,
                "type": type_,
            }
        )
        if subtype is not UNSET:
            field_dict["subtype"] = subtype
        if choices is not UNSET:
            field_dict["choices"] = choices
        if propargs is not UNSET:
            field_dict["propargs"] = propargs
        if description is not UNSET:
            field_dict["description"] = description
        if label is not UNSET:
            field_dict["label"] = label
        if default is not UNSET:
            field_dict["default"] = default
        if eval_ is not UNSET:
            field_dict["eval"] = eval_
        if eval_info is not UNSET:
            field_dict["evalInfo"] = eval_info
        if visible is not UNSET:
            field_dict["visible"] = visible
        if required is not UNSET:
            field_dict["required"] = required
        if editable is not UNSET:
            field_dict["editable"] = editable

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.available_job_setting_eval_info import AvailableJobSettingEvalInfo  # noqa: PLC0415
        from ..models.available_job_setting_propargs import AvailableJobSettingPropargs  # noqa: PLC0415

        d = dict(src_dict)
        key = d.pop("key")

        type_ = check_available_job_setting_type(d.pop("type"))

        _subtype = d.pop("subtype", UNSET)
        subtype: AvailableJobSettingSubtype | Unset
        if isinstance(_subtype, Unset):
            subtype = UNSET
        else:
            subtype = check_available_job_setting_subtype(_subtype)

        choices = cast(list[str], d.pop("choices", UNSET))

        _propargs = d.pop("propargs", UNSET)
        propargs: AvailableJobSettingPropargs | Unset
        if isinstance(_propargs, Unset):
            propargs = UNSET
        else:
            propargs = AvailableJobSettingPropargs.from_dict(_propargs)

        description = d.pop("description", UNSET)

        label = d.pop("label", UNSET)

        def _parse_default(data: object) -> bool | float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(bool | float | str | Unset, data)

        default = _parse_default(d.pop("default", UNSET))

        eval_ = d.pop("eval", UNSET)

        _eval_info = d.pop("evalInfo", UNSET)
        eval_info: AvailableJobSettingEvalInfo | Unset
        if isinstance(_eval_info, Unset):
            eval_info = UNSET
        else:
            eval_info = AvailableJobSettingEvalInfo.from_dict(_eval_info)

        _visible = d.pop("visible", UNSET)
        visible: AvailableJobSettingVisibility | Unset
        if isinstance(_visible, Unset):
            visible = UNSET
        else:
            visible = check_available_job_setting_visibility(_visible)

        required = d.pop("required", UNSET)

        editable = d.pop("editable", UNSET)

        available_job_setting = cls(
            key=key,
            type_=type_,
            subtype=subtype,
            choices=choices,
            propargs=propargs,
            description=description,
            label=label,
            default=default,
            eval_=eval_,
            eval_info=eval_info,
            visible=visible,
            required=required,
            editable=editable,
        )

        available_job_setting.additional_properties = d
        return available_job_setting

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

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.command_parameters import CommandParameters


T = TypeVar("T", bound="Command")


@_attrs_define
class Command:
    """Command represents a single command to execute by the Worker.

    Attributes:
        name (str):
        parameters (CommandParameters):
        total_step_count (int): Number of steps this command executes. This has to be implemented in the command's
            implementation on the Worker (to recognise what a "step" is), as well as given in the authoring code of the job
            type JavaScript script (to indicate how many steps the command invocation will perform).
            If not given, or set to 0, the command is not expected to send any step progress. In this case, the Worker will
            send a step update at completion of the command.
    """

    name: str
    parameters: CommandParameters
    total_step_count: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        parameters = self.parameters.to_dict()

        total_step_count = self.total_step_count

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "parameters": parameters,
                "total_step_count": total_step_count,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.command_parameters import CommandParameters  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        parameters = CommandParameters.from_dict(d.pop("parameters"))

        total_step_count = d.pop("total_step_count")

        command = cls(
            name=name,
            parameters=parameters,
            total_step_count=total_step_count,
        )

        command.additional_properties = d
        return command

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

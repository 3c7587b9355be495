from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.job_metadata import JobMetadata
    from ..models.job_settings import JobSettings


T = TypeVar("T", bound="SubmittedJob")


@_attrs_define
class SubmittedJob:
    """Job definition submitted to Flamenco.

    Example:
        {'type': 'simple-blender-render', 'name': '3Д рендеринг', 'priority': 50, 'settings': {'blender_cmd':
            '{blender}', 'filepath': '/render/sf/jobs/scene123.blend', 'render_output_root': '/render/sf/frames/scene123',
            'render_output_path': '/render/sf/frames/scene123/3Д рендеринг/######', 'frames': '1-10', 'chunk_size': 3,
            'fps': 24, 'extract_audio': True, 'images_or_video': 'images', 'format': 'PNG', 'output_file_extension':
            '.png'}, 'metadata': {'user.name': 'Sybren Stüvel', 'user.email': 'sybren@blender.org', 'project': 'Sprite
            Fright'}}

    Attributes:
        name (str):
        type_ (str):
        priority (int):  Default: 50.
        settings (JobSettings | Unset):
        metadata (JobMetadata | Unset): Arbitrary metadata strings. More complex structures can be modeled by using
            `a.b.c` notation for the key. Example: {'user.name': 'Sybren Stüvel', 'user.email': 'sybren@blender.org',
            'project': 'Sprite Fright'}.
    """

    name: str
    type_: str
    priority: int = 50
    settings: JobSettings | Unset = UNSET
    metadata: JobMetadata | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        type_ = self.type_

        priority = self.priority

        settings: dict[str, Any] | Unset = UNSET
        if not isinstance(self.settings, Unset):
            settings = self.settings.to_dict()

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "type": type_,
                "priority": priority,
            }
        )
        if settings is not UNSET:
            field_dict["settings"] = settings
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.job_metadata import JobMetadata  # noqa: PLC0415
        from ..models.job_settings import JobSettings  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        type_ = d.pop("type")

        priority = d.pop("priority")

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

        submitted_job = cls(
            name=name,
            type_=type_,
            priority=priority,
            settings=settings,
            metadata=metadata,
        )

        submitted_job.additional_properties = d
        return submitted_job

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

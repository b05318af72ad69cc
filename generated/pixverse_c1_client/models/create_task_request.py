from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.aspect_ratio import AspectRatio
from ..models.resolution import Resolution
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.reference_image import ReferenceImage


T = TypeVar("T", bound="CreateTaskRequest")


@_attrs_define
class CreateTaskRequest:
    """A request to generate a video from reference images.

    Attributes:
        images (list[ReferenceImage]): List of reference images (1-7 images).
        prompt (str): Scene description text. Use the @ref_name syntax to reference uploaded reference
            images (for example, "@hero running through @city"). @ref_name must be followed by a
            space, and the reference name must match the ref_name in images. See
            x-mention-rule on CreateTaskRequest for the exact reading.
        duration (int | Unset): Duration of the generated video (seconds), range 1-15. Default: 5.
        resolution (Resolution | Unset): Resolution of the output video. Default: Resolution.P720.
        aspect_ratio (AspectRatio | Unset): Aspect ratio of the output video. Default: AspectRatio.RATIO_16_9.
        generate_audio_switch (bool | Unset): Whether to also generate native video audio. Default: False.
    """

    images: list[ReferenceImage]
    prompt: str
    duration: int | Unset = 5
    resolution: Resolution | Unset = Resolution.P720
    aspect_ratio: AspectRatio | Unset = AspectRatio.RATIO_16_9
    generate_audio_switch: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        images: Any = UNSET
        if not isinstance(self.images, Unset):
            images = []
            for images_item_data in self.images:
                images_item = images_item_data.to_dict()
                images.append(images_item)

        prompt: Any = UNSET
        if not isinstance(self.prompt, Unset):
            prompt = self.prompt

        duration = self.duration

        resolution: str | Unset = UNSET
        if not isinstance(self.resolution, Unset):
            resolution = self.resolution.value

        aspect_ratio: str | Unset = UNSET
        if not isinstance(self.aspect_ratio, Unset):
            aspect_ratio = self.aspect_ratio.value

        generate_audio_switch = self.generate_audio_switch

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        if images is not UNSET:
            field_dict["images"] = images
        if prompt is not UNSET:
            field_dict["prompt"] = prompt
        if duration is not UNSET:
            field_dict["duration"] = duration
        if resolution is not UNSET:
            field_dict["resolution"] = resolution
        if aspect_ratio is not UNSET:
            field_dict["aspect_ratio"] = aspect_ratio
        if generate_audio_switch is not UNSET:
            field_dict["generate_audio_switch"] = generate_audio_switch

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.reference_image import ReferenceImage  # noqa: PLC0415

        d = dict(src_dict)
        images = []
        _images = d.pop("images")
        for images_item_data in _images:
            images_item = ReferenceImage.from_dict(images_item_data)

            images.append(images_item)

        prompt = d.pop("prompt")

        duration = d.pop("duration", UNSET)

        _resolution = d.pop("resolution", UNSET)
        resolution: Resolution | Unset
        if isinstance(_resolution, Unset):
            resolution = UNSET
        else:
            resolution = Resolution(_resolution)

        _aspect_ratio = d.pop("aspect_ratio", UNSET)
        aspect_ratio: AspectRatio | Unset
        if isinstance(_aspect_ratio, Unset):
            aspect_ratio = UNSET
        else:
            aspect_ratio = AspectRatio(_aspect_ratio)

        generate_audio_switch = d.pop("generate_audio_switch", UNSET)

        create_task_request = cls(
            images=images,
            prompt=prompt,
            duration=duration,
            resolution=resolution,
            aspect_ratio=aspect_ratio,
            generate_audio_switch=generate_audio_switch,
        )

        create_task_request.additional_properties = d
        return create_task_request

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

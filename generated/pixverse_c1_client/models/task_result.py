from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.audio_output import AudioOutput
    from ..models.image_output import ImageOutput
    from ..models.task import Task
    from ..models.task_extra import TaskExtra
    from ..models.video import Video


T = TypeVar("T", bound="TaskResult")


@_attrs_define
class TaskResult:
    """The state of a task, and its outputs once it has succeeded. A tolerant reader: unknown
    fields are accepted and kept.

        Attributes:
            task (Task): A task's identity and state.
            extra (TaskExtra | Unset): Free-form extra information about the task (seed, debug_info).
            images (list[ImageOutput] | Unset): Image outputs; none for this endpoint.
            audios (list[AudioOutput] | Unset): Audio outputs; none for this endpoint.
            videos (list[Video] | Unset): The generated videos; at least one once the task has succeeded.
    """

    task: Task
    extra: TaskExtra | Unset = UNSET
    images: list[ImageOutput] | Unset = UNSET
    audios: list[AudioOutput] | Unset = UNSET
    videos: list[Video] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        task: Any = UNSET
        if not isinstance(self.task, Unset):
            task = self.task.to_dict()

        extra: dict[str, Any] | Unset = UNSET
        if not isinstance(self.extra, Unset):
            extra = self.extra.to_dict()

        images: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.images, Unset):
            images = []
            for images_item_data in self.images:
                images_item = images_item_data.to_dict()
                images.append(images_item)

        audios: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.audios, Unset):
            audios = []
            for audios_item_data in self.audios:
                audios_item = audios_item_data.to_dict()
                audios.append(audios_item)

        videos: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.videos, Unset):
            videos = []
            for videos_item_data in self.videos:
                videos_item = videos_item_data.to_dict()
                videos.append(videos_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        if task is not UNSET:
            field_dict["task"] = task
        if extra is not UNSET:
            field_dict["extra"] = extra
        if images is not UNSET:
            field_dict["images"] = images
        if audios is not UNSET:
            field_dict["audios"] = audios
        if videos is not UNSET:
            field_dict["videos"] = videos

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audio_output import AudioOutput  # noqa: PLC0415
        from ..models.image_output import ImageOutput  # noqa: PLC0415
        from ..models.task import Task  # noqa: PLC0415
        from ..models.task_extra import TaskExtra  # noqa: PLC0415
        from ..models.video import Video  # noqa: PLC0415

        d = dict(src_dict)
        task = Task.from_dict(d.pop("task"))

        _extra = d.pop("extra", UNSET)
        extra: TaskExtra | Unset
        if isinstance(_extra, Unset):
            extra = UNSET
        else:
            extra = TaskExtra.from_dict(_extra)

        _images = d.pop("images", UNSET)
        images: list[ImageOutput] | Unset = UNSET
        if _images is not UNSET:
            images = []
            for images_item_data in _images:
                images_item = ImageOutput.from_dict(images_item_data)

                images.append(images_item)

        _audios = d.pop("audios", UNSET)
        audios: list[AudioOutput] | Unset = UNSET
        if _audios is not UNSET:
            audios = []
            for audios_item_data in _audios:
                audios_item = AudioOutput.from_dict(audios_item_data)

                audios.append(audios_item)

        _videos = d.pop("videos", UNSET)
        videos: list[Video] | Unset = UNSET
        if _videos is not UNSET:
            videos = []
            for videos_item_data in _videos:
                videos_item = Video.from_dict(videos_item_data)

                videos.append(videos_item)

        task_result = cls(
            task=task,
            extra=extra,
            images=images,
            audios=audios,
            videos=videos,
        )

        task_result.additional_properties = d
        return task_result

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

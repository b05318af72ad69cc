from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Video")


@_attrs_define
class Video:
    """
    Attributes:
        video_url (str):
        video_url_ttl (int | str | Unset): Seconds the URL stays valid.
        video_type (str | Unset):
    """

    video_url: str
    video_url_ttl: int | str | Unset = UNSET
    video_type: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        video_url: Any = UNSET
        if not isinstance(self.video_url, Unset):
            video_url = self.video_url

        video_url_ttl: int | str | Unset
        if isinstance(self.video_url_ttl, Unset):
            video_url_ttl = UNSET
        else:
            video_url_ttl = self.video_url_ttl

        video_type = self.video_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        if video_url is not UNSET:
            field_dict["video_url"] = video_url
        if video_url_ttl is not UNSET:
            field_dict["video_url_ttl"] = video_url_ttl
        if video_type is not UNSET:
            field_dict["video_type"] = video_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        video_url = d.pop("video_url")

        def _parse_video_url_ttl(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        video_url_ttl = _parse_video_url_ttl(d.pop("video_url_ttl", UNSET))

        video_type = d.pop("video_type", UNSET)

        video = cls(
            video_url=video_url,
            video_url_ttl=video_url_ttl,
            video_type=video_type,
        )

        video.additional_properties = d
        return video

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

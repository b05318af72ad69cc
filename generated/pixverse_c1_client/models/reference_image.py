from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.image_type import ImageType
from ..types import UNSET, Unset

T = TypeVar("T", bound="ReferenceImage")


@_attrs_define
class ReferenceImage:
    """One reference image, named so that the prompt can @mention it.

    Attributes:
        type_ (ImageType): What the reference image shows.
        ref_name (str): The name that @mentions in the prompt use for this image.
        image_url (str): The URL of the reference image.
    """

    type_: ImageType
    ref_name: str
    image_url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_: Any = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_.value

        ref_name: Any = UNSET
        if not isinstance(self.ref_name, Unset):
            ref_name = self.ref_name

        image_url: Any = UNSET
        if not isinstance(self.image_url, Unset):
            image_url = self.image_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        if type_ is not UNSET:
            field_dict["type"] = type_
        if ref_name is not UNSET:
            field_dict["ref_name"] = ref_name
        if image_url is not UNSET:
            field_dict["image_url"] = image_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = ImageType(d.pop("type"))

        ref_name = d.pop("ref_name")

        image_url = d.pop("image_url")

        reference_image = cls(
            type_=type_,
            ref_name=ref_name,
            image_url=image_url,
        )

        reference_image.additional_properties = d
        return reference_image

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

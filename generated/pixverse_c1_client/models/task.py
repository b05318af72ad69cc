from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.task_status import TaskStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="Task")


@_attrs_define
class Task:
    """A task's identity and state.

    Attributes:
        task_id (str): Equals the task_id that was asked for.
        status (TaskStatus):
        task_type (str | Unset):
        reason (str | Unset): Why the task failed; may be empty.
        eta (int | Unset): The server's estimate of the seconds left.
        progress_percent (int | Unset):
    """

    task_id: str
    status: TaskStatus
    task_type: str | Unset = UNSET
    reason: str | Unset = UNSET
    eta: int | Unset = UNSET
    progress_percent: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        task_id: Any = UNSET
        if not isinstance(self.task_id, Unset):
            task_id = self.task_id

        status: Any = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        task_type = self.task_type

        reason = self.reason

        eta = self.eta

        progress_percent = self.progress_percent

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        if task_id is not UNSET:
            field_dict["task_id"] = task_id
        if status is not UNSET:
            field_dict["status"] = status
        if task_type is not UNSET:
            field_dict["task_type"] = task_type
        if reason is not UNSET:
            field_dict["reason"] = reason
        if eta is not UNSET:
            field_dict["eta"] = eta
        if progress_percent is not UNSET:
            field_dict["progress_percent"] = progress_percent

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        task_id = d.pop("task_id")

        status = TaskStatus(d.pop("status"))

        task_type = d.pop("task_type", UNSET)

        reason = d.pop("reason", UNSET)

        eta = d.pop("eta", UNSET)

        progress_percent = d.pop("progress_percent", UNSET)

        task = cls(
            task_id=task_id,
            status=status,
            task_type=task_type,
            reason=reason,
            eta=eta,
            progress_percent=progress_percent,
        )

        task.additional_properties = d
        return task

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

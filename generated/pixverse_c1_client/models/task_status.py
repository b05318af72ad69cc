from enum import StrEnum


class TaskStatus(StrEnum):
    FAILED = "TASK_STATUS_FAILED"
    PROCESSING = "TASK_STATUS_PROCESSING"
    QUEUED = "TASK_STATUS_QUEUED"
    SUCCEED = "TASK_STATUS_SUCCEED"

    def __str__(self) -> str:
        return str(self.value)

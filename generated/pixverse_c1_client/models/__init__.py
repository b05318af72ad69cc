"""Contains all the data models used in inputs/outputs"""

from .aspect_ratio import AspectRatio
from .audio_output import AudioOutput
from .create_task_request import CreateTaskRequest
from .create_task_response import CreateTaskResponse
from .error import Error
from .error_metadata import ErrorMetadata
from .image_output import ImageOutput
from .image_type import ImageType
from .reference_image import ReferenceImage
from .resolution import Resolution
from .task import Task
from .task_extra import TaskExtra
from .task_result import TaskResult
from .task_status import TaskStatus
from .video import Video

__all__ = (
    "AspectRatio",
    "AudioOutput",
    "CreateTaskRequest",
    "CreateTaskResponse",
    "Error",
    "ErrorMetadata",
    "ImageOutput",
    "ImageType",
    "ReferenceImage",
    "Resolution",
    "Task",
    "TaskExtra",
    "TaskResult",
    "TaskStatus",
    "Video",
)

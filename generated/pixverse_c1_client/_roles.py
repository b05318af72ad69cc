"""The generated models the client acts on, by their role in the contract
(codegen/roles.py).

Written by scripts/generate.py from openapi.yaml; do not edit.
"""

from typing import Any

from .models.create_task_request import CreateTaskRequest as Request
from .models.create_task_response import CreateTaskResponse as Created
from .models.error import Error as ErrorBody
from .models.task_result import TaskResult as Result
from .models.video import Video as Output

OUTPUT_MODELS: tuple[type[Any], ...] = (Output,)

__all__ = ["Request", "Created", "Result", "ErrorBody", "Output", "OUTPUT_MODELS"]

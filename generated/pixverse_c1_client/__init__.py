"""A client library for accessing Highway API - Pixverse C1 reference image to video"""

# Customised (codegen/templates/package_init.py.jinja): every public name lives here. The modules
# whose names start with an underscore are private: import from the package root.
from ._contract import SPEC_SHA256, SPEC_VERSION
from ._exceptions import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    InternalServerError,
    MalformedResponseError,
    NotFoundError,
    PermissionDeniedError,
    PixverseError,
    RateLimitError,
    TaskFailedError,
    TaskTimeoutError,
)
from ._polling import PollSchedule
from ._retries import RetryPolicy
from ._sdk import AsyncPixverseC1, PixverseC1
from ._validation import (
    RequestValidationError,
    UnsupportedSchemaError,
    Violation,
    check_request,
    validate_request,
)
from .client import AuthenticatedClient, Client
from .models import (
    AspectRatio,
    CreateTaskRequest,
    ImageType,
    ReferenceImage,
    Resolution,
    TaskResult,
    TaskStatus,
    Video,
)

__all__ = (
    "SPEC_SHA256",
    "SPEC_VERSION",
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AspectRatio",
    "AsyncPixverseC1",
    "AuthenticatedClient",
    "AuthenticationError",
    "BadRequestError",
    "Client",
    "CreateTaskRequest",
    "ImageType",
    "InternalServerError",
    "MalformedResponseError",
    "NotFoundError",
    "PermissionDeniedError",
    "PixverseC1",
    "PixverseError",
    "PollSchedule",
    "RateLimitError",
    "ReferenceImage",
    "RequestValidationError",
    "Resolution",
    "RetryPolicy",
    "TaskFailedError",
    "TaskResult",
    "TaskStatus",
    "TaskTimeoutError",
    "UnsupportedSchemaError",
    "Video",
    "Violation",
    "check_request",
    "validate_request",
)

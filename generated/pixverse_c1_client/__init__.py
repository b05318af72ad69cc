"""A client library for accessing Highway API - Pixverse C1 reference image to video"""

# Customised (codegen/templates/package_init.py.jinja): the high-level client, its errors and
# the main models are importable from the package itself.
from ._contract import SPEC_SHA256, SPEC_VERSION
from .client import AuthenticatedClient, Client
from .exceptions import (
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
from .polling import PollSchedule
from .retries import RetryPolicy
from .sdk import AsyncPixverseC1, PixverseC1
from .validation import RequestValidationError, Violation, check_request, validate_request

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
    "Video",
    "Violation",
    "check_request",
    "validate_request",
)

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
    ClientStateError,
    DownloadError,
    InternalServerError,
    InvalidArgumentError,
    MalformedResponseError,
    NotFoundError,
    PermissionDeniedError,
    PixverseError,
    ProgressCallbackError,
    RateLimitError,
    ResponseTooLargeError,
    TaskFailedError,
    TaskTimeoutError,
    UnexpectedClientError,
)
from ._polling import PollSchedule
from ._raw import RawResponse
from ._retries import RetryPolicy
from ._sdk import AsyncPixverseC1, PixverseC1
from ._validation import (
    RequestValidationError,
    UnsupportedSchemaError,
    Violation,
    check_request,
    validate_request,
)
from ._version import __version__
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
    "__version__",
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AspectRatio",
    "AsyncPixverseC1",
    "AuthenticatedClient",
    "AuthenticationError",
    "BadRequestError",
    "Client",
    "ClientStateError",
    "CreateTaskRequest",
    "DownloadError",
    "ImageType",
    "InternalServerError",
    "InvalidArgumentError",
    "MalformedResponseError",
    "NotFoundError",
    "PermissionDeniedError",
    "PixverseC1",
    "PixverseError",
    "PollSchedule",
    "ProgressCallbackError",
    "RateLimitError",
    "RawResponse",
    "ReferenceImage",
    "RequestValidationError",
    "Resolution",
    "ResponseTooLargeError",
    "RetryPolicy",
    "TaskFailedError",
    "TaskResult",
    "TaskStatus",
    "TaskTimeoutError",
    "UnexpectedClientError",
    "UnsupportedSchemaError",
    "Video",
    "Violation",
    "check_request",
    "validate_request",
)

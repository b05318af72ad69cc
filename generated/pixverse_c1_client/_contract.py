"""The contract this client was generated from.

Written by scripts/generate.py from openapi.yaml; do not edit. Compare SPEC_SHA256 with
`sha256sum openapi.yaml` to tell which contract a vendored copy speaks.
"""

from typing import Any, Final

SPEC_TITLE: Final = "Highway API - Pixverse C1 reference image to video"
SPEC_VERSION: Final = "1.0.0"
SPEC_SHA256: Final = "d577ab4d0ac4cdb6bff172f9da2c58435ac0cbdd0656761484d550170161e078"

SERVERS: Final[list[dict[str, Any]]] = [{"url": "https://api.highwayapi.ai"}]

# How openapi.yaml asks for the key: its security requirements and schemes (_auth.py).
SECURITY: Final[dict[str, Any]] = {
    "security": [{"bearerAuth": []}],
    "components": {
        "securitySchemes": {
            "bearerAuth": {
                "type": "http",
                "scheme": "bearer",
                "description": "`Authorization: Bearer <API "
                "key>`. The scheme name is "
                "case-insensitive (RFC 9110); "
                "the\n"
                "key is not.\n",
            }
        }
    },
    "paths": {
        "/v3/async/pixverse-pixverse-c1-reference-to-video": {"post": {}},
        "/v3/async/task-result": {"get": {}},
    },
}

# components.schemas of openapi.yaml, x- extensions included.
SCHEMAS: Final[dict[str, Any]] = {
    "CreateTaskRequest": {
        "type": "object",
        "description": "A request to generate a video from reference images.",
        "required": ["images", "prompt"],
        "properties": {
            "images": {
                "type": "array",
                "description": "List of reference images (1-7 images).",
                "minItems": 1,
                "maxItems": 7,
                "items": {"$ref": "#/components/schemas/ReferenceImage"},
            },
            "prompt": {
                "type": "string",
                "description": "Scene description text. Use the "
                "@ref_name syntax to reference "
                "uploaded reference\n"
                'images (for example, "@hero '
                'running through @city"). '
                "@ref_name must be followed by a\n"
                "space, and the reference name "
                "must match the ref_name in "
                "images. See\n"
                "x-mention-rule on "
                "CreateTaskRequest for the exact "
                "reading.\n",
            },
            "duration": {
                "type": "integer",
                "description": "Duration of the generated video (seconds), range 1-15.",
                "minimum": 1,
                "maximum": 15,
                "default": 5,
            },
            "resolution": {
                "description": "Resolution of the output video.",
                "allOf": [{"$ref": "#/components/schemas/Resolution"}],
                "default": "720p",
            },
            "aspect_ratio": {
                "description": "Aspect ratio of the output video.",
                "allOf": [{"$ref": "#/components/schemas/AspectRatio"}],
                "default": "16:9",
            },
            "generate_audio_switch": {
                "type": "boolean",
                "description": "Whether to also generate native video audio.",
                "default": False,
            },
        },
        "x-mention-rule": {
            "description": "Every @mention in the prompt must name "
            "the ref_name of one of the images. An "
            "image need\n"
            "not be mentioned.\n",
            "x-interpretation": 'The seed says "@ref_name must be '
            'followed by a space", yet its own '
            "example ends with\n"
            '"@city", so the end of the prompt '
            "also ends a mention. A mention is "
            'an "@" at the start\n'
            "of the prompt or right after "
            "whitespace, followed by the run of "
            "non-whitespace\n"
            "characters up to the next "
            "whitespace or the end. So "
            '"mail@example.com" is no mention,\n'
            '"@hero," mentions "hero,", and a '
            'lone "@" is no mention.\n',
            "field": "prompt",
            "pattern": "(?:^|(?<=\\s))@(\\S+)",
            "names-from": "images[].ref_name",
        },
        "x-cost": {
            "description": "An accepted request is billed by its video's "
            "seconds, resolution and audio. The\n"
            "conformance suite reads this to pick the "
            "cheapest requests that still cover every\n"
            "allowed value: for each field the cheapest "
            "choice is the one named here.\n",
            "x-interpretation": "The seed gives no prices; CONTRACT.md gives "
            "USD 0.03 to 0.12 per second, more with "
            "audio\n"
            "and at 1080p. The enums list their values "
            "in ascending cost (360p first); aspect "
            "ratios\n"
            "and image types cost the same.\n",
            "priced-by": ["duration", "resolution", "generate_audio_switch"],
            "cheapest": {
                "integer": "minimum",
                "boolean": False,
                "enum": "first",
                "array": "minItems",
            },
        },
        "x-contract-open": {
            "description": "Left open by the contract: a server may "
            "go either way, and a client must not "
            "depend on\n"
            "one. The client never sends unknown "
            "fields.\n",
            "questions": [
                "unknown request fields are ignored or rejected",
                "a JSON body sent with another Content-Type is accepted or rejected",
                "5.0 is accepted as a duration or rejected",
                "empty strings for prompt, ref_name or image_url are accepted or rejected",
                "two images may share a ref_name or not",
            ],
        },
    },
    "ReferenceImage": {
        "type": "object",
        "description": "One reference image, named so that the prompt can @mention it.",
        "required": ["type", "ref_name", "image_url"],
        "properties": {
            "type": {"$ref": "#/components/schemas/ImageType"},
            "ref_name": {
                "type": "string",
                "description": "The name that @mentions in the prompt use for this image.",
            },
            "image_url": {"type": "string", "description": "The URL of the reference image."},
        },
    },
    "ImageType": {
        "type": "string",
        "description": "What the reference image shows.",
        "x-interpretation": "The seed gives no values; the provider's public docs give "
        "`subject` (a character or\n"
        "object) and `background` (a scene).\n",
        "enum": ["subject", "background"],
        "x-enum-varnames": ["SUBJECT", "BACKGROUND"],
    },
    "Resolution": {
        "type": "string",
        "description": "Resolution of the output video.",
        "enum": ["360p", "540p", "720p", "1080p"],
        "x-enum-varnames": ["P360", "P540", "P720", "P1080"],
    },
    "AspectRatio": {
        "type": "string",
        "description": "Aspect ratio of the output video.",
        "enum": ["16:9", "4:3", "1:1", "3:4", "9:16", "2:3", "3:2", "21:9"],
        "x-enum-varnames": [
            "RATIO_16_9",
            "RATIO_4_3",
            "RATIO_1_1",
            "RATIO_3_4",
            "RATIO_9_16",
            "RATIO_2_3",
            "RATIO_3_2",
            "RATIO_21_9",
        ],
    },
    "CreateTaskResponse": {
        "type": "object",
        "description": "The accepted task. Use task_id with get_task_result.",
        "required": ["task_id"],
        "properties": {
            "task_id": {
                "type": "string",
                "description": "Use the task_id to request the "
                "Get Task Result API to retrieve "
                "the generated output.",
            }
        },
    },
    "TaskResult": {
        "type": "object",
        "description": "The state of a task, and its outputs once it has succeeded. A "
        "tolerant reader: unknown\n"
        "fields are accepted and kept.\n",
        "required": ["task"],
        "properties": {
            "extra": {"$ref": "#/components/schemas/TaskExtra"},
            "task": {"$ref": "#/components/schemas/Task"},
            "images": {
                "type": "array",
                "description": "Image outputs; none for this endpoint.",
                "items": {"$ref": "#/components/schemas/ImageOutput"},
            },
            "audios": {
                "type": "array",
                "description": "Audio outputs; none for this endpoint.",
                "items": {"$ref": "#/components/schemas/AudioOutput"},
            },
            "videos": {
                "type": "array",
                "description": "The generated videos; at least one once the task has succeeded.",
                "items": {"$ref": "#/components/schemas/Video"},
            },
        },
        "x-required-when": [
            {
                "description": "A succeeded task of this endpoint has at least one video.",
                "when": {"path": "task.status", "equals": "TASK_STATUS_SUCCEED"},
                "require": {"path": "videos", "min-items": 1},
            }
        ],
    },
    "TaskExtra": {
        "type": "object",
        "description": "Free-form extra information about the task (seed, debug_info).",
    },
    "ImageOutput": {
        "type": "object",
        "description": "An image output; free-form, none are expected from this endpoint.",
    },
    "AudioOutput": {
        "type": "object",
        "description": "An audio output; free-form, none are expected from this endpoint.",
    },
    "Task": {
        "type": "object",
        "description": "A task's identity and state.",
        "required": ["task_id", "status"],
        "properties": {
            "task_id": {"type": "string", "description": "Equals the task_id that was asked for."},
            "task_type": {"type": "string"},
            "status": {"$ref": "#/components/schemas/TaskStatus"},
            "reason": {"type": "string", "description": "Why the task failed; may be empty."},
            "eta": {"type": "integer", "description": "The server's estimate of the seconds left."},
            "progress_percent": {"type": "integer", "minimum": 0, "maximum": 100},
        },
        "x-task-life": {
            "description": "A task moves forward only: QUEUED, then PROCESSING, then "
            "SUCCEED or FAILED. A poll may\n"
            "skip a state, never go back. SUCCEED and FAILED are "
            "final and never change.\n",
            "rank": {
                "TASK_STATUS_QUEUED": 0,
                "TASK_STATUS_PROCESSING": 1,
                "TASK_STATUS_SUCCEED": 2,
                "TASK_STATUS_FAILED": 2,
            },
            "final": ["TASK_STATUS_SUCCEED", "TASK_STATUS_FAILED"],
            "succeeded": "TASK_STATUS_SUCCEED",
            "failed": "TASK_STATUS_FAILED",
            "fields": {"reason": "reason", "eta": "eta"},
        },
    },
    "TaskStatus": {
        "type": "string",
        "enum": [
            "TASK_STATUS_QUEUED",
            "TASK_STATUS_PROCESSING",
            "TASK_STATUS_SUCCEED",
            "TASK_STATUS_FAILED",
        ],
        "x-enum-varnames": ["QUEUED", "PROCESSING", "SUCCEED", "FAILED"],
    },
    "Video": {
        "type": "object",
        "required": ["video_url"],
        "properties": {
            "video_url": {"type": "string"},
            "video_url_ttl": {
                "type": ["string", "integer"],
                "description": "Seconds the URL stays valid.",
                "x-interpretation": 'Seen both as a string ("3600") '
                "and as an integer; both are "
                "accepted.",
            },
            "video_type": {"type": "string"},
        },
    },
    "Error": {
        "type": "object",
        "description": "The error body of the provider's v3 APIs. Every field is optional and "
        "unknown fields are\n"
        "kept.\n",
        "properties": {
            "code": {"type": "integer"},
            "reason": {
                "type": "string",
                "description": "A machine-readable reason, such as INVALID_REQUEST_BODY.",
            },
            "message": {"type": "string"},
            "metadata": {"$ref": "#/components/schemas/ErrorMetadata"},
        },
        "example": {
            "code": 400,
            "reason": "INVALID_REQUEST_BODY",
            "message": "duration: must be at most 15, got 16",
            "metadata": {},
        },
    },
    "ErrorMetadata": {"type": "object", "description": "Free-form details of an error."},
}

# Each operation's parameters (path-item and operation level, $refs to
# components.parameters followed), by operationId; see codegen/parameters.py.
OPERATIONS: Final[dict[str, Any]] = {
    "create_task": {
        "method": "post",
        "path": "/v3/async/pixverse-pixverse-c1-reference-to-video",
        "parameters": [],
    },
    "get_task_result": {
        "method": "get",
        "path": "/v3/async/task-result",
        "parameters": [
            {"name": "task_id", "in": "query", "required": True, "schema": {"type": "string"}}
        ],
    },
}

# (operationId, parameter name): where the task-result call takes the task_id.
TASK_PARAMETER: Final = ("get_task_result", "task_id")

# Where the client finds what it acts on: schema names, field paths of JSON names
# (codegen/roles.py).
ROLES: Final[dict[str, Any]] = {
    "create_operation": "create_task",
    "result_operation": "get_task_result",
    "create_tag": "default",
    "result_tag": "default",
    "request": "CreateTaskRequest",
    "created": "CreateTaskResponse",
    "result": "TaskResult",
    "error": "Error",
    "output": "Video",
    "create_task_id": ["task_id"],
    "task": ["task"],
    "task_id": ["task", "task_id"],
    "status": ["task", "status"],
    "reason": ["task", "reason"],
    "eta": ["task", "eta"],
    "outputs": ["videos"],
    "output_url": "video_url",
    "output_ttl": "video_url_ttl",
}

# The models' attribute of each property whose JSON name is no Python name as it is.
ATTRIBUTE_NAMES: Final[dict[str, str]] = {"type": "type_"}

# The schema of components.schemas each model is made of, by the model's class name.
MODEL_SCHEMAS: Final[dict[str, str]] = {
    "AspectRatio": "AspectRatio",
    "AudioOutput": "AudioOutput",
    "CreateTaskRequest": "CreateTaskRequest",
    "CreateTaskResponse": "CreateTaskResponse",
    "Error": "Error",
    "ErrorMetadata": "ErrorMetadata",
    "ImageOutput": "ImageOutput",
    "ImageType": "ImageType",
    "ReferenceImage": "ReferenceImage",
    "Resolution": "Resolution",
    "Task": "Task",
    "TaskExtra": "TaskExtra",
    "TaskResult": "TaskResult",
    "TaskStatus": "TaskStatus",
    "Video": "Video",
}

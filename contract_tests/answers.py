"""The fake's answers: a transport-free response, and the contract's error body."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from contract_tests import spec, strict_json

JSON_TYPE = "application/json"


@dataclass
class FakeResponse:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return strict_json.loads(self.body)


def json_answer(status: int, body: Any, headers: Mapping[str, str] | None = None) -> FakeResponse:
    return FakeResponse(
        status, {"Content-Type": JSON_TYPE, **(headers or {})}, strict_json.dumps(body)
    )


def spec_reason(status: int) -> str:
    """The error `reason` the spec's own example gives for this status (INVALID_REQUEST_BODY...)."""
    responses = spec.operation(spec.CREATE_PATH, "post")["responses"]
    declared = responses.get(str(status)) or responses.get(f"{str(status)[0]}XX")
    if declared is None:  # a status no operation declares (405 to an unknown method)
        return HTTPStatus(status).name
    declared = spec.resolve(declared)
    reason: str = declared["content"][JSON_TYPE]["example"]["reason"]
    return reason


def error_body(status: int, message: str, **metadata: str) -> dict[str, Any]:
    return {"code": status, "reason": spec_reason(status), "message": message, "metadata": metadata}

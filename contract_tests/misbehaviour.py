"""What the fake does wrong on request, to test how the client copes with a faulty server.

Kinds: rate_limit (429 + Retry-After), server_error (status=500/502/503), error_status (any
error status, such as 403, in the error shape), timeout and connect_error (transport failures;
processed=True lets the request take effect first), truncated_body, not_json, extra_fields,
missing_required and wrong_types (the real answer, spoiled).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from contract_tests import answers, spec, strict_json
from contract_tests.answers import FakeResponse, error_body, json_answer

KINDS = (
    "rate_limit",
    "server_error",
    "error_status",
    "timeout",
    "connect_error",
    "truncated_body",
    "not_json",
    "extra_fields",
    "missing_required",
    "wrong_types",
)
EXTRA = {"unexpected_field": {"nested": [1, "two"]}}


@dataclass
class Misbehaviour:
    kind: str
    times: int
    route: str | None
    params: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown misbehaviour {self.kind!r}; known: {', '.join(KINDS)}")
        if self.route not in (None, "create", "result"):
            raise ValueError(f"route must be 'create', 'result' or None, got {self.route!r}")

    def answer(self) -> FakeResponse:
        """The whole answer of a rate_limit or server_error, in the contract's error shape."""
        if self.kind == "rate_limit":
            status = 429
            headers = {"Retry-After": str(self.params.get("retry_after", 1))}
        else:
            status, headers = int(self.params.get("status", 500)), {}
        return json_answer(status, error_body(status, f"the fake answers {status}"), headers)


def mangle(answer: FakeResponse, trouble: Misbehaviour, route: str) -> FakeResponse:
    """The real answer, spoiled as `trouble` says."""
    if trouble.kind == "truncated_body":
        return FakeResponse(answer.status, answer.headers, answer.body[: len(answer.body) // 2])
    if trouble.kind == "not_json":
        body = b"<html><body>502 Bad Gateway</body></html>"
        return FakeResponse(answer.status, {"Content-Type": "text/html"}, body)
    document = copy.deepcopy(answer.json())
    if not isinstance(document, dict):
        return answer
    if trouble.kind == "extra_fields":
        document.update(EXTRA)
        names = answers.fields()
        outputs = answers.at(document, names.outputs)
        task = answers.at(document, names.task)
        for nested in (task, *(outputs if isinstance(outputs, list) else [])):
            if isinstance(nested, dict):
                nested.update(EXTRA)
    elif trouble.kind in ("missing_required", "wrong_types"):
        _spoil(document, trouble, route)
    return FakeResponse(answer.status, answer.headers, strict_json.dumps(document))


def _spoil(document: dict[str, Any], trouble: Misbehaviour, route: str) -> None:
    """Drop, or give the wrong type to, a field the spec requires (params field="task.status")."""
    path, method = (spec.CREATE_PATH, "post") if route == "create" else (spec.RESULT_PATH, "get")
    name = spec.response_schema_name(path, method, spec.success_status(path, method))
    default = _last_required_path(name)
    dotted: str = trouble.params.get("field", default)
    *parents, last = dotted.split(".")
    node: Any = document
    for part in parents:
        node = node.get(part) if isinstance(node, dict) else None
    if not isinstance(node, dict) or last not in node:
        return
    if trouble.kind == "missing_required":
        del node[last]
    else:
        node[last] = 12345 if isinstance(node[last], str) else "not-the-right-type"


def _last_required_path(name: str) -> str:
    """The dotted path to the deepest last required field of a response schema, following the
    last required field of each object on the way down."""
    node = spec.resolve(spec.schema(name))
    path: list[str] = []
    while node.get("required"):
        first = node["required"][-1]
        path.append(first)
        node = spec.resolve(node["properties"][first])
    return ".".join(path)

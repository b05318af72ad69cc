"""What a right answer of the API is, read from openapi.yaml in one place.

The properties, the conformance checks and the fake's self-checks all judge answers here, so
that the same answer cannot pass one and fail another.
"""

from __future__ import annotations

from typing import Any

from contract_tests import answers, spec, strict_json

# The error answers' schema ("" where the spec gives them none: any JSON body is one).
ERROR_SCHEMA: str = spec.ROLES["error"] or ""


def task_result_schema() -> str:
    return spec.response_schema_name(spec.RESULT_PATH, "get", spec.RESULT_OK)


def is_json_media_type(content_type: str) -> bool:
    """application/json, with or without parameters, or a +json subtype (RFC 6839)."""
    media = content_type.split(";", 1)[0].strip().lower()
    kind, _, subtype = media.partition("/")
    return kind == "application" and (subtype == "json" or subtype.endswith("+json"))


def schema_name(method: str, path: str, status: int) -> str:
    """The schema the spec declares for this answer (`path` as sent, or as the spec writes
    it); the error shape where it declares none."""
    method = method.lower()
    path, _ = spec.matched_path(path)
    if method not in spec.methods(path):
        return ERROR_SCHEMA
    try:
        return spec.response_schema_name(path, method, status)
    except KeyError:
        return ERROR_SCHEMA


def document_problems(name: str, document: Any) -> list[str]:
    """What breaks the named schema, and for a task result its x-required-when rules."""
    problems: list[str] = []
    if not name:
        return problems
    for error in spec.validator(name).iter_errors(document):
        where = "/".join(str(p) for p in error.absolute_path) or "body"
        problems.append(f"{where}: {error.message}")
    if name == task_result_schema():
        problems += spec.required_when(document)
    return problems


def answer_problems(
    method: str, path: str, status: int, content_type: str, body: bytes
) -> tuple[list[str], Any]:
    """(problems, the parsed document or None): media type, strict JSON, the declared schema."""
    problems = []
    if not is_json_media_type(content_type):
        problems.append(f"content type {content_type!r}, expected application/json")
    try:
        document = strict_json.loads(body)
    except ValueError as error:
        snippet = body[:200].decode("utf-8", "replace")
        return [*problems, f"body is not JSON ({error}): {snippet!r}"], None
    return problems + document_problems(schema_name(method, path, status), document), document


def task_life_problems(asked: str, document: Any, seen: list[str]) -> list[str]:
    """A task result of a well-shaped answer against x-task-life: the asked task, forward only.

    `seen` is the statuses of earlier polls of this task; this answer's status is appended.
    """
    life = spec.task_life()
    names = answers.fields()
    task = answers.at(document, names.task)
    found = []
    if task[names.task_id] != asked:
        found.append(
            f"{names.in_task(names.task_id)} is {task[names.task_id]!r}, asked for {asked!r}"
        )
    status = task[names.status]
    if seen and not life.allowed(seen[-1], status):
        found.append(f"status went from {seen[-1]} to {status}")
    seen.append(status)
    return found

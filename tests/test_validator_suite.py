"""The client's validator against every draft 2020-12 case of the official JSON Schema Test Suite.

Every case runs through `_validation.Validator` (the compiler the spec's own schemas use). What
the client does not support is listed below with its reason: a schema it refuses fails to
compile (as it would fail `make generate`), and a listed one it compiles must pass all the
same. The run ends with the counts on the terminal.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Final

import pytest
from pixverse_c1_client._formats import FORMATS
from pixverse_c1_client._validation import UnsupportedSchemaError, Validator

from tests import json_schema_suite
from tests.json_schema_suite import Case

REMOTE: Final = "a $ref to a document outside the schema: the client follows refs within it only"
DYNAMIC: Final = "$dynamicRef (dynamic scopes) is not implemented"
METASCHEMA: Final = "a custom metaschema ($schema of another document) is a remote document"
UNKNOWN: Final = "an unknown keyword may be an assertion the client cannot enforce: it is refused"

# Whole files, groups (file, group) or single cases (file, group, test) the client does not
# run as the suite expects. REFUSED: the client may refuse the schema (as generation would
# fail); a listed case whose schema it does compile must pass like any other. NOT_RUN: the
# client's choice differs from the case's.
REFUSED: Final[dict[tuple[str, ...], str]] = {
    ("refRemote.json",): REMOTE,
    ("optional/cross-draft.json",): REMOTE,
    ("defs.json", "validate definition against metaschema"): REMOTE,
    ("ref.json", "remote ref, containing refs itself"): REMOTE,
    ("dynamicRef.json",): DYNAMIC,
    ("optional/dynamicRef.json",): DYNAMIC,
    ("unevaluatedItems.json", "unevaluatedItems with $dynamicRef"): DYNAMIC,
    ("unevaluatedProperties.json", "unevaluatedProperties with $dynamicRef"): DYNAMIC,
    ("vocabulary.json",): METASCHEMA,
    ("optional/format-assertion.json",): METASCHEMA,
    ("optional/dependencies-compatibility.json",): "draft 7's dependencies is not 2020-12",
    ("optional/refOfUnknownKeyword.json",): UNKNOWN,
    ("optional/unknownKeyword.json",): UNKNOWN,
}


def _not_run(archive_files: set[str]) -> dict[tuple[str, ...], str]:
    """Formats: the client asserts those of FORMATS and leaves every other as an annotation."""
    found: dict[tuple[str, ...], str] = {}
    for name in FORMATS:
        found[
            (
                "format.json",
                f"{name} format",
                f"invalid {name} string is only an annotation by default",
            )
        ] = f"the client asserts {name}; optional/format/{name}.json is run instead"
    for file in archive_files:
        name = file.removeprefix("optional/format/").removesuffix(".json")
        if file.startswith("optional/format/") and name not in FORMATS:
            found[(file,)] = f"format {name!r} is not asserted by the client (an annotation)"
    return found


ARCHIVE: Final = json_schema_suite.fetch()
CASES: Final = list(json_schema_suite.cases(ARCHIVE))
NOT_RUN: Final = _not_run({case.file for case in CASES})
# How a refused case's skip reason starts; tests/conftest.py counts the outcomes by it.
REFUSED_MARK: Final = "refused ("


def _keys(case: Case) -> Iterator[tuple[str, ...]]:
    yield (case.file,)
    yield (case.file, case.group)
    yield (case.file, case.group, case.test)


def _listed(case: Case, listing: dict[tuple[str, ...], str]) -> str | None:
    return next((listing[key] for key in _keys(case) if key in listing), None)


@functools.cache
def _validator(file: str, group: str) -> Validator:
    schema = next(c.schema for c in CASES if c.file == file and c.group == group)
    return Validator(schema)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_suite_case(case: Case) -> None:
    not_run = _listed(case, NOT_RUN)
    if not_run is not None:
        pytest.skip(not_run)
    refused = _listed(case, REFUSED)
    try:
        validator = _validator(case.file, case.group)
    except UnsupportedSchemaError as error:
        if refused is None:
            raise
        pytest.skip(f"{REFUSED_MARK}{refused}): {error}")
    violations = validator.violations(case.data)
    assert (not violations) == case.valid, violations


def test_every_listed_exception_names_cases_of_the_suite() -> None:
    present = {key for case in CASES for key in _keys(case)}
    stale = [key for key in (*REFUSED, *NOT_RUN) if key not in present]
    assert not stale


def test_the_suite_holds_the_keywords_the_client_claims() -> None:
    files = {case.file for case in CASES}
    for keyword in ("uniqueItems", "unevaluatedProperties", "oneOf", "if-then-else", "ref"):
        assert f"{keyword}.json" in files
    for name in FORMATS:
        assert f"optional/format/{name}.json" in files

"""`make lint-spec`: openapi.yaml checked by openapi-spec-validator, each pattern read as JSON
Schema reads it.

openapi-spec-validator checks that a `pattern` is a regular expression with Python's `re`. JSON
Schema's patterns are ECMA-262, which `re` reads otherwise: `\\p{L}` is no escape to it. Here
the check is the client's own reading (codegen/runtime/_ecma_regex.py), so the linter refuses
exactly the patterns the client cannot run, and passes those it runs.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from openapi_schema_validator import oas31_format_checker
from openapi_spec_validator import validate as spec_validate
from openapi_spec_validator.__main__ import main as spec_validator_main

from codegen.runtime._ecma_regex import compile_pattern


def _is_ecma_regex(instance: object) -> bool:
    if isinstance(instance, str):
        compile_pattern(instance)  # ValueError or re.error where the client cannot run it
    return True


@contextmanager
def ecma_patterns() -> Iterator[None]:
    """openapi-spec-validator's 3.1 format checker, with `regex` read as ECMA-262, for the
    time of the block (the checker is the library's own, shared by the process)."""
    checkers = oas31_format_checker.checkers
    saved = checkers.get("regex")
    checkers["regex"] = (_is_ecma_regex, (ValueError, re.error))
    try:
        yield
    finally:
        if saved is None:
            del checkers["regex"]
        else:
            checkers["regex"] = saved


def validate(document: Any) -> None:
    """openapi_spec_validator.validate, patterns read as ECMA-262."""
    with ecma_patterns():
        spec_validate(document)


def main(args: Sequence[str] | None = None) -> None:
    with ecma_patterns():
        spec_validator_main(args)


if __name__ == "__main__":
    main(sys.argv[1:])

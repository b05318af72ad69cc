"""A formatted string of a request is sent as it was given.

The validator asserts date-time, date and uuid by their RFCs; the generated models must carry
every value the validator accepts, unchanged: a model holding a datetime could not take a leap
second or a lower-case "t", would cut nanoseconds, and would write "Z" back as "+00:00".
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from codegen import components
from codegen.generator import PACKAGE, generate
from contract_tests import spec
from contract_tests.breaking import minimal_request
from tests.evolution import edits

_FIELD = "added_by_the_test"

# Valid by RFC 3339 / RFC 4122, and each spelled in a way a Python object would not keep.
_VALUES = {
    "date-time": [
        "1990-12-31T23:59:60Z",
        "2024-02-29t12:00:00.123456789z",
        "2024-01-01T00:00:00Z",
        "2024-01-01T00:00:00-00:00",
    ],
    "date": ["2024-02-29"],
    "uuid": ["A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11"],
}

# Run with the edited copy's package first on the path: the request through the model, back.
_ROUND_TRIP = """
import json, sys
from {package}._validation import validate_request
from {package}._roles import Request
body = json.loads(sys.argv[1])
validate_request(body)
print(json.dumps(Request.from_dict(body).to_dict()))
"""


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """For each format, a package generated from the spec with a new field of that format."""
    out = {}
    for name in _VALUES:
        folder = tmp_path_factory.mktemp(name)
        # As read (components.named): the request an object of its own properties.
        document: Any = components.named(yaml.safe_load(spec.SPEC_PATH.read_text(encoding="utf-8")))
        edits.add_field(document, _FIELD, {"type": "string", "format": name})
        edited = folder / "openapi.yaml"
        edited.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
        generate(folder / "out", edited)
        out[name] = folder / "out"
    return out


@pytest.mark.parametrize(
    ("name", "value"), [(name, value) for name, values in _VALUES.items() for value in values]
)
def test_a_formatted_value_reaches_the_wire_as_given(
    generated: dict[str, Path], name: str, value: str
) -> None:
    body = {**minimal_request(), _FIELD: value}
    done = subprocess.run(
        [sys.executable, "-c", _ROUND_TRIP.format(package=PACKAGE), json.dumps(body)],
        cwd=generated[name],
        env={"PYTHONPATH": str(generated[name])},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == body

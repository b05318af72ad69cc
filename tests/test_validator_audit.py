"""A spec rule the client cannot enforce fails `make generate`, naming the keyword and where it
stands; a rule it can enforce generates, and the client enforces it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from pixverse_c1_client import _validation as client_validation

from codegen import components
from codegen.generator import generate
from contract_tests import rules, spec

Edit = Callable[[dict[str, Any]], str]  # edits components.schemas, returns the JSON pointer


def _first_property(schemas: dict[str, Any]) -> tuple[dict[str, Any], str]:
    properties = schemas[rules.REQUEST]["properties"]
    name = next(iter(properties))
    return properties[name], f"#/components/schemas/{rules.REQUEST}/properties/{name}"


def _unknown_keyword(schemas: dict[str, Any]) -> str:
    node, where = _first_property(schemas)
    node["frobnicateLength"] = 3
    return f"'frobnicateLength' at {where}/frobnicateLength"


def _dynamic_ref(schemas: dict[str, Any]) -> str:
    node, where = _first_property(schemas)
    node["$dynamicRef"] = "#meta"
    return f"'$dynamicRef' at {where}/$dynamicRef"


def _remote_ref(schemas: dict[str, Any]) -> str:
    node, where = _first_property(schemas)
    node["allOf"] = [{"$ref": "https://example.com/schemas/other.json"}]
    return f"'$ref' at {where}/allOf/0/$ref"


def _property_escape(schemas: dict[str, Any]) -> str:
    node, where = _first_property(schemas)
    node["propertyNames"] = {"pattern": "^\\p{Script=Greek}"}  # no General_Category
    return f"'pattern' at {where}/propertyNames/pattern"


@pytest.mark.parametrize("edit", [_unknown_keyword, _dynamic_ref, _remote_ref, _property_escape])
def test_the_audit_names_the_keyword_and_its_pointer(edit: Edit, schemas: dict[str, Any]) -> None:
    expected = edit(schemas)
    with pytest.raises(client_validation.UnsupportedSchemaError) as caught:
        client_validation.audit()
    assert expected in str(caught.value)


def test_generation_fails_on_a_keyword_the_client_cannot_enforce(tmp_path: Path) -> None:
    # As the generator reads it: a schema written in place is a component there too.
    document = components.named(yaml.safe_load(spec.SPEC_PATH.read_text(encoding="utf-8")))
    expected = _unknown_keyword(document["components"]["schemas"])
    edited = tmp_path / "openapi.yaml"
    edited.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    with pytest.raises(SystemExit) as caught:
        generate(tmp_path / "out", spec=edited)
    assert expected in str(caught.value)
    assert not (tmp_path / "out").exists()


def test_the_committed_spec_passes_the_audit() -> None:
    client_validation.audit()


@pytest.mark.parametrize("own", ["RetryPolicy", "PixverseError"])
def test_generation_fails_on_a_schema_named_as_a_class_of_the_package(
    own: str, tmp_path: Path
) -> None:
    document = yaml.safe_load(spec.SPEC_PATH.read_text(encoding="utf-8"))
    document["components"]["schemas"][own] = {"type": "object", "properties": {"x": {}}}
    edited = tmp_path / "openapi.yaml"
    edited.write_text(yaml.safe_dump(document), encoding="utf-8")
    with pytest.raises(SystemExit, match=f"{own}; rename the schema"):
        generate(tmp_path / "out", spec=edited)
    assert not (tmp_path / "out").exists()

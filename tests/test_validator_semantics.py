"""What the client's validator decides where Python and JSON (or ECMA-262) read a value apart,
and what it reports: a Violation per broken keyword, with path, rule and value.
"""

from __future__ import annotations

import enum
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from pixverse_c1_client._ecma_regex import compile_pattern
from pixverse_c1_client._validation import UnsupportedSchemaError, Validator


class Colour(str, enum.Enum):  # noqa: UP042 (the generated enums are made this way)
    RED = "red"


def _valid(schema: Any, value: Any) -> bool:
    return Validator(schema).is_valid(value)


@pytest.mark.parametrize(
    ("schema", "value", "valid"),
    [
        ({"type": "integer"}, True, False),
        ({"type": "integer"}, 1.0, True),
        ({"type": "number"}, False, False),
        ({"enum": [1]}, True, False),
        ({"enum": [1]}, 1.0, True),
        ({"const": {"a": [1, 2]}}, {"a": [1.0, 2]}, True),
        ({"const": [1, 2]}, (1, 2), True),
        ({"uniqueItems": True}, [1, 1.0], False),
        ({"uniqueItems": True}, [1, True], True),
        ({"uniqueItems": True}, [{"a": 1, "b": 2}, {"b": 2, "a": 1}], False),
        ({"enum": ["red"]}, Colour.RED, True),
        ({"type": "string", "maxLength": 3}, Colour.RED, True),
        ({"uniqueItems": True}, [Colour.RED, "red"], False),
        ({"multipleOf": 0.1}, 0.3, True),
        ({"multipleOf": 0.01}, 1.13, True),
        ({"multipleOf": 0.1}, 0.35, False),
        ({"multipleOf": 2}, 1e308, True),
        ({"multipleOf": 0.5}, float("inf"), False),
        ({"maxLength": 1}, "\U0001f409", True),  # one code point, two UTF-16 units
        ({"minimum": 10**20}, 1e20, True),
        ({"exclusiveMaximum": 1}, 1.0, False),
        ({"patternProperties": {"^1$": {"type": "string"}}}, {1: 2}, False),  # sent as "1"
        ({"propertyNames": {"maxLength": 3}}, {True: 1}, False),  # sent as "true"
        ({"uniqueItems": True}, [{1: 1}, {"1": 1}], False),
        ({"additionalProperties": False, "patternProperties": {"^n": {}}}, {None: 1}, True),
    ],
)
def test_json_semantics(schema: Any, value: Any, valid: bool) -> None:
    assert _valid(schema, value) is valid


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        ("^abc$", "abc\n", False),  # $ is the very end
        ("^\\d$", "\u0660", False),  # ASCII digits only
        ("^\\w$", "é", False),
        ("^\\s$", "\ufeff", True),  # ECMA's whitespace set
        ("^\\s$", "\x1c", False),
        ("^[\\s\\S]+$", "a\nb", True),
        ("^[^\\S]$", " ", True),
        ("^[a\\S]$", " ", False),
        ("^[^a\\S]$", "\t", True),
        ("a.c", "a\u2028c", False),  # . stops at every line terminator
        ("^\\cJ$", "\n", True),
        ("^[]", "a", False),
        ("^[^]$", "\n", True),
        ("^(?<d>a)\\k<d>$", "aa", True),
        ("^[\\b]$", "\b", True),
        ("^\\p{L}+$", "école", True),  # Unicode property escapes, by General_Category
        ("^\\p{Letter}$", "1", False),
        ("^\\p{gc=Nd}$", "\u09ea", True),
        ("^\\p{Lu}$", "a", False),
        ("^\\P{L}$", "1", True),
        ("^\\P{L}$", "é", False),
        ("^[a\\P{L}]+$", "a1!", True),  # a complement inside a class
        ("^[a\\P{L}]$", "b", False),
        ("^[^a\\P{L}]$", "b", True),
        ("^[^a\\P{L}]$", "a", False),
        ("^[^a\\P{L}]$", "1", False),
        ("^[^\\S\\P{Zs}]$", " ", True),  # two complements
        ("^[^\\S\\P{Zs}]$", "\t", False),
        ("^\\p{ASCII}$", "\x7f", True),
        ("^\\p{Assigned}$", "\U0010ffff", False),
        ("^\\p{Any}$", "\U0010ffff", True),
    ],
)
def test_ecma_regex_reading(pattern: str, text: str, matches: bool) -> None:
    assert (compile_pattern(pattern).search(text) is not None) is matches


@pytest.mark.parametrize(
    "pattern",
    [
        "\\p{Script=Greek}",
        "\\p{Nonsense}",
        "\\p{letter}",  # names are exact
        "\\p{gc=Any}",
        "[a-\\p{L}]",  # a range cannot end or start at a property escape
        "[\\P{L}-a]",
        "\\p",
        "(?P<n>a)",
        "\\Z",
        "[a",
    ],
)
def test_a_pattern_re_cannot_run_faithfully_is_refused(pattern: str) -> None:
    with pytest.raises(UnsupportedSchemaError, match="'pattern'"):
        Validator({"properties": {"name": {"pattern": pattern}}})


@pytest.mark.parametrize(
    ("schema", "keyword"),
    [
        ({"items": {"frobnicate": 1}}, "frobnicate"),
        ({"$dynamicRef": "#x"}, "$dynamicRef"),
        ({"$ref": "https://example.com/other.json"}, "$ref"),
        ({"$ref": "#/$defs/missing"}, "$ref"),
        ({"minLength": "3"}, "minLength"),
        ({"nullable": True}, "nullable"),
        ({"$schema": "http://json-schema.org/draft-07/schema#"}, "$schema"),
        ({"$ref": "#"}, "$ref"),
        ({"$defs": {"a": {"anyOf": [{"$ref": "#"}]}}, "allOf": [{"$ref": "#/$defs/a"}]}, "$ref"),
    ],
)
def test_what_cannot_be_enforced_is_refused_with_keyword_and_pointer(
    schema: Any, keyword: str
) -> None:
    with pytest.raises(UnsupportedSchemaError) as caught:
        Validator(schema)
    assert f"{keyword!r} at #" in str(caught.value)


def test_annotations_and_unknown_formats_are_accepted() -> None:
    schema = {
        "title": "t",
        "description": "d",
        "examples": [1],
        "readOnly": True,
        "deprecated": False,
        "contentMediaType": "image/png",
        "$comment": "c",
        "x-anything": {"minLength": "not a rule"},
        "format": "a-format-nobody-knows",
    }
    assert Validator(schema).is_valid("anything")


def test_each_broken_keyword_is_one_violation_with_path_rule_and_value() -> None:
    schema = {
        "type": "object",
        "properties": {
            "name": {"type": "string", "maxLength": 3, "pattern": "^[a-z]+$"},
            "tags": {"type": "array", "uniqueItems": True, "items": {"format": "uuid"}},
            "pick": {"oneOf": [{"type": "string"}, {"maxLength": 5}]},
        },
        "additionalProperties": False,
    }
    value = {"name": "ABCD", "tags": ["x", "x"], "pick": "ab", "extra": 1}
    found = {
        (v.path, v.rule.split()[0], repr(v.value)) for v in Validator(schema).violations(value)
    }
    assert found == {
        ("name", "maxLength", "'ABCD'"),
        ("name", "pattern", "'ABCD'"),
        ("tags", "uniqueItems", "['x', 'x']"),
        ("tags[0]", "format", "'x'"),
        ("tags[1]", "format", "'x'"),
        ("pick", "oneOf", "'ab'"),
        ("extra", "additionalProperties", "1"),
    }


def test_any_of_says_what_each_branch_wants() -> None:
    schema = {"anyOf": [{"type": "integer"}, {"type": "string", "minLength": 4}]}
    (violation,) = Validator(schema).violations("ab")
    assert violation.rule == "anyOf"
    assert "#0: must be of type integer" in violation.message
    assert "#1: must be at least 4 character(s) long" in violation.message


def test_a_recursive_schema_checks_every_level() -> None:
    tree = {
        "$defs": {
            "node": {
                "type": "object",
                "properties": {"kids": {"type": "array", "items": {"$ref": "#/$defs/node"}}},
                "required": ["name"],
            }
        },
        "$ref": "#/$defs/node",
    }
    broken = Validator(tree).violations({"name": 1, "kids": [{"kids": [{}]}]})
    assert sorted(v.path for v in broken) == ["kids[0].kids[0].name", "kids[0].name"]


@given(st.text(max_size=20))
@example("a\n")
@example("\u0660")
def test_a_pattern_anchored_both_ends_is_a_full_match(text: str) -> None:
    matched = compile_pattern("^[a-z0-9]{1,5}$").search(text) is not None
    assert matched is (
        1 <= len(text) <= 5 and all(c in "abcdefghijklmnopqrstuvwxyz0123456789" for c in text)
    )

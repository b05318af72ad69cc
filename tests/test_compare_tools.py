"""The side-by-side table of docs/ tells the truth: a few of its rows, run again, come out the same.

The whole table takes minutes (`make compare`); these rows cover a deviation both tools catch,
one only ours catches (the mention rule, beyond JSON Schema), and the faithful fake, where
schemathesis raises its false alarm.
"""

from __future__ import annotations

import pytest

from contract_tests import comparison as compare_tools
from contract_tests import spec
from contract_tests.fake import BROKEN_VARIANTS
from contract_tests.rules import MENTION_KEYWORD
from contract_tests.variants import IGNORE


def _mention_row(name: str) -> bool:
    return name.startswith(IGNORE) and name.endswith(MENTION_KEYWORD)


def rows_to_rerun() -> list[str]:
    """The first ignore variant the committed table has, and the mention rule's (whose name
    holds the mention field's, which the spec may have renamed since the table was made)."""
    committed = committed_rows()
    ignores = [name for name in BROKEN_VARIANTS if name.startswith(IGNORE) and name in committed]
    mention = [name for name in BROKEN_VARIANTS if _mention_row(name)]
    return list(dict.fromkeys([*ignores[:1], *mention]))


def committed_row(variant: str) -> str:
    """The committed row of a variant; for the mention rule's, the one of whatever the field
    was called when the table was made."""
    committed = committed_rows()
    if variant in committed or not _mention_row(variant):
        return committed[variant]
    [(name, row)] = [(name, line) for name, line in committed.items() if _mention_row(name)]
    return row.replace(_field(name), _field(variant))


def _field(variant: str) -> str:
    """The field a mention variant's name holds: `prompt` of `ignore:prompt.x-mention-rule`."""
    return variant.removeprefix(IGNORE).removesuffix("." + MENTION_KEYWORD)


@pytest.fixture(scope="module")
def baseline() -> set[str]:
    return compare_tools.schemathesis_findings_of_faithful()


def verdicts(line: str) -> tuple[str, str, str]:
    """A row's server and what each tool said; not its description, which quotes the spec's
    limits and so changes with them, where the verdicts must not."""
    server, _, ours, theirs = (cell.strip() for cell in line.strip().strip("|").split(" | "))
    return server, ours, theirs


def committed_rows() -> dict[str, str]:
    lines = compare_tools.DOC.read_text(encoding="utf-8").splitlines()
    return {line.split("`")[1]: line for line in lines if line.startswith("| `")}


def test_the_table_has_a_row_for_the_faithful_fake_and_rows_to_rerun() -> None:
    assert compare_tools.FAITHFUL in committed_rows()
    # the first ignore variant's, and the mention rule's where the spec sets one
    assert len(rows_to_rerun()) == (1 if spec.mention_rule() is None else 2)


@pytest.mark.parametrize("variant", [compare_tools.FAITHFUL, *rows_to_rerun()])
def test_a_row_of_the_table_is_what_both_tools_report_now(variant: str, baseline: set[str]) -> None:
    fresh = verdicts(compare_tools.row(variant, baseline).markdown())
    committed = verdicts(committed_row(variant))
    if compare_tools.made_from_this_spec():
        assert fresh == committed
    else:
        # What schemathesis finds follows the spec it reads (its examples, its bodies): after
        # a spec edit only the next `make compare` knows; our suite's verdict must not move.
        assert fresh[:2] == committed[:2]


def test_the_readme_states_the_totals_of_the_committed_table() -> None:
    """The table is `make compare`'s, written for the spec it ran on; a spec edit may add rows
    that only the next `make compare` writes, so only what the README quotes is held here."""
    totals = [
        line
        for line in compare_tools.DOC.read_text(encoding="utf-8").splitlines()
        if line.startswith(("Caught, of ", "False alarms, of "))
    ]
    readme = (spec.ROOT / "README.md").read_text(encoding="utf-8")
    assert len(totals) == 2 and all(line in readme for line in totals)


def test_schemathesis_is_given_no_format_the_project_takes_as_a_note() -> None:
    """A format the client does not assert must not become a rule schemathesis enforces; an
    asserted one, a property named `format` and data that say "format" stay."""
    asserted = sorted(spec.FORMATS.checkers)[0]
    node = {
        "properties": {
            "format": {"type": "string", "format": "duration"},
            "at": {"type": "string", "format": asserted},
        },
        "examples": [{"format": "duration"}],
        "x-note": {"format": "duration"},
    }
    assert spec.asserted_only(node) == {
        "properties": {"format": {"type": "string"}, "at": {"type": "string", "format": asserted}},
        "examples": [{"format": "duration"}],
        "x-note": {"format": "duration"},
    }

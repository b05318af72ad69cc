"""The fast part of `make test-evolution`, inside `make test`: a few representative edits of
openapi.yaml (a changed limit, a new enum value, a changed default) regenerate, and the
regenerated client refuses what each forbids and sends what each allows. The full list, the
conformance suite and the copy's own tests run in `make test-evolution`."""

from __future__ import annotations

from tests.evolution import runner

REPRESENTATIVE = ["array-max-items-smaller", "enum-value-added", "changed-default"]


def test_the_regenerated_client_follows_representative_spec_edits() -> None:
    results = list(runner.run(REPRESENTATIVE, through="client"))
    assert [r.edit for r in results] == REPRESENTATIVE
    assert all(r.passed for r in results), "\n".join(r.line() for r in results)

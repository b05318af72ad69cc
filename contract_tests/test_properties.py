"""The contract's properties against the faithful fake, through the generated client."""

from __future__ import annotations

import pytest

from contract_tests.properties import PROPERTIES, Property


@pytest.mark.parametrize("prop", PROPERTIES, ids=[p.name for p in PROPERTIES])
def test_property_holds_against_the_fake(prop: Property) -> None:
    prop.run()

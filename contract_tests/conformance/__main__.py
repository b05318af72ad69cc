"""`python -m contract_tests.conformance`: see cli.py."""

from contract_tests.conformance.cli import main

raise SystemExit(main())

"""`make test-evolution`: see tests/evolution/runner.py."""

import sys
from pathlib import Path

# tests/ is no installed package: the checkout's root makes it importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.evolution.runner import main

if __name__ == "__main__":
    raise SystemExit(main())

"""`python -m tests.evolution`: see runner.py."""

import sys

from tests.evolution.runner import main

sys.exit(main())

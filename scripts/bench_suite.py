"""The contract suite's throughput: generated requests per second through the client and the fake.

Runs the valid and the invalid request properties of contract_tests.properties for a fixed
number of derandomized examples and counts the requests they send; the median of RUNS runs.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for _entry in (str(ROOT), str(ROOT / "generated")):
    if _entry not in sys.path:
        sys.path.insert(0, _entry)

from hypothesis import HealthCheck, Phase, settings  # noqa: E402

from contract_tests.fake import FakeAPI  # noqa: E402
from contract_tests.properties import by_name  # noqa: E402

RUNS = 5
EXAMPLES = 200
MEASURED = ("valid_request_is_accepted", "invalid_request_is_rejected")


def _one_run() -> float:
    sent = 0

    def counting_fake(**kwargs: Any) -> FakeAPI:
        nonlocal sent
        sent += 1
        return FakeAPI(**kwargs)

    fixed = settings(
        max_examples=EXAMPLES,
        phases=[Phase.generate],
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    start = time.perf_counter()
    for name in MEASURED:
        by_name(name).run(counting_fake, fixed)
    return sent / (time.perf_counter() - start)


def suite_throughput(runs: int = RUNS) -> float:
    """Requests per second (each generated, sent, answered and checked), median of `runs`."""
    return statistics.median(_one_run() for _ in range(runs))


def main() -> None:
    rate = suite_throughput()
    print(f"suite throughput: {rate:.0f} generated requests/s through client and fake")


if __name__ == "__main__":
    main()

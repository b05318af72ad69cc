"""The contract suite's throughput: generated requests per second through the client and the fake.

Runs the valid and the invalid request properties of contract_tests.properties for a fixed
number of derandomized examples and counts the requests they send; the median of RUNS runs.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from hypothesis import HealthCheck, Phase, settings

from contract_tests.fake import FakeAPI
from contract_tests.properties import by_name

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

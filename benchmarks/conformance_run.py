"""A full conformance run against the served fake: how many requests, how long.

The request count grows with the spec's rules and the kinds of break of each, not with a number
of random examples; the wall time is the median of RUNS runs over real loopback HTTP.
"""

from __future__ import annotations

import statistics
import time

from contract_tests.conformance.runner import Options, run_checks
from contract_tests.fake import FakeAPI
from contract_tests.served import serve

RUNS = 3
KEY = "bench-key"
OPTIONS = Options(poll_timeout=10.0, poll_interval=0.0)


def conformance_run() -> tuple[int, int, float]:
    """(requests sent, results, median wall seconds) of a full run, MAX_BILLABLE=40."""
    times, sent, results = [], 0, 0
    for _ in range(RUNS):
        with serve(FakeAPI(api_key=KEY)) as url:
            start = time.perf_counter()
            found, session = run_checks(url, KEY, max_billable=40, max_rps=None, options=OPTIONS)
            times.append(time.perf_counter() - start)
        sent, results = session.sent, len(found)
    return sent, results, statistics.median(times)

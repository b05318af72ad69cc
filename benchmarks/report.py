"""`make bench`: the project's performance figures, each the median of several runs.

- the contract suite's throughput: generated requests per second through client and fake;
- the client's per-call overhead against a raw httpx post on the same in-memory transport;
- a full conformance run against the served fake: its request count and wall time;
- the wall time of `make test` (RUNS times; `--skip-make-test` leaves it out).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import time

from benchmarks.client_overhead import client_overhead_ratio
from benchmarks.conformance_run import conformance_run
from benchmarks.suite_throughput import suite_throughput


def make_test_seconds(runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(["make", "-s", "test"], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of `make test` to time")
    parser.add_argument("--skip-make-test", action="store_true")
    args = parser.parse_args()
    print(
        f"suite throughput: {suite_throughput():.0f} generated requests/s through client and fake"
    )
    client, raw, ratio = client_overhead_ratio()
    print(
        f"client per-call overhead: {client * 1e6:.0f} us per create_task vs {raw * 1e6:.0f} us "
        f"per raw httpx post on the same in-memory transport: {ratio:.2f}x"
    )
    sent, results, seconds = conformance_run()
    print(
        f"conformance run against the served fake: {sent} requests, {results} results, "
        f"{seconds:.2f} s (median)"
    )
    if not args.skip_make_test:
        seconds = make_test_seconds(args.runs)
        print(f"make test wall time: {seconds:.1f} s (median of {args.runs})")

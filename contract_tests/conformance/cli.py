"""`make conformance`: check a server against openapi.yaml over real HTTP, on a bounded bill.

With no --base-url it serves the fake on a free loopback port and checks that instead.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from contract_tests.conformance import report
from contract_tests.conformance.results import failures
from contract_tests.conformance.runner import Options, run_checks


@contextmanager
def _target(
    base_url: str | None, api_key: str | None, broken: str | None
) -> Iterator[tuple[str, str]]:
    if base_url:
        if not api_key:
            raise SystemExit(
                "API_KEY is required with BASE_URL (make conformance BASE_URL=... API_KEY=...)"
            )
        yield base_url, api_key
        return
    from contract_tests.fake import FakeAPI
    from contract_tests.served import serve

    key = api_key or "fake-" + secrets.token_hex(8)
    with serve(FakeAPI(api_key=key, broken=broken)) as url:
        yield url, key


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make conformance", description=__doc__)
    parser.add_argument("--base-url", default=os.environ.get("BASE_URL") or None)
    parser.add_argument(
        "--api-key", default=os.environ.get("API_KEY") or None, help="or the API_KEY variable"
    )
    parser.add_argument(
        "--max-billable",
        type=int,
        default=None,
        help="create requests a conforming server accepts (0 with --base-url, 40 for the fake)",
    )
    parser.add_argument("--max-rps", type=float, default=None, help="requests per second at most")
    parser.add_argument("--poll-timeout", type=float, default=600.0)
    parser.add_argument("--poll-interval", type=float, default=None)
    parser.add_argument("--examples-per-rule", type=int, default=5)
    parser.add_argument("--broken", default=None, help="serve this broken variant of the fake")
    parser.add_argument("--junit-xml", type=Path, default=None)
    args = parser.parse_args(argv)

    remote = bool(args.base_url)
    max_billable = args.max_billable if args.max_billable is not None else (0 if remote else 40)
    max_rps = args.max_rps if args.max_rps is not None else (10.0 if remote else None)
    poll_interval = (
        args.poll_interval if args.poll_interval is not None else (5.0 if remote else 0.0)
    )
    options = Options(args.examples_per_rule, args.poll_timeout, poll_interval)
    with _target(args.base_url, args.api_key, args.broken) as (url, key):
        label = url if remote else f"{url} (the fake, served on loopback)"
        results, session = run_checks(
            url, key, max_billable=max_billable, max_rps=max_rps, options=options
        )
    sys.stdout.write(report.text(label, results, session))
    if args.junit_xml:
        report.junit(args.junit_xml, results, key)
        print(f"JUnit XML: {args.junit_xml}")
    return 1 if failures(results) else 0

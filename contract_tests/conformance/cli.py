"""`make conformance`: check a server against openapi.yaml over real HTTP, on a bounded bill.

Every setting is read from the command line or, failing that, the environment (CI passes its
secrets as environment variables); the API key only from HIGHWAY_API_KEY or the file named by
API_KEY_FILE, never from the command line, where every local user could read it in the process
list. With no BASE_URL it serves the fake on a free loopback port and checks that instead.
Exit status: 0 conforms, 1 deviations, 2 could not test (see results.Exit).
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
from contract_tests.conformance.results import CheckResult, Exit, exit_status
from contract_tests.conformance.runner import Options, run_checks
from contract_tests.conformance.session import Limits

KEY_VARIABLE = "HIGHWAY_API_KEY"
KEY_FILE_VARIABLE = "API_KEY_FILE"


class Unusable(Exception):
    """The settings do not allow a run; the message says which and how to fix it."""


def _env(name: str) -> str | None:
    return os.environ.get(name) or None


def _number(name: str, kind: type[float] | type[int]) -> float | int | None:
    value = _env(name)
    if value is None:
        return None
    try:
        return kind(value)
    except ValueError:
        raise Unusable(f"{name}={value!r} is not a number") from None


def api_key(key_file: str | None) -> str | None:
    """The key from HIGHWAY_API_KEY, else from the file API_KEY_FILE names (stripped)."""
    key = _env(KEY_VARIABLE)
    if key:
        return key
    path = key_file or _env(KEY_FILE_VARIABLE)
    if not path:
        return None
    try:
        key = Path(path).read_text(encoding="utf-8").strip()
    except OSError as error:
        raise Unusable(f"{KEY_FILE_VARIABLE}: cannot read {path}: {error.strerror}") from None
    if not key:
        raise Unusable(f"{KEY_FILE_VARIABLE}: {path} is empty")
    return key


def parser() -> argparse.ArgumentParser:
    found = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add = found.add_argument
    add("--base-url", help="the server to check (env BASE_URL); none: the fake, on loopback")
    add("--api-key-file", help=f"a file holding the key (env {KEY_FILE_VARIABLE})")
    add("--max-billable", type=int, help="create requests a server may accept (env MAX_BILLABLE)")
    add("--max-rps", type=float, help="requests per second at most (env MAX_RPS)")
    add("--poll-timeout", type=float, help="seconds to poll tasks (env POLL_TIMEOUT, 600)")
    add("--poll-interval", type=float, help="seconds between polls (env POLL_INTERVAL)")
    add("--run-timeout", type=float, help="seconds for the whole run (env RUN_TIMEOUT)")
    add("--request-timeout", type=float, help="seconds per request (env REQUEST_TIMEOUT, 30)")
    add("--retry-wait", type=float, help="seconds of Retry-After, in all (env RETRY_WAIT, 120)")
    add("--junit-xml", type=Path, help="where to write JUnit XML (env JUNIT_XML)")
    add("--broken", help="serve this broken variant of the fake")
    add("--variation", help="serve this faithful variation of the fake")
    add("--plan", action="store_true", help="print the billable covering design; send nothing")
    return found


def plan() -> str:
    """The covering design the spec asks for, cheapest row first; no request is sent."""
    from contract_tests.conformance import budget

    full = budget.design(10**9)
    lines = [f"The covering design needs {len(full.rows)} billable requests (MAX_BILLABLE):"]
    for index, row in enumerate(full.rows, 1):
        lines.append(f"  {index:3}. " + ", ".join(f"{k}={budget.show(v)}" for k, v in row.items()))
    return "\n".join(lines) + "\n"


def _pick(
    given: float | int | None, name: str, kind: type[float] | type[int], default: float | int | None
) -> float | int | None:
    if given is not None:
        return given
    found = _number(name, kind)
    return default if found is None else found


@contextmanager
def _target(
    base_url: str | None, key: str | None, broken: str | None, variation: str | None
) -> Iterator[tuple[str, str, str]]:
    if base_url:
        if not key:
            raise Unusable(
                f"BASE_URL is set but no API key: set {KEY_VARIABLE}, or {KEY_FILE_VARIABLE} "
                "to a file holding it"
            )
        yield base_url, key, base_url
        return
    from contract_tests.fake import FakeAPI
    from contract_tests.served import serve

    key = key or "fake-" + secrets.token_hex(8)
    name = broken or variation
    what = f"the fake ({'variant ' + name if name else 'faithful'}), served on loopback"
    with serve(FakeAPI(api_key=key, broken=broken, variation=variation)) as url:
        yield url, key, f"{url}, {what}"


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.plan:
        sys.stdout.write(plan())
        return int(Exit.CONFORMS)
    junit_path = args.junit_xml or (Path(j) if (j := _env("JUNIT_XML")) else None)
    if junit_path is not None:
        junit_path.unlink(missing_ok=True)  # a crashed run must leave no earlier report behind
    try:
        return _run(args, junit_path)
    except Unusable as problem:
        print(f"conformance: could not test: {problem}", file=sys.stderr)
        return int(Exit.UNTESTED)


def _run(args: argparse.Namespace, junit_path: Path | None) -> int:
    base_url = args.base_url or _env("BASE_URL")
    remote = bool(base_url)
    max_billable = int(_pick(args.max_billable, "MAX_BILLABLE", int, 0 if remote else 40) or 0)
    max_rps = _pick(args.max_rps, "MAX_RPS", float, 10.0 if remote else None)
    options = Options(
        poll_timeout=float(_pick(args.poll_timeout, "POLL_TIMEOUT", float, 600.0) or 0.0),
        poll_interval=float(
            _pick(args.poll_interval, "POLL_INTERVAL", float, 5.0 if remote else 0.0) or 0.0
        ),
    )
    run_timeout = _pick(args.run_timeout, "RUN_TIMEOUT", float, 3600.0 if remote else 600.0)
    limits = Limits(
        request_timeout=float(_pick(args.request_timeout, "REQUEST_TIMEOUT", float, 30.0) or 30.0),
        run_timeout=None if run_timeout is None else float(run_timeout),
        retry_wait=float(_pick(args.retry_wait, "RETRY_WAIT", float, 120.0) or 0.0),
    )
    key = api_key(args.api_key_file)
    with _target(base_url, key, args.broken, args.variation) as (url, secret, label):
        figures = (
            f"MAX_BILLABLE={max_billable}, MAX_RPS={max_rps or 'unlimited'}, "
            f"RUN_TIMEOUT={limits.run_timeout:g}s"
            if limits.run_timeout is not None
            else f"MAX_BILLABLE={max_billable}"
        )
        print(report.header(label, figures), flush=True)

        def show(result: CheckResult) -> None:
            sys.stdout.write(report.line(result, secret))
            sys.stdout.flush()

        def progress(text: str) -> None:
            print(f"      ... {text}", flush=True)

        results, session = run_checks(
            url,
            secret,
            max_billable=max_billable,
            max_rps=float(max_rps) if max_rps else None,
            options=options,
            limits=limits,
            on_result=show,
            progress=progress,
        )
    sys.stdout.write(report.summary(results, session))
    if junit_path is not None:
        report.junit(junit_path, results, secret)
        print(f"JUnit XML: {junit_path}")
    return int(exit_status(results))

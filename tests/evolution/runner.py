"""`make test-evolution`: every edit of edits.py on its own copy of the project, two at a time.

Prints one line per edit (PASS, FAIL, or GAP for an edit of edits.KNOWN_GAPS that fails; seconds;
the first failing step and its problem) and exits 1 if any edit fails. An edit of edits.REFUSED
passes when `make generate` refuses it with the words given there, and fails otherwise.
`--fast` runs the generate and client steps only, `--through STEP` the steps up to STEP;
`--suite-for core` runs the copy's own suite for edits.CORE only, and `--core` runs those edits
only.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tests.evolution import checks, workspace
from tests.evolution.edits import CORE, EDITS, KNOWN_GAPS, REFUSED


@dataclass(frozen=True)
class Result:
    edit: str
    seconds: float
    step: str | None = None  # the first failing step; None when every step passed
    problem: str = ""

    @property
    def passed(self) -> bool:
        return self.step is None

    def line(self) -> str:
        verdict = "PASS" if self.passed else "FAIL"
        text = f"{verdict}  {self.edit:<38} {self.seconds:6.1f} s"
        return text if self.passed else f"{text}  {self.step}: {' '.join(self.problem.split())}"


def run_edit(
    name: str, folder: Path, original: Path, files: list[str], through: str, suite: bool = True
) -> Result:
    """Copy, edit, and run the steps up to `through` until one fails (the copy's own suite
    only if `suite`)."""
    started = time.monotonic()

    def result(step: str | None = None, problem: str = "") -> Result:
        return Result(name, time.monotonic() - started, step, problem)

    try:
        space = workspace.make(folder, EDITS[name], files)
    except Exception as error:
        return result("edit", f"{type(error).__name__}: {error}")
    context = checks.Context(original)
    for step, check in checks.up_to(through).items():
        if step == "suite" and not suite:
            continue
        try:
            problem = check(space, context)
        except subprocess.TimeoutExpired as error:
            problem = f"timed out after {error.timeout:.0f} s"
        if problem is not None:
            return result(step, problem)
    return result()


def run(
    names: list[str],
    through: str,
    workers: int = 2,
    keep: Path | None = None,
    suite_for: frozenset[str] | None = None,
) -> Iterator[Result]:
    """The results of `names`, in order, each as soon as it and those before it are done,
    each run up to the step `through`; the copy's own suite runs for the edits of
    `suite_for` (None: for all)."""
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="evolution-", dir=keep))
    try:
        original = checks.describe_original(root / "original.json")
        files = workspace.tracked_files()
        with ThreadPoolExecutor(max_workers=workers) as pool:
            yield from pool.map(
                lambda name: run_edit(
                    name,
                    root / name,
                    original,
                    files,
                    through,
                    suite_for is None or name in suite_for,
                ),
                names,
            )
    finally:
        if keep is None:
            shutil.rmtree(root, ignore_errors=True)


def _as_refusal(found: Result, words: str) -> Result:
    """The result of an edit that generation must refuse with `words`: passed when it did."""
    if found.step == "generate" and words in found.problem:
        return Result(found.edit, found.seconds)
    problem = found.problem if found.step is not None else "every step passed"
    return Result(found.edit, found.seconds, "refusal", f"not refused with {words!r}: {problem}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make test-evolution", description=__doc__)
    parser.add_argument("edits", nargs="*", help=f"edits to run (default: all {len(EDITS)})")
    parser.add_argument("--fast", action="store_true", help="the generate and client steps only")
    parser.add_argument(
        "--through",
        choices=list(checks.FULL),
        default=None,
        help="the last step to run (--fast is --through client; the default, every step)",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", type=Path, default=None, help="leave the copies in this folder")
    parser.add_argument(
        "--suite-for",
        choices=["all", "core"],
        default="all",
        help="the edits whose copy also runs its own test suite, the costliest step: all, or "
        "the core edits (one of each kind of change; what CI's time allows)",
    )
    parser.add_argument("--core", action="store_true", help="only the core edits (edits.CORE)")
    parser.add_argument("--list", action="store_true", help="print the edits' names and stop")
    args = parser.parse_args(argv)
    if args.list:
        print("\n".join(EDITS))
        return 0
    unknown = [name for name in args.edits if name not in EDITS]
    if unknown:
        parser.error(f"unknown edits {unknown}; --list names them")
    started, failed, gaps = time.monotonic(), 0, 0
    names = args.edits or [name for name in EDITS if not args.core or name in CORE]
    suite_for = None if args.suite_for == "all" else CORE
    last = list(checks.FULL)[-1]
    through = "client" if args.fast else args.through or last
    found_all = run(names, through, args.workers, args.keep, suite_for)
    for found in found_all:
        if found.edit in REFUSED:
            found = _as_refusal(found, REFUSED[found.edit])
        gap = KNOWN_GAPS.get(found.edit)
        every_step = through == last and (suite_for is None or found.edit in suite_for)
        if gap is None:
            failed += not found.passed
            refused = found.edit in REFUSED and found.passed
            note = "  (refused by make generate, as it must be)" if refused else ""
            print(found.line() + note, flush=True)
        elif found.passed:
            stale = (
                "  (a known gap no longer seen: remove it from KNOWN_GAPS)" if every_step else ""
            )
            print(f"{found.line()}{stale}", flush=True)
        else:
            gaps += 1
            print(f"GAP{found.line().removeprefix('FAIL')}  [known gap: {gap}]", flush=True)
    mode = (
        f"through {through}"
        if through != last
        else "full"
        if suite_for is None
        else "full, suite for core edits"
    )
    passed = len(names) - failed - gaps
    print(
        f"\n{len(names)} edits ({mode}): {passed} passed, {failed} failed, {gaps} known gaps "
        f"(edits.KNOWN_GAPS) in {time.monotonic() - started:.0f} s"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

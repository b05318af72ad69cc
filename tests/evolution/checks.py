"""The steps that an edited copy of the project must pass, in order.

1. generate: `make generate` in the copy succeeds;
2. client: the regenerated client refuses what the edit forbids and sends what it allows
   (probe.py, run in the copy);
3. conformance: the copy's conformance suite passes against its fake and names the edit's rules;
4. lint: the rest of the copy's `make test` passes: the drift check, the spec's validation,
   ruff, and mypy over its code and its regenerated client;
5. suite: the copy's own tests pass.

Fast mode runs steps 1 and 2; `--through STEP` runs the steps up to STEP. Each step returns None
or the problem, one line, so that a run reports the first one.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.evolution import workspace
from tests.evolution.workspace import Workspace

PROBE = Path(__file__).resolve().with_name("probe.py")
# Generous limits: a step that hangs fails with its name instead of stalling the run.
GENERATE_TIMEOUT = 300.0
PROBE_TIMEOUT = 300.0
CONFORMANCE_TIMEOUT = 600.0
LINT_TIMEOUT = 600.0
# `make test`'s prerequisites other than the test-suite download, which the copy holds already.
LINT_TARGETS = ["check-generated", "lint-spec", "lint"]
SUITE_TIMEOUT = 1800.0


@dataclass
class Context:
    """What the steps of one edit share: the original's description, the edit's rules."""

    original: Path  # probe.py describe of the unedited project, as a JSON file
    rules: list[str] = field(default_factory=list)


def describe_original(into: Path) -> Path:
    """Write probe.py's description of the unedited project to `into`."""
    done = subprocess.run(
        [sys.executable, "-P", str(PROBE), "describe"],
        cwd=workspace.ROOT,
        env=workspace.environment(workspace.ROOT),
        capture_output=True,
        text=True,
        timeout=PROBE_TIMEOUT,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"describing the original failed: {_last_line(done.stderr)}")
    into.write_text(done.stdout, encoding="utf-8")
    return into


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else "(no output)"


def generate(space: Workspace, context: Context) -> str | None:
    done = space.run(["scripts/generate.py"], GENERATE_TIMEOUT)
    return None if done.returncode == 0 else _last_line(done.stderr + done.stdout)


def client(space: Workspace, context: Context) -> str | None:
    done = space.run(["-P", str(PROBE), "check", str(context.original)], PROBE_TIMEOUT)
    if done.returncode != 0:
        return _last_line(done.stderr)
    found: dict[str, Any] = json.loads(done.stdout)
    context.rules = found["rules"]
    problems: list[str] = found["problems"]
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        return problems[0] + more
    return None


def conformance(space: Workspace, context: Context) -> str | None:
    report = space.folder / "conformance.xml"
    done = space.run(
        ["-m", "contract_tests.conformance", "--junit-xml", str(report)], CONFORMANCE_TIMEOUT
    )
    if done.returncode != 0:
        failed = [line for line in done.stdout.splitlines() if line.startswith("FAIL")]
        return failed[0] if failed else _last_line(done.stderr + done.stdout)
    unnamed = [rule for rule in context.rules if rule not in done.stdout]
    if unnamed:
        return f"passed, but named none of the edit's rules {unnamed}"
    return None


def lint(space: Workspace, context: Context) -> str | None:
    done = space.make(LINT_TARGETS, LINT_TIMEOUT)
    return None if done.returncode == 0 else _last_problem(done.stdout + done.stderr)


def _last_problem(text: str) -> str:
    """The line that says what failed: make's own last line names only the recipe."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    told = [line for line in lines if not line.startswith("make")]
    return (told or lines or ["(no output)"])[-1].strip()


def suite(space: Workspace, context: Context) -> str | None:
    # The copy's own evolution test would copy the copy again: what it checks is checked here.
    # A fixed seed makes a failure reproducible with the same command.
    done = space.run(
        ["-m", "pytest", "-q", "-x", "--hypothesis-seed=0", "--ignore", "tests/evolution"],
        SUITE_TIMEOUT,
        HYPOTHESIS_PROFILE="dev",
    )
    if done.returncode == 0:
        return None
    failed = [line for line in done.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
    return failed[0] if failed else _last_line(done.stdout + done.stderr)


Check = Callable[[Workspace, Context], "str | None"]
FAST: dict[str, Check] = {"generate": generate, "client": client}
FULL: dict[str, Check] = {**FAST, "conformance": conformance, "lint": lint, "suite": suite}


def up_to(last: str) -> dict[str, Check]:
    """The steps of FULL, in order, up to and including `last`."""
    names = list(FULL)
    return {name: FULL[name] for name in names[: names.index(last) + 1]}

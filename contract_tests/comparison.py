"""`make compare`: our conformance suite and schemathesis, side by side, on the same servers.

Both run over HTTP against the served fake, against each of its broken variants (one rule
broken each) and against each of its faithful variations (a freedom the contract allows taken:
any finding there is a false alarm). The table goes to docs/conformance-vs-schemathesis.md,
which the README links.
schemathesis runs with every check (`--checks all`), a fixed seed and one worker, so the table
is the same on every run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import yaml

from contract_tests import spec
from contract_tests.conformance.results import failures
from contract_tests.conformance.runner import Options, run_checks
from contract_tests.fake import BROKEN_VARIANTS, FakeAPI
from contract_tests.served import serve
from contract_tests.variants import caught_by, variant
from contract_tests.variations import descriptions as variation_descriptions

KEY = "compare-key"
FAITHFUL = "faithful"
DOC = spec.ROOT / "docs" / "conformance-vs-schemathesis.md"
OPTIONS = Options(poll_timeout=15.0, poll_interval=0.01)
SCHEMATHESIS_EXAMPLES = 10
_FINDING = re.compile(r"^- (ST\d+) (.+)$", re.MULTILINE)


@dataclass(frozen=True)
class Row:
    server: str
    broken: str
    ours: str
    theirs: str

    def markdown(self) -> str:
        return f"| `{self.server}` | {self.broken} | {self.ours} | {self.theirs} |"


def schemathesis_auth(folder: Path) -> list[str]:
    """The arguments that make schemathesis present KEY as the spec says: a key in a header as
    a header of every request, one in the query or a cookie through its OpenAPI-aware auth
    settings (schemathesis.toml in `folder`, where it runs), which it then keeps apart from
    the parameters it generates and breaks."""
    arguments, settings = [], []
    presentations = {p for p in spec.key_presentations().values() if p is not None}
    for presentation in sorted(presentations, key=lambda p: p.scheme):
        if presentation.place in ("query", "cookie"):
            settings.append(
                f"[auth.openapi.{json.dumps(presentation.scheme)}]\napi_key = {json.dumps(KEY)}\n"
            )
            continue
        for name, value in presentation.credentials(KEY).headers.items():
            arguments += ["-H", f"{name}: {value}"]
    if settings:
        (folder / "schemathesis.toml").write_text("".join(settings), encoding="utf-8")
    return arguments


def schemathesis_findings(url: str) -> set[str]:
    """The distinct findings of one schemathesis run, as "ST201 Schema-violating ...". It is
    given the spec as the project judges it: a format the project takes as a note (duration,
    int32...) asserts nothing there either, so no row changes because schemathesis reads it."""
    with tempfile.TemporaryDirectory() as tmp:
        junit = Path(tmp) / "junit.xml"
        document = Path(tmp) / "openapi.yaml"
        document.write_text(yaml.safe_dump(spec.asserted_only(spec.load())), encoding="utf-8")
        subprocess.run(
            [
                sys.executable, "-m", "schemathesis.cli", "run", str(document),
                "--url", url, "--checks", "all", *schemathesis_auth(Path(tmp)),
                "--max-examples", str(SCHEMATHESIS_EXAMPLES), "--seed", "1", "--workers", "1",
                "--continue-on-failure", "--generation-database", "none", "--no-color",
                "--report", "junit", "--report-junit-path", str(junit),
            ],
            capture_output=True,
            check=False,
            cwd=tmp,
        )  # fmt: skip
        found: set[str] = set()
        for failure in ET.parse(junit).getroot().iter("failure"):
            found |= {f"{code} {title}" for code, title in _FINDING.findall(failure.text or "")}
        return found


def variation_row(name: str, baseline: set[str]) -> Row:
    """A faithful variation: every finding of either tool is a false alarm."""
    with serve(FakeAPI(api_key=KEY, variation=name)) as url:
        results, _ = run_checks(url, KEY, max_billable=40, max_rps=None, options=OPTIONS)
        theirs = schemathesis_findings(url) - baseline
    alarms = failures(results)
    ours = "passes" if not alarms else "false alarm: " + "; ".join(r.id for r in alarms)
    shown = "passes" if not theirs else "false alarm: " + "; ".join(sorted(theirs))
    return Row(name, "nothing (allowed: " + variation_descriptions()[name] + ")", ours, shown)


def row(name: str, baseline: set[str]) -> Row:
    """One line of the table; `baseline` is what schemathesis reports on the faithful fake."""
    broken = FakeAPI(api_key=KEY, broken=None if name == FAITHFUL else name)
    with serve(broken) as url:
        results, _ = run_checks(url, KEY, max_billable=40, max_rps=None, options=OPTIONS)
        theirs = baseline if name == FAITHFUL else schemathesis_findings(url)
    if name == FAITHFUL:
        alarms = failures(results)
        ours = "passes" if not alarms else "false alarms: " + "; ".join(r.title for r in alarms)
        shown = "; ".join(sorted(theirs)) or "passes"
        return Row(name, "nothing", ours, f"reports {shown}" if theirs else shown)
    broken_variant = variant(name)
    caught = caught_by(broken_variant, results)
    if broken_variant.caught_by is None:
        alarms = failures(results)
        ours = "passes (not a contract rule)" if not alarms else "alarm: " + alarms[0].title
    else:
        ours = f"caught: {caught[0].title}" if caught else "**missed**"
    new = sorted(theirs - baseline)
    verdict = "caught: " + "; ".join(new) if new else "**missed**"
    return Row(name, BROKEN_VARIANTS[name], ours, verdict)


def table(rows: list[Row]) -> str:
    head = [
        "| server | what is broken | our conformance suite | schemathesis (`--checks all`) |",
        "|---|---|---|---|",
    ]
    return "\n".join(head + [r.markdown() for r in rows]) + "\n"


MADE_FROM = "Made from the openapi.yaml of sha256 `{}`."


def spec_sha256() -> str:
    return hashlib.sha256(spec.SPEC_PATH.read_bytes()).hexdigest()


def made_from_this_spec() -> bool:
    """Whether the committed table was made from today's openapi.yaml."""
    return MADE_FROM.format(spec_sha256()) in DOC.read_text(encoding="utf-8")


def document(rows: list[Row], allowed: list[Row]) -> str:
    ours = sum(r.ours.startswith("caught") for r in rows[1:])
    theirs = sum(r.theirs.startswith("caught") for r in rows[1:])
    our_alarms = sum(r.ours.startswith("false alarm") for r in allowed)
    their_alarms = sum(r.theirs.startswith("false alarm") for r in allowed)
    return (
        "# Our conformance suite and schemathesis, on the same broken servers\n\n"
        "Written by `make compare` (scripts/compare_tools.py); do not edit. Each row serves the\n"
        "fake API with one rule broken, or with one freedom the contract allows taken, and runs\n"
        "both tools against it over HTTP. schemathesis runs with `--checks all`,\n"
        f"`--max-examples {SCHEMATHESIS_EXAMPLES}`, seed 1; a variant counts as caught by it when\n"
        "it reports a finding it does not report on the faithful fake (first row), and a finding\n"
        "on a faithful variation is a false alarm.\n\n"
        f"{MADE_FROM.format(spec_sha256())}\n\n"
        f"Caught, of {len(rows) - 1} broken variants: our suite {ours}, schemathesis {theirs}.\n"
        f"False alarms, of {len(allowed)} faithful variations: our suite {our_alarms}, "
        f"schemathesis {their_alarms}.\n\n"
        + table(rows)
        + "\n## Faithful variations (any finding is a false alarm)\n\n"
        + table(allowed)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("variants", nargs="*", help="only these (default: all)")
    args = parser.parse_args()
    baseline = schemathesis_findings_of_faithful()
    rows = [row(FAITHFUL, baseline)]
    for name in args.variants or list(BROKEN_VARIANTS):
        rows.append(row(name, baseline))
        print(rows[-1].markdown(), flush=True)
    allowed = []
    for name in [] if args.variants else list(variation_descriptions()):
        allowed.append(variation_row(name, baseline))
        print(allowed[-1].markdown(), flush=True)
    if not args.variants:
        DOC.parent.mkdir(exist_ok=True)
        DOC.write_text(document(rows, allowed), encoding="utf-8")
        print(f"wrote {DOC.relative_to(spec.ROOT)}")


def schemathesis_findings_of_faithful() -> set[str]:
    with serve(FakeAPI(api_key=KEY)) as url:
        return schemathesis_findings(url)

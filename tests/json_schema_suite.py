"""The official JSON Schema Test Suite, draft 2020-12, as jsonschema's source distribution ships it.

Pinned by version and SHA-256, fetched from PyPI with pip into .cache/ (`make test` does it
first; `python -m tests.json_schema_suite` does it by hand). A missing archive that cannot be
fetched, or one whose hash differs, is an error: the suite is never skipped for being absent.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

VERSION: Final = "4.26.0"
SHA256: Final = "0c26707e2efad8aa1bfc5b7ce170f3fccc2e4918ff85989ba9ffa9facb2be326"
ARCHIVE: Final = Path(__file__).resolve().parent.parent / ".cache" / f"jsonschema-{VERSION}.tar.gz"
TESTS_IN_ARCHIVE: Final = f"jsonschema-{VERSION}/json/tests/draft2020-12/"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch() -> Path:
    """The pinned archive in .cache/, downloaded with pip if it is not there yet."""
    if not ARCHIVE.exists():
        ARCHIVE.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            done = subprocess.run(
                [
                    sys.executable, "-m", "pip", "download", "--quiet",
                    "--disable-pip-version-check", "--no-binary", ":all:", "--no-deps",
                    f"jsonschema=={VERSION}", "--dest", tmp,
                ],
                capture_output=True,
                text=True,
            )  # fmt: skip
            if done.returncode != 0:
                raise RuntimeError(
                    f"could not download jsonschema=={VERSION} from PyPI for the JSON Schema "
                    f"Test Suite:\n{done.stdout}{done.stderr}"
                )
            Path(tmp, ARCHIVE.name).replace(ARCHIVE)
    if _sha256(ARCHIVE) != SHA256:
        raise RuntimeError(f"{ARCHIVE} does not have the pinned SHA-256 {SHA256}; delete it")
    return ARCHIVE


@dataclass(frozen=True)
class Case:
    """One test of the suite: a schema, an instance, and whether the instance is valid."""

    file: str  # relative to draft2020-12/, e.g. "optional/format/uri.json"
    group: str
    test: str
    schema: Any
    data: Any
    valid: bool

    @property
    def id(self) -> str:
        return f"{self.file}::{self.group}::{self.test}"


def cases(archive: Path) -> Iterator[Case]:
    """Every case of every draft 2020-12 file in the archive, in the archive's order."""
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            if not (member.name.startswith(TESTS_IN_ARCHIVE) and member.name.endswith(".json")):
                continue
            extracted = tar.extractfile(member)
            assert extracted is not None
            file = member.name.removeprefix(TESTS_IN_ARCHIVE)
            for group in json.loads(extracted.read().decode("utf-8")):
                for test in group["tests"]:
                    yield Case(
                        file,
                        group["description"],
                        test["description"],
                        group["schema"],
                        test["data"],
                        test["valid"],
                    )


if __name__ == "__main__":
    print(f"JSON Schema Test Suite: {fetch()}")

"""A copy of the project with an edited openapi.yaml, and the way to run its code.

The copy holds the tracked files only (`git ls-files`), as a clean clone would. Its code runs
with this venv's Python and PYTHONPATH=<copy>:<copy>/generated, which the editable install's
finder consults after PYTHONPATH, so the copy's packages are the ones imported.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from tests.evolution.edits import Edit

ROOT = Path(__file__).resolve().parents[2]
SPEC = "openapi.yaml"
CACHE = ".cache"
# Settings of the shell that would point a copy's runs at a real server or key.
_UNSET = ("BASE_URL", "API_KEY", "HIGHWAY_API_KEY", "HIGHWAY_BASE_URL", "PYTHONPATH")


def tracked_files(root: Path = ROOT) -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True, text=True
    )
    return [name for name in listed.stdout.split("\0") if name and (root / name).is_file()]


def environment(project: Path, **extra: str) -> dict[str, str]:
    """The environment in which `project`'s own packages are imported."""
    env = {k: v for k, v in os.environ.items() if k not in _UNSET}
    env["PYTHONPATH"] = os.pathsep.join([str(project), str(project / "generated")])
    return {**env, **extra}


@dataclass(frozen=True)
class Workspace:
    """A folder holding the copied project (`project`) and what its runs write beside it."""

    folder: Path

    @property
    def project(self) -> Path:
        return self.folder / "project"

    def run(self, args: list[str], timeout: float, **env: str) -> subprocess.CompletedProcess[str]:
        """`python args...` in the copy, its packages first on the path."""
        return self._run([sys.executable, *args], timeout, env)

    def make(self, targets: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
        """`make targets...` in the copy, with this venv (already installed) as the copy's. Its
        install stamp is taken as up to date (`-o`): a copy's files, newer than the stamp, would
        otherwise make it reinstall the project, pointing this venv's editable install at the
        copy."""
        installed = [f"--assume-old={stamp}" for stamp in Path(sys.prefix).glob(".installed-*")]
        command = ["make", "--no-print-directory", f"VENV={sys.prefix}", *installed, *targets]
        return self._run(command, timeout)

    def _run(
        self, command: list[str], timeout: float, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            command,
            cwd=self.project,
            env=environment(self.project, **(env or {})),
            capture_output=True,
            text=True,
            timeout=timeout,
        )


def make(folder: Path, change: Edit, files: list[str]) -> Workspace:
    """Copy `files` of the project into `folder`/project and apply `change` to its spec."""
    space = Workspace(folder)
    for name in files:
        target = space.project / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    cache = ROOT / CACHE
    if cache.is_dir():  # pinned downloads (checked by their SHA-256 where used): not fetched again
        shutil.copytree(cache, space.project / CACHE)
    path = space.project / SPEC
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return space

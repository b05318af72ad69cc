"""`make check-generated`: fail, with the diff, when generated/ is not what `make generate` makes.

A hand edit under generated/, or a change to openapi.yaml, codegen/ or the generator without
regenerating, ends here.
"""

from __future__ import annotations

import difflib
import sys
import tempfile
from pathlib import Path

from codegen.generator import DEFAULT_OUT, PACKAGE, generate


def files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def diff(committed: dict[str, bytes], fresh: dict[str, bytes]) -> list[str]:
    lines: list[str] = []
    for name in sorted(committed.keys() | fresh.keys()):
        old, new = committed.get(name), fresh.get(name)
        if old == new:
            continue
        lines += difflib.unified_diff(
            (old or b"").decode(errors="replace").splitlines(keepends=True),
            (new or b"").decode(errors="replace").splitlines(keepends=True),
            fromfile=f"generated/{PACKAGE}/{name}" if old is not None else "/dev/null",
            tofile=f"regenerated/{PACKAGE}/{name}" if new is not None else "/dev/null",
        )
    return lines


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        fresh = files(generate(Path(tmp)))
    lines = diff(files(DEFAULT_OUT / PACKAGE), fresh)
    if lines:
        sys.stdout.writelines(lines)
        print("\ngenerated/ is stale or was edited by hand: run `make generate` and commit it.")
        return 1
    print("generated/ matches openapi.yaml, codegen/ and the pinned generator.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

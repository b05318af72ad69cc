"""`make check-generated`: see codegen/drift.py."""

from codegen.drift import main

if __name__ == "__main__":
    raise SystemExit(main())

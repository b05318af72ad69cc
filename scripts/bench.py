"""`make bench`: see benchmarks/report.py."""

from benchmarks.report import main

if __name__ == "__main__":
    main()

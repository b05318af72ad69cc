"""`make compare`: see contract_tests/comparison.py."""

from contract_tests.comparison import main

if __name__ == "__main__":
    main()

"""`make generate`: see codegen/generator.py."""

from codegen.generator import main

if __name__ == "__main__":
    main()

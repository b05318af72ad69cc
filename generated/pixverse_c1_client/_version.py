# Copied from codegen/runtime/_version.py by `make generate`: edit it there, not here.
"""The client's own version, sent in its User-Agent beside the spec version it speaks."""

from typing import Final

__version__: Final = "1.1.0"

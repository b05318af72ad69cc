"""The generated endpoint modules the client calls, by their role in the contract
(codegen/roles.py). Apart from _roles.py: the endpoint modules import the runtime.

Written by scripts/generate.py from openapi.yaml; do not edit.
"""

from .api.default import create_task as create_route
from .api.default import get_task_result as result_route

__all__ = ["create_route", "result_route"]

"""The spec-evolution self-check: edit openapi.yaml in a copy of the project, regenerate, and
see that the client, the fake and the tests follow the edit with no change to the Python.

edits.py holds the edits, workspace.py the copies, probe.py what runs inside a copy, checks.py
the steps, runner.py the command (`make test-evolution`).
"""

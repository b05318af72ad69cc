"""The README's example (examples/submit_and_wait.py) runs against the fake and prints the URL."""

from __future__ import annotations

import ast
import runpy
import time
from pathlib import Path
from typing import Any

import pytest
from pixverse_c1_client import RequestValidationError
from pixverse_c1_client._validation import validate_request

from contract_tests import parameters, rules, spec
from contract_tests.fake import FakeAPI
from tests.doubles import KEY, FakeClock

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "submit_and_wait.py"
BASE_URL = "https://fake.test.invalid"


def example_request() -> Any:
    """The literal `request = {...}` of the example."""
    tree = ast.parse(EXAMPLE.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "request":
            return ast.literal_eval(node.value)
    raise AssertionError("the example assigns no request")


def test_the_example_submits_waits_and_prints_the_video_url(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Whatever the spec says of the example's request, the example does what the README says:
    a request the client allows is submitted and waited for; one it refuses (after an edit of
    the spec the example was not updated for: a rule broken, a field renamed) is refused before
    anything is sent."""
    monkeypatch.setenv("HIGHWAY_API_KEY", KEY)
    monkeypatch.setenv("HIGHWAY_BASE_URL", BASE_URL)
    clock = FakeClock()
    monkeypatch.setattr(time, "sleep", clock.sleep)  # the client's default sleep, looked up late
    fake = FakeAPI(api_key=KEY)
    try:  # the client's own judgement: the spec's rules, and no field the spec does not name
        validate_request(rules.as_sent(example_request()))
    except RequestValidationError:
        refused = True
    else:
        refused = False
    # The example gives no parameters: the spec's required ones, if any, are missing too.
    if refused or parameters.client_defaults():
        with fake.mock(BASE_URL), pytest.raises(RequestValidationError):
            runpy.run_path(str(EXAMPLE), run_name="__main__")
        assert fake.received == []
        return
    with fake.mock(BASE_URL):
        runpy.run_path(str(EXAMPLE), run_name="__main__")
    (task,) = fake.tasks.values()
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1] == f"https://cdn.example.com/videos/{task.task_id}.mp4"
    assert lines[-2] == f"status: {spec.task_life().succeeded}"
    assert clock.sleeps  # it did wait, without sleeping


def test_the_readme_shows_the_example_that_is_run() -> None:
    readme = (spec.ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- example:start -->", 1)[1].split("<!-- example:end -->", 1)[0]
    code = block.strip().removeprefix("```python").removesuffix("```").strip()
    assert code and code in EXAMPLE.read_text(encoding="utf-8")

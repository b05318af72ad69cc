"""The README's example (examples/submit_and_wait.py) runs against a fake and prints the URL."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest
import respx

from contract_tests import spec
from contract_tests.client_doubles import BASE_URL, KEY, VIDEO_URL, created, ok, task_body

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "submit_and_wait.py"


def test_the_example_submits_waits_and_prints_the_video_url(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HIGHWAY_API_KEY", KEY)
    monkeypatch.setenv("HIGHWAY_BASE_URL", BASE_URL)
    with respx.mock(base_url=BASE_URL) as router:
        create = router.post(spec.CREATE_PATH).mock(return_value=created())
        router.get(spec.RESULT_PATH).mock(return_value=ok(task_body(spec.task_life().succeeded)))
        runpy.run_path(str(EXAMPLE), run_name="__main__")
    assert create.call_count == 1
    assert create.calls.last.request.headers["Authorization"] == f"Bearer {KEY}"
    out = capsys.readouterr().out
    assert out.strip().splitlines()[-1] == VIDEO_URL
    assert KEY not in out

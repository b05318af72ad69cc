"""generated/ is reproducible, records its spec, hides the key, and can be vendored."""

from __future__ import annotations

import ast
import hashlib
import os
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pixverse_c1_client
from packaging.requirements import Requirement
from pixverse_c1_client import _contract
from pixverse_c1_client.client import AuthenticatedClient

from codegen import drift as check_generated
from codegen.generator import PACKAGE, generate
from contract_tests import parameters, spec, strategies
from tests.doubles import TASK_ID, created_body, task_body, valid_request

GENERATED = spec.ROOT / "generated" / PACKAGE
KEY = "sk-test-9f8e7d6c5b4a"


# Runs in the vendored copy: the whole client on an in-memory server, with nothing but httpx
# and attrs installed: validation, create, wait, and a typed error.
_VENDORED_USE = """
import httpx
from pixverse_c1_client import AuthenticationError, PixverseC1, RequestValidationError, _contract
from pixverse_c1_client._answers import field
from pixverse_c1_client._routes import create_route, result_route

# Where the vendored copy's own reading of the spec says each request carries the key.
AUTH = {"POST": create_route.AUTH, "GET": result_route.AUTH}

def server(request):
    auth = AUTH[request.method]
    if auth is not None and not auth.accepts(request.headers, request.url.params, "vendor-key"):
        return httpx.Response(401, json={"code": 401, "reason": "UNAUTHORIZED"})
    if request.method == "POST":
        return httpx.Response(200, json=CREATED)
    return httpx.Response(200, json=DONE)

def client(key):
    http = httpx.Client(transport=httpx.MockTransport(server))
    return PixverseC1(
        api_key=key,
        base_url="https://vendored.invalid",
        http_client=http,
        default_parameters=DEFAULTS,
    )

try:
    client("vendor-key").create_task(INVALID)
    raise SystemExit("an invalid request was sent")
except RequestValidationError:
    pass
found = client("vendor-key").generate(REQUEST, poll_interval=0.01)
assert field(found, _contract.ROLES["outputs"]), found
try:  # by a call the spec asks a key of, if any
    if AUTH["GET"] is not None:
        client("wrong-key").get_task_result(TASK_ID)
        raise SystemExit("a 401 was not raised")
    if AUTH["POST"] is not None:
        client("wrong-key").create_task(REQUEST)
        raise SystemExit("a 401 was not raised")
except AuthenticationError:
    pass
print(_contract.SPEC_SHA256)
"""


def test_package_records_the_spec_it_was_made_from() -> None:
    assert _contract.SPEC_SHA256 == hashlib.sha256(spec.SPEC_PATH.read_bytes()).hexdigest()
    assert _contract.SPEC_VERSION == spec.load()["info"]["version"]
    assert _contract.SCHEMAS == spec.schemas()


def test_the_package_root_exports_every_model_the_spec_makes() -> None:
    """Whatever the spec's schemas are named: one added, renamed or dropped changes the list."""
    models = pixverse_c1_client.models
    exported = pixverse_c1_client.__all__
    assert len(exported) == len(set(exported))  # no model hides a class of the package
    assert set(models.__all__) <= set(exported)
    for name in models.__all__:
        assert getattr(pixverse_c1_client, name) is getattr(models, name)


def test_package_is_typed() -> None:
    assert (GENERATED / "py.typed").is_file()


def test_a_one_character_edit_under_generated_is_reported(tmp_path: Path) -> None:
    edited = tmp_path / PACKAGE
    shutil.copytree(GENERATED, edited)
    client_py = edited / "client.py"
    text = client_py.read_text(encoding="utf-8")
    client_py.write_text(text.replace("Authenticated", "Authenticatex", 1), encoding="utf-8")
    committed = check_generated.files(GENERATED)
    assert check_generated.diff(committed, committed) == []
    lines = check_generated.diff(check_generated.files(edited), committed)
    assert any(line.startswith("-") and "Authenticatex" in line for line in lines)


def test_a_limit_changed_in_the_spec_without_regenerating_is_reported(tmp_path: Path) -> None:
    # Raise the first numeric limit of the spec by one: a change the generator itself ignores.
    text = spec.SPEC_PATH.read_text(encoding="utf-8")
    match = re.search(r"^(\s+maximum: )(\d+)$", text, flags=re.MULTILINE)
    assert match is not None
    changed = text[: match.start(2)] + str(int(match.group(2)) + 1) + text[match.end(2) :]
    changed_spec = tmp_path / "openapi.yaml"
    changed_spec.write_text(changed, encoding="utf-8")
    fresh = check_generated.files(generate(tmp_path / "out", spec=changed_spec))
    lines = check_generated.diff(check_generated.files(GENERATED), fresh)
    assert any("_contract.py" in line for line in lines)
    assert any(f'"maximum": {int(match.group(2)) + 1}' in line for line in lines)


def test_repr_and_str_of_the_authenticated_client_hide_the_key() -> None:
    client = AuthenticatedClient(base_url="https://api.example.com", token=KEY)
    http = client.get_httpx_client()
    for shown in (repr(client), str(client)):
        assert KEY not in shown
        assert "AuthenticatedClient" in shown
    # Not in the httpx client either: each request of an operation that needs the key gets it
    # where the spec says, as it is sent (test_generated_door.py).
    assert KEY not in repr(dict(http.headers)) + str(http.params) + repr(dict(http.cookies))


def _distribution_closure(*names: str) -> set[str]:
    """The distributions `names` need at run time, themselves included."""
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name.lower() in seen:
            continue
        seen.add(name.lower())
        for line in metadata.requires(name) or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return seen


def _site_with_only(tmp_path: Path, *names: str) -> Path:
    """A folder holding just these distributions (and what they need), as a bare site-packages."""
    site = tmp_path / "site"
    site.mkdir()
    for name in _distribution_closure(*names):
        for file in metadata.distribution(name).files or []:
            top = file.parts[0]
            source = Path(str(file.locate())).parents[len(file.parts) - 1] / top
            if top.endswith((".dist-info", ".pth")) or top == ".." or (site / top).exists():
                continue
            if source.is_dir():
                shutil.copytree(source, site / top, ignore=shutil.ignore_patterns("__pycache__"))
            elif source.suffix == ".py" or source.suffix in {".so", ".pyd"}:
                shutil.copyfile(source, site / top)
    return site


def test_a_copy_of_the_package_works_in_a_project_with_only_httpx_and_attrs(
    tmp_path: Path,
) -> None:
    vendor = tmp_path / "theirproject" / "vendor"
    shutil.copytree(GENERATED, vendor / PACKAGE, ignore=shutil.ignore_patterns("__pycache__"))
    site = _site_with_only(tmp_path, "httpx", "attrs")
    script = (
        f"REQUEST, TASK_ID, CREATED = {valid_request()!r}, {TASK_ID!r}, {created_body()!r}\n"
        f"INVALID = {next(b for _, b in strategies.refused_breaks() if isinstance(b, dict))!r}\n"
        f"DONE = {task_body(spec.task_life().succeeded)!r}\n"
        f"DEFAULTS = {parameters.client_defaults()!r}\n"
        f"assert __import__('pixverse_c1_client').__file__.startswith({str(vendor)!r})\n"
        + _VENDORED_USE
    )
    # -S and a bare environment: no site-packages; only the vendored copy and the bare site.
    done = subprocess.run(
        [sys.executable, "-S", "-c", script],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": os.pathsep.join([str(vendor), str(site)])},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == _contract.SPEC_SHA256


def test_the_package_imports_only_the_stdlib_httpx_attrs_and_itself() -> None:
    allowed = set(sys.stdlib_module_names) | {"httpx", "attrs", "__future__"}
    for path in GENERATED.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in allowed, f"{path.name} imports {name}"
    assert pixverse_c1_client.__name__ == PACKAGE

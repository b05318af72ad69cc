"""The one reading of how the spec presents the key (pixverse_c1_client._auth): each kind of
security scheme, the operation's own requirement over the root's, and a requirement the client
cannot serve with one API key failing `make generate` with the scheme's name and place."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from pixverse_c1_client import _auth, _contract

from codegen.generator import generate
from contract_tests import spec

JSON = Any


def _document(schemes: dict[str, JSON], root: JSON = None, own: JSON = None) -> JSON:
    """A document with one operation, POST /x, its own `security` when `own` is given."""
    operation = {} if own is None else {"security": own}
    found: dict[str, JSON] = {
        "components": {"securitySchemes": schemes},
        "paths": {"/x": {"post": operation, "parameters": []}},
    }
    if root is not None:
        found["security"] = root
    return found


@pytest.mark.parametrize(
    ("scheme", "place", "name", "auth_scheme"),
    [
        ({"type": "http", "scheme": "bearer"}, "header", "Authorization", "Bearer"),
        ({"type": "http", "scheme": "Token"}, "header", "Authorization", "Token"),
        ({"type": "apiKey", "in": "header", "name": "X-Key"}, "header", "X-Key", ""),
        ({"type": "apiKey", "in": "query", "name": "key"}, "query", "key", ""),
        ({"type": "apiKey", "in": "cookie", "name": "sid"}, "cookie", "sid", ""),
    ],
)
def test_each_scheme_one_key_can_serve_is_read(
    scheme: JSON, place: str, name: str, auth_scheme: str
) -> None:
    document = _document({"k": scheme}, root=[{"k": []}])
    found = _auth.presentation(document, "post", "/x")
    assert found == _auth.Presentation("k", place, name, auth_scheme)
    assert found.case_insensitive is bool(auth_scheme)


def test_the_operation_s_own_requirement_overrides_the_root_s() -> None:
    schemes = {
        "root": {"type": "http", "scheme": "bearer"},
        "own": {"type": "apiKey", "in": "header", "name": "X-Own"},
    }
    own = _auth.presentation(_document(schemes, [{"root": []}], [{"own": []}]), "post", "/x")
    assert own is not None and own.scheme == "own"
    root = _auth.presentation(_document(schemes, [{"root": []}]), "post", "/x")
    assert root is not None and root.scheme == "root"


@pytest.mark.parametrize(
    ("root", "own"),
    [(None, None), ([], None), ([{"k": []}], []), ([{"k": []}], [{}]), ([{}, {"k": []}], None)],
    ids=["none", "root-empty", "own-empty", "own-anonymous", "root-anonymous-alternative"],
)
def test_no_requirement_or_an_empty_alternative_needs_no_key(root: JSON, own: JSON) -> None:
    document = _document({"k": {"type": "http", "scheme": "bearer"}}, root, own)
    assert _auth.presentation(document, "post", "/x") is None
    assert _auth.audit(document) == []


def test_the_first_alternative_one_key_can_serve_is_taken() -> None:
    schemes = {
        "oauth": {"type": "oauth2", "flows": {}},
        "key": {"type": "apiKey", "in": "query", "name": "key"},
    }
    document = _document(schemes, [{"oauth": []}, {"key": []}])
    found = _auth.presentation(document, "post", "/x")
    assert found is not None and found.scheme == "key"
    assert _auth.audit(document) == []


UNSERVABLE: dict[str, JSON] = {
    "oauth2": {"type": "oauth2", "flows": {}},
    "openIdConnect": {"type": "openIdConnect", "openIdConnectUrl": "https://id.example/x"},
    "mutualTLS": {"type": "mutualTLS"},
    "http-basic": {"type": "http", "scheme": "basic"},
    "http-digest": {"type": "http", "scheme": "Digest"},
    "apiKey-without-in": {"type": "apiKey", "name": "key"},
}


@pytest.mark.parametrize("kind", list(UNSERVABLE))
def test_a_scheme_one_key_cannot_serve_is_named_with_its_place(kind: str) -> None:
    root = _document({"weird~name/1": UNSERVABLE[kind]}, [{"weird~name/1": []}])
    [problem] = _auth.audit(root)
    assert "'weird~name/1'" in problem
    assert "#/components/securitySchemes/weird~0name~11" in problem and "#/security/0" in problem
    with pytest.raises(_auth.UnsupportedSecurityError, match="weird"):
        _auth.presentation(root, "post", "/x")
    own = _document({"s": UNSERVABLE[kind]}, own=[{"s": []}])
    [problem] = _auth.audit(own)
    assert "#/paths/~1x/post/security/0" in problem


def test_schemes_that_apply_at_once_and_an_unknown_name_are_refused() -> None:
    schemes = {
        "a": {"type": "apiKey", "in": "header", "name": "A"},
        "b": {"type": "apiKey", "in": "header", "name": "B"},
    }
    [both] = _auth.audit(_document(schemes, [{"a": [], "b": []}]))
    assert "'a' and 'b'" in both and "#/security/0" in both
    [unknown] = _auth.audit(_document(schemes, [{"c": []}]))
    assert "'c'" in unknown and "no scheme" in unknown


@pytest.mark.parametrize("place", ["header", "query", "cookie"])
def test_a_key_presented_is_read_back_and_only_the_right_one_accepted(place: str) -> None:
    found = _auth.Presentation("k", place, "X-Key" if place == "header" else "key")
    request = found.present(httpx.Request("GET", "https://h.example/p?a=1"), "sk-1")
    assert found.presented(request.headers, request.url.params) == ("", "sk-1")
    assert found.accepts(request.headers, request.url.params, "sk-1")
    assert not found.accepts(request.headers, request.url.params, "SK-1")
    assert request.url.params["a"] == "1"
    sent = found.credentials("sk-1")
    assert found.accepts(sent.headers, sent.params, "sk-1")


def test_an_http_scheme_name_is_read_in_any_case_the_key_is_not() -> None:
    found = _auth.Presentation("k", "header", "Authorization", "Bearer")
    for written in ("bearer", "BEARER", "bEaReR"):
        sent = found.spelled(written).credentials("sk-1")
        assert found.accepts(sent.headers, sent.params, "sk-1")
    sent = found.credentials("SK-1")
    assert not found.accepts(sent.headers, sent.params, "sk-1")
    assert not found.accepts({"Authorization": "Basic sk-1"}, {}, "sk-1")


def test_the_package_holds_the_committed_spec_s_security() -> None:
    assert _contract.SECURITY == _auth.security_document(spec.load())
    assert _auth.presentations(_contract.SECURITY) == spec.key_presentations()


def _unservable_spec(tmp_path: Path, where: str) -> tuple[Path, str]:
    """The committed spec with a requirement the client cannot serve: every scheme made OAuth 2
    ("root"), or the poll's own requirement naming a new http basic scheme ("operation")."""
    document = copy.deepcopy(yaml.safe_load(spec.SPEC_PATH.read_text(encoding="utf-8")))
    schemes = document["components"]["securitySchemes"]
    if where == "root":
        name = next(iter(schemes))
        for scheme in schemes.values():
            scheme.clear()
            scheme.update({"type": "oauth2", "flows": {"clientCredentials": {
                "tokenUrl": "https://id.example/token", "scopes": {}}}})  # fmt: skip
        expected = f"'{name}' (oauth2) at #/components/securitySchemes/{name}"
    else:
        schemes["passwordAuth"] = {"type": "http", "scheme": "basic"}
        document["paths"][spec.RESULT_PATH]["get"]["security"] = [{"passwordAuth": []}]
        pointer = "#/paths/" + spec.RESULT_PATH.replace("/", "~1") + "/get/security/0"
        expected = "'passwordAuth' (http basic) at #/components/securitySchemes/passwordAuth"
        expected += ": it needs a user name and a password (RFC 7617), not one API key; "
        expected += f"required at {pointer}"
    edited = tmp_path / "openapi.yaml"
    edited.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return edited, expected


@pytest.mark.parametrize("where", ["root", "operation"])
def test_generation_fails_naming_a_scheme_the_client_cannot_serve(
    tmp_path: Path, where: str
) -> None:
    edited, expected = _unservable_spec(tmp_path, where)
    with pytest.raises(SystemExit) as caught:
        generate(tmp_path / "out", spec=edited)
    assert expected in str(caught.value)
    assert not (tmp_path / "out").exists()

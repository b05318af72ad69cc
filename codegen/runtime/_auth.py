"""How openapi.yaml says the API key is presented, read once for the client and the contract suite.

The client reads the spec's security data that `make generate` writes into `_contract.SECURITY`
(each generated endpoint module holds its operation's reading as `AUTH`); the contract suite
(the fake, the conformance session and checks, the properties, the tests) calls the very same
functions on the spec it reads (contract_tests/spec.py), so both sides present and expect the
key alike.

OpenAPI 3.1: an operation's own `security`, else the document's, lists alternatives; each names
schemes of `components.securitySchemes`, all of which apply at once. An empty list, or an empty
alternative (`{}`), lets the operation be called with no key: the client sends none there. Of
the other alternatives the client takes the first it can serve with one API key:
- `type: http` whose credentials are one token: `Authorization: <scheme> <key>` (bearer, and any
  scheme not in `_NOT_ONE_KEY`); the scheme name is case-insensitive (RFC 9110, 11.1);
- `type: apiKey` with `in: header`, `query` or `cookie`, under its `name`, the key as it is.
An operation none of whose alternatives it can serve (oauth2, openIdConnect, mutualTLS, http
basic...) fails `make generate` (`audit`), naming each scheme and where it stands.

This module imports nothing of the package, so that codegen/generator.py runs its `audit` on the
spec before anything is generated.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any, Final, Protocol

import httpx

JSON = Any
# The methods of an OpenAPI path item; its other keys (parameters, summary...) are no operations.
METHODS: Final = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
PLACES: Final = ("header", "query", "cookie")
# HTTP authentication schemes (IANA registry) whose credentials are not one key, and what they
# need instead.
_NOT_ONE_KEY: Final = {
    "basic": "a user name and a password (RFC 7617)",
    "digest": "a challenge and a response (RFC 7616)",
    "negotiate": "a GSS-API exchange (RFC 4559)",
    "hoba": "a signed challenge (RFC 7486)",
    "mutual": "a password exchange (RFC 8120)",
    "scram-sha-1": "a SCRAM exchange (RFC 7804)",
    "scram-sha-256": "a SCRAM exchange (RFC 7804)",
    "vapid": "a token signed for each push service (RFC 8292)",
    "oauth": "an OAuth 1.0 signature of each request (RFC 5849)",
    "dpop": "a proof of possession signed for each request (RFC 9449)",
}
_TYPES_NOT_ONE_KEY: Final = {
    "oauth2": "an OAuth 2.0 flow, which issues its own tokens",
    "openIdConnect": "an OpenID Connect flow, which issues its own tokens",
    "mutualTLS": "a client certificate",
}
# Characters RFC 6265 keeps out of a cookie's value (besides whitespace and controls, which no
# key holds: see _arguments.key_problem).
_NOT_IN_A_COOKIE: Final = frozenset('",;\\')


class UnsupportedSecurityError(ValueError):
    """The spec asks for credentials the client cannot present with one API key."""


@dataclass(frozen=True)
class Credentials:
    """The key as one request carries it: headers to add, query parameters to add."""

    headers: dict[str, str]
    params: dict[str, str]


@dataclass(frozen=True)
class Presentation:
    """Where and how one operation's request carries the key.

    `scheme` is its name in components.securitySchemes; `place` is header, query or cookie;
    `name` the header, query parameter or cookie; `auth_scheme` the HTTP authentication scheme
    written before the key (empty for an apiKey, which is the key alone).
    """

    scheme: str
    place: str
    name: str
    auth_scheme: str = ""

    @property
    def case_insensitive(self) -> bool:
        """Whether part of it may be written in any letter case: an HTTP scheme name (RFC 9110).
        The key never may, nor a query parameter's or a cookie's name."""
        return bool(self.auth_scheme)

    @property
    def shown(self) -> str:
        """How people read it: `Authorization: Bearer <API key>`, `the query parameter
        api_key=<API key>`..."""
        value = f"{self.auth_scheme} <API key>".lstrip()
        if self.place == "header":
            return f"{self.name}: {value}"
        return f"the {'query parameter' if self.place == 'query' else 'cookie'} {self.name}={value}"

    def spelled(self, auth_scheme: str) -> Presentation:
        """The same presentation with the scheme name written otherwise (another letter case)."""
        return replace(self, auth_scheme=auth_scheme)

    def value(self, key: str) -> str:
        return f"{self.auth_scheme} {key}" if self.auth_scheme else key

    def problem(self, key: str) -> str | None:
        """Why `key` cannot be presented here, never repeating it; None when it can."""
        if self.place == "cookie" and _NOT_IN_A_COOKIE & set(key):
            kept_out = " ".join(sorted(_NOT_IN_A_COOKIE))
            return (
                f"the API key holds a character a cookie cannot carry ({kept_out}), and "
                f"openapi.yaml presents it in the cookie {self.name}"
            )
        return None

    def credentials(self, key: str) -> Credentials:
        if self.place == "query":
            return Credentials({}, {self.name: self.value(key)})
        if self.place == "cookie":
            return Credentials({"Cookie": f"{self.name}={self.value(key)}"}, {})
        return Credentials({self.name: self.value(key)}, {})

    def present(self, request: httpx.Request, key: str) -> httpx.Request:
        """`request` carrying the key (changed in place), as it is sent."""
        if self.place == "query":
            request.url = request.url.copy_merge_params({self.name: self.value(key)})
        elif self.place == "cookie":
            pair = f"{self.name}={self.value(key)}"
            given = request.headers.get("cookie")
            request.headers["Cookie"] = f"{given}; {pair}" if given else pair
        else:
            request.headers[self.name] = self.value(key)
        return request

    def presented(
        self, headers: Mapping[str, str], params: Mapping[str, str]
    ) -> tuple[str, str] | None:
        """What a request carries here, as (scheme name as written, key); None when nothing.
        The scheme name is "" for an apiKey."""
        if self.place == "query":
            found = params.get(self.name)
        elif self.place == "cookie":
            found = _cookie(_header(headers, "cookie"), self.name)
        else:
            found = _header(headers, self.name)
        if found is None:
            return None
        if not self.auth_scheme:
            return "", found
        scheme, _, key = found.strip().partition(" ")
        return scheme, key.strip()

    def accepts(self, headers: Mapping[str, str], params: Mapping[str, str], key: str) -> bool:
        """Whether a request carries `key` as the spec says (the scheme name in any case)."""
        found = self.presented(headers, params)
        if found is None:
            return False
        scheme, given = found
        return scheme.lower() == self.auth_scheme.lower() and given == key


def _header(headers: Mapping[str, str], name: str) -> str | None:
    return next((v for k, v in headers.items() if k.lower() == name.lower()), None)


def _cookie(header: str | None, name: str) -> str | None:
    for pair in (header or "").split(";"):
        found, sign, value = pair.strip().partition("=")
        if sign and found == name:
            return value
    return None


class _Revealing(Protocol):
    def reveal(self) -> Any: ...


class KeyAuth(httpx.Auth):
    """Puts the key on each request as it is sent, where the spec says. The request's kwargs,
    the client's headers and this object's repr never hold it: no repr, log or traceback of
    them shows it, whatever the place (a key in a custom header or a URL shows in httpx's
    reprs, where only Authorization is masked)."""

    def __init__(self, presentation: Presentation, secret: _Revealing) -> None:
        self.presentation = presentation
        self._secret = secret

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        yield self.presentation.present(request, str(self._secret.reveal()))

    def __repr__(self) -> str:
        return f"KeyAuth({self.presentation.shown})"

    def __reduce__(self) -> Any:
        raise TypeError("an API key cannot be pickled")


def send_options(auth: KeyAuth | None) -> dict[str, Any]:
    """The options of httpx's `send` for a request that carries the key by `auth` (None: one
    that carries none, sent as the HTTP client would). A request with the key is never
    redirected: httpx would carry a key in a header of its own to whatever host a Location
    names (it drops only Authorization and Cookie)."""
    return {} if auth is None else {"auth": auth, "follow_redirects": False}


# --- the spec's security requirements --------------------------------------------------------


def security_document(document: JSON) -> JSON:
    """What this reading needs of an OpenAPI document: the root's `security`, each operation's
    own, and the schemes. `make generate` writes it into `_contract.SECURITY`."""
    found: dict[str, JSON] = {}
    if "security" in document:
        found["security"] = document["security"]
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    found["components"] = {"securitySchemes": schemes}
    found["paths"] = {
        path: {
            method: ({"security": op["security"]} if "security" in op else {})
            for method, op in item.items()
            if method in METHODS and isinstance(op, dict)
        }
        for path, item in (document.get("paths") or {}).items()
    }
    return found


def operations(document: JSON) -> Iterator[tuple[str, str]]:
    """(method, path) of every operation of the document."""
    for path, item in (document.get("paths") or {}).items():
        for method in item:
            if method in METHODS:
                yield method, path


def _escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


def requirement(document: JSON, method: str, path: str) -> tuple[list[JSON], str]:
    """The security requirement that applies to an operation (its own, else the root's), and
    the JSON pointer where it stands."""
    operation = document["paths"][path][method.lower()]
    if "security" in operation:
        return operation["security"], f"#/paths/{_escape(path)}/{method.lower()}/security"
    return document.get("security") or [], "#/security"


def _reading(document: JSON, name: str) -> Presentation | str:
    """The presentation of the scheme `name`, or why the client cannot serve it."""
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    scheme = schemes.get(name)
    where = f"#/components/securitySchemes/{_escape(name)}"
    if not isinstance(scheme, dict):
        return f"{name!r}, which no scheme of #/components/securitySchemes defines"
    kind = scheme.get("type")
    if kind == "http":
        http = str(scheme.get("scheme", ""))
        if not http or http.lower() in _NOT_ONE_KEY:
            need = _NOT_ONE_KEY.get(http.lower(), "a scheme name")
            return f"{name!r} (http {http}) at {where}: it needs {need}, not one API key"
        return Presentation(name, "header", "Authorization", http[:1].upper() + http[1:])
    if kind == "apiKey":
        place, header = scheme.get("in"), scheme.get("name")
        if place not in PLACES or not isinstance(header, str) or not header:
            return (
                f"{name!r} (apiKey in {place!r}, named {header!r}) at {where}: an apiKey needs "
                "`in` header, query or cookie and a `name`"
            )
        return Presentation(name, place, header)
    need = _TYPES_NOT_ONE_KEY.get(str(kind), "a scheme type OpenAPI does not define")
    return f"{name!r} ({kind}) at {where}: it needs {need}, not one API key"


def _choose(document: JSON, method: str, path: str) -> tuple[Presentation | None, list[str]]:
    """The presentation an operation takes (None: no key), or the reasons none can be served."""
    alternatives, where = requirement(document, method, path)
    if not alternatives or any(not alternative for alternative in alternatives):
        return None, []
    reasons: list[str] = []
    for index, alternative in enumerate(alternatives):
        readings = [_reading(document, name) for name in alternative]
        if len(readings) == 1 and isinstance(readings[0], Presentation):
            return readings[0], []
        if len(readings) > 1:
            names = " and ".join(repr(name) for name in alternative)
            reasons.append(
                f"{names} at {where}/{index}: they apply at once, and the client presents one key"
            )
        reasons += [f"{r}; required at {where}/{index}" for r in readings if isinstance(r, str)]
    return None, reasons


def presentation(document: JSON, method: str, path: str) -> Presentation | None:
    """How the operation's request carries the key; None when it needs none. Raises
    UnsupportedSecurityError when the client cannot present what the spec asks for."""
    found, reasons = _choose(document, method, path)
    if reasons:
        raise UnsupportedSecurityError(
            f"{method.upper()} {path} asks for credentials the client cannot present: "
            + "; ".join(reasons)
        )
    return found


def audit(document: JSON) -> list[str]:
    """Every requirement of the spec the client cannot present with one API key, each naming
    the scheme and where it stands; empty when every operation can be served."""
    problems: list[str] = []
    for method, path in operations(document):
        _, reasons = _choose(document, method, path)
        problems += [reason for reason in reasons if reason not in problems]
    return problems


def presentations(document: JSON) -> dict[tuple[str, str], Presentation | None]:
    """Every operation's presentation, by (method, path)."""
    return {(m, p): presentation(document, m, p) for m, p in operations(document)}

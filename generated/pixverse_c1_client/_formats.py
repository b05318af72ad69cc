# Copied from codegen/runtime/_formats.py by `make generate`: edit it there, not here.
"""The string formats the validator asserts, with the standard library only.

JSON Schema 2020-12 makes `format` an annotation unless a validator chooses to assert it; the
client asserts the common formats below (a spec author who writes `format: uri` means it), and
treats any other format name as the annotation the standard says it is. Each check answers
for strings only: every format ignores the other JSON types.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from typing import Final

_DATE: Final = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_TIME: Final = re.compile(
    r"(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:(z)|([+-])(\d{2}):(\d{2}))", re.ASCII | re.IGNORECASE
)
_DAYS: Final = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _leap_year(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def is_date(text: str) -> bool:
    """RFC 3339 full-date: YYYY-MM-DD, a real day of a real month."""
    match = _DATE.fullmatch(text)
    if not match:
        return False
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        return False
    last = 28 if month == 2 and not _leap_year(year) else _DAYS[month - 1]
    return 1 <= day <= last


def is_time(text: str) -> bool:
    """RFC 3339 full-time: HH:MM:SS[.frac] and an offset; a leap second only at 23:59 UTC."""
    match = _TIME.fullmatch(text)
    if not match:
        return False
    hour, minute, second = int(match[1]), int(match[2]), int(match[3])
    off_h, off_m = (0, 0) if match[4] else (int(match[6]), int(match[7]))
    if hour > 23 or minute > 59 or second > 60 or off_h > 23 or off_m > 59:
        return False
    if second == 60:
        sign = -1 if match[5] == "+" else 1
        utc = (hour * 60 + minute + sign * (off_h * 60 + off_m)) % (24 * 60)
        return utc == 23 * 60 + 59
    return True


def is_date_time(text: str) -> bool:
    """RFC 3339 date-time: full-date "T" full-time (T and Z in either case)."""
    date, sep, time = text.partition("T") if "T" in text else text.partition("t")
    return bool(sep) and is_date(date) and is_time(time)


def is_ipv4(text: str) -> bool:
    """Dotted-quad, no leading zeros, ASCII digits only (ipaddress refuses the rest)."""
    try:
        ipaddress.IPv4Address(text)
    except ValueError:
        return False
    return text.isascii()


def is_ipv6(text: str) -> bool:
    """RFC 4291 text form; a zone id (`%eth0`) is not part of an address."""
    if "%" in text or not text.isascii():
        return False
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True


_LABEL: Final = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?", re.ASCII)


def is_hostname(text: str) -> bool:
    """RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens."""
    name = text[:-1] if text.endswith(".") else text
    if not name or len(name) > 253:
        return False
    return all(_LABEL.fullmatch(label) for label in name.split("."))


_ATOM: Final = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LOCAL: Final = re.compile(rf'{_ATOM}(?:\.{_ATOM})*|"(?:[^"\\\r\n]|\\.)*"', re.ASCII)


def is_email(text: str) -> bool:
    """RFC 5321 mailbox: a dot-atom or quoted local part, then a host name or address literal."""
    local, sep, domain = text.rpartition("@")
    if not sep or not _LOCAL.fullmatch(local):
        return False
    if domain.startswith("[") and domain.endswith("]"):
        literal = domain[1:-1]
        if literal[:5].lower() == "ipv6:":
            return is_ipv6(literal[5:])
        return is_ipv4(literal)
    return is_hostname(domain)


# RFC 3986, appendix A, as regular expressions.
_HEX: Final = "[0-9A-Fa-f]"
_PCT: Final = f"%{_HEX}{_HEX}"
_UNRESERVED: Final = r"A-Za-z0-9\-._~"
_SUB_DELIMS: Final = r"!$&'()*+,;="
_PCHAR: Final = f"(?:[{_UNRESERVED}{_SUB_DELIMS}:@]|{_PCT})"
_SCHEME: Final = r"[A-Za-z][A-Za-z0-9+\-.]*"
_USERINFO: Final = f"(?:[{_UNRESERVED}{_SUB_DELIMS}:]|{_PCT})*"
_IP_LITERAL: Final = rf"\[(?:[0-9A-Fa-f:.]+|v{_HEX}+\.[{_UNRESERVED}{_SUB_DELIMS}:]+)\]"
_REG_NAME: Final = f"(?:[{_UNRESERVED}{_SUB_DELIMS}]|{_PCT})*"
_AUTHORITY: Final = f"(?:{_USERINFO}@)?(?P<host>{_IP_LITERAL}|{_REG_NAME})(?::[0-9]*)?"
_PATH_ABEMPTY: Final = f"(?:/{_PCHAR}*)*"
_PATH_ABSOLUTE: Final = f"/(?:{_PCHAR}+(?:/{_PCHAR}*)*)?"
_PATH_ROOTLESS: Final = f"{_PCHAR}+(?:/{_PCHAR}*)*"
_PATH_NOSCHEME: Final = f"(?:[{_UNRESERVED}{_SUB_DELIMS}@]|{_PCT})+(?:/{_PCHAR}*)*"
_QUERY: Final = f"(?:{_PCHAR}|[/?])*"
_HIER: Final = f"(?://{_AUTHORITY}{_PATH_ABEMPTY}|{_PATH_ABSOLUTE}|{_PATH_ROOTLESS}|)"
_RELATIVE: Final = f"(?://{_AUTHORITY}{_PATH_ABEMPTY}|{_PATH_ABSOLUTE}|{_PATH_NOSCHEME}|)"
_TAIL: Final = f"(?:\\?{_QUERY})?(?:#{_QUERY})?"
_URI: Final = re.compile(f"{_SCHEME}:{_HIER}{_TAIL}", re.ASCII)
_RELATIVE_REF: Final = re.compile(f"{_RELATIVE}{_TAIL}", re.ASCII)


def _ip_literal_ok(match: re.Match[str]) -> bool:
    host = match["host"] or ""
    if host.startswith("[") and host[1:2].lower() != "v":
        return is_ipv6(host[1:-1])
    return True


def is_uri(text: str) -> bool:
    """RFC 3986 URI: a scheme, then the hierarchical part, query and fragment."""
    match = _URI.fullmatch(text)
    return match is not None and _ip_literal_ok(match)


def is_uri_reference(text: str) -> bool:
    """RFC 3986 URI-reference: a URI or a relative reference."""
    if is_uri(text):
        return True
    match = _RELATIVE_REF.fullmatch(text)
    return match is not None and _ip_literal_ok(match)


_UUID: Final = re.compile(r"[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}", re.ASCII)


def is_uuid(text: str) -> bool:
    """RFC 4122 text form: 8-4-4-4-12 hex digits, any case."""
    return _UUID.fullmatch(text) is not None


FORMATS: Final[dict[str, Callable[[str], bool]]] = {
    "date-time": is_date_time,
    "date": is_date,
    "time": is_time,
    "email": is_email,
    "uri": is_uri,
    "uri-reference": is_uri_reference,
    "uuid": is_uuid,
    "ipv4": is_ipv4,
    "ipv6": is_ipv6,
    "hostname": is_hostname,
}

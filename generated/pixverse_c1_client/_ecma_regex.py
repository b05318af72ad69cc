# Copied from codegen/runtime/_ecma_regex.py by `make generate`: edit it there, not here.
"""ECMA-262 regular expressions (JSON Schema's `pattern` dialect) run by Python's `re`.

The two dialects share most syntax but read some of it differently. Translated here:
`\\d`, `\\w`, `\\b` are ASCII-only in ECMA-262 (re.ASCII does that); `\\s` is ECMA's own
whitespace set; `$` matches only at the very end (Python also matches before a final newline);
`.` stops at every line terminator, not only `\\n`; `\\cX` control escapes; `[^]` and `[]`;
`\\S` inside a class; named groups `(?<name>...)` and `\\k<name>`. What `re` cannot do
(Unicode property escapes `\\p{...}`) raises ValueError, so a schema using it fails generation.
"""

from __future__ import annotations

import functools
import re
from typing import Final

_SPACE_CLASS: Final = (
    "\\t\\n\\x0b\\x0c\\r \\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
)
_NOT_LINE_END: Final = "[^\\n\\r\\u2028\\u2029]"


def _escape(pattern: str, i: int, in_class: bool) -> tuple[str, int]:
    """The translation of the escape at pattern[i] (the backslash), and the index after it."""
    if i + 1 >= len(pattern):
        raise ValueError("pattern ends with a lone backslash")
    char = pattern[i + 1]
    if char == "s":
        return (_SPACE_CLASS if in_class else f"[{_SPACE_CLASS}]"), i + 2
    if char == "S":
        return f"[^{_SPACE_CLASS}]", i + 2  # in a class, _class takes it out first
    if char in "pP":
        raise ValueError(f"Unicode property escape \\{char}")
    if (
        char == "c"
        and i + 2 < len(pattern)
        and pattern[i + 2].isascii()
        and pattern[i + 2].isalpha()
    ):
        return f"\\x{ord(pattern[i + 2]) % 32:02x}", i + 3
    if char == "k" and not in_class and pattern[i + 2 : i + 3] == "<":
        end = pattern.index(">", i + 3)
        return f"(?P={pattern[i + 3 : end]})", end + 1
    if char == "u" and pattern[i + 2 : i + 3] == "{":
        end = pattern.index("}", i + 3)
        return f"\\U{int(pattern[i + 3 : end], 16):08x}", end + 1
    if char == "b" and in_class:
        return "\\x08", i + 2  # a backspace inside an ECMA class
    if char in "AZzGaNU":
        # Python-only escapes: ECMA's meaning is not that of `re`; refuse rather than guess.
        raise ValueError(f"escape \\{char} means something else in Python")
    return pattern[i : i + 2], i + 2


def _class(pattern: str, i: int) -> tuple[str, int]:
    """The translation of the class opening at pattern[i], and the index after it.

    `re` has no negated escape inside a class that stands for ECMA's `\\S`, so a class holding
    one becomes an alternation: `[a\\S]` is `(?:[a]|[^<spaces>])`.
    """
    negated = pattern.startswith("[^", i)
    i += 2 if negated else 1
    body: list[str] = []
    not_space = False
    while i < len(pattern) and pattern[i] != "]":
        if pattern.startswith("\\S", i):
            not_space, i = True, i + 2
        elif pattern[i] == "\\":
            text, i = _escape(pattern, i, True)
            body.append(text)
        else:
            body.append("\\[" if pattern[i] == "[" else pattern[i])  # ECMA: a literal
            i += 1
    if i >= len(pattern):
        raise ValueError("unterminated character class")
    inner = "".join(body)
    if not not_space:
        if not inner:
            return ("[\\s\\S]" if negated else "(?!)"), i + 1  # [^] is any, [] is none
        return (f"[^{inner}]" if negated else f"[{inner}]"), i + 1
    spaces = f"[{_SPACE_CLASS}]"
    if negated:  # neither in the class nor a non-space: a space outside the class
        return (f"(?:(?![{inner}]){spaces})" if inner else spaces), i + 1
    return (f"(?:[{inner}]|[^{_SPACE_CLASS}])" if inner else f"[^{_SPACE_CLASS}]"), i + 1


def translate(pattern: str) -> str:
    """The Python `re` pattern that matches what the ECMA-262 `pattern` matches."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            text, i = _escape(pattern, i, False)
            out.append(text)
            continue
        if char == "[":
            text, i = _class(pattern, i)
            out.append(text)
            continue
        if char == "$":
            out.append("\\Z")
        elif char == ".":
            out.append(_NOT_LINE_END)
        elif pattern.startswith("(?<", i) and pattern[i + 3 : i + 4] not in ("=", "!"):
            out.append("(?P<")
            i += 3
            continue
        elif pattern.startswith("(?P", i):
            raise ValueError("(?P...) is Python syntax, not ECMA-262")
        else:
            out.append(char)
        i += 1
    return "".join(out)


@functools.lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """A compiled ECMA-262 pattern; ValueError (re.error is one) if it cannot be run faithfully."""
    return re.compile(translate(pattern), re.ASCII)

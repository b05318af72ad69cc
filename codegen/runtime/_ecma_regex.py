"""ECMA-262 regular expressions (JSON Schema's `pattern` dialect) run by Python's `re`.

The two dialects share most syntax but read some of it differently. Translated here:
`\\d`, `\\w`, `\\b` are ASCII-only in ECMA-262 (re.ASCII does that); `\\s` is ECMA's own
whitespace set; `$` matches only at the very end (Python also matches before a final newline);
`.` stops at every line terminator, not only `\\n`; `\\cX` control escapes; `[^]` and `[]`;
named groups `(?<name>...)` and `\\k<name>`. What `re` cannot do (Unicode property escapes
`\\p{...}`, `\\S` inside a class) raises ValueError, so a schema using it fails generation.
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
        if in_class:
            raise ValueError("\\S inside a character class")
        return f"[^{_SPACE_CLASS}]", i + 2
    if char in "pP":
        raise ValueError(f"Unicode property escape \\{char}")
    if char == "c" and i + 2 < len(pattern) and pattern[i + 2].isascii() and pattern[i + 2].isalpha():
        return f"\\x{ord(pattern[i + 2]) % 32:02x}", i + 3
    if char == "k" and not in_class and pattern[i + 2 : i + 3] == "<":
        end = pattern.index(">", i + 3)
        return f"(?P={pattern[i + 3 : end]})", end + 1
    if char == "u" and pattern[i + 2 : i + 3] == "{":
        end = pattern.index("}", i + 3)
        return f"\\U{int(pattern[i + 3 : end], 16):08x}", end + 1
    if char in "AZzGaNU" or (char == "b" and in_class):
        # Python-only escapes (and \b, a backspace in an ECMA class): ECMA's meaning is
        # not that of `re`; refuse rather than guess.
        raise ValueError(f"escape \\{char} means something else in Python")
    return pattern[i : i + 2], i + 2


def translate(pattern: str) -> str:
    """The Python `re` pattern that matches what the ECMA-262 `pattern` matches."""
    out: list[str] = []
    i, in_class = 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            text, i = _escape(pattern, i, in_class)
            out.append(text)
            continue
        if in_class:
            if char == "]":
                in_class = False
            elif char == "[":
                char = "\\["  # a literal in ECMA; Python warns of nested sets
            out.append(char)
        elif char == "[":
            if pattern.startswith("[^]", i):
                out.append("[\\s\\S]")
                i += 3
                continue
            if pattern.startswith("[]", i):
                out.append("(?!)")
                i += 2
                continue
            in_class = True
            out.append(char)
            if pattern.startswith("[^", i):
                out.append("^")
                i += 1
        elif char == "$":
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
    if in_class:
        raise ValueError("unterminated character class")
    return "".join(out)


@functools.lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """A compiled ECMA-262 pattern; ValueError (re.error is one) if it cannot be run faithfully."""
    return re.compile(translate(pattern), re.ASCII)

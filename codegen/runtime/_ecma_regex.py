"""ECMA-262 regular expressions (JSON Schema's `pattern` dialect) run by Python's `re`.

The two dialects share most syntax but read some of it differently. Translated here:
`\\d`, `\\w`, `\\b` are ASCII-only in ECMA-262 (re.ASCII does that); `\\s` is ECMA's own
whitespace set; `$` matches only at the very end (Python also matches before a final newline);
`.` stops at every line terminator, not only `\\n`; `\\cX` control escapes; `[^]` and `[]`;
`\\S` inside a class; named groups `(?<name>...)` and `\\k<name>`; Unicode property escapes
`\\p{...}` and `\\P{...}` of a General_Category by its exact name (`\\p{L}`, `\\p{Letter}`,
`\\p{gc=Nd}`, `\\p{digit}`) and of `Any`, `ASCII`, `Assigned`, spelt out as the code point
ranges of this Python's Unicode database. What `re` cannot do (a `\\p{Script=Greek}`, a class
range that starts or ends at a property escape) raises ValueError, so a schema using it fails
generation.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
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
    if char in "pP":  # in a class, _class reads it first
        ranges, end = _property(pattern, i)
        return (f"[{ranges}]" if char == "p" else f"[^{ranges}]"), end
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

    `re` has no negated escape inside a class that stands for ECMA's `\\S` or `\\P{...}`, so a
    class holding one becomes an alternation: `[a\\S]` is `(?:[a]|[^<spaces>])`.
    """
    negated = pattern.startswith("[^", i)
    i += 2 if negated else 1
    body: list[str] = []
    complements: list[str] = []  # the sets whose complements the class holds
    while i < len(pattern) and pattern[i] != "]":
        if pattern.startswith("\\S", i):
            complements.append(_SPACE_CLASS)
            i += 2
        elif pattern.startswith(("\\p", "\\P"), i):
            if len(body) > 1 and body[-1] == "-":
                raise ValueError("a class range cannot end at a property escape")
            negated_escape = pattern[i + 1] == "P"
            ranges, i = _property(pattern, i)
            if pattern[i : i + 1] == "-" and pattern[i + 1 : i + 2] != "]":
                raise ValueError("a class range cannot start at a property escape")
            (complements if negated_escape else body).append(ranges)
        elif pattern[i] == "\\":
            text, i = _escape(pattern, i, True)
            body.append(text)
        else:
            body.append("\\[" if pattern[i] == "[" else pattern[i])  # ECMA: a literal
            i += 1
    if i >= len(pattern):
        raise ValueError("unterminated character class")
    inner = "".join(body)
    if not complements:
        if not inner:
            return ("[\\s\\S]" if negated else "(?!)"), i + 1  # [^] is any, [] is none
        return (f"[^{inner}]" if negated else f"[{inner}]"), i + 1
    if negated:  # in none of the class: not in `inner`, and in each of the complemented sets
        outside = f"(?![{inner}])" if inner else ""
        inside = "".join(f"(?=[{each}])" for each in complements[:-1])
        return f"(?:{outside}{inside}[{complements[-1]}])", i + 1
    either = ([f"[{inner}]"] if inner else []) + [f"[^{each}]" for each in complements]
    return f"(?:{'|'.join(either)})", i + 1


# Unicode's names of the General_Category values (PropertyValueAliases.txt): each short name
# and its long names. A one-letter group takes in the categories its letter starts; LC is in
# _GROUPS.
_CATEGORY_NAMES: Final = {
    "C": ("Other",),
    "Cc": ("Control", "cntrl"),
    "Cf": ("Format",),
    "Cn": ("Unassigned",),
    "Co": ("Private_Use",),
    "Cs": ("Surrogate",),
    "L": ("Letter",),
    "LC": ("Cased_Letter",),
    "Ll": ("Lowercase_Letter",),
    "Lm": ("Modifier_Letter",),
    "Lo": ("Other_Letter",),
    "Lt": ("Titlecase_Letter",),
    "Lu": ("Uppercase_Letter",),
    "M": ("Mark", "Combining_Mark"),
    "Mc": ("Spacing_Mark",),
    "Me": ("Enclosing_Mark",),
    "Mn": ("Nonspacing_Mark",),
    "N": ("Number",),
    "Nd": ("Decimal_Number", "digit"),
    "Nl": ("Letter_Number",),
    "No": ("Other_Number",),
    "P": ("Punctuation", "punct"),
    "Pc": ("Connector_Punctuation",),
    "Pd": ("Dash_Punctuation",),
    "Pe": ("Close_Punctuation",),
    "Pf": ("Final_Punctuation",),
    "Pi": ("Initial_Punctuation",),
    "Po": ("Other_Punctuation",),
    "Ps": ("Open_Punctuation",),
    "S": ("Symbol",),
    "Sc": ("Currency_Symbol",),
    "Sk": ("Modifier_Symbol",),
    "Sm": ("Math_Symbol",),
    "So": ("Other_Symbol",),
    "Z": ("Separator",),
    "Zl": ("Line_Separator",),
    "Zp": ("Paragraph_Separator",),
    "Zs": ("Space_Separator",),
}
_GROUPS: Final = {"LC": ("Ll", "Lt", "Lu")}
_BINARY: Final = ("Any", "ASCII", "Assigned")


_BY_NAME: Final = {
    alias: short for short, names in _CATEGORY_NAMES.items() for alias in (short, *names)
}


def _property(pattern: str, i: int) -> tuple[str, int]:
    """The code point ranges (a class body) of the `\\p{...}` or `\\P{...}` at pattern[i], and
    the index after it; the caller negates `\\P`. Names are exact, as ECMA-262 has them."""
    if pattern[i + 2 : i + 3] != "{" or "}" not in pattern[i + 3 :]:
        raise ValueError(f"\\{pattern[i + 1]} without a {{name}}")
    end = pattern.index("}", i + 3)
    name = pattern[i + 3 : end]
    key, equals, value = name.partition("=")
    if equals and key not in ("gc", "General_Category"):
        raise ValueError(f"Unicode property escape \\p{{{name}}}: only General_Category is known")
    if not equals and key in _BINARY:
        return _binary(key), end + 1
    short = _BY_NAME.get(value if equals else key)
    if short is None:
        raise ValueError(f"Unicode property escape \\p{{{name}}}: no such General_Category")
    return _category_ranges(short), end + 1


def _binary(name: str) -> str:
    if name == "Any":
        return _ranges([(0, sys.maxunicode)])
    if name == "ASCII":
        return _ranges([(0, 0x7F)])
    return _ranges(_complement(_category_spans("Cn")))  # Assigned


@functools.cache
def _category_ranges(short: str) -> str:
    return _ranges(_category_spans(short))


@functools.cache
def _category_spans(short: str) -> list[tuple[int, int]]:
    """The code point spans of a category, or of every category of a group (`L`, `LC`)."""
    members = _GROUPS.get(short) or tuple(c for c in _CATEGORY_NAMES if c.startswith(short))
    taken = frozenset(c for c in members if len(c) == 2)
    spans: list[tuple[int, int]] = []
    for point in range(sys.maxunicode + 1):
        if unicodedata.category(chr(point)) in taken:
            if spans and spans[-1][1] == point - 1:
                spans[-1] = (spans[-1][0], point)
            else:
                spans.append((point, point))
    return spans


def _complement(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    found, start = [], 0
    for low, high in spans:
        if low > start:
            found.append((start, low - 1))
        start = high + 1
    return found + ([(start, sys.maxunicode)] if start <= sys.maxunicode else [])


def _ranges(spans: list[tuple[int, int]]) -> str:
    """A class body of `\\U` escapes for these spans of code points."""
    return "".join(
        f"\\U{low:08x}" if low == high else f"\\U{low:08x}-\\U{high:08x}" for low, high in spans
    )


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
    """A compiled ECMA-262 pattern; ValueError if it cannot be run faithfully, re.error if `re`
    cannot compile its translation."""
    return re.compile(translate(pattern), re.ASCII)

"""User text is data: names and descriptions may not carry control characters.

A scenario's name and description reach terminals, charts, HTML pages and the run folder's
``scenario.yaml``. Control characters (an escape that starts an OSC or ANSI sequence, a NUL, a
line or paragraph separator, a lone surrogate, a bidirectional override) would change what
those show or break what reads them back, so they are refused where the schema reads the text;
``terminal_safe`` escapes any that reach terminal output by another road (a damaged folder).
"""

from __future__ import annotations

import unicodedata

_REFUSED_CATEGORIES = ("Cc", "Cs", "Zl", "Zp")
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)

MAX_NAME_CHARS = 200
"""Longest name (scenario, donor): one line of a chart title or terminal table."""
MAX_TEXT_CHARS = 5000
"""Longest description: a class handout's paragraph, not a document."""


def is_refused(char: str, *, multiline: bool = False) -> bool:
    """Whether a character may not appear in user text (newline and tab allowed if multiline)."""
    if multiline and char in "\n\t":
        return False
    return unicodedata.category(char) in _REFUSED_CATEGORIES or char in _BIDI_CONTROLS


def text_problem(value: str, *, multiline: bool, limit: int) -> str | None:
    """What is wrong with a piece of user text, or None."""
    for i, char in enumerate(value):
        if is_refused(char, multiline=multiline):
            allowed = " (newlines and tabs are allowed)" if multiline else ""
            return (
                f"must not contain control characters; character {i + 1} is "
                f"{_describe(char)}{allowed}"
            )
    if len(value) > limit:
        return f"must be at most {limit:,} characters (got {len(value):,})"
    return None


def _describe(char: str) -> str:
    code = f"U+{ord(char):04X}"
    try:
        return f"{code} ({unicodedata.name(char)})"
    except ValueError:
        return code


def terminal_safe(text: str, *, multiline: bool = True) -> str:
    """Text with every refused character written as a visible escape (a backslash code)."""
    if not any(is_refused(c, multiline=multiline) for c in text):
        return text
    return "".join(_escape(c) if is_refused(c, multiline=multiline) else c for c in text)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

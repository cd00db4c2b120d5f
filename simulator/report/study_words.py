"""Words and numbers shared by the terminal tables of compare, sweep and sensitivity.

The derived indicators are shown as "any settlement" and "any agreement" with a key saying what
each adds up; a paired difference is printed in percentage points to one decimal, never as
"-0.0", and starred only when its interval, as printed, lies wholly on one side of zero.
"""

from __future__ import annotations

import textwrap

from simulator.analysis import DERIVED_NAMES
from simulator.rules import AGREEMENT_CODES, OUTCOMES, SETTLEMENT_CODES

WIDTH = 80
"""Terminal lines stay within this many characters, so nothing wraps on a classroom terminal."""

STAR_NOTE = (
    "* the 95 % paired interval, as printed, lies wholly above or wholly below zero: a "
    "difference larger than chance alone would give (no star: it cannot be told from zero)."
)


def _sum(codes: tuple[int, ...]) -> str:
    return " + ".join(OUTCOMES[code] for code in codes)


DERIVED_KEY = (
    f"any settlement = {_sum(SETTLEMENT_CODES)} (a settlement was signed, held or not). "
    f"any agreement = {_sum(AGREEMENT_CODES)} (a settlement or a ceasefire, held or not); a "
    "run that agreed and later escalated counts as escalation."
)
"""The key under a table whose rows are the six outcomes and the two derived indicators: what
each derived row adds up (``analysis.DEFINITIONS`` in the form of a sum of rows)."""


def row_name(indicator: str) -> str:
    """An indicator as a table row: an outcome by its name, a derived one by its plain name."""
    return DERIVED_NAMES.get(indicator, indicator)


def wrap(text: str, indent: str = "") -> list[str]:
    """A paragraph as terminal lines of at most ``WIDTH`` characters."""
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent)


def tenths(value: float) -> float:
    """A value rounded to the one decimal the tables print (``-0.0`` becomes ``0.0``)."""
    return round(value, 1) + 0.0


def points(share: float, signed: bool = True) -> str:
    """A share (0–1) in percentage points to one decimal: ``+1.5``, ``-0.4``, ``0.0``."""
    value = tenths(100.0 * share)
    if value == 0.0:
        return "0.0"
    return f"{value:+.1f}" if signed else f"{value:.1f}"


def excludes_zero(ci95: list[float]) -> bool:
    """Whether an interval of shares, printed in points to one decimal, lies off zero."""
    low, high = (tenths(100.0 * x) for x in ci95)
    return low > 0.0 or high < 0.0


def definition_lines() -> list[str]:
    """What any settlement and any agreement add up, as lines for under a table."""
    return wrap(DERIVED_KEY)

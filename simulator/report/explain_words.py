"""Numbers in words for ``negsim explain``: printed numbers, packages, red lines, dates, names.

A number is printed with a true minus sign and with decimals enough that two printed numbers
show the comparison a rule made; ``parse_shown`` reads one back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from simulator.rules import ISSUES

ISSUE_SHORT = {
    "neutrality": "neutrality",
    "territory": "territory",
    "armed_forces": "forces",
    "western_aid": "aid",
    "sanctions": "sanctions",
    "security_guarantees": "guarantees",
}
PARTY_NAME = {"russia": "Russia", "ukraine": "Ukraine", "us": "the US"}
POSSESSIVE = {"russia": "Russia's", "ukraine": "Ukraine's", "us": "the US"}
OTHER = {"russia": "ukraine", "ukraine": "russia"}
PACKAGE_OF = {
    "us": "the US package",
    "russia": "Russia's counter-offer",
    "ukraine": "Ukraine's counter-offer",
}
"""Whose package a signed settlement was: the US proposal, or one side's counter-offer."""


def fmt(x: float, decimals: int, signed: bool = False) -> str:
    """A number as printed: fixed decimals, a true minus sign, '+' when ``signed``."""
    text = f"{x:+.{decimals}f}" if signed else f"{x:.{decimals}f}"
    if float(text) == 0.0:  # no "−0.000"
        text = f"{0.0:+.{decimals}f}" if signed else f"{0.0:.{decimals}f}"
    return text.replace("-", "−")


def parse_shown(text: str) -> float:
    """Read back a number as printed by ``fmt`` (true minus sign)."""
    return float(text.replace("−", "-"))


def enough_decimals(pairs: Iterable[tuple[float, float]], least: int) -> int:
    """Fewest decimals (>= ``least``) at which every pair prints with the order it really has."""
    pairs = list(pairs)
    for d in range(least, 10):
        if all((round(a, d) >= round(b, d)) == (a >= b) for a, b in pairs):
            return d
    return 9


def signed_margin(margin: float, least: int = 3) -> str:
    """A margin compared with zero, printed so its sign is the one the rule saw."""
    return fmt(margin, enough_decimals([(margin, 0.0)], least), signed=True)


def red_line_text(red: dict, whose: str) -> str:
    """A crossed red line by name, with decimals enough to show it is crossed.

    ``whose`` is a possessive ("Russia's", "its"). Russia's ``min: front`` reads "never give
    back ground it holds", with the front it holds.
    """
    low_first = red["bound"] == "at least"  # crossed means value < limit, else limit < value
    pair = (red["value"], red["limit"]) if low_first else (red["limit"], red["value"])
    d = enough_decimals([pair], 2)
    value, limit = f"{red['value']:.{d}f}", f"{red['limit']:.{d}f}"
    if red.get("meaning"):
        return (
            f"{red['issue']} at {value} crosses {whose} red line `{red['line']}` "
            f"({red['meaning']}: it holds {limit})"
        )
    return f"{red['issue']} at {value} crosses {whose} red line of {red['bound']} {limit}"


def span(a: float, b: float, decimals: int, signed: bool = False) -> str:
    """``a→b``, or just ``a`` when both print the same."""
    first, last = fmt(a, decimals, signed), fmt(b, decimals, signed)
    return first if first == last else f"{first}→{last}"


def package_text(package: Iterable[float]) -> str:
    """A package on all six issues, compact (0 = Ukraine's pole, 1 = Russia's)."""
    return ", ".join(f"{ISSUE_SHORT[k]} {v:.2f}" for k, v in zip(ISSUES, package, strict=True))


def weeks_text(n: int) -> str:
    """A number of weeks in words: ``1 week``, ``3 weeks``."""
    return f"{n} week" if n == 1 else f"{n} weeks"


def ground_text(change_pp: float) -> str:
    """Russia's gain or loss of the claimed regions since week 0, in percentage points."""
    if abs(change_pp) < 0.005:
        return "no ground has changed hands since week 0"
    verb = "gained" if change_pp > 0 else "lost"
    return f"Russia has {verb} {abs(change_pp):.2f} pp of the claimed regions since week 0"


def percent(share: float) -> str:
    """A small probability as a percentage with two significant decimals (``0.21 %``)."""
    return f"{100 * share:.2f} %"


def date_text(day: dt.date) -> str:
    """A date as the story prints it: ``3 Mar 2025``."""
    return f"{day.day} {day:%b %Y}"

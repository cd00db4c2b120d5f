"""Scenario values as a person reads them: true/false, plain numbers, distributions in words.

Reports show what a teacher would write in the YAML, so booleans are ``true``/``false`` (never
Python's ``True``), numbers lose float noise (``0.30000000000000004`` reads ``0.3``), a
distribution reads "uniform 0.7–0.9", a donor "Canada: £1,300 m in week 0, ...".
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

from simulator.scenario import FRONT

SIGNIFICANT = 6
"""Significant digits of a shown number: more than any scenario states, fewer than float noise."""


def number(x: float | int) -> str:
    """A number at sensible precision: ``0.3``, ``0.0012``, ``500``, ``1,300``; ints unchanged."""
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, int):
        return str(x)
    if not math.isfinite(x):
        return str(x)
    text = f"{x:.{SIGNIFICANT}g}"
    if "e" in text:  # very small or very large: write it out, as the YAML would
        text = f"{float(text):.12f}".rstrip("0").rstrip(".")
    if abs(x) >= 1000:
        whole, _, frac = text.partition(".")
        text = f"{int(whole):,}" + (f".{frac}" if frac else "")
    return text


def _as_dict(value: Any) -> Any:
    return value.model_dump(mode="json") if hasattr(value, "model_dump") else value


def is_distribution(value: Any) -> bool:
    """Whether a value (validated or as written in YAML) is a distribution."""
    data = _as_dict(value)
    return isinstance(data, dict) and "dist" in data


def distribution_words(value: Any, show: Callable[[float], str] = number) -> str:
    """A distribution in words: "uniform 0.7–0.9", "triangular 0.3–0.7, most likely 0.5"."""
    d = _as_dict(value)
    kind = d.get("dist", "")
    if kind == "uniform":
        return f"uniform {show(d['low'])}–{show(d['high'])}"
    if kind == "triangular":
        return f"triangular {show(d['low'])}–{show(d['high'])}, most likely {show(d['mode'])}"
    if kind == "normal":
        return f"normal, mean {show(d['mean'])}, sd {show(d['sd'])} (kept in the allowed range)"
    if kind == "beta":
        return f"beta a = {number(d['a'])}, b = {number(d['b'])} over the allowed range"
    return ", ".join(f"{k} {v}" for k, v in d.items())


def value_words(value: Any, path: str = "") -> str:
    """Any scenario value as text a person reads (``path`` names it, for the few special words)."""
    if value is None:
        return "none"
    if isinstance(value, bool | int | float):
        return number(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if is_distribution(value):
        return distribution_words(value)
    if value == FRONT and path.endswith("red_lines.territory.min"):
        return "front (never give back ground it holds)"
    if isinstance(value, list | tuple):
        return ", ".join(value_words(v) for v in value) if value else "none"
    if isinstance(value, dict):
        return "; ".join(f"{k} = {value_words(v, str(k))}" for k, v in value.items())
    return str(value)


def _pounds(x: float) -> str:
    return f"£{number(x)}"


def donor_words(donor: Any) -> str:
    """One donor's package: "Canada: £1,300 m in week 0, at the front from week 4"."""
    d = _as_dict(donor)
    amount = d["amount_gbp_m"]
    money = (
        distribution_words(amount, _pounds) + " m"
        if is_distribution(amount)
        else f"{_pounds(amount)} m"
    )
    week, lag = d.get("week", 0), d.get("lag_weeks", 0)
    return f"{d['name']}: {money} in week {week}, at the front from week {week + lag}"


def event_words(event: Any) -> str:
    """One timeline event: "from week 8: actors.us.pressure_on_russia = uniform 0.7–0.9"."""
    d = _as_dict(event)
    sets = "; ".join(f"{path} = {value_words(v, path)}" for path, v in d["set"].items())
    known = " (announced in advance)" if d.get("announced") else ""
    return f"from week {d['week']}{known}: {sets}"

"""Proportions, paired differences and median intervals shared by compare, sweep and sensitivity.

Every study reports the same indicators (the six outcomes, "any settlement" and "any
agreement") with the same intervals: 95 % Wilson intervals for a probability, paired normal
intervals for a difference on common random numbers, and an order-statistic interval for a
median week.
"""

from __future__ import annotations

import numpy as np

from simulator.montecarlo import Z95, wilson_interval
from simulator.rules import AGREEMENT, AGREEMENT_CODES, OUTCOMES, SETTLEMENT_CODES

SETTLEMENT = "settlement"
"""The derived indicator "any settlement": a settlement was signed (held or broke down)."""

DERIVED: dict[str, tuple[int, ...]] = {SETTLEMENT: SETTLEMENT_CODES, AGREEMENT: AGREEMENT_CODES}
"""Derived indicators and the outcome codes each counts."""

INDICATORS: tuple[str, ...] = (*OUTCOMES, *DERIVED)


def indicator_codes(name: str) -> tuple[int, ...]:
    """The outcome codes an indicator counts (one for an outcome, several for a derived one)."""
    return DERIVED.get(name) or (OUTCOMES.index(name),)


def indicator(outcome: np.ndarray, name: str) -> np.ndarray:
    """Per-run 0/1 of an indicator, from per-run outcome codes."""
    return np.isin(outcome, indicator_codes(name))


def indicator_count(counts, name: str) -> int:
    """An indicator's count from the outcome counts (indexed by outcome code)."""
    return int(sum(counts[code] for code in indicator_codes(name)))


def first_agreement_week(ceasefire_week: np.ndarray, settlement_week: np.ndarray) -> np.ndarray:
    """Week of the first ceasefire or settlement, whichever came first (-1: neither)."""
    big = np.iinfo(np.int64).max
    c = np.where(ceasefire_week >= 0, ceasefire_week, big)
    s = np.where(settlement_week >= 0, settlement_week, big)
    first = np.minimum(c, s)
    return np.where(first == big, -1, first).astype(np.int64)


def proportion(indicator: np.ndarray) -> dict:
    """Count, probability and 95 % Wilson interval of a 0/1 array."""
    n = int(indicator.size)
    count = int(np.count_nonzero(indicator))
    low, high = wilson_interval(count, n)
    return {
        "count": count,
        "probability": round(count / n, 6) if n else 0.0,
        "ci95": [round(low, 6), round(high, 6)],
    }


def paired_difference(reference: np.ndarray, other: np.ndarray) -> dict:
    """Mean of per-run differences ``other - reference`` with its paired 95 % interval."""
    d = other.astype(np.float64) - reference.astype(np.float64)
    n = int(d.size)
    mean = float(d.mean()) if n else 0.0
    sd = float(d.std(ddof=1)) if n > 1 else 0.0
    half = Z95 * sd / np.sqrt(n) if n else 0.0
    return {
        "difference": round(mean, 6),
        "ci95": [round(mean - half, 6), round(mean + half, 6)],
        "reference_only": int(np.count_nonzero(d < 0)),
        "other_only": int(np.count_nonzero(d > 0)),
        "n": n,
    }


def median_interval(weeks: np.ndarray) -> dict:
    """Median of the weeks of the runs where the event happened (week >= 0), with a 95 % interval.

    The interval is the order-statistic one: ranks n/2 ± 1.96 √n / 2 of the sorted weeks.
    """
    x = np.sort(weeks[weeks >= 0])
    n = int(x.size)
    if n == 0:
        return {"n": 0, "median": None, "ci95": [None, None]}
    half = Z95 * np.sqrt(n) / 2.0
    low = int(np.clip(np.floor(n / 2.0 - half), 0, n - 1))
    high = int(np.clip(np.ceil(n / 2.0 + half), 0, n - 1))
    return {"n": n, "median": float(np.median(x)), "ci95": [float(x[low]), float(x[high])]}

"""Proportions, paired differences and median intervals shared by compare, sweep and sensitivity.

Every study reports the same indicators (the six outcomes, "any settlement" and "any
agreement") with the same intervals: 95 % Wilson intervals for a probability, paired normal
intervals for a difference on common random numbers, and an order-statistic interval for a
median week. Each derived indicator and each median week has one name and one definition
here (``DEFINITIONS``, ``MEDIAN_WEEKS``), which every terminal table and page quotes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.montecarlo import Z95, wilson_interval
from simulator.rules import AGREEMENT, AGREEMENT_CODES, OUTCOMES, SETTLEMENT_CODES

SETTLEMENT = "settlement"
"""The derived indicator "any settlement": a settlement was signed (held or broke down)."""

DERIVED: dict[str, tuple[int, ...]] = {SETTLEMENT: SETTLEMENT_CODES, AGREEMENT: AGREEMENT_CODES}
"""Derived indicators and the outcome codes each counts."""

INDICATORS: tuple[str, ...] = (*OUTCOMES, *DERIVED)

DERIVED_NAMES: dict[str, str] = {SETTLEMENT: "any settlement", AGREEMENT: "any agreement"}
"""The name a derived indicator is shown by."""

DEFINITIONS: dict[str, str] = {
    SETTLEMENT: (
        "the run ends in comprehensive_settlement or settlement_collapsed (a settlement was "
        "signed, whether it held or broke down)"
    ),
    AGREEMENT: (
        "the run ends in comprehensive_settlement, settlement_collapsed, ceasefire_holding or "
        "ceasefire_collapsed (a settlement or a ceasefire, held or not); a run that agreed and "
        "later escalated ends in escalation and is not counted"
    ),
}
"""What each derived indicator counts, in the words every table and page uses."""

MEDIAN_WEEK = "median_agreement_week"
"""The sensitivity study's median week of first agreement (runs without one at the horizon)."""


@dataclass(frozen=True)
class MedianWeek:
    """A median week a study reports: its key, its name as shown, and its one definition.

    ``{weeks}`` in the name or definition stands for the horizon (``words`` fills it in).
    """

    key: str
    name: str
    definition: str

    def words(self, weeks: int) -> tuple[str, str]:
        """The name and the definition for a study over ``weeks`` weeks."""
        return self.name.format(weeks=weeks), self.definition.format(weeks=weeks)


MEDIAN_WEEKS: dict[str, MedianWeek] = {
    m.key: m
    for m in (
        MedianWeek(
            "agreement_week",
            "median week of first agreement (runs with one)",
            "the median week in which the first agreement (a ceasefire or a settlement, "
            "whichever came first) started, over the runs that reached one, also those that "
            "later escalated; runs with none are left out, and n counts the runs with one",
        ),
        MedianWeek(
            "settlement_week",
            "median week of first settlement (runs with one)",
            "the median week in which the first settlement was signed, over the runs that "
            "signed one (held or broke down, also those that later escalated); runs with none "
            "are left out",
        ),
        MedianWeek(
            MEDIAN_WEEK,
            "median week of first agreement, runs without one counted at week {weeks}",
            "the median week of the first agreement (a ceasefire or a settlement) over all "
            "runs, a run without one counted as week {weeks} (the horizon); defined at every "
            "sample point, it equals the horizon when more than half of the runs never agree",
        ),
    )
}
"""Each median week of compare, sweep (``agreement_week``, ``settlement_week``) and sensitivity
(``median_agreement_week``): three quantities, three names. Weeks count from week 0, the start
date."""


WEEK_KEYS = ("agreement_week", "settlement_week")
"""The median weeks of compare and sweep, over the runs that had the event."""


def study_definitions() -> dict[str, str]:
    """The ``definitions`` of a comparison or sweep document: derived indicators, median weeks."""
    derived = {k: f"{DERIVED_NAMES[k]}: {DEFINITIONS[k]}" for k in DERIVED}
    weeks = {k: "{}: {}".format(*MEDIAN_WEEKS[k].words(0)) for k in WEEK_KEYS}
    return derived | weeks


def indicator_label(name: str) -> str:
    """What an indicator's probability is, in plain words (for a document's ``label``)."""
    if name in DERIVED:
        return f"share of runs with {DERIVED_NAMES[name]}: {DEFINITIONS[name]}"
    return f"share of runs whose outcome is {name}"


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

"""Aggregation of Monte Carlo runs into mergeable tallies, and ``summary.json``.

Everything a summary or a chart needs is kept as counts and fixed-bin histograms, which merge
across blocks by addition: memory does not grow with the number of runs, and the result does
not depend on how blocks were spread over workers (they are merged in block order).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from simulator.rules import FLOAT, ISSUES, METRICS, OUTCOMES

Z95 = 1.959963984540054
"""The two-sided 95 % quantile of the standard normal, used by every interval negsim shows."""


@dataclass
class Hist:
    """A fixed-bin histogram with an exact count and sum (exact mean, binned quantiles).

    Values outside the bins are counted in the end bins and also in ``below`` and ``above``,
    so a quantile that falls among them is reported as unknown (None), not as the end bin.
    """

    low: float
    width: float
    bins: int
    integer: bool = False
    counts: np.ndarray = field(default=None)  # type: ignore[assignment]
    total: float = 0.0
    n: int = 0
    below: int = 0
    above: int = 0

    def __post_init__(self):
        if self.counts is None:
            self.counts = np.zeros(self.bins, dtype=np.int64)

    def add(self, values: np.ndarray) -> None:
        """Add values (NaNs are skipped)."""
        values = np.asarray(values, dtype=FLOAT)
        values = values[~np.isnan(values)]
        if values.size == 0:
            return
        position = np.clip((values - self.low) / self.width, -1.0, float(self.bins))
        index = np.clip(position.astype(np.int64), 0, self.bins - 1)
        self.counts += np.bincount(index, minlength=self.bins)
        self.below += int(np.count_nonzero(position < 0))
        self.above += int(np.count_nonzero(position >= self.bins))
        with np.errstate(over="ignore"):  # an overflowing sum is inf: describe() says None
            self.total += float(np.sum(values))
        self.n += int(values.size)

    def merge(self, other: Hist) -> None:
        """Add another histogram of the same bins."""
        self.counts += other.counts
        self.total += other.total
        self.n += other.n
        self.below += other.below
        self.above += other.above

    def quantile(self, q: float) -> float | None:
        """The q-quantile: the smallest bin whose cumulative share reaches q (its value/centre)."""
        if self.n == 0:
            return None
        rank = q * self.n - 1e-9
        if (self.below and rank < self.below) or (self.above and rank >= self.n - self.above):
            return None  # among the values beyond the bins: not known from the histogram
        index = int(np.searchsorted(np.cumsum(self.counts), rank))
        if self.integer:
            return float(self.low + index * self.width)
        value = self.low + (index + 0.5) * self.width
        return round(value, max(0, int(-np.floor(np.log10(self.width))) + 1))

    def describe(self) -> dict:
        """``n``, ``mean``, ``p10``, ``p50``, ``p90`` (None where unknown, never inf or NaN)."""
        mean = self.total / self.n if self.n else None
        if mean is not None and not np.isfinite(mean):
            mean = None
        return {
            "n": self.n,
            "mean": None if mean is None else round(mean, 6),
            "p10": self.quantile(0.1),
            "p50": self.quantile(0.5),
            "p90": self.quantile(0.9),
        }


WEEK_METRICS = ("ceasefire_week", "settlement_week", "agreement_end_week", "truce_week")
"""Per-run weeks of a first event: counted only over the runs where it happened."""


def metric_hists(weeks: int) -> dict[str, Hist]:
    """The per-run metrics of ``summary.json`` and their bins."""
    hists = {name: Hist(0, 1, weeks + 1, integer=True) for name in WEEK_METRICS}
    hists["truce_weeks"] = Hist(0, 1, weeks + 1, integer=True)
    for issue in ISSUES:
        hists[f"terms.{issue}"] = Hist(0.0, 0.0005, 2001)
    hists |= {
        "kursk_control_final": Hist(0.0, 0.0005, 2001),
        "territory_change": Hist(-50.0, 0.005, 20001),
        "casualties.russia": Hist(0.0, 0.1, 100001),
        "casualties.ukraine": Hist(0.0, 0.1, 100001),
        "aid_paused_weeks": Hist(0, 1, weeks + 1, integer=True),
        "proposals": Hist(0, 1, 8 * weeks + 1, integer=True),
        "belief.russia_about_ukraine": Hist(0.0, 0.0005, 2001),
        "belief.ukraine_about_russia": Hist(0.0, 0.0005, 2001),
    }
    return hists


# Per-week variables for the charts: (low, high, bins).
WEEKLY_VARIABLES: dict[str, tuple[float, float, int]] = {
    "kursk_control": (0.0, 1.0, 50),
    "territory_change": (-10.0, 10.0, 200),
    "momentum": (-1.0, 1.0, 80),
    "russia.fight_value": (-0.5, 1.0, 300),
    "ukraine.fight_value": (-0.5, 1.0, 300),
    "russia.table_value": (-0.5, 1.0, 300),
    "ukraine.table_value": (-0.5, 1.0, 300),
    "belief_error.russia_about_ukraine": (-0.5, 0.5, 200),
    "belief_error.ukraine_about_russia": (-0.5, 0.5, 200),
    "us_aid_delivered": (0.0, 1.0, 20),
    "casualties.russia": (0.0, 1000.0, 200),
    "casualties.ukraine": (0.0, 1000.0, 200),
}
# Per-run metrics whose whole histogram is kept in ``weekly.npz`` for the charts.
FINAL_HISTS: tuple[str, ...] = (*(f"terms.{issue}" for issue in ISSUES), "aid_paused_weeks")
WEEKLY_COUNTS = (
    "ceasefire_active",
    "first_ceasefire",
    "settled",
    "ever_settled",
    "escalated",
    "aid_paused",
    "truce_active",
    "at_war",
)
"""Runs per week: in a ceasefire, ever had one, under a settlement, ever signed one, escalated,
with US aid paused, under a partial truce, and fighting (neither ceasefire, settlement nor
escalation) — the time-to-event shares are these over the runs."""


class Weekly:
    """Per-week histograms of the battlefield and the parties' values, and per-week counts."""

    def __init__(self, weeks: int):
        self.weeks = weeks
        self.hists = {
            name: np.zeros((weeks, bins), dtype=np.int64)
            for name, (_, _, bins) in WEEKLY_VARIABLES.items()
        }
        self.counts = {name: np.zeros(weeks, dtype=np.int64) for name in WEEKLY_COUNTS}

    def add(self, week: int, name: str, values: np.ndarray) -> None:
        """Add one week's values of a variable (NaN: no value that week, not counted)."""
        low, high, bins = WEEKLY_VARIABLES[name]
        values = values[~np.isnan(values)]
        index = np.clip(((values - low) / (high - low) * bins).astype(np.int64), 0, bins - 1)
        self.hists[name][week] += np.bincount(index, minlength=bins)

    def merge(self, other: Weekly) -> None:
        """Add another block's weekly tallies."""
        for name in self.hists:
            self.hists[name] += other.hists[name]
        for name in self.counts:
            self.counts[name] += other.counts[name]

    def to_arrays(self) -> dict[str, np.ndarray]:
        """Flat arrays for ``weekly.npz``: ``hist.<var>``, ``edges.<var>``, ``count.<name>``."""
        out = {f"count.{k}": v for k, v in self.counts.items()}
        for name, (low, high, bins) in WEEKLY_VARIABLES.items():
            out[f"hist.{name}"] = self.hists[name]
            out[f"edges.{name}"] = np.linspace(low, high, bins + 1)
        return out

    @classmethod
    def from_arrays(cls, arrays) -> Weekly:
        """Rebuild from ``weekly.npz`` (for ``negsim chart``)."""
        weeks = len(arrays["count.settled"])
        weekly = cls(weeks)
        for name in WEEKLY_VARIABLES:
            weekly.hists[name] = np.asarray(arrays[f"hist.{name}"])
        for name in WEEKLY_COUNTS:
            weekly.counts[name] = np.asarray(arrays[f"count.{name}"])
        return weekly

    def band(self, name: str, quantiles=(0.1, 0.5, 0.9)) -> np.ndarray:
        """Per-week quantiles of a variable from its histogram, shape (len(quantiles), weeks)."""
        low, high, bins = WEEKLY_VARIABLES[name]
        width = (high - low) / bins
        hist = self.hists[name]
        cum = np.cumsum(hist, axis=1)
        total = cum[:, -1:]
        out = np.full((len(quantiles), self.weeks), np.nan)
        for i, q in enumerate(quantiles):
            index = np.argmax(cum >= np.maximum(q * total, 1), axis=1)
            out[i] = np.where(total[:, 0] > 0, low + (index + 0.5) * width, np.nan)
        return out


def wilson_interval(count: int, n: int, z: float = Z95) -> tuple[float, float]:
    """95 % Wilson score interval of a binomial proportion, exact at the edges.

    The bounds always satisfy ``0 <= low <= count / n <= high <= 1``: with no successes the
    lower bound is exactly 0 and with all successes the upper bound is exactly 1 (the formula
    gives them only up to rounding, e.g. 2.2e-19, which drew negative error bars). No runs at
    all gives the whole range (0, 1).
    """
    if n <= 0:
        return (0.0, 1.0)
    if not 0 <= count <= n:
        raise ValueError(f"count must be between 0 and n = {n}, got {count}")
    p = count / n
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    low = 0.0 if count == 0 else min(p, max(0.0, centre - half))
    high = 1.0 if count == n else max(p, min(1.0, centre + half))
    return (float(low), float(high))


def described(name: str, hist: Hist) -> dict:
    """A metric of ``summary.json``: its statistics, then its ``unit`` and plain-words ``label``."""
    metric = METRICS[name]
    return {**hist.describe(), "unit": metric.unit, "label": metric.label}


class Tally:
    """Everything the summary and charts need from a set of runs; merges across blocks."""

    def __init__(self, weeks: int):
        self.weeks = weeks
        self.runs = 0
        self.outcomes = np.zeros(len(OUTCOMES), dtype=np.int64)
        self.first_week: dict[str, int] = {"ukraine_accepts": 0, "russia_accepts": 0}
        self.metrics = metric_hists(weeks)
        self.weekly = Weekly(weeks)

    def merge(self, other: Tally) -> None:
        """Add another block's tally."""
        self.runs += other.runs
        self.outcomes += other.outcomes
        for k, count in other.first_week.items():
            self.first_week[k] = self.first_week.get(k, 0) + count
        for k, h in self.metrics.items():
            h.merge(other.metrics[k])
        self.weekly.merge(other.weekly)

    def folder_arrays(self) -> dict[str, np.ndarray]:
        """What ``weekly.npz`` keeps: the weekly tallies and the per-run histograms charts draw.

        ``final.<metric>`` are the fixed-bin counts of a per-run metric (settled terms, weeks of
        aid pause) and ``final_edges.<metric>`` their bin edges, so ``negsim chart`` can draw
        distributions without ``runs.csv``.
        """
        out = self.weekly.to_arrays()
        for name in FINAL_HISTS:
            hist = self.metrics[name]
            out[f"final.{name}"] = hist.counts
            out[f"final_edges.{name}"] = hist.low + hist.width * np.arange(hist.bins + 1)
        return out

    def outcome_table(self) -> dict:
        """Each outcome's count, probability and 95 % Wilson interval."""
        table = {}
        for name, count in zip(OUTCOMES, self.outcomes, strict=True):
            low, high = wilson_interval(int(count), self.runs)
            table[name] = {
                "count": int(count),
                "probability": round(int(count) / self.runs, 6) if self.runs else 0.0,
                "ci95": [round(low, 6), round(high, 6)],
            }
        return table

    def summary(self, **header) -> dict:
        """The ``summary.json`` document (nothing in it depends on wall time or workers)."""
        return {
            **header,
            "runs": self.runs,
            "outcomes": self.outcome_table(),
            "metrics": {k: described(k, h) for k, h in self.metrics.items()},
            "first_week_responses": {
                k: round(v / self.runs, 6) if self.runs else 0.0 for k, v in self.first_week.items()
            },
        }

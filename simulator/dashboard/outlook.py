"""The dashboard's Monte Carlo results: an outlook per set of settings, kept in a shared cache.

An ``Outlook`` is what the page shows for one set of settings: each outcome's share of runs with
its 95 % interval, the time to agreement and the agreed terms. Runs are cached by (scenario,
overrides, runs), least recently used dropped first, so moving a slider back is instant.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from simulator.dashboard.levers import DEFAULT_RUNS
from simulator.dashboard.picker import loaded_source
from simulator.dashboard.settings import overrides, set_args
from simulator.montecarlo import Tally, run_monte_carlo, wilson_interval
from simulator.rules import ISSUES, OUTCOMES
from simulator.scenario import Loaded, load_scenario

CACHE_SIZE = 48


@dataclass(frozen=True)
class OutcomeRow:
    """One outcome's share of runs with its 95 % Wilson interval."""

    name: str
    count: int
    probability: float
    low: float
    high: float


@dataclass
class Outlook:
    """What the page shows for one set of settings: outcomes, timing, terms."""

    scenario: str
    runs: int
    seed: int
    weeks: int
    start_date: dt.date
    rows: list[OutcomeRow]
    tally: Tally = field(repr=False)
    seconds: float = 0.0
    key: tuple = ()  # (scenario source, --set arguments, runs): identifies the settings

    def probability(self, name: str) -> float:
        """Share of runs ending in outcome ``name``."""
        return next(r.probability for r in self.rows if r.name == name)


def outcome_rows(tally: Tally) -> list[OutcomeRow]:
    """Every outcome, in the order of ``OUTCOMES``, with its interval."""
    rows = []
    for name, count in zip(OUTCOMES, tally.outcomes, strict=True):
        low, high = wilson_interval(int(count), tally.runs)
        rows.append(OutcomeRow(name, int(count), int(count) / tally.runs, low, high))
    return rows


def agreement_curves(outlook: Outlook) -> dict[str, np.ndarray]:
    """Cumulative share of runs with a first ceasefire / a settlement by each week, with bands."""
    runs = outlook.runs
    out: dict[str, np.ndarray] = {"week": np.arange(outlook.weeks)}
    for name in ("first_ceasefire", "settled"):
        counts = outlook.tally.weekly.counts[name]
        bands = np.array([wilson_interval(int(c), runs) for c in counts])
        out[name] = counts / runs
        out[f"{name}.low"] = bands[:, 0]
        out[f"{name}.high"] = bands[:, 1]
    return out


def terms_summary(outlook: Outlook) -> dict[str, dict]:
    """Per issue: n, mean, p10, p50, p90 of the agreed terms (comprehensive settlements only)."""
    return {issue: outlook.tally.metrics[f"terms.{issue}"].describe() for issue in ISSUES}


class RunCache:
    """Monte Carlo results by (scenario, overrides, runs), least recently used dropped first."""

    def __init__(self, size: int = CACHE_SIZE):
        self.size = size
        self._items: OrderedDict[tuple, Outlook] = OrderedDict()
        self._lock = threading.Lock()  # browser sessions share the cache

    def get(self, source: str, args: tuple[str, ...], runs: int) -> Outlook:
        """The outlook for these settings, simulated on first request."""
        with self._lock:
            return self._get((source, args, runs))

    def _get(self, key: tuple) -> Outlook:
        source, args, runs = key
        if key in self._items:
            self._items.move_to_end(key)
            return self._items[key]
        start = time.perf_counter()
        loaded = load_scenario(source, list(args))
        tally = run_monte_carlo(loaded.scenario, runs)
        sim = loaded.scenario.simulation
        outlook = Outlook(
            scenario=loaded.scenario.name,
            runs=runs,
            seed=sim.seed,
            weeks=sim.weeks,
            start_date=sim.start_date,
            rows=outcome_rows(tally),
            tally=tally,
            seconds=time.perf_counter() - start,
            key=key,
        )
        self._items[key] = outlook
        while len(self._items) > self.size:
            self._items.popitem(last=False)
        return outlook


CACHE = RunCache()


def outlook_for(loaded: Loaded, settings: dict[str, Any]) -> Outlook:
    """Run (or recall) the Monte Carlo for the current settings."""
    args = set_args(
        {k: v for k, v in overrides(loaded, settings).items() if k != "simulation.runs"}
    )
    return CACHE.get(loaded_source(loaded), args, int(settings.get("runs", DEFAULT_RUNS)))

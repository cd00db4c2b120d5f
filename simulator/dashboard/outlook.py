"""The dashboard's Monte Carlo results: an outlook per set of settings, kept in a shared cache.

An ``Outlook`` is what the page shows for one set of settings: each outcome's share of runs with
its 95 % interval, the share of runs at war, under a ceasefire, settled or escalated week by week
(time to event), and the agreed terms. Runs are cached by (scenario,
its content, overrides, runs), least recently used dropped first, so moving a slider back is
instant; ``RunCache`` says how sessions share it without waiting for each other.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from simulator.dashboard.levers import DEFAULT_RUNS
from simulator.dashboard.picker import loaded_source
from simulator.dashboard.settings import overrides, scenario_with, set_args
from simulator.dashboard.shared_cache import SharedCache
from simulator.montecarlo import Tally, run_monte_carlo, wilson_interval
from simulator.rules import ISSUES, OUTCOMES
from simulator.scenario import Loaded, Scenario

CACHE_SIZE = 48
"""Outlooks kept; each holds a tally of a few hundred kB."""

PARALLEL_RUNS = 2
"""Monte Carlo runs going at once, over all sessions (one per core of a classroom laptop)."""


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
    """What the page shows for one set of settings: outcomes, states by week, terms."""

    scenario: str
    runs: int
    seed: int
    weeks: int
    start_date: dt.date
    rows: list[OutcomeRow]
    tally: Tally = field(repr=False)
    seconds: float = 0.0
    key: tuple = ()  # (source, scenario hash, --set arguments, runs): identifies the settings

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


STATES: tuple[str, ...] = ("at_war", "ceasefire_active", "settled", "escalated")
"""Where each run stands at the end of a week (``Tally.weekly.counts``): the shares sum to 1."""

TRUCE = "truce_active"
"""Runs under a partial truce: it does not stop the war, so it is shown beside the states."""


STATE_LABELS = {
    "at_war": "at war",
    "ceasefire_active": "under a ceasefire",
    "settled": "settled (holding)",
    "escalated": "escalated",
    "truce_active": "partial truce in force",
}
"""What a run is in at the end of a week, in the words of the shares table and chart."""


def state_shares(outlook: Outlook) -> dict[str, np.ndarray]:
    """Share of runs in each state (and under a partial truce) at the end of each week.

    Each share comes with its 95 % Wilson interval (``<name>.low``, ``<name>.high``): time to
    event as a class reads it, "by week 20, a third of the runs are still at war".
    """
    runs = outlook.runs
    out: dict[str, np.ndarray] = {"week": np.arange(outlook.weeks)}
    for name in (*STATES, TRUCE):
        counts = outlook.tally.weekly.counts[name]
        bands = np.array([wilson_interval(int(c), runs) for c in counts]).reshape(-1, 2)
        out[name] = counts / runs
        out[f"{name}.low"] = bands[:, 0]
        out[f"{name}.high"] = bands[:, 1]
    return out


def belief_bands(outlook: Outlook) -> dict[str, np.ndarray]:
    """Per week, the 10th, 50th and 90th percentile over runs of each side's belief error.

    The error is a side's mean belief about the other's resolve minus the other's true resolve
    (``belief_error.russia_about_ukraine``, ``belief_error.ukraine_about_russia``): fighting and
    rejections should move it toward 0. Keyed ``russia`` and ``ukraine`` by the believer.
    """
    out: dict[str, np.ndarray] = {"week": np.arange(outlook.weeks)}
    for holder, other in (("russia", "ukraine"), ("ukraine", "russia")):
        out[holder] = outlook.tally.weekly.band(f"belief_error.{holder}_about_{other}")
    return out


def marked_weeks(weeks: int) -> list[int]:
    """Weeks elapsed at which the shares table reads the states: each quarter, and the horizon."""
    return sorted({*range(13, weeks, 13), weeks}) if weeks > 0 else []


def terms_summary(outlook: Outlook) -> dict[str, dict]:
    """Per issue: n, mean, p10, p50, p90 of the terms of signed settlements (held or broken)."""
    return {issue: outlook.tally.metrics[f"terms.{issue}"].describe() for issue in ISSUES}


class RunCache:
    """Monte Carlo results by settings key, shared by sessions (a ``SharedCache`` of outlooks).

    At most ``parallel`` runs go at once, whatever the number of sessions, and at most one per
    key; with runs capped at 10,000 (``RUN_CHOICES``) that bounds the work the page can be
    asked for. A run that fails is not kept: the next request tries again.
    """

    def __init__(
        self,
        size: int = CACHE_SIZE,
        simulate: Callable[[Scenario, int], Tally] = run_monte_carlo,
        parallel: int = PARALLEL_RUNS,
    ):
        self.simulate = simulate
        self.kept: SharedCache[Outlook] = SharedCache(size, parallel)

    def peek(self, key: tuple) -> Outlook | None:
        """The outlook for ``key`` if it is already known (never starts a run)."""
        return self.kept.peek(key)

    def get(self, key: tuple, scenario: Callable[[], Scenario], runs: int) -> Outlook:
        """The outlook for ``key``: recalled, awaited from another session, or simulated now."""
        return self.kept.get(key, lambda: self._simulate(key, scenario(), runs))

    def _simulate(self, key: tuple, scenario: Scenario, runs: int) -> Outlook:
        start = time.perf_counter()
        tally = self.simulate(scenario, runs)
        sim = scenario.simulation
        return Outlook(
            scenario=scenario.name,
            runs=runs,
            seed=sim.seed,
            weeks=sim.weeks,
            start_date=sim.start_date,
            rows=outcome_rows(tally),
            tally=tally,
            seconds=time.perf_counter() - start,
            key=key,
        )


CACHE = RunCache()


def outlook_key(loaded: Loaded, settings: dict[str, Any]) -> tuple:
    """What identifies the settings' results: scenario, its content, the changes, the runs."""
    changes = {k: v for k, v in overrides(loaded, settings).items() if k != "simulation.runs"}
    runs = int(settings.get("runs", DEFAULT_RUNS))
    return (loaded_source(loaded), loaded.sha256, set_args(changes), runs), changes


def outlook_for(loaded: Loaded, settings: dict[str, Any], cache: RunCache = CACHE) -> Outlook:
    """Run (or recall) the Monte Carlo for the current settings of the loaded scenario."""
    key, changes = outlook_key(loaded, settings)
    return cache.get(key, lambda: scenario_with(loaded, changes), key[-1])

"""The sample points of a sensitivity study: building each point's scenario and running it.

A point is the base scenario with some parameters fixed. Every point runs with the scenario's
seed (common random numbers: run i sees the same dice at every point), through the one executor.

A private resolve (given as a distribution: drawn per run, and the other sides' prior) is not
fixed in the actor's block, which would make it common knowledge. A point sets its true value
with a week-0 timeline event instead, so the others still hold the stated prior; points that do
not fix it get the same event with the stated distribution, so every point of the study has the
same timeline and hence the same random streams.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from simulator.analysis.sensitivity_factors import DUMMY
from simulator.analysis.statistics import INDICATORS, indicator_count, median_interval
from simulator.montecarlo import BlockResult, ordered_map, run_monte_carlo
from simulator.scenario import Loaded, Scenario, ScenarioError, validate_document


class PointBuilder:
    """Builds the validated scenario of one sample point: the base with some values fixed.

    ``private`` names the private resolves the study varies: each is set by a week-0 event.
    """

    def __init__(self, loaded: Loaded, private: Sequence[str] = ()):
        self.loaded = loaded
        events = loaded.raw.get("timeline") or []
        # Scenario.timeline is sorted by week (stable): map its index back to the file's order.
        self.event_index = sorted(range(len(events)), key=lambda j: events[j]["week"])
        self.private = {path: _raw_value(loaded.raw, path) for path in private}

    def scenario(self, values: dict[str, float]) -> Scenario:
        """The base scenario with each named parameter fixed; raises ``ScenarioError``."""
        raw = copy.deepcopy(self.loaded.raw)
        for name, value in values.items():
            if name != DUMMY and name not in self.private:
                self._set(raw, name, float(value))
        if self.private:
            # After the file's events: their indices, and so their random streams, stay put.
            raw["timeline"] = [*(raw.get("timeline") or []), *self._truths(values)]
        try:
            return validate_document(raw, self.loaded.origin, self.loaded.source)
        except ScenarioError as exc:
            fixed = ", ".join(f"{k}={v:g}" for k, v in values.items() if k != DUMMY)
            raise ScenarioError(f"{exc} (at the sample point {fixed})") from None

    def _truths(self, values: dict[str, float]) -> list[dict]:
        """One week-0 event per private resolve: its true value here, or the stated draw."""
        return [
            {
                "week": 0,
                "set": {path: float(values[path]) if path in values else copy.deepcopy(stated)},
            }
            for path, stated in self.private.items()
        ]

    def _set(self, raw: dict, name: str, value: float) -> None:
        parts = name.split(".")
        if parts[0] == "timeline":
            event = raw["timeline"][self.event_index[int(parts[1])]]
            event["set"][".".join(parts[2:])] = value
            return
        node = raw
        for part in parts[:-1]:
            if isinstance(node, list):
                node = node[int(part)]
                continue
            child = node.get(part)
            if not isinstance(child, dict | list):
                child = {}
                node[part] = child
            node = child
        node[parts[-1]] = value


def _raw_value(raw: dict, path: str):
    """The value at a dotted path of the merged document (a distribution stays a mapping)."""
    node = raw
    for part in path.split("."):
        node = node[part]
    return copy.deepcopy(node)


@dataclass
class PointResult:
    """What one sample point produced: outcome counts and the median week of first agreement."""

    runs: int
    counts: list[int]  # by outcome code
    agreements: int
    median_week: float
    median_ci: tuple[float, float]  # 95 % order-statistic interval of the median

    def count(self, name: str) -> int:
        """Runs ending in an outcome, or in any settlement or any agreement."""
        return indicator_count(self.counts, name)

    def outputs(self) -> np.ndarray:
        """The study's outputs here: the indicators' probabilities, then the median week."""
        return np.array([*(self.count(k) / self.runs for k in INDICATORS), self.median_week])


def evaluate_point(scenario: Scenario, runs: int) -> PointResult:
    """Run one point ``runs`` times with the scenario's seed (the same dice at every point)."""
    firsts: list[np.ndarray] = []
    horizon = scenario.simulation.weeks

    def on_block(result: BlockResult) -> None:
        rec = result.records
        cease, settle = rec["ceasefire_week"], rec["settlement_week"]
        never = np.int64(horizon)
        first = np.minimum(np.where(cease >= 0, cease, never), np.where(settle >= 0, settle, never))
        firsts.append(first)

    tally = run_monte_carlo(scenario, runs, 1, on_block, keep_records=True)
    median = median_interval(np.concatenate(firsts))  # every run counts (none: the horizon)
    return PointResult(
        runs=tally.runs,
        counts=[int(c) for c in tally.outcomes],
        agreements=int(np.count_nonzero(np.concatenate(firsts) < horizon)),
        median_week=median["median"],
        median_ci=tuple(median["ci95"]),
    )


def iter_points(
    scenarios: Sequence[Scenario], runs: int, workers: int = 1, dask: str | None = None
) -> Iterator[PointResult]:
    """Yield every point's result in order, through the executor (here, pool or Dask).

    Parallel work is spread over points (one task per point, each running the block runner in
    one process), since a point is usually a single block. Results do not depend on where a
    point ran. Close the iterator (or let an exception pass) to stop the workers.
    """
    tasks = [(scenario, runs) for scenario in scenarios]
    return ordered_map(evaluate_point, tasks, workers, dask, name="point")


def evaluate_points(
    scenarios: Sequence[Scenario],
    runs: int,
    workers: int = 1,
    on_point: Callable[[], None] | None = None,
    dask: str | None = None,
) -> list[PointResult]:
    """Every point's result, in order; ``on_point`` is called as each one arrives."""
    results: list[PointResult] = []
    with contextlib.closing(iter_points(scenarios, runs, workers, dask)) as points:
        for result in points:
            results.append(result)
            if on_point:
                on_point()
    return results

"""One scenario's per-run outcomes, kept in run order so scenarios can be paired run by run.

Compare and sweep run every scenario with the same seed (common random numbers): run i of each
draws the same random streams, so the per-run indicators of two scenarios can be differenced.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.analysis.statistics import first_agreement_week, indicator
from simulator.montecarlo import BlockResult, run_monte_carlo
from simulator.scenario import Loaded


@dataclass
class ScenarioRuns:
    """One scenario's per-run outcome codes and event weeks (-1: none), in run order.

    ``agreement_week`` is the week of the first ceasefire or settlement, ``settlement_week``
    the week the first settlement was signed (whether or not it held).
    """

    label: str
    loaded: Loaded
    outcome: np.ndarray
    agreement_week: np.ndarray
    settlement_week: np.ndarray

    def indicator(self, name: str) -> np.ndarray:
        """Per-run 0/1 of an outcome, of any settlement or of any agreement."""
        return indicator(self.outcome, name)


def collect_runs(loaded: Loaded, label: str, workers: int = 1) -> ScenarioRuns:
    """Run a scenario and keep, per run, its outcome and its weeks of agreement and settlement."""
    scenario = loaded.scenario
    outcomes: list[np.ndarray] = []
    agreed: list[np.ndarray] = []
    settled: list[np.ndarray] = []

    def keep(result: BlockResult) -> None:
        records = result.records
        outcomes.append(np.asarray(records["outcome"], dtype=np.int8))
        agreed.append(first_agreement_week(records["ceasefire_week"], records["settlement_week"]))
        settled.append(np.asarray(records["settlement_week"], dtype=np.int64))

    run_monte_carlo(scenario, scenario.simulation.runs, workers, keep, keep_records=True)
    return ScenarioRuns(
        label,
        loaded,
        np.concatenate(outcomes),
        np.concatenate(agreed),
        np.concatenate(settled),
    )

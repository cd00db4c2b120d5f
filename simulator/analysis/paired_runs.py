"""One scenario's per-run outcomes, kept in run order so scenarios can be paired run by run.

Compare and sweep run every scenario with the same seed (common random numbers): run i of each
draws the same random streams, so the per-run indicators of two scenarios can be differenced.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.analysis.statistics import first_agreement_week
from simulator.montecarlo import BlockResult, run_monte_carlo
from simulator.rules import AGREEMENT, AGREEMENT_CODES, OUTCOMES
from simulator.scenario import Loaded


@dataclass
class ScenarioRuns:
    """One scenario's per-run outcome codes and first-agreement weeks (-1: none), in run order."""

    label: str
    loaded: Loaded
    outcome: np.ndarray
    agreement_week: np.ndarray

    def indicator(self, name: str) -> np.ndarray:
        """Per-run 0/1 of an outcome (or of any agreement)."""
        if name == AGREEMENT:
            return np.isin(self.outcome, AGREEMENT_CODES)
        return self.outcome == OUTCOMES.index(name)


def collect_runs(loaded: Loaded, label: str, workers: int = 1) -> ScenarioRuns:
    """Run a scenario and keep, per run, its outcome and its week of first agreement."""
    scenario = loaded.scenario
    outcomes: list[np.ndarray] = []
    weeks: list[np.ndarray] = []

    def keep(result: BlockResult) -> None:
        records = result.records
        outcomes.append(np.asarray(records["outcome"], dtype=np.int8))
        weeks.append(first_agreement_week(records["ceasefire_week"], records["settlement_week"]))

    run_monte_carlo(scenario, scenario.simulation.runs, workers, keep, keep_records=True)
    return ScenarioRuns(label, loaded, np.concatenate(outcomes), np.concatenate(weeks))

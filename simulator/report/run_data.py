"""What a finished run folder keeps for its charts, as one plain data object.

``RunData`` holds the folder's summary, weekly aggregates and resolved scenario; reading a folder
back into it is the folders layer's job (``simulator.folders.read_back``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from simulator.montecarlo import Weekly
from simulator.report.figures import footer_text
from simulator.scenario import Scenario

STATES = ("escalated", "settled", "ceasefire_active", "at_war")
"""The weekly counts that split the runs: each run is in exactly one of these each week."""


@dataclass
class RunData:
    """What a run folder keeps for its charts."""

    folder: Path
    summary: dict
    weekly: Weekly
    arrays: dict[str, np.ndarray]
    scenario: Scenario

    @property
    def name(self) -> str:
        """Scenario name."""
        return self.summary["scenario"]

    @property
    def runs(self) -> int:
        """Number of Monte Carlo runs."""
        return int(self.summary["runs"])

    @property
    def start_date(self) -> dt.date:
        """Calendar date of week 0."""
        return dt.date.fromisoformat(self.summary.get("start_date", "2025-03-13"))

    def state_shares(self) -> dict[str, np.ndarray]:
        """Each week's share of runs in each state (escalated, settled, ceasefire, at war).

        The four states split every run every week (a run after a collapsed ceasefire or a
        broken settlement is at war again), so the shares sum to 1; ``read_back`` refuses a
        folder whose counts do not.
        """
        runs = max(self.runs, 1)
        return {key: self.weekly.counts[key] / runs for key in STATES}

    def footer(self) -> str:
        """The footer every chart carries, because charts get cropped and shared."""
        return footer_text(self.name, self.runs, self.summary["seed"], self.summary["version"])

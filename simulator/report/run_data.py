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

    def footer(self) -> str:
        """The footer every chart carries, because charts get cropped and shared."""
        return footer_text(self.name, self.runs, self.summary["seed"], self.summary["version"])

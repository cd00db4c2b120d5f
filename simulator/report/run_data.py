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

VALUE_CHARS = 40
"""The longest ``--set`` value a footer shows whole; a longer one ends in "…" (keys stay whole)."""
CHANGES_CHARS = 160
"""The most characters of changes a footer lists; the rest are counted ("… and 3 more")."""


def scenario_label(summary: dict) -> str:
    """The scenario's name, and how many ``--set`` changes made it: ``baseline + 2 changes``.

    A folder written before ``summary.json`` recorded its changes reads as its bare name.
    """
    count = len(summary.get("changes") or [])
    if not count:
        return summary["scenario"]
    return f"{summary['scenario']} + {count} change{'s' if count > 1 else ''}"


def changes_text(changes: list[str], limit: int = CHANGES_CHARS) -> str:
    """The ``--set`` changes as ``a=1, b=2``, shortened with "…" to fit a footer.

    A long value ends in "…" (keys stay whole); changes past ``limit`` characters are counted.
    """
    short = [_short_change(change) for change in changes]
    for keep in range(len(short), 0, -1):
        rest = len(short) - keep
        more = f", … and {rest} more (summary.json lists all)" if rest else ""
        text = ", ".join(short[:keep]) + more
        if len(text) <= limit or keep == 1:
            return text
    return ""


def _short_change(change: str) -> str:
    key, equals, value = change.partition("=")
    if len(value) > VALUE_CHARS:
        value = value[: VALUE_CHARS - 1] + "…"
    return key + equals + value


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
    def changes(self) -> list[str]:
        """The ``--set KEY=VALUE`` changes the run was made with, as typed, in order."""
        return [str(change) for change in self.summary.get("changes") or []]

    @property
    def label(self) -> str:
        """The name charts are titled with: ``baseline``, or ``baseline + 2 changes``."""
        return scenario_label(self.summary)

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
        """The footer every chart carries, because charts get cropped and shared.

        It lists the ``--set`` changes (shortened when long), so a changed scenario is never
        mistaken for the one it was made from.
        """
        summary = self.summary
        changes = changes_text(self.changes)
        return footer_text(self.name, self.runs, summary["seed"], summary["version"], "", changes)

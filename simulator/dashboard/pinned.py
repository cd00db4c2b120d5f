"""The pinned scenario the page compares with: the shipped scenario by default, or settings pinned.

"Before the last change" only ever showed the previous slider step; a class asks "compared with
what the article says?" So the page keeps one pin per session: the scenario it started from, as
shipped, until the teacher pins the current settings. The pin holds a scenario and its levers
but not the number of runs: it is always run with the page's current number, so run *i* of the
pinned and of the current settings share their random numbers and the difference between them
comes from the settings (common random numbers, as ``negsim compare`` does).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from simulator.dashboard.levers import default_settings
from simulator.dashboard.settings import overrides
from simulator.scenario import Loaded


@dataclass(frozen=True)
class Pin:
    """A scenario (its picker source) and lever settings; ``settings`` empty: as shipped."""

    source: str
    settings: dict[str, Any] = field(default_factory=dict)

    def settings_at(self, loaded: Loaded, runs: int) -> dict[str, Any]:
        """The pinned settings for the pin's loaded scenario, with the page's number of runs."""
        start = default_settings(loaded, runs)
        return {**start, **{k: v for k, v in self.settings.items() if k in start}, "runs": runs}


def changes(loaded: Loaded, settings: dict[str, Any]) -> dict[str, Any]:
    """The scenario keys the settings change, the number of runs aside."""
    return {k: v for k, v in overrides(loaded, settings).items() if k != "simulation.runs"}


def pin_now(source: str, loaded: Loaded, settings: dict[str, Any]) -> Pin:
    """A pin of the current settings (as shipped when they change nothing)."""
    if not changes(loaded, settings):
        return Pin(source)
    return Pin(source, {k: v for k, v in settings.items() if k != "runs"})


def _count(n: int) -> str:
    return f"{n} change" + ("" if n == 1 else "s")


def pin_label(pin: Pin, loaded: Loaded) -> str:
    """The pin in a chart's legend: ``pinned: baseline`` or ``pinned: baseline with 2 changes``."""
    name = loaded.scenario.name
    moved = changes(loaded, pin.settings_at(loaded, 1000)) if pin.settings else {}
    return f"pinned: {name}" + (f" with {_count(len(moved))}" if moved else "")


def now_label(source: str, loaded: Loaded, settings: dict[str, Any], pin: Pin) -> str:
    """The current settings in a legend: ``now: baseline``, ``now: your changes``, ..."""
    name = loaded.scenario.name
    if not changes(loaded, settings):
        return f"now: {name}"
    return "now: your changes" if source == pin.source else f"now: {name} with your changes"

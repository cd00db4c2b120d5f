"""Which scenarios the dashboard offers: the shipped ones, plus a file named on the command line.

``negsim dashboard SCENARIO`` names the first scenario through an environment variable, since the
page runs in a child ``solara run`` process; ``loaded_source`` says how to load a scenario again.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from simulator.scenario import Loaded, load_scenario, shipped_scenarios

SCENARIO_ENV = "NEGSIM_DASHBOARD_SCENARIO"
"""Environment variable through which ``negsim dashboard SCENARIO`` names the first scenario."""


def loaded_source(loaded: Loaded) -> str:
    """What ``load_scenario`` takes to load the same scenario again."""
    return (
        loaded.source
        if loaded.source in shipped_scenarios()
        else str(Path(loaded.source).resolve())
    )


def file_label(path: str) -> str:
    """Picker label of a scenario file named on the command line."""
    stem = Path(path).stem
    return f"{stem} (file)" if stem in shipped_scenarios() else stem


def scenario_choices() -> dict[str, str]:
    """Picker labels -> what ``load_scenario`` takes: shipped names, plus a file named at start."""
    choices = {name: name for name in shipped_scenarios()}
    first = os.environ.get(SCENARIO_ENV)
    if first and first not in choices:
        choices[file_label(first)] = str(Path(first).resolve())
    return choices


def first_choice() -> str:
    """The picker's label for the scenario named on the command line (baseline by default)."""
    first = os.environ.get(SCENARIO_ENV, "baseline")
    return first if first in shipped_scenarios() else file_label(first)


@lru_cache(maxsize=32)
def loaded_scenario(source: str) -> Loaded:
    """A picked scenario, loaded once."""
    return load_scenario(source)

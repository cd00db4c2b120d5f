"""The engine layer: ``ConflictModel``, the ``mesa.Model`` that steps one block of worlds.

It draws the block's uncertain parameters from streams keyed by the block's seed and each
parameter's path, builds the country agents and steps the weeks, applying ``rules`` to whole
arrays of worlds.

May import: rules, scenario, agents; mesa.
"""

from simulator.engine.model import BLOCK_SIZE, ConflictModel
from simulator.engine.params import block_seed, draw_parameters, resolve_types
from simulator.engine.week_state import WeekState

__all__ = [
    "BLOCK_SIZE",
    "ConflictModel",
    "WeekState",
    "block_seed",
    "draw_parameters",
    "resolve_types",
]

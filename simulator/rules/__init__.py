"""The rules layer: the model's decisions, battlefield and outcomes as pure numpy functions.

Everything here works on whole blocks of worlds (arrays with a world axis) and knows nothing of
Mesa, YAML or files, so each rule is unit-tested on its own. It also holds the vocabulary every
layer shares: the issue names, the outcome names and codes, the per-run metrics with their
units and labels, the float type.

May import: numpy; numba (the compiled package chooser in ``offers``).
"""

from simulator.rules import beliefs, negotiation, offers, values
from simulator.rules.battlefield import (
    Battlefield,
    battle_spread,
    momentum_target,
    ukraine_capability,
)
from simulator.rules.metrics import ISSUE_LABELS, ISSUE_POLES, METRICS, Metric
from simulator.rules.negotiation import FLOAT, ISSUES
from simulator.rules.outcomes import AGREEMENT, AGREEMENT_CODES, OUTCOMES, SETTLEMENT_CODES

__all__ = [
    "AGREEMENT",
    "AGREEMENT_CODES",
    "FLOAT",
    "ISSUES",
    "ISSUE_LABELS",
    "ISSUE_POLES",
    "METRICS",
    "OUTCOMES",
    "SETTLEMENT_CODES",
    "Battlefield",
    "Metric",
    "battle_spread",
    "beliefs",
    "momentum_target",
    "negotiation",
    "offers",
    "ukraine_capability",
    "values",
]

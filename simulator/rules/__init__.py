"""The rules layer: the model's decisions, battlefield and outcomes as pure numpy functions.

Everything here works on whole blocks of worlds (arrays with a world axis) and knows nothing of
Mesa, YAML or files, so each rule is unit-tested on its own. It also holds the vocabulary every
layer shares: the issue names, the outcome names and codes, the float type.

May import: numpy only.
"""

from simulator.rules import negotiation
from simulator.rules.battlefield import Battlefield, momentum_target, ukraine_capability
from simulator.rules.negotiation import BETA_BY_STRATEGY, FLOAT, ISSUES
from simulator.rules.outcomes import AGREEMENT, AGREEMENT_CODES, OUTCOMES

__all__ = [
    "AGREEMENT",
    "AGREEMENT_CODES",
    "BETA_BY_STRATEGY",
    "FLOAT",
    "ISSUES",
    "OUTCOMES",
    "Battlefield",
    "momentum_target",
    "negotiation",
    "ukraine_capability",
]

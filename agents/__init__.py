"""Mesa agents of negsim: one class per country, plus the donors.

Each agent holds its state for a whole block of worlds as numpy arrays (world axis first);
the negotiation rules they apply live, Mesa-free, in ``simulator.rules.negotiation``.
"""

from agents.donors import Donors
from agents.russia import Russia
from agents.ukraine import Ukraine
from agents.united_states import UnitedStates

__all__ = ["Donors", "Russia", "Ukraine", "UnitedStates"]

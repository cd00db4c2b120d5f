"""The United States: mediator with interests of its own, holding the aid and pressure levers."""

from __future__ import annotations

import numpy as np

from agents.base import Positioned
from simulator.rules import FLOAT
from simulator.rules import beliefs as bel


class UnitedStates(Positioned):
    """Proposes on every track, learns about both sides, pauses or resumes aid, presses Russia.

    ``beliefs[key]`` ``(K, n)`` is its belief about that side's resolve (no optimism: the
    mediator starts from the scenario's distribution).
    """

    key = "us"

    def __init__(self, model):
        super().__init__(model)
        n = model.n
        p = model.p
        self.aid_paused = np.full(n, bool(p["actors.us.aid_paused"]))
        self.pressure = np.broadcast_to(p["actors.us.pressure_on_russia"], (n,)).astype(FLOAT)
        self.beliefs = {
            key: bel.prior(len(model.types[key]), 0.0, n) for key in ("russia", "ukraine")
        }
        self.ceasefire_rejections = np.zeros(n, dtype=np.int64)
        self.settlement_rejections = np.zeros(n, dtype=np.int64)

    def belief_mean(self, key: str) -> np.ndarray:
        """Expected resolve of ``key`` under the US belief."""
        return bel.mean(self.beliefs[key], self.model.types[key])

    def offers_ceasefire(self) -> np.ndarray:
        """Where the US still (or now) offers the bare 30-day ceasefire (``sequencing``)."""
        switch = self.param("switch_after")
        if self.param("sequencing") == "ceasefire_first":
            return self.ceasefire_rejections < switch
        return self.settlement_rejections >= switch

    def move_levers(self, resume: np.ndarray, russia_holdout: np.ndarray) -> np.ndarray:
        """Resume aid where progress was made; press Russia where it held out. Return resumed."""
        resumed = self.aid_paused & resume
        self.aid_paused = self.aid_paused & ~resume
        growth = self.param("pressure_growth")
        self.pressure = np.where(
            russia_holdout, np.minimum(1.0, self.pressure + growth), self.pressure
        )
        return resumed

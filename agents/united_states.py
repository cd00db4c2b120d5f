"""The United States: mediator with interests of its own, holding the aid and pressure levers."""

from __future__ import annotations

import numpy as np

from agents.base import Positioned
from simulator.rules import FLOAT
from simulator.rules import negotiation as neg


class UnitedStates(Positioned):
    """Proposes on both tracks, adapts to holdouts, pauses or resumes aid, presses Russia."""

    key = "us"

    def __init__(self, model):
        super().__init__(model)
        n = model.n
        p = model.p
        self.aid_paused = np.full(n, bool(p["actors.us.aid_paused"]))
        self.pressure = np.broadcast_to(p["actors.us.pressure_on_russia"], (n,)).astype(FLOAT)
        self.table = np.zeros((n, len(neg.ISSUES)), dtype=FLOAT, order="F")

    def open_table(self, parties) -> None:
        """Week 0: the capability × salience weighted compromise of all positions, its own too."""
        actors = [self, *parties]
        ideals = np.stack([a.ideal for a in actors])
        capability = np.stack(
            [np.broadcast_to(a.param("capability"), (self.model.n,)) for a in actors]
        ).astype(FLOAT)
        salience = np.stack([np.broadcast_to(a.salience, a.ideal.shape) for a in actors])
        self.table = self.respect_red_lines(
            neg.weighted_compromise(ideals, capability, salience), parties
        )

    def respect_red_lines(self, package: np.ndarray, parties) -> np.ndarray:
        """Pull a package inside the parties' stated red lines where they are compatible."""
        package = np.array(package, dtype=FLOAT, order="F")
        for j in sorted({j for q in parties for j in q.lined}):
            low = np.maximum.reduce([q.low[:, j] for q in parties])
            high = np.minimum.reduce([q.high[:, j] for q in parties])
            clipped = np.minimum(np.maximum(package[:, j], low), high)
            package[:, j] = np.where(low <= high, clipped, package[:, j])
        return package

    def adapt(self, parties, rejected, counters) -> None:
        """Move the package toward each holdout's stated package, most on what it cares about.

        A holdout pulls harder the more capable it is against the mediator's own clout:
        the step is ``mediation_step × 2 cap / (cap + cap_us)``.
        """
        step = self.param("mediation_step")
        own = self.param("capability")
        table = self.table
        for party, no, counter in zip(parties, rejected, counters, strict=True):
            clout = party.param("capability")
            pull = step * 2.0 * clout / np.maximum(clout + own, 1e-12)
            table = neg.move_toward(table, counter, np.where(no, pull, 0.0), party.salience)
        self.table = self.respect_red_lines(table, parties)

    def move_levers(self, resume: np.ndarray, russia_holdout: np.ndarray) -> np.ndarray:
        """Resume aid where progress was made; press Russia where it held out. Return resumed."""
        resumed = self.aid_paused & resume
        self.aid_paused = self.aid_paused & ~resume
        growth = self.param("pressure_growth")
        self.pressure = np.where(
            russia_holdout, np.minimum(1.0, self.pressure + growth), self.pressure
        )
        return resumed

"""Third-party donors (Canada, Finland, Sweden, ...): exogenous aid to Ukraine."""

from __future__ import annotations

import mesa
import numpy as np

from simulator.rules import FLOAT


class Donors(mesa.Agent):
    """All donor packages: each adds capability after its lag and is spent down over time."""

    def __init__(self, model, packages):
        super().__init__(model)
        self.packages = packages  # (name, week, lag_weeks) per donor, amounts in model.p
        self.boost = np.zeros(model.n, dtype=FLOAT)
        self.landed: list[str] = []

    def step(self) -> None:
        """This week's capability boost from every package that has arrived."""
        p = self.model.p
        week = self.model.week
        spend = p["battlefield.donor_spend_weeks"]
        per_bn = p["battlefield.donor_capability_per_gbp_bn"]
        boost = np.zeros(self.model.n, dtype=FLOAT)
        self.landed = []
        for i, (name, start, lag) in enumerate(self.packages):
            age = week - (start + lag)
            if age < 0:
                continue
            if age == 0:
                self.landed.append(name)
            amount = p[f"donors.{i}.amount_gbp_m"]
            boost = boost + per_bn * amount / 1000.0 * np.exp(-age / spend)
        self.boost = boost

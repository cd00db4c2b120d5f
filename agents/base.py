"""What the actors share: positions; and what Russia and Ukraine share: resolve and beliefs."""

from __future__ import annotations

import mesa
import numpy as np

from simulator.rules import FLOAT, ISSUES
from simulator.rules import beliefs as bel
from simulator.rules import negotiation as neg
from simulator.rules import values as val


def issue_array(p: dict, prefix: str, n: int) -> np.ndarray:
    """A ``(n, 6)`` array of per-issue parameters (``prefix.<issue>``) over worlds."""
    rows = [np.broadcast_to(p[f"{prefix}.{k}"], (n,)) for k in ISSUES]
    return np.ascontiguousarray(np.stack(rows, axis=1).astype(FLOAT))


class Positioned(mesa.Agent):
    """An actor with an ideal point and saliences on the six issues (the US too)."""

    key = ""  # scenario key under ``actors.``

    def __init__(self, model):
        super().__init__(model)
        self.prefix = f"actors.{self.key}"
        self.refresh()

    def param(self, name: str):
        """This actor's parameter ``name`` (scalar or per-world array)."""
        return self.model.p[f"{self.prefix}.{name}"]

    def refresh(self) -> None:
        """Rebuild the arrays derived from parameters (after a timeline event)."""
        self.ideal = issue_array(self.model.p, f"{self.prefix}.ideal", self.model.n)
        self.salience = np.array([self.param(f"salience.{k}") for k in ISSUES], dtype=FLOAT)

    def value(self, package: np.ndarray) -> np.ndarray:
        """Utility of packages ``(n, 6)`` to this actor."""
        return neg.utility(package, self.ideal, self.salience)


class Belligerent(Positioned):
    """Russia or Ukraine: private resolve, a belief about the other's, answers and counters.

    ``belief`` ``(K, n)`` is over the other side's resolve types ``other_types`` ``(K,)``.
    ``fight_value`` is this week's value of fighting on, ``gross`` the same before the
    resolve-weighted cost of war, ``unit`` that cost at zero resolve.
    """

    sign = 1.0  # +1: gains when Russian momentum is positive
    casualty_row = 0
    other = ""

    def __init__(self, model):
        super().__init__(model)
        n = model.n
        self.other_types = model.types[self.other]
        self.belief = bel.prior(len(self.other_types), self.param("optimism"), n)
        self.fight_value = np.zeros(n, dtype=FLOAT)
        self.gross = np.zeros(n, dtype=FLOAT)
        self.unit = np.zeros(n, dtype=FLOAT)

    @property
    def resolve(self) -> np.ndarray:
        """The true (private) resolve in each world."""
        return np.broadcast_to(self.param("resolve"), (self.model.n,))

    def refresh(self) -> None:
        """Positions and red lines from the current parameters (``min: front`` noted apart)."""
        super().refresh()
        n = self.model.n
        self.low = np.zeros((n, len(ISSUES)), dtype=FLOAT)
        self.high = np.ones((n, len(ISSUES)), dtype=FLOAT)
        self.front_floor = False
        for j, issue in enumerate(ISSUES):
            lo = self.model.p.get(f"{self.prefix}.red_lines.{issue}.min")
            hi = self.model.p.get(f"{self.prefix}.red_lines.{issue}.max")
            if isinstance(lo, str):  # "front": never give back ground it holds
                self.front_floor = True
            elif lo is not None:
                self.low[:, j] = lo
            if hi is not None:
                self.high[:, j] = hi
        self.lined = tuple(
            j
            for j in range(len(ISSUES))
            if self.low[:, j].max() > 0
            or self.high[:, j].min() < 1
            or (j == neg.TERRITORY and self.front_floor)
        )

    def current_low(self) -> np.ndarray:
        """Red-line floors this week: the front itself on territory when the floor is ``front``."""
        if not self.front_floor:
            return self.low
        low = self.low.copy()
        low[:, neg.TERRITORY] = np.maximum(low[:, neg.TERRITORY], self.model.battlefield.territory)
        return low

    def belief_mean(self) -> np.ndarray:
        """Expected resolve of the other side under this side's belief."""
        return bel.mean(self.belief, self.other_types)

    def cost_unit(self, weeks) -> np.ndarray:
        """Cost of ``weeks`` more war at zero resolve, with weariness (casualties to date)."""
        return val.cost_unit(
            self.param("war_cost"),
            self.model.battlefield.casualties[self.casualty_row],
            self.param("casualties_per_week"),
            self.param("weariness_thousands"),
            weeks,
        )

    def extra_cost(self, momentum_weeks, weeks) -> np.ndarray | float:
        """Costs of fighting ``weeks`` not weighted by resolve (Russia: occupied Kursk)."""
        return 0.0

    def observe(self, reading, predicted, variance, fighting) -> None:
        """Learn from this week's battle result (only where there was fighting)."""
        self.belief = bel.battle_update(self.belief, predicted, reading, variance, fighting)

    def learn_from_rejection(self, threshold, bluff, rejected) -> None:
        """Learn from the other side's rejection of a package it accepts up to ``threshold``."""
        would_accept = self.other_types[:, None] <= threshold[None, :]
        self.belief = bel.rejection_update(self.belief, would_accept, bluff, rejected)

    def answer(self, deal_value, within, bluffing) -> np.ndarray:
        """Accept a package worth more than fighting on, inside the red lines, when not bluffing."""
        return (deal_value + neg.VALUE_TOLERANCE >= self.fight_value) & within & ~bluffing

"""What Russia and Ukraine share: positions, noisy beliefs, outside option, concession."""

from __future__ import annotations

import mesa
import numpy as np

from simulator.rules import FLOAT, ISSUES
from simulator.rules import negotiation as neg


def issue_array(p: dict, prefix: str, n: int) -> np.ndarray:
    """A (n, 6) issue-major array of per-issue parameters (``prefix.<issue>``) over worlds."""
    rows = [np.broadcast_to(p[f"{prefix}.{k}"], (n,)) for k in ISSUES]
    return np.stack(rows, axis=0).astype(FLOAT).T


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
        n = self.model.n
        self.ideal = issue_array(self.model.p, f"{self.prefix}.ideal", n)
        self.salience = np.array([self.param(f"salience.{k}") for k in ISSUES], dtype=FLOAT)

    def value(self, package: np.ndarray) -> np.ndarray:
        """Utility of a package to this actor."""
        return neg.utility(package, self.ideal, self.salience)


class NegotiatingParty(Positioned):
    """Russia or Ukraine: a belligerent that accepts or rejects, and counter-proposes."""

    sign = 1.0  # +1: gains when Russian momentum is positive; -1: loses

    def __init__(self, model):
        super().__init__(model)
        p = model.p
        n = model.n
        start = np.broadcast_to(p["battlefield.russian_momentum"], (n,))
        self.belief = (start + self.sign * self.param("optimism")).astype(FLOAT)
        self.variance = np.full(n, 1.0, dtype=FLOAT) * FLOAT(p["battlefield.prior_sd"]) ** 2
        self.outside = np.zeros(n, dtype=FLOAT)
        self.aspiration = np.zeros(n, dtype=FLOAT)
        self.status_quo_value = np.zeros(n, dtype=FLOAT)
        self.opening = np.zeros(n, dtype=FLOAT)

    def refresh(self) -> None:
        """Positions, red lines and concession curve from the current parameters."""
        super().refresh()
        n = self.model.n
        self.low = np.zeros((n, len(ISSUES)), dtype=FLOAT, order="F")
        self.high = np.ones((n, len(ISSUES)), dtype=FLOAT, order="F")
        for j, issue in enumerate(ISSUES):
            lo = self.model.p.get(f"{self.prefix}.red_lines.{issue}.min")
            hi = self.model.p.get(f"{self.prefix}.red_lines.{issue}.max")
            if lo is not None:
                self.low[:, j] = lo
            if hi is not None:
                self.high[:, j] = hi
        self.lined = tuple(
            j for j in range(len(ISSUES)) if self.low[:, j].max() > 0 or self.high[:, j].min() < 1
        )
        self.beta = self.model.concession_beta(self.key)

    # ---------------------------------------------------------------- beliefs and values

    def observe(self, noise: np.ndarray, fighting: np.ndarray) -> None:
        """Read the front this week (only where there was fighting) and update the belief."""
        p = self.model.p
        sd = p["battlefield.observation_noise"]
        reading = self.model.battlefield.momentum + sd * noise
        drift = (p["battlefield.momentum_shock"] * p["battlefield.volatility"]) ** 2
        self.belief, self.variance = neg.kalman_update(
            self.belief, self.variance, reading, sd * sd, drift, fighting
        )

    def weekly_cost(self) -> np.ndarray:
        """Resolve-weighted cost of a week of war, growing with own casualties (weariness)."""
        own = self.model.battlefield.casualties[self.casualty_row]
        weariness = 1.0 + own / self.param("weariness_thousands")
        return (1.0 - self.param("resolve")) * self.param("war_cost") * weariness

    def extra_war_cost(self) -> np.ndarray | float:
        """One-off costs of fighting on beyond the weekly cost (Russia: occupied Kursk)."""
        return 0.0

    def kursk_gain(self, weeks) -> np.ndarray | float:
        """Value of the Kursk ground fighting would retake in ``weeks`` (Russia only)."""
        return 0.0

    def update_outside_option(self, war_package: np.ndarray) -> None:
        """Value of fighting on: the war's status quo, the expected front, minus the costs."""
        p = self.model.p
        self.status_quo_value = self.value(war_package)
        self.cost = self.weekly_cost()
        self.outside = neg.outside_option(
            self.status_quo_value,
            self.sign,
            p["battlefield.front_value"],
            self.belief,
            p["battlefield.outlook_weeks"],
            self.cost,
            self.extra_war_cost(),
        )

    def concede(self, week: int) -> None:
        """Aspiration for this week on the actor's own concession clock."""
        conceded = neg.concession_fraction(week, self.param("concession.deadline_weeks"), self.beta)
        self.opening = np.broadcast_to(self.param("concession.opening"), self.outside.shape)
        self.aspiration = neg.aspiration(self.opening, self.outside, conceded)

    # ---------------------------------------------------------------- the two tracks

    def ceasefire_margin(self, momentum_after: np.ndarray) -> np.ndarray:
        """Value of a ceasefire minus fighting the same weeks, given the momentum after it."""
        p = self.model.p
        length = p["ceasefire.length_weeks"]
        return neg.ceasefire_margin(
            self.sign,
            p["battlefield.front_value"],
            self.belief,
            momentum_after,
            length,
            p["battlefield.outlook_weeks"],
            self.cost,
            self.kursk_gain(length),
        )

    def judge(self, package: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Utility of a settlement package and whether it is accepted."""
        value = self.value(package)
        within = neg.within_red_lines(package, self.low, self.high, self.lined)
        return value, neg.accepts_settlement(value, self.aspiration, self.outside, within)

    def counter(self, on_table: np.ndarray) -> np.ndarray:
        """The package this party states when it rejects: at its aspiration, inside its lines."""
        return neg.counter_offer(
            self.ideal, on_table, self.salience, self.aspiration, self.low, self.high, self.lined
        )

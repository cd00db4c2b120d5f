"""The battlefield of a block of worlds: front, momentum, Kursk, casualties, aid reaching Ukraine.

One call of ``Battlefield.advance`` is one week. Everything is numpy over the world axis; the
random shocks are passed in, drawn by the model the same way every week (common random numbers).
"""

from __future__ import annotations

import numpy as np

from simulator.rules.negotiation import FLOAT


def momentum_target(russia_capability, ukraine_capability) -> np.ndarray:
    """Momentum the front drifts toward: 2 × Russia's share of the combined capability − 1."""
    total = russia_capability + ukraine_capability
    share = np.where(total > 0, russia_capability / np.where(total > 0, total, 1.0), 0.5)
    return 2.0 * share - 1.0


def battle_spread(p) -> np.ndarray:
    """Sd of the weekly battle result around the balance of strength, at volatility 1.

    The week's fighting (losses, ground, the exchange of fire) shows the balance of strength
    with the same shock that moves the momentum; the momentum itself follows the balance
    only slowly (``momentum_persistence``), so a battle tells more than the front's drift.
    """
    return p["battlefield.momentum_shock"]


def ukraine_capability(base, us_aid_share, us_supply, donor_boost) -> np.ndarray:
    """Ukraine's fighting capability: its own base, the part resting on US aid, donor packages."""
    return base * (1.0 - us_aid_share * (1.0 - us_supply)) + donor_boost


class Battlefield:
    """State of the front in each world of a block."""

    def __init__(self, n: int, kursk, momentum, territory, lag: int):
        self.n = n
        self.kursk = np.broadcast_to(np.asarray(kursk, dtype=FLOAT), (n,)).copy()
        self.momentum = np.broadcast_to(np.asarray(momentum, dtype=FLOAT), (n,)).copy()
        self.territory = np.broadcast_to(np.asarray(territory, dtype=FLOAT), (n,)).copy()
        self.territory_start = self.territory.copy()
        self.casualties = np.zeros((2, n), dtype=FLOAT)  # Russia, Ukraine (thousands)
        self.withdrawn = self.kursk >= 1.0
        # US aid in the pipeline: what was decided `lag` weeks ago reaches the front now.
        # Aid flowed before the pause, so the pipeline starts full (Ukraine's stocks run down).
        self.pipeline = np.ones((lag + 1, n), dtype=FLOAT)
        self._head = 0
        self.us_supply = self.pipeline[0].copy()

    def ship_aid(self, aid_on: np.ndarray) -> None:
        """Record this week's US decision; the aid decided ``lag`` weeks ago arrives."""
        slots = self.pipeline.shape[0]
        self.pipeline[self._head] = aid_on
        self._head = (self._head + 1) % slots
        self.us_supply = self.pipeline[self._head].copy()

    def advance(
        self,
        p,
        fighting: np.ndarray,
        paused: np.ndarray,
        halted: np.ndarray,
        target: np.ndarray,
        halt_target: np.ndarray,
        shocks: np.ndarray,
    ) -> np.ndarray:
        """One week: momentum, front, Kursk and casualties move; return the week's battle result.

        The battle result is what the week's fighting shows of the balance of strength: the
        momentum ``target`` (capabilities, aid and the true resolves) plus a shock. Momentum
        moves ``1 - persistence`` of the way toward it. In ``paused`` worlds (a bare ceasefire)
        both sides regroup and the edge fades by ``regroup`` over the ceasefire's length
        (Ushakov's "pause that serves as a strategic advantage"); in ``halted`` worlds (Western
        aid halted) it fades toward ``halt_target``, Russia against Ukraine without that aid.
        """
        vol = p["battlefield.volatility"]
        rho = p["battlefield.momentum_persistence"]
        shock = battle_spread(p) * vol * shocks[0]
        battle = target + shock
        shocked = rho * self.momentum + (1.0 - rho) * target + shock
        erode = np.power(1.0 - p["battlefield.regroup"], 1.0 / p["ceasefire.length_weeks"])
        new_m = np.where(fighting, shocked, self.momentum)
        new_m = np.where(paused, self.momentum * erode, new_m)
        new_m = np.where(halted, halt_target + (self.momentum - halt_target) * erode, new_m)
        self.momentum = np.clip(new_m, -1.0, 1.0)

        step = p["battlefield.territory_rate"] * self.momentum
        self.territory = np.where(
            fighting, np.clip(self.territory + step, 0.0, 1.0), self.territory
        )
        kursk_step = p["battlefield.kursk_rate"] * (self.momentum + 0.5 * vol * shocks[1])
        in_kursk = fighting & ~self.withdrawn
        self.kursk = np.where(in_kursk, np.clip(self.kursk + kursk_step, 0.0, 1.0), self.kursk)

        intensity = np.where(
            fighting, 1.0, np.where(paused | halted, p["ceasefire.casualty_factor"], 0.0)
        )
        spread = np.maximum(0.0, 1.0 + 0.25 * vol * shocks[2:4])
        saved = 1.0 - p["actors.ukraine.kursk_casualty_share"] * self.withdrawn
        weekly = np.stack(
            [
                p["actors.russia.casualties_per_week"] * spread[0] * intensity,
                p["actors.ukraine.casualties_per_week"] * spread[1] * intensity * saved,
            ]
        )
        self.casualties += weekly
        return battle

    def withdraw_from_kursk(self, threshold) -> np.ndarray:
        """Ukraine pulls out when Russia's control reaches its threshold: Russia takes it all."""
        leaving = ~self.withdrawn & (self.kursk >= threshold)
        self.withdrawn |= leaving
        self.kursk = np.where(leaving, 1.0, self.kursk)
        return leaving

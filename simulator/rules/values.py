"""What each side expects from fighting on and from a deal: the values behind every answer.

Pure numpy over worlds. The front's expected path comes from the momentum process of
``battlefield``; the war moves the issues toward the winner's ideal and no further (a bounded
front value); costs are resolve-weighted and grow with casualties (war weariness, so a
stalemate that keeps costing ripens: Zartman); a settlement is worth its utility minus the
expected loss if it breaks down (commitment problems: Powell 2006, Walter 2002, Fortna 2003).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from simulator.rules.negotiation import FLOAT


def strength(capability, resolve, effect) -> np.ndarray:
    """Fighting strength: capability scaled by resolve, ``cap × (1 + effect × (resolve − ½))``."""
    return capability * (1.0 + effect * (resolve - 0.5))


def geometric(rho, weeks) -> np.ndarray:
    """``Σ_{h=1..weeks} rho**h`` (``weeks`` when rho is 1)."""
    rho = np.asarray(rho, dtype=FLOAT)
    weeks = np.asarray(weeks, dtype=FLOAT)
    near_one = np.abs(1.0 - rho) < 1e-12
    safe = np.where(near_one, 0.5, rho)
    return np.where(near_one, weeks, safe * (1.0 - safe**weeks) / (1.0 - safe))


def momentum_sum(momentum, target, rho, weeks, target_after=None, switch=None) -> np.ndarray:
    """Expected momentum summed over the next ``weeks``: the front's movement in momentum-weeks.

    Momentum decays geometrically toward ``target``; if ``target_after`` is given, the target
    changes to it from week ``switch`` of the outlook on (an announced shift in power).
    """
    if target_after is None:
        return weeks * target + (momentum - target) * geometric(rho, weeks)
    first = np.minimum(np.maximum(switch - 1, 0), weeks)
    rest = weeks - first
    head = first * target + (momentum - target) * geometric(rho, first)
    at_switch = target + rho**first * (momentum - target)
    return head + rest * target_after + (at_switch - target_after) * geometric(rho, rest)


def war_position(target, momentum_weeks, front_value) -> np.ndarray:
    """Where on the contract curve (0 Ukraine's ideal, 1 Russia's) a side expects the war to end.

    Fearon's war lottery: each side prevails in proportion to its strength, so the war's value
    starts at Russia's share of the combined strength, ``(1 + target) / 2``; the front's
    expected movement over the outlook shifts it by ``front_value`` per momentum-week. It is
    clipped to [0, 1]: a war can at most bring a side to its ideal point.
    """
    return np.clip(0.5 * (1.0 + target) + front_value * momentum_weeks, 0.0, 1.0)


def cost_unit(war_cost, casualties, per_week, weariness, weeks) -> np.ndarray:
    """Cost of ``weeks`` of war at zero resolve, with weariness growing as casualties mount.

    The weekly cost is ``war_cost × (1 + cumulative casualties / weariness)``, summed over the
    weeks ahead with casualties growing by ``per_week`` each week.
    """
    return war_cost * (
        weeks * (1.0 + casualties / weariness) + per_week * weeks * (weeks + 1) / (2.0 * weariness)
    )


def acceptance_threshold(fight_gross, deal, unit) -> np.ndarray:
    """The highest resolve that still accepts a deal: ``θ* = 1 − (gross − deal) / unit``.

    A type θ values fighting at ``gross − (1 − θ) × unit``, so it accepts a deal of value
    ``deal`` when θ ≤ θ*. With no cost of war (unit 0) acceptance does not depend on the type.
    """
    gap = fight_gross - deal
    with np.errstate(divide="ignore", invalid="ignore"):
        threshold = 1.0 - gap / unit
    return np.where(unit > 0.0, threshold, np.where(gap <= 0.0, np.inf, -np.inf))


@njit(cache=True)
def settlement_hazard(base, monitoring, guarantees, guarantee_term, dissatisfaction):
    """Weekly breakdown hazard of a settlement.

    It falls with monitoring and with the guarantees on offer (``guarantees``, 0..1): a package
    whose security_guarantees term is 0 (strongest) gets all of their effect, one with none
    (term 1) still half, since guarantors deter outside any text (assumption). It rises with
    the distance of the package from the less satisfied side's ideal. Compiled, so the package
    chooser of ``offers`` uses this very formula.
    """
    backing = 1.0 - 0.5 * guarantee_term
    return base * (1.0 - monitoring) * (1.0 - guarantees * backing) * (0.5 + dissatisfaction)


@njit(cache=True)
def breakdown_probability(hazard, weeks):
    """Chance a settlement breaks down within ``weeks`` (a whole number) at a weekly ``hazard``."""
    return 1.0 - (1.0 - hazard) ** weeks


@njit(cache=True)
def breakdown_loss_russia(aid_term, forces_term, loss):
    """Russia's loss if a deal breaks down: more if Ukraine rearms freely, without force limits."""
    return loss * (3.0 - aid_term - forces_term) / 3.0


@njit(cache=True)
def breakdown_loss_ukraine(guarantee_term, forces_term, loss):
    """Ukraine's loss if a deal breaks down: more without guarantees and with a limited army."""
    return loss * (1.0 + guarantee_term + forces_term) / 3.0

"""Each holder's reading of the war this week: the front it expects and what fighting is worth.

A holder (Russia, Ukraine or the US) projects the momentum toward the target it believes in
(the capabilities, which are public, and the resolves: its own, known, and the other's at its
belief), including an announced shift in power that falls inside the outlook. From the
projected front it values fighting on for each belligerent. Pure numpy on the model's state.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.rules import momentum_target
from simulator.rules import negotiation as neg
from simulator.rules import values as val

CAPABILITY_KEYS = (
    "actors.russia.capability",
    "actors.ukraine.capability",
    "actors.us.aid_share",
    "actors.us.aid_paused",
)
"""Parameters whose announced change the parties build into their outlook (a shift in power)."""


@dataclass
class Shift:
    """An announced shift in power ahead: capabilities from week ``at`` of the outlook on."""

    at: int
    russia: np.ndarray
    ukraine: np.ndarray


@dataclass
class View:
    """One holder's projection: momentum-weeks ahead and the war's expected end on the curve.

    ``gross`` is each side's value of fighting on before its resolve-weighted cost of war.
    """

    target: np.ndarray
    momentum_weeks: np.ndarray
    position: np.ndarray
    gross: dict[str, np.ndarray]


def strengths(model, cap_russia, cap_ukraine, resolve_russia, resolve_ukraine):
    """Russia's and Ukraine's fighting strength at the given capabilities and resolves."""
    effect = model.p["battlefield.resolve_effect"]
    return (
        val.strength(cap_russia, resolve_russia, effect),
        val.strength(cap_ukraine, resolve_ukraine, effect),
    )


def holder_resolves(model, holder: str) -> tuple[np.ndarray, np.ndarray]:
    """The resolves a holder reckons with: its own true one, the other's belief mean."""
    if holder == "russia":
        return model.russia.resolve, model.russia.belief_mean()
    if holder == "ukraine":
        return model.ukraine.belief_mean(), model.ukraine.resolve
    return model.us.belief_mean("russia"), model.us.belief_mean("ukraine")


def announced_shift(model, horizon: int) -> Shift | None:
    """The next announced change of capabilities within ``horizon`` weeks, if any."""
    for index, event in enumerate(model.config.timeline):
        ahead = event.week - model.week
        if not event.announced or ahead < 1 or ahead > horizon:
            continue
        keys = [k for k in event.set if k in CAPABILITY_KEYS]
        if not keys:
            continue
        values = {k: model.p[f"timeline.{index}.{k}"] for k in keys}
        russia, ukraine = model.capabilities(values)
        return Shift(ahead, russia, ukraine)
    return None


def project(model, holder: str, weeks: int, shift: Shift | None) -> View:
    """A holder's view over ``weeks``: where the front goes and what fighting is worth to each."""
    p = model.p
    russia_cap, ukraine_cap = model.capabilities()
    r_res, u_res = holder_resolves(model, holder)
    s_r, s_u = strengths(model, russia_cap, ukraine_cap, r_res, u_res)
    target = momentum_target(s_r, s_u)
    rho = p["battlefield.momentum_persistence"]
    momentum = model.battlefield.momentum
    if shift is None:
        ahead = val.momentum_sum(momentum, target, rho, weeks)
        end_target = target
    else:
        after = momentum_target(*strengths(model, shift.russia, shift.ukraine, r_res, u_res))
        ahead = val.momentum_sum(momentum, target, rho, weeks, after, shift.at)
        end_target = after
    position = val.war_position(end_target, ahead, p["battlefield.front_value"])
    worth = model.war_values(end_target, ahead)
    gross = {}
    for q in model.parties:
        gross[q.key] = worth[q.key] - q.extra_cost(ahead, weeks) + model.truce_relief(q.key, weeks)
    return View(target, ahead, position, gross)


def pause_value(model, q, momentum_after, target_after, pause_weeks, weeks, then=None, at=None):
    """Value to ``q`` of a pause of ``pause_weeks`` and then ``weeks`` of fighting.

    The front is frozen during the pause; fighting resumes from ``momentum_after`` toward
    ``target_after`` (the regrouped edge, the aid the pause brings back or halts), and toward
    ``then`` from week ``at`` of the fighting on when given (halted aid flowing again).
    """
    p = model.p
    rho = p["battlefield.momentum_persistence"]
    if then is None:
        ahead = val.momentum_sum(momentum_after, target_after, rho, weeks)
        end_target = target_after
    else:
        ahead = val.momentum_sum(momentum_after, target_after, rho, weeks, then, at)
        end_target = then
    worth = model.war_values(end_target, ahead)[q.key]
    cost = (1.0 - q.resolve) * (
        q.cost_unit(weeks) + p["ceasefire.casualty_factor"] * q.cost_unit(pause_weeks)
    )
    return worth - q.extra_cost(ahead, weeks) - cost


def fight_value_over(model, q, view: View, shift: Shift | None, weeks: int) -> np.ndarray:
    """Value to ``q`` of fighting ``weeks`` toward its own view's target (and announced shift)."""
    p = model.p
    rho = p["battlefield.momentum_persistence"]
    momentum = model.battlefield.momentum
    if shift is None:
        ahead = val.momentum_sum(momentum, view.target, rho, weeks)
        end_target = view.target
    else:
        r_res, u_res = holder_resolves(model, q.key)
        after = momentum_target(*strengths(model, shift.russia, shift.ukraine, r_res, u_res))
        ahead = val.momentum_sum(momentum, view.target, rho, weeks, after, shift.at)
        end_target = after
    worth = model.war_values(end_target, ahead)[q.key]
    return worth - q.extra_cost(ahead, weeks) - (1.0 - q.resolve) * q.cost_unit(weeks)


def target_with(model, holder: str, russia_cap, ukraine_cap) -> np.ndarray:
    """The momentum target a holder expects at other capabilities (aid resumed or halted)."""
    r_res, u_res = holder_resolves(model, holder)
    return momentum_target(*strengths(model, russia_cap, ukraine_cap, r_res, u_res))


def aid_term(model, q, weeks_halted, weeks) -> np.ndarray:
    """Utility to ``q`` of Western aid halted (issue at 1) for ``weeks_halted`` of ``weeks``."""
    j = neg.WESTERN_AID
    share = min(1.0, weeks_halted / weeks)
    now = model.war_package_aid()
    return share * q.salience[j] * (np.abs(q.ideal[:, j] - now) - np.abs(q.ideal[:, j] - 1.0))

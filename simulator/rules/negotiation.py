"""Negotiation logic as pure numpy functions over blocks of worlds (no Mesa here).

Every array has the world axis first: a package is ``(B, 6)``, a scalar per world ``(B,)``.
Issues run from 0 (Ukraine's preferred pole) to 1 (Russia's), in the order of ``ISSUES``.
The engine stores packages issue-major (``(B, 6)`` views of ``(6, B)`` memory, Fortran
order), and these functions work on the transposes, so that every elementwise operation runs
along the long world axis; they give the same results for arrays in any order.
"""

from __future__ import annotations

import numpy as np

FLOAT = np.float64
"""The one float dtype of the engine: every state array has it."""

ISSUES: tuple[str, ...] = (
    "ceasefire",
    "neutrality",
    "territory",
    "western_aid",
    "sanctions",
    "security_guarantees",
)
N_ISSUES = len(ISSUES)
TERRITORY = ISSUES.index("territory")
WESTERN_AID = ISSUES.index("western_aid")
CEASEFIRE = ISSUES.index("ceasefire")

BETA_BY_STRATEGY = {"boulware": 0.2, "linear": 1.0, "conceder": 5.0}
"""Default concession exponent per tactic (Faratin, Sierra and Jennings 1998)."""

RED_LINE_TOLERANCE = 1e-9
VALUE_TOLERANCE = 1e-9
"""Rounding slack when a package is compared with a demand built to equal it exactly."""


def utility(package: np.ndarray, ideal: np.ndarray, salience: np.ndarray) -> np.ndarray:
    """Utility of packages: 1 minus the salience-weighted L1 distance from the ideal point."""
    return 1.0 - salience @ np.abs(package - ideal).T


def within_red_lines(
    package: np.ndarray, low: np.ndarray, high: np.ndarray, issues: tuple[int, ...] | None = None
) -> np.ndarray:
    """True where a package crosses none of the actor's red lines (box bounds per issue).

    ``issues`` names the columns that carry a red line (all when None); the others are [0, 1]
    and cannot be crossed, so skipping them changes nothing and saves most of the work.
    """
    if issues is None:
        outside = (package < low - RED_LINE_TOLERANCE) | (package > high + RED_LINE_TOLERANCE)
        return outside.astype(FLOAT) @ np.ones(package.shape[-1], dtype=FLOAT) == 0.0
    ok = np.ones(package.shape[0], dtype=bool)
    for j in issues:
        ok &= package[:, j] >= low[:, j] - RED_LINE_TOLERANCE
        ok &= package[:, j] <= high[:, j] + RED_LINE_TOLERANCE
    return ok


def concession_fraction(week: int, deadline_weeks: int, beta: np.ndarray | float) -> np.ndarray:
    """Share of the way from opening demand to outside option conceded by ``week``.

    Faratin et al.'s polynomial time-dependent tactic: ``(min(t, T) / T) ** (1 / beta)``;
    beta < 1 holds firm until near the deadline (Boulware), beta > 1 concedes early.
    """
    progress = min(week, deadline_weeks) / deadline_weeks
    return np.power(progress, 1.0 / np.asarray(beta, dtype=FLOAT))


def aspiration(opening: np.ndarray, outside: np.ndarray, conceded: np.ndarray) -> np.ndarray:
    """Current demanded utility: from the opening toward the outside option, never below it."""
    return np.maximum(opening - conceded * (opening - outside), outside)


def accepts_settlement(
    value: np.ndarray, aspiration_now: np.ndarray, outside: np.ndarray, within: np.ndarray
) -> np.ndarray:
    """A package is accepted when it meets the aspiration and the outside option and no red line."""
    slack = value + VALUE_TOLERANCE
    return (slack >= aspiration_now) & (slack >= outside) & within


def weighted_compromise(ideals: np.ndarray, capability: np.ndarray, salience: np.ndarray):
    """Capability × salience weighted mean of all positions (actors on axis 0), per issue."""
    weights = capability[..., None] * salience
    return np.asfortranarray(np.sum(weights * ideals, axis=0) / np.sum(weights, axis=0))


def counter_offer(
    ideal: np.ndarray,
    on_table: np.ndarray,
    salience: np.ndarray,
    aspiration_now: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    issues: tuple[int, ...] | None = None,
) -> np.ndarray:
    """The package a holdout states: on the line from its ideal to the table, at its aspiration.

    It moves from its ideal toward the offer on the table just far enough that its own utility
    falls to its aspiration, then pulls any issue back inside its own red lines (only the
    ``issues`` that carry one, when given).
    """
    gap = salience @ np.abs(on_table - ideal).T
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(gap > 0, (1.0 - aspiration_now) / gap, 1.0)
    share = np.clip(share, 0.0, 1.0)
    package = (ideal.T + share * (on_table - ideal).T).T
    if issues is None:
        return np.clip(package, low, high)
    for j in issues:
        package[:, j] = np.minimum(np.maximum(package[:, j], low[:, j]), high[:, j])
    return package


def move_toward(
    package: np.ndarray, target: np.ndarray, step: np.ndarray | float, salience: np.ndarray
) -> np.ndarray:
    """Move a package toward a target, most on the issues the target's owner cares most about."""
    top = np.max(salience)
    weight = salience / top if top > 0 else np.zeros_like(salience)
    pull = np.asarray(step, dtype=FLOAT) * (weight[:, None] * (target - package).T)
    return package + pull.T


def front_gain(
    sign: float, front_value: np.ndarray, momentum: np.ndarray, weeks: float
) -> np.ndarray:
    """Utility a party expects from the front's movement over ``weeks`` at a believed momentum.

    ``sign`` is +1 for Russia (gains when Russian momentum is positive), -1 for Ukraine.
    """
    return sign * front_value * momentum * weeks


def ceasefire_margin(
    sign: float,
    front_value: np.ndarray,
    belief: np.ndarray,
    momentum_after: np.ndarray,
    length_weeks: int,
    outlook_weeks: np.ndarray,
    weekly_cost: np.ndarray,
    kursk_gain: np.ndarray | float = 0.0,
) -> np.ndarray:
    """Value of an interim ceasefire minus the value of fighting the same weeks.

    Fighting ``L`` weeks earns the front's movement at the believed momentum, pays the weekly
    cost of war and (for Russia) retakes Kursk ground. A pause earns nothing on the front, costs
    nothing, but changes the momentum the fighting resumes with over the outlook that follows
    (the side with the edge loses part of it: Ushakov's "strategic advantage" for the other).
    """
    fight = front_gain(sign, front_value, belief, length_weeks) - weekly_cost * length_weeks
    fight = fight + kursk_gain
    pause = front_gain(sign, front_value, momentum_after - belief, outlook_weeks)
    return pause - fight


def outside_option(
    status_quo_value: np.ndarray,
    sign: float,
    front_value: np.ndarray,
    belief: np.ndarray,
    outlook_weeks: np.ndarray,
    weekly_cost: np.ndarray,
    extra_cost: np.ndarray | float = 0.0,
) -> np.ndarray:
    """Value of fighting on (BATNA): the war's status quo, plus the expected front, minus costs."""
    gain = front_gain(sign, front_value, belief, outlook_weeks)
    return status_quo_value + gain - weekly_cost * outlook_weeks - extra_cost


def kalman_update(
    belief: np.ndarray,
    variance: np.ndarray,
    observation: np.ndarray,
    noise_var: np.ndarray,
    process_var: np.ndarray,
    observed: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """One week of learning about momentum from the battlefield (Slantchev 2003).

    A scalar Kalman filter: the momentum may drift (``process_var``), each week of fighting gives
    one noisy reading (``noise_var``). Where nothing was observed (ceasefire) only the drift
    widens the variance. A biased prior shrinks toward the truth at the filter's gain, so less
    noisy battles wash out optimism faster.
    """
    predicted = variance + process_var
    with np.errstate(divide="ignore", invalid="ignore"):
        gain = np.where(predicted + noise_var > 0, predicted / (predicted + noise_var), 1.0)
    gain = np.where(observed, gain, 0.0)
    return belief + gain * (observation - belief), (1.0 - gain) * predicted

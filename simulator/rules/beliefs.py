"""Beliefs about the other side's resolve: discrete types, optimism, Bayes from battles and answers.

A belief is an array ``(K, n)``: the probability of each of K resolve types (``types``, sorted
ascending and the same in every world) in each of n worlds. Fighting reveals information
(Slantchev 2003; Filson & Werner 2002); so, weakly, does a rejected offer, since a side may
bluff (Fearon 1995).
"""

from __future__ import annotations

import numpy as np

from simulator.rules.negotiation import FLOAT

OPTIMISM_TILT = 4.0
"""Log-odds of the weakest over the middle type at optimism 1 (assumption: strong, finite)."""

MIN_VARIANCE = 1e-4
"""Floor of a battle reading's variance, so exact readings off the type grid stay finite."""


def type_values(samples: np.ndarray, k: int) -> np.ndarray:
    """K types standing for a distribution: its quantiles at the midpoints of K equal slices."""
    return np.quantile(np.asarray(samples, dtype=FLOAT), (np.arange(k) + 0.5) / k)


def prior(k: int, optimism, n: int) -> np.ndarray:
    """The prior ``(K, n)`` over K equally likely types, tilted toward weaker ones by ``optimism``.

    Weight of type k ∝ exp(-OPTIMISM_TILT × optimism × z_k), z_k from -1 (weakest) to 1: a bias,
    not extra variance (Blainey's optimism). Optimism 0 leaves the scenario's distribution.
    """
    z = np.linspace(-1.0, 1.0, k) if k > 1 else np.zeros(1)
    tilt = np.broadcast_to(np.asarray(optimism, dtype=FLOAT), (n,))
    weights = np.exp(-OPTIMISM_TILT * z[:, None] * tilt[None, :])
    return weights / weights.sum(axis=0)


def mean(belief: np.ndarray, types: np.ndarray) -> np.ndarray:
    """Expected resolve ``(n,)`` under a belief."""
    return types @ belief


def battle_update(
    belief: np.ndarray,
    predicted: np.ndarray,
    reading: np.ndarray,
    variance,
    observed: np.ndarray,
) -> np.ndarray:
    """Bayes' rule from one noisy reading of the week's battle result.

    ``predicted`` ``(K, n)`` is the battle result each type would produce on average; the
    reading is normal around it with ``variance`` (battle shocks plus reading noise). Worlds
    without fighting (``observed`` False) keep their belief.
    """
    var = np.maximum(np.asarray(variance, dtype=FLOAT), MIN_VARIANCE)
    log_like = -((reading - predicted) ** 2) / (2.0 * var)
    log_like -= log_like.max(axis=0)
    posterior = belief * np.exp(log_like)
    posterior /= posterior.sum(axis=0)
    return np.where(observed, posterior, belief)


def rejection_update(
    belief: np.ndarray, would_accept: np.ndarray, bluff, rejected: np.ndarray
) -> np.ndarray:
    """Bayes' rule from a rejection: the types that would have accepted keep only ``bluff``.

    A type that would accept rejects anyway with probability ``bluff``; a type that would not
    accept rejects for sure. Where the rejection contradicts every type (no bluffing and all
    would accept) the belief is kept, not divided by zero.
    """
    likelihood = np.where(would_accept, np.asarray(bluff, dtype=FLOAT), 1.0)
    posterior = belief * likelihood
    total = posterior.sum(axis=0)
    keep = ~rejected | (total <= 0.0)
    return np.where(keep, belief, posterior / np.where(total > 0.0, total, 1.0))

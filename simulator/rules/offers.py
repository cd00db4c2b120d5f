"""The settlement track's choices on the contract-curve grid, compiled: one pass per world.

For every package of the grid the kernel works out its value to each side (net of the
breakdown risk), which of its red lines it crosses, and — because acceptance along the curve
is a threshold in the other side's resolve — the chance that each side accepts it under each
holder's belief, by one scan of the K sorted types. From these it picks the US proposal (the
package most likely to be accepted by both, tilted toward US interests by ``bias``) and each
belligerent's own best package (its expected surplus over fighting on, against its belief).
No packages × types × worlds tensor is built. Compiled with numba (cached on disk); the same
function runs uncompiled, with identical results, when ``NUMBA_DISABLE_JIT=1``.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from simulator.rules.negotiation import ARMED_FORCES, GUARANTEES, TERRITORY, WESTERN_AID
from simulator.rules.values import (
    breakdown_loss_russia,
    breakdown_loss_ukraine,
    breakdown_probability,
    settlement_hazard,
)

TIE_BREAK = 1e-6
"""Weight of the chooser's own utility among packages equally good otherwise."""
ONE_SIDE = 1e-3
"""Weight of the chance that at least one side accepts, when both together look unlikely."""
TOLERANCE = 1e-9

# Columns of the per-choice output: curve position, value to Russia and Ukraine (net of
# breakdown risk), utility to Russia and Ukraine, weekly breakdown hazard, and whether the
# package is inside Russia's and Ukraine's red lines (1.0) or not (0.0).
POSITION, DEAL_RUSSIA, DEAL_UKRAINE, UTIL_RUSSIA, UTIL_UKRAINE, HAZARD, OK_RUSSIA, OK_UKRAINE = (
    range(8)
)
COLUMNS = 8
US, RUSSIA, UKRAINE = range(3)
FORCES_ISSUE, AID_ISSUE, GUARANTEE_ISSUE, TERRITORY_ISSUE = (
    ARMED_FORCES,
    WESTERN_AID,
    GUARANTEES,
    TERRITORY,
)


@njit(cache=True, inline="always")
def threshold(gross, deal, unit):
    """Highest resolve that accepts a deal worth ``deal`` against fighting worth ``gross``."""
    if unit > 0.0:
        return 1.0 - (gross - deal) / unit
    return np.inf if gross - deal <= 0.0 else -np.inf


@njit(cache=True, inline="always")
def chance(belief, types, limit, w):
    """Probability that the type is at most ``limit``: one scan of the sorted types."""
    total = 0.0
    k = 0
    while k < types.shape[0] and types[k] <= limit:
        total += belief[k, w]
        k += 1
    return total


@njit(cache=True)
def choose_packages(
    live, window, start, span, before, inverse, total, low, high, ideal, salience,
    own_low, own_high, base_hazard, monitoring, guarantees, breakdown_loss, weeks,
    fight, unit, views, beliefs, types_russia, types_ukraine, bluff, bias, reckoned, points,
):  # fmt: skip
    """Per world: the US package, Russia's and Ukraine's own packages, and their values.

    The candidates are ``points`` packages evenly spaced along the contract curve over the
    window ``window`` (2, n) of curve positions where a deal is plausible this week, each
    pulled inside the common red lines ``low``/``high`` (6, n) where they leave room. The
    curve is given by its basis (``negotiation.CurveBasis``: ``start``, ``span``, ``before``,
    ``inverse`` (6, n), ``total`` (n,)). ``ideal`` (3, 6, n) and ``salience`` (3, 6) are
    Russia's, Ukraine's and the US's; ``own_low``/``own_high`` (2, 6, n) Russia's and
    Ukraine's red lines this week. ``base_hazard``, ``monitoring``, ``guarantees`` and
    ``breakdown_loss`` (n,) are the settlement parameters (``values.settlement_hazard``);
    ``fight``, ``unit`` (2, n) each side's value of fighting and cost unit; ``bluff`` and
    ``bias`` (n,) per world (either may be drawn per run);
    ``views`` (4, n): the gross value of fighting of Russia and Ukraine as the US reckons, of
    Ukraine as Russia reckons, of Russia as Ukraine reckons; ``beliefs`` (4, K, n) the matching
    beliefs over the types; ``reckoned`` (2, n) each side's value of fighting as the US reckons it.

    The US score of a package is ``P(both accept) × ((1 − bias) × balance + bias × u_US)``:
    among packages as likely to be accepted, the mediator prefers the one that splits the
    believed surplus over fighting most evenly (the Nash product, scaled to 1 at its best
    package), tilted toward its own utility by ``bias``. A belligerent picks the package with
    the largest expected surplus over fighting, against its belief about the other's type.

    Returns ``index`` (n, 3) int, ``made`` (n, 2) bool (a belligerent has a package worth
    stating), ``packages`` (n, 3, 6) and ``out`` (n, 3, 8) with the columns above.
    """
    n = live.shape[0]
    index = np.zeros((n, 3), dtype=np.int64)
    made = np.zeros((n, 2), dtype=np.bool_)
    out = np.full((n, 3, COLUMNS), np.nan)
    packages = np.full((n, 3, 6), np.nan)
    grid = np.empty((points, 6))
    cols = np.empty((points, COLUMNS))
    both = np.empty(points)
    nash = np.empty(points)
    util_us = np.empty(points)
    gains = np.empty((points, 2))
    x = np.empty(6)
    # This world's curve, lines and ideals, copied once so the package loop stays in cache.
    basis = np.empty((4, 6))
    lines = np.empty((2, 6))
    fits = np.empty(6, dtype=np.bool_)
    ideals = np.empty((3, 6))
    own = np.empty((2, 2, 6))
    best = np.empty(3)
    step = 1.0 / max(points - 1, 1)
    for w in range(n):
        if not live[w]:
            continue
        for j in range(6):
            basis[0, j] = start[j, w]
            basis[1, j] = span[j, w]
            basis[2, j] = before[j, w]
            basis[3, j] = inverse[j, w]
            lines[0, j] = low[j, w]
            lines[1, j] = high[j, w]
            fits[j] = low[j, w] <= high[j, w] + TOLERANCE
            for a in range(3):
                ideals[a, j] = ideal[a, j, w]
            for q in range(2):
                own[q, 0, j] = own_low[q, j, w] - TOLERANCE
                own[q, 1, j] = own_high[q, j, w] + TOLERANCE
        honest = 1.0 - bluff[w]
        best_nash = 0.0
        first = window[0, w]
        width = window[1, w] - first
        for g in range(points):
            position = first + width * g * step
            share = position * total[w]
            u_r = 1.0
            u_u = 1.0
            u_us = 1.0
            ok_r = True
            ok_u = True
            for j in range(6):
                moved = (share - basis[2, j]) * basis[3, j]
                if moved != moved:  # an issue no one loses by: conceded at once
                    moved = 1.0
                moved = min(max(moved, 0.0), 1.0)
                value = basis[0, j] + moved * basis[1, j]
                if fits[j]:
                    value = min(max(value, lines[0, j]), lines[1, j])
                x[j] = value
                u_r -= salience[0, j] * abs(value - ideals[0, j])
                u_u -= salience[1, j] * abs(value - ideals[1, j])
                u_us -= salience[2, j] * abs(value - ideals[2, j])
                ok_r = ok_r and own[0, 0, j] <= value <= own[0, 1, j]
                ok_u = ok_u and own[1, 0, j] <= value <= own[1, 1, j]
            hazard = settlement_hazard(
                base_hazard[w],
                monitoring[w],
                guarantees[w],
                x[GUARANTEE_ISSUE],
                1.0 - min(u_r, u_u),
            )
            risk = breakdown_probability(hazard, weeks)
            loss_r = breakdown_loss_russia(x[AID_ISSUE], x[FORCES_ISSUE], breakdown_loss[w])
            loss_u = breakdown_loss_ukraine(x[GUARANTEE_ISSUE], x[FORCES_ISSUE], breakdown_loss[w])
            d_r = u_r - risk * loss_r
            d_u = u_u - risk * loss_u
            h_r = honest if u_r < 1.0 - TOLERANCE else 1.0
            h_u = honest if u_u < 1.0 - TOLERANCE else 1.0
            p_r = 0.0
            p_u = 0.0
            q_u = 0.0
            q_r = 0.0
            if ok_r:
                p_r = h_r * chance(
                    beliefs[0], types_russia, threshold(views[0, w], d_r, unit[0, w]), w
                )
                q_r = h_r * chance(
                    beliefs[3], types_russia, threshold(views[3, w], d_r, unit[0, w]), w
                )
            if ok_u:
                p_u = h_u * chance(
                    beliefs[1], types_ukraine, threshold(views[1, w], d_u, unit[1, w]), w
                )
                q_u = h_u * chance(
                    beliefs[2], types_ukraine, threshold(views[2, w], d_u, unit[1, w]), w
                )
            both[g] = p_r * p_u + ONE_SIDE * (p_r + p_u)
            balance = max(d_r - reckoned[0, w], 0.0) * max(d_u - reckoned[1, w], 0.0)
            nash[g] = balance
            best_nash = max(best_nash, balance)
            util_us[g] = u_us
            surplus_r = d_r - fight[0, w]
            gains[g, 0] = (q_u * surplus_r if ok_r and surplus_r >= 0.0 else -1.0) + TIE_BREAK * d_r
            surplus_u = d_u - fight[1, w]
            gains[g, 1] = (q_r * surplus_u if ok_u and surplus_u >= 0.0 else -1.0) + TIE_BREAK * d_u
            grid[g] = x
            cols[g, DEAL_RUSSIA] = d_r
            cols[g, DEAL_UKRAINE] = d_u
            cols[g, UTIL_RUSSIA] = u_r
            cols[g, UTIL_UKRAINE] = u_u
            cols[g, HAZARD] = hazard
            cols[g, POSITION] = position
            cols[g, OK_RUSSIA] = 1.0 if ok_r else 0.0
            cols[g, OK_UKRAINE] = 1.0 if ok_u else 0.0
        scale = 1.0 / best_nash if best_nash > 0.0 else 0.0
        best[:] = -np.inf
        for g in range(points):
            tilt = (1.0 - bias[w]) * nash[g] * scale + bias[w] * util_us[g]
            score = both[g] * (TIE_BREAK + tilt) + TIE_BREAK * util_us[g]
            if score > best[US]:
                best[US] = score
                index[w, US] = g
            if gains[g, 0] > best[RUSSIA]:
                best[RUSSIA] = gains[g, 0]
                index[w, RUSSIA] = g
            if gains[g, 1] > best[UKRAINE]:
                best[UKRAINE] = gains[g, 1]
                index[w, UKRAINE] = g
        for c in range(3):
            out[w, c] = cols[index[w, c]]
            packages[w, c] = grid[index[w, c]]
        made[w, 0] = best[RUSSIA] > TIE_BREAK * out[w, RUSSIA, DEAL_RUSSIA]
        made[w, 1] = best[UKRAINE] > TIE_BREAK * out[w, UKRAINE, DEAL_UKRAINE]
    return index, made, packages, out


@njit(cache=True)
def curve_values(position, territory, start, span, before, inverse, total, ideal, salience):
    """Russia's and Ukraine's utility (2, n) of the curve point at ``position`` per world.

    The territory term is replaced by ``territory`` (the front the war is expected to hold).
    The same point as ``negotiation.CurveBasis.point`` without building the (n, 6) package:
    the outlook values the war's end this way several times a week.
    """
    n = position.shape[0]
    out = np.ones((2, n))
    for w in range(n):
        share = min(max(position[w], 0.0), 1.0) * total[w]
        for j in range(6):
            if j == TERRITORY_ISSUE:
                value = territory[w]
            else:
                moved = (share - before[j, w]) * inverse[j, w]
                if moved != moved:
                    moved = 1.0
                value = start[j, w] + min(max(moved, 0.0), 1.0) * span[j, w]
            out[0, w] -= salience[0, j] * abs(value - ideal[0, j, w])
            out[1, w] -= salience[1, j] * abs(value - ideal[1, j, w])
    return out

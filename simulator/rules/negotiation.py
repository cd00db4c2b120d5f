"""The negotiation space: issues, utilities, red lines and the contract curve, as pure numpy.

Every array has the world axis last or first as documented per function; issues run from 0
(Ukraine's preferred pole) to 1 (Russia's), in the order of ``ISSUES``. A grid of candidate
packages is stored issue-major, ``(6, G, n)``: ``grid[j]`` is issue j of every package in
every world, so each elementwise operation runs over ``G × n`` contiguous numbers.
"""

from __future__ import annotations

import numpy as np

FLOAT = np.float64
"""The one float dtype of the engine: every state array has it."""

ISSUES: tuple[str, ...] = (
    "neutrality",
    "territory",
    "armed_forces",
    "western_aid",
    "sanctions",
    "security_guarantees",
)
N_ISSUES = len(ISSUES)
NEUTRALITY = ISSUES.index("neutrality")
TERRITORY = ISSUES.index("territory")
ARMED_FORCES = ISSUES.index("armed_forces")
WESTERN_AID = ISSUES.index("western_aid")
SANCTIONS = ISSUES.index("sanctions")
GUARANTEES = ISSUES.index("security_guarantees")

PACKAGES = 21
"""Candidate settlement packages along the contract curve (DESIGN §2: a small grid)."""

RED_LINE_TOLERANCE = 1e-9
VALUE_TOLERANCE = 1e-9
"""Rounding slack when a package is compared with a bound or a value built to equal it."""


def utility(package: np.ndarray, ideal: np.ndarray, salience: np.ndarray) -> np.ndarray:
    """Utility of packages ``(n, 6)``: 1 minus the salience-weighted L1 distance from the ideal."""
    return 1.0 - salience @ np.abs(package - ideal).T


def within_red_lines(
    package: np.ndarray, low: np.ndarray, high: np.ndarray, issues: tuple[int, ...] | None = None
) -> np.ndarray:
    """True where a package ``(n, 6)`` crosses none of the actor's red lines (``low``/``high``).

    ``issues`` names the columns that carry a red line (all when None); the others are [0, 1]
    and cannot be crossed, so skipping them changes nothing and saves most of the work.
    """
    columns = range(package.shape[-1]) if issues is None else issues
    ok = np.ones(package.shape[0], dtype=bool)
    for j in columns:
        ok &= package[:, j] >= low[:, j] - RED_LINE_TOLERANCE
        ok &= package[:, j] <= high[:, j] + RED_LINE_TOLERANCE
    return ok


class CurveBasis:
    """What a point of the contract curve needs, computed once per set of positions.

    ``span`` ``(6, n)`` runs from Ukraine's ideal to Russia's; ``weight`` is Ukraine's loss of
    conceding each issue whole; ``before`` what it has conceded before that issue starts to
    move (issues go in falling order of Russia's salience over Ukraine's, as in
    ``contract_curve``); ``total`` all it can concede.
    """

    def __init__(self, ideal_ukraine, ideal_russia, salience_ukraine, salience_russia):
        ratio = salience_russia / np.maximum(salience_ukraine, 1e-12)
        order = np.argsort(-ratio, kind="stable")
        self.start = np.ascontiguousarray(ideal_ukraine.T)
        self.span = np.ascontiguousarray((ideal_russia - ideal_ukraine).T)
        weight = salience_ukraine[:, None] * np.abs(self.span)
        before = np.zeros_like(weight)
        before[order[1:]] = np.cumsum(weight[order], axis=0)[:-1]
        self.before = before
        self.total = weight.sum(axis=0)
        with np.errstate(divide="ignore"):
            self.inverse = np.where(weight > 0, 1.0 / np.where(weight > 0, weight, 1.0), np.inf)

    def point(self, position: np.ndarray) -> np.ndarray:
        """The package ``(n, 6)`` at ``position`` in [0, 1] along the curve, per world.

        With L1 utilities the Pareto frontier concedes issues one at a time: the issue Russia
        values most per unit of Ukraine's loss goes first.
        """
        share = np.clip(position, 0.0, 1.0) * self.total
        with np.errstate(invalid="ignore"):
            moved = (share - self.before) * self.inverse
        np.nan_to_num(moved, copy=False, nan=1.0)  # an issue no one loses by moves at once
        np.clip(moved, 0.0, 1.0, out=moved)
        return (self.start + moved * self.span).T


def contract_curve(basis: CurveBasis, points: int = PACKAGES) -> np.ndarray:
    """Packages ``(6, points, n)`` evenly spaced along the curve, from Ukraine's ideal to Russia's.

    Point ``g`` has given up the share ``g / (points - 1)`` of all the utility Ukraine could
    concede, so the grid is even in Ukraine's utility.
    """
    positions = np.linspace(0.0, 1.0, points)
    return np.stack([basis.point(np.full(basis.total.shape, x)).T for x in positions], axis=1)

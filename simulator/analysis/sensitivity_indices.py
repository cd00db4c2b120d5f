"""Sensitivity indices of a design's outputs (SALib) and the ranking of parameters by them.

Morris gives mu* (in output units per the parameter's full range) and sigma; Sobol gives
first-order S1 and total-order ST. A parameter is ranked against the dummy's noise floor.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from simulator.analysis.sensitivity_design import MORRIS_LEVELS, salib_problem
from simulator.analysis.sensitivity_factors import DUMMY, Factor

RESAMPLES = 200


def analyse(
    method: str, factors: Sequence[Factor], X: np.ndarray, Y: np.ndarray, seed: int
) -> dict[str, dict[str, float]]:
    """SALib indices of one output, by parameter name (a constant output gives zeros)."""
    problem = salib_problem(factors)
    keys = (
        ("mu_star", "mu_star_conf", "sigma", "mu")
        if method == "morris"
        else ("S1", "S1_conf", "ST", "ST_conf")
    )
    if np.ptp(Y) == 0:
        return {f.name: dict.fromkeys(keys, 0.0) for f in factors}
    rng = np.random.default_rng(seed)
    with np.errstate(divide="ignore", invalid="ignore"):
        if method == "morris":
            from SALib.analyze import morris  # noqa: PLC0415 - SALib is heavy

            result = morris.analyze(
                problem, X, Y, num_resamples=RESAMPLES, num_levels=MORRIS_LEVELS, seed=rng
            )
        else:
            from SALib.analyze import sobol  # noqa: PLC0415 - SALib is heavy

            result = sobol.analyze(
                problem, Y, calc_second_order=False, num_resamples=RESAMPLES, seed=rng
            )
    return {
        f.name: {k: float(np.asarray(result[k], dtype=float)[i]) for k in keys}
        for i, f in enumerate(factors)
    }


def main_index(method: str) -> tuple[str, str]:
    """The index a study ranks by, and its confidence half-width."""
    return ("mu_star", "mu_star_conf") if method == "morris" else ("ST", "ST_conf")


def ranking(method: str, indices: dict[str, dict[str, float]]) -> list[dict]:
    """Parameters from the strongest driver down, each flagged if it clears the dummy's noise.

    A parameter is ``above_noise`` when the lower end of its index's 95 % interval lies above
    the upper end of the dummy's.
    """
    key, conf = main_index(method)
    dummy = indices[DUMMY]
    floor = _finite(dummy[key]) + _finite(dummy[conf])
    rows = []
    for name, row in indices.items():
        value = _finite(row[key])
        rows.append(
            {
                "parameter": name,
                key: value,
                "above_noise": name != DUMMY and value - _finite(row[conf]) > floor,
            }
        )
    return sorted(rows, key=lambda r: (-r[key], r["parameter"]))


def _finite(x: float) -> float:
    return x if math.isfinite(x) else 0.0

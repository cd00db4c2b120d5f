"""The sample design of a sensitivity study: Morris trajectories or a Saltelli/Sobol sample.

SALib builds the design matrix (one row per point); it is imported only when a design is drawn.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from simulator.analysis.sensitivity_factors import Factor

METHODS = ("morris", "sobol")
DEFAULT_SAMPLES = {"morris": 10, "sobol": 64}
MORRIS_LEVELS = 4


def design_problem(method: str, samples: int) -> str | None:
    """What is wrong with a design size, or None (Sobol needs a power of two)."""
    if method not in METHODS:
        return f"method must be one of {', '.join(METHODS)} (got {method!r})"
    if method == "sobol" and (samples < 2 or samples & (samples - 1)):
        lower = 1 << max(1, samples.bit_length() - 1)
        return (
            f"Sobol sample sizes must be a power of two (2, 4, 8, ..., 64, ...); got {samples}, "
            f"try {lower} or {lower * 2}"
        )
    if method == "morris" and samples < 2:
        return f"Morris needs at least 2 trajectories (got {samples})"
    return None


def salib_problem(factors: Sequence[Factor]) -> dict:
    """The SALib problem definition of a list of factors."""
    return {
        "num_vars": len(factors),
        "names": [f.name for f in factors],
        "bounds": [[f.low, f.high] for f in factors],
    }


def sample_design(method: str, factors: Sequence[Factor], samples: int, seed: int) -> np.ndarray:
    """The SALib sample matrix (one row per point) for the method."""
    problem = salib_problem(factors)
    rng = np.random.default_rng(seed)
    if method == "morris":
        from SALib.sample import morris  # noqa: PLC0415 - SALib is heavy

        return morris.sample(problem, samples, num_levels=MORRIS_LEVELS, seed=rng)
    from SALib.sample import sobol  # noqa: PLC0415 - SALib is heavy

    return sobol.sample(problem, samples, calc_second_order=False, seed=rng)


def count_points(method: str, n_factors: int, samples: int, tornado: bool = True) -> int:
    """How many scenario points a study runs (design plus one-at-a-time sweep)."""
    k = n_factors + 1  # the dummy
    design = samples * (k + 1) if method == "morris" else samples * (k + 2)
    return design + (1 + 2 * n_factors if tornado else 0)

"""PRIM through the EMA workbench: one box's peeling and pasting trajectory, as plain arrays.

The algorithm is the EMA workbench's (``ema_workbench.analysis.prim``, Kwakkel 2017), the
reference implementation of Bryant & Lempert (2010); nothing here peels by hand. The workbench
is imported inside ``peel`` (it loads pandas, scipy and seaborn, a few seconds) and kept quiet:
its import warnings are about optional extras negsim does not use, and its log is progress.
"""

from __future__ import annotations

import contextlib
import logging
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np

PEEL_ALPHA = 0.05
"""Share of the box's runs each peeling step removes (the workbench's and Friedman's default)."""
MASS_MIN = 0.05
"""Peeling stops before a box holds fewer than this share of all runs (the default)."""
EMA_LOGGER = "EMA"
"""The workbench's root logger: every module logs under it."""
IMPORT_WARNINGS = (
    # ema_workbench/__init__.py: the ipyparallel evaluator is an optional extra we never use.
    (UserWarning, r"ipyparallel not installed"),
    # ema_workbench/analysis/prim.py: altair only serves the notebook's interactive inspector.
    (ImportWarning, r"altair based interactive inspection not available"),
)
"""The warnings importing the workbench emits, exactly; any other one still reaches the user."""
RUN_WARNINGS = (
    # prim.py drops a "scenario" column with DataFrame.drop(inplace=True), which pandas 3.1
    # deprecates; our frames have no such column and the call changes nothing.
    (DeprecationWarning, r"The inplace keyword in DataFrame\.drop is deprecated"),
)
"""The warnings running the workbench's PRIM emits under pandas 3, exactly."""


@dataclass(frozen=True)
class Trajectory:
    """Every box on one PRIM trajectory: statistics and limits per step, by parameter.

    ``lows``/``highs`` are ``(steps, parameters)``; ``quasi_p[i][name]`` is the workbench's
    one-sided binomial quasi-p of each side (low, high) of step ``i``'s limit on ``name``,
    ``-1`` for a side left at the full range. ``full_low``/``full_high`` span the runs.
    """

    names: tuple[str, ...]
    coverage: np.ndarray
    density: np.ndarray
    n: np.ndarray
    lows: np.ndarray
    highs: np.ndarray
    quasi_p: tuple[dict[str, tuple[float, float]], ...]
    full_low: np.ndarray
    full_high: np.ndarray


@contextlib.contextmanager
def _quiet_workbench() -> Iterator[None]:
    """Import-time warnings filtered (exactly those) and the workbench's progress log muted."""
    logger = logging.getLogger(EMA_LOGGER)
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            for category, message in (*IMPORT_WARNINGS, *RUN_WARNINGS):
                warnings.filterwarnings("ignore", message=message, category=category)
            yield
    finally:
        logger.setLevel(level)


def peel(inputs: Mapping[str, np.ndarray], cases: np.ndarray) -> Trajectory:
    """PRIM's first box for ``cases`` (0/1 per run) over the runs' drawn ``inputs``."""
    with _quiet_workbench():
        import pandas as pd  # noqa: PLC0415 - heavy, and only a discovery needs it
        from ema_workbench.analysis import prim  # noqa: PLC0415 - heavy: see the docstring

        names = tuple(inputs)
        frame = pd.DataFrame({name: np.asarray(inputs[name], dtype=np.float64) for name in names})
        finder = prim.Prim(
            frame, np.asarray(cases, dtype=bool), peel_alpha=PEEL_ALPHA, mass_min=MASS_MIN
        )
        box = finder.find_box()
    steps = box.peeling_trajectory
    lims = [[lim[name].to_numpy(dtype=np.float64) for name in names] for lim in box.box_lims]
    limits = np.array(lims)  # (steps, parameters, 2): low and high
    init = finder.box_init
    quasi_p = tuple(
        {name: (float(qp[name][0]), float(qp[name][1])) for name in qp} for qp in box.p_values
    )
    return Trajectory(
        names=names,
        coverage=steps["coverage"].to_numpy(dtype=np.float64),
        density=steps["density"].to_numpy(dtype=np.float64),
        n=steps["n"].to_numpy(dtype=np.int64),
        lows=limits[:, :, 0],
        highs=limits[:, :, 1],
        quasi_p=quasi_p,
        full_low=np.array([float(init[name][0]) for name in names]),
        full_high=np.array([float(init[name][1]) for name in names]),
    )

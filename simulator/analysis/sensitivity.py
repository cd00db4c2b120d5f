"""Global sensitivity analysis: which uncertain assumptions drive the outcome probabilities.

A study fixes the analysed parameters at each point of a SALib design (Morris trajectories or a
Saltelli/Sobol sample), runs the scenario ``R`` times per point with the same master seed
(common random numbers: run i sees the same dice at every point), and hands the outputs to
SALib for the indices. Outputs are the probabilities of the six outcomes, of any settlement and
of any agreement, and the median week of first agreement. A one-at-a-time sweep (each
parameter at its low and high end, the rest as in the scenario) feeds the tornado charts. A
``dummy`` parameter the model never reads rides along in every design as the usual control:
its index shows the floor below which an index means nothing.

The factors, design, points and indices live in the ``sensitivity_*`` modules beside this one;
this module runs the study and returns ``sensitivity.json``. Decisions where the issue is silent
(see also ``docs/sensitivity.md`` and ``sensitivity_factors`` for the ranges):

- ``median_agreement_week``, the "median week of first agreement, runs without one counted at
  the horizon", counts runs without any agreement (no ceasefire and no settlement) at the
  horizon, so it is defined at every point; when more than half of the runs never agree it
  equals the horizon. It is not the compare and sweep median, which is over the runs with one
  (``statistics.MEDIAN_WEEKS`` holds both definitions).
- Morris mu* is in output units (probability, or weeks) per the parameter's full range.
- A private resolve (a distribution in the scenario) is varied as its true value only; the
  other sides keep the stated distribution as their prior (``sensitivity_points``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

import numpy as np

from simulator import __version__
from simulator.analysis.sensitivity_design import (
    DEFAULT_SAMPLES,
    design_problem,
    sample_design,
)
from simulator.analysis.sensitivity_factors import Factor, private_resolves, with_dummy
from simulator.analysis.sensitivity_indices import analyse, main_index, ranking
from simulator.analysis.sensitivity_points import PointBuilder, PointResult, evaluate_points
from simulator.analysis.statistics import (
    INDICATORS,
    MEDIAN_WEEK,
    MEDIAN_WEEKS,
    indicator_label,
)
from simulator.engine import BLOCK_SIZE
from simulator.montecarlo import n_blocks, wilson_interval
from simulator.scenario import Loaded, ScenarioError

OUTPUTS: tuple[str, ...] = (*INDICATORS, MEDIAN_WEEK)
DEFAULT_RUNS_PER_POINT = BLOCK_SIZE


@dataclass
class StudySettings:
    """How a study is run (method, design size, runs per point, workers)."""

    method: str = "morris"
    samples: int | None = None
    runs_per_point: int = DEFAULT_RUNS_PER_POINT
    workers: int = 1
    dask: str | None = None  # address of a Dask scheduler: points run there

    def __post_init__(self):
        if self.samples is None:
            self.samples = DEFAULT_SAMPLES[self.method]


def run_study(
    loaded: Loaded,
    factors: Sequence[Factor],
    settings: StudySettings,
    on_point: Callable[[], None] | None = None,
    tornado: bool = True,
) -> dict:
    """Run the design and (optionally) the one-at-a-time sweep; return ``sensitivity.json``.

    ``factors`` are the real parameters; the dummy is added here. Every point and the sweep are
    validated before anything runs, so a bad range fails fast.
    """
    problem = design_problem(settings.method, settings.samples)
    if problem:
        raise ValueError(problem)
    check_factors(loaded, factors)
    all_factors = with_dummy(factors)
    seed = loaded.scenario.simulation.seed
    X = sample_design(settings.method, all_factors, settings.samples, seed)
    names = [f.name for f in all_factors]
    private = [f for f in factors if f.name in private_resolves(loaded.scenario)]
    builder = PointBuilder(loaded, [f.name for f in private])
    oat = _oat_points(factors) if tornado else []
    scenarios = [builder.scenario(v) for v in oat]
    scenarios += [builder.scenario(dict(zip(names, row, strict=True))) for row in X]
    started = time.perf_counter()
    results = evaluate_points(
        scenarios, settings.runs_per_point, settings.workers, on_point, settings.dask
    )
    elapsed = time.perf_counter() - started
    oat_results, design_results = results[: len(oat)], results[len(oat) :]
    Y = np.array([r.outputs() for r in design_results])

    outputs = {}
    for j, output in enumerate(OUTPUTS):
        indices = analyse(settings.method, all_factors, X, Y[:, j], seed)
        entry = {
            "kind": "weeks" if output == MEDIAN_WEEK else "probability",
            "label": _output_label(output, loaded.scenario.simulation.weeks),
            "constant": bool(np.ptp(Y[:, j]) == 0),
            "design_range": [float(Y[:, j].min()), float(Y[:, j].max())],
            "indices": indices,
            "ranking": ranking(settings.method, indices),
        }
        if tornado:
            entry["base"] = _point_value(oat_results[0], j, loaded.scenario.simulation.weeks)
            entry["tornado"] = _tornado(factors, oat_results, j, loaded.scenario.simulation.weeks)
        outputs[output] = entry

    sim = loaded.scenario.simulation
    runs = settings.runs_per_point
    notes = [
        "Common random numbers: every point is run with the same seed, so run i sees the same "
        "dice everywhere and differences between points come from the parameters.",
        "The dummy parameter is never read by the model: its index is the noise floor.",
        "Parameters are sampled uniformly over their ranges.",
        "{} ({}): {}.".format(MEDIAN_WEEK, *MEDIAN_WEEKS[MEDIAN_WEEK].words(sim.weeks)),
        *(
            f"{f.name} is private ({f.stated}): a point fixes its true value only, from week 0, "
            f"and the other sides keep {f.stated} as their prior; where a point does not fix "
            "it, it is drawn per run as stated."
            for f in private
        ),
    ]
    if runs % BLOCK_SIZE:
        notes.append(
            f"Each point simulates whole blocks of {BLOCK_SIZE} worlds; {runs} runs per point "
            f"use {runs / (n_blocks(runs) * BLOCK_SIZE):.0%} of the work done."
        )
    return {
        "scenario": loaded.scenario.name,
        "source": loaded.source,
        "scenario_sha256": loaded.sha256,
        "version": __version__,
        "method": settings.method,
        "samples": settings.samples,
        "points": len(design_results),
        "tornado_points": len(oat_results),
        "runs_per_point": runs,
        "total_runs": runs * len(results),
        "seed": sim.seed,
        "weeks": sim.weeks,
        "start_date": sim.start_date.isoformat(),
        "index": main_index(settings.method)[0],
        "parameters": [asdict(f) for f in all_factors],
        "outputs": outputs,
        "notes": notes,
        "elapsed_seconds": round(elapsed, 1),
        "design": {
            "columns": [*names, *OUTPUTS],
            "rows": [[*map(float, x), *map(float, y)] for x, y in zip(X, Y, strict=True)],
        },
    }


def _output_label(output: str, weeks: int) -> str:
    """What an output is, in plain words (its ``label`` in ``sensitivity.json``)."""
    if output == MEDIAN_WEEK:
        name, definition = MEDIAN_WEEKS[MEDIAN_WEEK].words(weeks)
        return f"{name}: {definition}"
    return indicator_label(output)


def check_factors(loaded: Loaded, factors: Sequence[Factor]) -> None:
    """A study needs at least one real parameter; raise ``ScenarioError`` otherwise."""
    if not factors:
        raise ScenarioError(
            "has no uncertain parameters (none is given as a distribution); "
            "name some with --param KEY=LOW:HIGH",
            file=loaded.source,
        )


def _oat_points(factors: Sequence[Factor]) -> list[dict[str, float]]:
    """Base scenario, then each parameter at its low end and at its high end."""
    points: list[dict[str, float]] = [{}]
    for f in factors:
        points += [{f.name: f.low}, {f.name: f.high}]
    return points


def _point_value(result: PointResult, j: int, weeks: int) -> dict:
    """One output at one point, with its 95 % interval (Wilson, or order statistics)."""
    if OUTPUTS[j] == MEDIAN_WEEK:
        return {
            "value": result.median_week,
            "ci95": list(result.median_ci),
            "runs": result.runs,
            "agreements": result.agreements,
            "horizon": weeks,
        }
    count = result.count(OUTPUTS[j])
    low, high = wilson_interval(count, result.runs)
    return {
        "value": round(count / result.runs, 6),
        "count": count,
        "runs": result.runs,
        "ci95": [round(low, 6), round(high, 6)],
    }


def _tornado(factors: Sequence[Factor], results: Sequence[PointResult], j: int, weeks: int):
    """One-at-a-time swings of output ``j``, largest first."""
    rows = []
    for i, f in enumerate(factors):
        low = _point_value(results[1 + 2 * i], j, weeks)
        high = _point_value(results[2 + 2 * i], j, weeks)
        rows.append(
            {
                "parameter": f.name,
                "low": {"at": f.low, **low},
                "high": {"at": f.high, **high},
                "swing": round(abs(high["value"] - low["value"]), 6),
            }
        )
    return sorted(rows, key=lambda r: (-r["swing"], r["parameter"]))

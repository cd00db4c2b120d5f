"""Scenario discovery: boxes of the input space where an outcome is much more likely than usual.

From runs that carry every drawn parameter (``runs.csv``'s ``param.*`` columns), PRIM
(``analysis.discovery_prim``) peels a box, step by step, toward the runs with the outcome. Each
step trades coverage (the share of all runs with the outcome that fall in the box) for density
(the share of the box's runs that have the outcome). Two steps are reported:

- the knee: the step farthest above the straight line from the first step (every run: coverage
  1, density the base rate) to the densest step, with density measured as lift, ``(density -
  base rate) / (1 - base rate)``, so both axes run from 0 to 1 whatever the base rate;
- the densest step whose coverage is at least ``min_coverage`` (default 0.5: a box that holds
  at least half of the runs with the outcome tells a story about most of them, not a corner).

A restriction is a side of a limit that PRIM moved off the parameter's full range (what the
runs drew); one it left there is no restriction. A restriction whose quasi-p (the workbench's
one-sided binomial test of the box with that limit lifted, Bryant & Lempert 2010) exceeds 0.05
could come from chance alone: it is dropped, and the box's coverage, density and run count are
those of the box without it. Limits are reported as the innermost drawn value they keep, so
``low <= x <= high`` on ``runs.csv`` selects exactly the box's runs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from simulator import UserError
from simulator.analysis.discovery_prim import Trajectory, peel
from simulator.analysis.sensitivity_factors import Factor
from simulator.analysis.statistics import DERIVED_NAMES, INDICATORS, indicator
from simulator.montecarlo import wilson_interval

DEFAULT_MIN_COVERAGE = 0.5
"""The chosen box holds at least this share of the runs with the outcome (``--min-coverage``)."""
MIN_RUNS = 200
"""Fewest runs a discovery takes: PRIM stops at boxes of 5 % of the runs, 10 runs at 200."""
MIN_CASES = 10
"""Fewest runs with (and without) the outcome: fewer make a box a handful of accidents."""
SIGNIFICANCE = 0.05
"""A restriction whose quasi-p is above this is dropped as indistinguishable from chance."""


class DiscoveryError(UserError):
    """A discovery that cannot be made as asked: an unknown outcome, a range, too few runs."""


def check_outcome(outcome: str) -> None:
    """Refuse an outcome that is neither one of ``rules.OUTCOMES`` nor a derived indicator."""
    if outcome not in INDICATORS:
        names = ", ".join(INDICATORS)
        raise DiscoveryError(f"--outcome: no outcome named '{outcome}'; choose one of {names}")


def check_request(outcome: str, min_coverage: float, runs: int) -> None:
    """Refuse, before anything runs, an unknown outcome, a coverage outside (0, 1], few runs."""
    check_outcome(outcome)
    if not 0.0 < min_coverage <= 1.0:
        raise DiscoveryError(
            f"--min-coverage must be a share above 0 and at most 1 (e.g. 0.5); got {min_coverage:g}"
        )
    if runs < MIN_RUNS:
        raise DiscoveryError(
            f"--runs: a discovery needs at least {MIN_RUNS} runs (PRIM's smallest box is 5 % "
            f"of them); got {runs}"
        )


def widened_overrides(factors: Sequence[Factor]) -> list[str]:
    """``--set`` pairs that draw each ``--param`` factor uniformly over its range, per run."""
    for factor in factors:
        if factor.name.startswith("timeline."):
            raise DiscoveryError(
                f"--param {factor.name}: discover widens keys of the scenario itself, not of a "
                "timeline event; put the distribution in the event in the YAML file instead"
            )
    return [f"{f.name}={{dist: uniform, low: {f.low!r}, high: {f.high!r}}}" for f in factors]


def outcome_name(outcome: str) -> str:
    """An outcome as the terminal names it: its own name, a derived one by its plain name."""
    return DERIVED_NAMES.get(outcome, outcome)


def outcome_cases(outcomes: np.ndarray, outcome: str) -> np.ndarray:
    """Per run, whether it ended in ``outcome`` (a derived one counts its outcomes' codes)."""
    check_outcome(outcome)
    return indicator(np.asarray(outcomes), outcome)


def check_cases(outcome: str, cases: np.ndarray) -> None:
    """Refuse an outcome that never, always, or almost never happens in these runs."""
    runs, count = int(cases.size), int(np.count_nonzero(cases))
    name = outcome_name(outcome)
    if count == 0 or count == runs:
        never = "no run ends" if count == 0 else "every run ends"
        raise DiscoveryError(
            f"--outcome {outcome}: {never} in {name} ({count:,} of {runs:,}), so no box can "
            "tell runs apart; choose another outcome, or let more parameters vary (--param)"
        )
    if min(count, runs - count) < MIN_CASES:
        raise DiscoveryError(
            f"--outcome {outcome}: {count:,} of {runs:,} runs end in {name}; a box needs at "
            f"least {MIN_CASES} runs with and {MIN_CASES} without it: raise --runs"
        )


def knee_step(coverage: np.ndarray, density: np.ndarray, base_rate: float) -> int:
    """The step farthest above the chord from the first step to the densest (see the module)."""
    lift = (density - base_rate) / (1.0 - base_rate)
    end = int(np.flatnonzero(lift == lift.max())[0])  # the first densest: the largest coverage
    dx, dy = coverage[end] - coverage[0], lift[end] - lift[0]
    above = dy * (coverage - coverage[0]) - dx * (lift - lift[0])  # > 0: toward (1, 1)
    return int(np.argmax(above[: end + 1])) if end else 0


def coverage_step(coverage: np.ndarray, density: np.ndarray, min_coverage: float) -> int:
    """The densest step with at least ``min_coverage`` (step 0, every run, always qualifies)."""
    allowed = np.flatnonzero(coverage >= min_coverage - 1e-12)
    return int(allowed[np.argmax(density[allowed])])


def _restrictions(path: Trajectory, step: int, inputs: Mapping[str, np.ndarray]) -> list[dict]:
    """The step's limits moved off the full range, snapped to the innermost value they keep."""
    found = []
    for j, name in enumerate(path.names):
        low, high = path.lows[step, j], path.highs[step, j]
        cut_low, cut_high = low > path.full_low[j], high < path.full_high[j]
        if not (cut_low or cut_high):
            continue
        x = inputs[name]
        kept = x[(x >= low) & (x <= high)]
        sides = path.quasi_p[step].get(name, (-1.0, -1.0))
        tests = [p for p, cut in zip(sides, (cut_low, cut_high), strict=True) if cut and p >= 0]
        found.append(
            {
                "parameter": name,
                "low": float(kept.min()) if cut_low else float(path.full_low[j]),
                "high": float(kept.max()) if cut_high else float(path.full_high[j]),
                "low_restricted": bool(cut_low),
                "high_restricted": bool(cut_high),
                "quasi_p": max(tests) if tests else None,  # a limit holds as its weaker side
            }
        )
    return sorted(found, key=lambda r: (r["quasi_p"] is None, r["quasi_p"] or 0.0))


def box_members(inputs: Mapping[str, np.ndarray], restrictions: Sequence[dict]) -> np.ndarray:
    """Which runs lie in a box: ``low <= x <= high`` on every restricted parameter."""
    runs = len(next(iter(inputs.values())))
    inside = np.ones(runs, dtype=bool)
    for r in restrictions:
        x = inputs[r["parameter"]]
        inside &= (x >= r["low"]) & (x <= r["high"])
    return inside


def _box(path: Trajectory, step: int, inputs: Mapping[str, np.ndarray], cases: np.ndarray) -> dict:
    """One chosen step as a box: its kept and dropped restrictions and its own statistics."""
    found = _restrictions(path, step, inputs)
    kept = [r for r in found if r["quasi_p"] is not None and r["quasi_p"] <= SIGNIFICANCE]
    dropped = [r for r in found if r not in kept]
    inside = box_members(inputs, kept)
    n, k = int(np.count_nonzero(inside)), int(np.count_nonzero(cases & inside))
    low, high = wilson_interval(k, n)
    return {
        "step": step,
        "restrictions": kept,
        "dropped": dropped,
        "coverage": k / int(np.count_nonzero(cases)),
        "density": k / n,
        "density_ci95": [low, high],
        "n": n,
        "cases": k,
        "mass": n / len(cases),
    }


def discover(
    inputs: Mapping[str, np.ndarray],
    outcomes: np.ndarray,
    outcome: str,
    min_coverage: float = DEFAULT_MIN_COVERAGE,
) -> dict:
    """The discovery document of ``outcome`` over runs' drawn ``inputs`` and outcome codes.

    ``inputs`` maps each parameter (dotted path) to its per-run values; ``outcomes`` holds the
    per-run outcome codes. Boxes carry no sentence: ``report`` words them from these numbers.
    """
    cases = outcome_cases(outcomes, outcome)
    if not inputs:
        raise DiscoveryError(
            "the scenario has no uncertain parameter for PRIM to work with: give some as "
            "distributions, or widen them with --param KEY=LOW:HIGH"
        )
    check_cases(outcome, cases)
    inputs = {name: np.asarray(values, dtype=np.float64) for name, values in inputs.items()}
    path = peel(inputs, cases)
    base_rate = float(np.count_nonzero(cases)) / cases.size
    knee = knee_step(path.coverage, path.density, base_rate)
    chosen = coverage_step(path.coverage, path.density, min_coverage)
    boxes: list[dict] = []
    for step, why in ((knee, "knee"), (chosen, "min_coverage")):
        box = _box(path, step, inputs, cases)
        same = next((b for b in boxes if b["restrictions"] == box["restrictions"]), None)
        if same is not None:  # the same box once its chance restrictions are dropped
            same["chosen_by"].append(why)
        else:
            boxes.append({**box, "chosen_by": [why]})
    low, high = wilson_interval(int(np.count_nonzero(cases)), int(cases.size))
    return {
        "outcome": outcome,
        "runs": int(cases.size),
        "cases": int(np.count_nonzero(cases)),
        "base_rate": base_rate,
        "base_rate_ci95": [low, high],
        "min_coverage": min_coverage,
        "significance": SIGNIFICANCE,
        "parameters": [
            {"parameter": name, "low": float(lo), "high": float(hi)}
            for name, lo, hi in zip(path.names, path.full_low, path.full_high, strict=True)
        ],
        "boxes": boxes,
        "trajectory": {
            "coverage": path.coverage.tolist(),
            "density": path.density.tolist(),
            "n": path.n.tolist(),
            "restricted": [len(q) for q in path.quasi_p],
        },
    }

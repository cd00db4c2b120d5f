"""One-parameter sweeps (``negsim sweep``): outcome probabilities against a parameter's value.

Each value is set with the same mechanism as ``--set`` (so it is validated against the schema,
and a distribution in the scenario is replaced by the fixed value), and every value runs with
the same seed: the curves share their random streams (common random numbers), so they move
because of the parameter, not because of sampling noise.
"""

from __future__ import annotations

import numpy as np

from simulator import __version__
from simulator.analysis.paired_runs import collect_runs
from simulator.analysis.statistics import INDICATORS, median_interval, proportion
from simulator.scenario import (
    Loaded,
    ScenarioError,
    YamlProblem,
    load_scenario,
    load_value,
    schema_has_path,
)

MAX_VALUES = 101


def parse_values(text: str) -> list[str]:
    """``V1,V2,...`` or ``LOW:HIGH:STEPS`` (STEPS evenly spaced values, ends included)."""
    text = text.strip()
    if ":" in text and "," not in text:
        parts = text.split(":")
        if len(parts) != 3:
            raise ValueError(f"a range is LOW:HIGH:STEPS, e.g. 0:0.01:5 (got '{text}')")
        try:
            low, high = float(parts[0]), float(parts[1])
            steps = int(parts[2])
        except ValueError:
            raise ValueError(
                f"LOW and HIGH must be numbers and STEPS a whole number (got '{text}')"
            ) from None
        if not 2 <= steps <= MAX_VALUES:
            raise ValueError(f"STEPS must be between 2 and {MAX_VALUES} (got {steps})")
        values = np.linspace(low, high, steps)
        integral = all(float(v).is_integer() for v in (low, high)) and all(
            float(v).is_integer() for v in values
        )
        return [str(int(v)) if integral else f"{v:.10g}" for v in values]
    values = [v.strip() for v in text.split(",") if v.strip()]
    if not values:
        raise ValueError("give at least one value, e.g. --values 0.1,0.2,0.3 or 0:1:5")
    if len(values) > MAX_VALUES:
        raise ValueError(f"at most {MAX_VALUES} values (got {len(values)})")
    return values


def numeric_axis(values: list[str]) -> list[float] | None:
    """The values as numbers when every one is a number (else the axis is categorical)."""
    out = []
    for text in values:
        try:
            value = load_value(text)
        except YamlProblem:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        out.append(float(value))
    return out


def load_sweep(
    scenario: str,
    key: str,
    values: list[str],
    runs: int | None,
    seed: int | None,
    overrides: list[str],
) -> tuple[Loaded, list[Loaded]]:
    """The base scenario and one loaded scenario per value; every value is validated first."""
    base = load_scenario(scenario, overrides)
    sim = base.scenario.simulation
    fixed = [
        *overrides,
        f"simulation.seed={sim.seed if seed is None else seed}",
        f"simulation.runs={sim.runs if runs is None else runs}",
    ]
    base = load_scenario(scenario, fixed)
    if not schema_has_path(tuple(key.split("."))):
        load_scenario(scenario, [*fixed, f"{key}={values[0]}"])  # raises: no such key, did you mean
    loadeds = []
    for value in values:
        try:
            loadeds.append(load_scenario(scenario, [*fixed, f"{key}={value}"]))
        except ScenarioError as exc:
            raise ScenarioError(f"--values {value}: {exc}") from None
    return base, loadeds


def sweep_rows(key: str, values: list[str], loadeds: list[Loaded], workers: int) -> list[dict]:
    """Run every value; one row per value with probabilities, intervals and agreement week."""
    rows = []
    for value, loaded in zip(values, loadeds, strict=True):
        runs = collect_runs(loaded, value, workers)
        row: dict = {"value": value, "runs": int(runs.outcome.size)}
        for name in INDICATORS:
            row[name] = proportion(runs.indicator(name))
        row["agreement_week"] = median_interval(runs.agreement_week)
        rows.append(row)
    return rows


def sweep_document(
    base: Loaded, key: str, values: list[str], rows: list[dict], command: str | None
) -> dict:
    """``sweep.json``: the swept key, its values and one row per value."""
    sim = base.scenario.simulation
    return {
        "scenario": base.scenario.name,
        "source": base.source,
        "param": key,
        "values": values,
        "numeric": numeric_axis(values) is not None,
        "runs": sim.runs,
        "seed": sim.seed,
        "weeks": sim.weeks,
        "version": __version__,
        "command": command,
        "rows": rows,
    }

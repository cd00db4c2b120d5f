"""One-parameter sweeps (``negsim sweep``): outcome probabilities against a parameter's value.

Each value is set with the same mechanism as ``--set`` (so it is validated against the schema,
and a distribution in the scenario is replaced by the fixed value), and every value runs with
the same seed: the curves share their random streams (common random numbers), so they move
because of the parameter, not because of sampling noise. Each value reports the six outcomes,
"any settlement" and "any agreement", and the median weeks of first agreement and settlement
over the runs that had one (``statistics.MEDIAN_WEEKS``; the document's ``definitions``).

Setting a private resolve (``actors.russia.resolve``) to one value makes it common knowledge:
the other sides' prior collapses onto that value, as for ``--set`` (the document notes it).
"""

from __future__ import annotations

import math

import numpy as np

from simulator import __version__
from simulator.analysis.paired_runs import collect_runs
from simulator.analysis.sensitivity_factors import describe, private_resolves
from simulator.analysis.statistics import (
    INDICATORS,
    median_interval,
    proportion,
    study_definitions,
)
from simulator.scenario import (
    Loaded,
    ScenarioError,
    YamlProblem,
    check_single_value_path,
    load_scenario,
    load_value,
)

MAX_VALUES = 101


def parse_values(text: str) -> list[str]:
    """``V1,V2,...`` or ``LOW:HIGH:STEPS`` (STEPS evenly spaced values, ends included).

    A range needs finite, different ends and 2 to ``MAX_VALUES`` steps; anything else is a
    ``ValueError`` saying what a range is.
    """
    text = text.strip()
    if ":" in text and "," not in text:
        return _range_values(text)
    values = [v.strip() for v in text.split(",") if v.strip()]
    if not values:
        raise ValueError("give at least one value, e.g. --values 0.1,0.2,0.3 or 0:1:5")
    if len(values) > MAX_VALUES:
        raise ValueError(f"at most {MAX_VALUES} values (got {len(values)})")
    return values


def _range_values(text: str) -> list[str]:
    shape = (
        f"a range is LOW:HIGH:STEPS with finite numbers LOW and HIGH, e.g. 0:0.01:5 (got '{text}')"
    )
    parts = [part.strip() for part in text.split(":")]
    if len(parts) != 3 or not all(parts):
        raise ValueError(shape)
    try:
        low, high = float(parts[0]), float(parts[1])
    except ValueError:
        raise ValueError(shape) from None
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ValueError(f"LOW and HIGH must be finite numbers (got '{text}')")
    if low == high:
        raise ValueError(
            f"LOW and HIGH must differ (got '{text}'); to try one value, --values {parts[0]}"
        )
    try:
        steps = int(parts[2])
    except ValueError:
        raise ValueError(f"STEPS must be a whole number (got '{parts[2]}' in '{text}')") from None
    if not 2 <= steps <= MAX_VALUES:
        raise ValueError(f"STEPS must be between 2 and {MAX_VALUES} (got {steps})")
    with np.errstate(all="ignore"):
        values = np.linspace(low, high, steps)
    if not np.isfinite(values).all():
        raise ValueError(f"the range '{text}' is too wide to split into {steps} steps")
    integral = all(float(v).is_integer() for v in (low, high, *values))
    return [str(int(v)) if integral else f"{v:.10g}" for v in values]


def _check_param(key: str, doc: dict) -> None:
    """Raise a ``ScenarioError`` labelled ``--param`` unless ``key`` is one value of ``doc``."""
    parts = tuple(part.strip() for part in key.split("."))
    if not all(parts):
        raise ScenarioError(
            f"takes a dotted scenario key, e.g. escalation.weekly_hazard (got '{key}')",
            file="--param",
        )
    check_single_value_path(parts, doc, "--param")


def _labelled(exc: ScenarioError, value: str) -> ScenarioError:
    """The problems of one swept value, those of the value itself labelled ``--values V``."""
    return ScenarioError.of(
        [
            ScenarioError(p.message, file=f"--values {value}", key=p.key)
            if p.file == "--set"
            else p
            for p in exc.problems
        ]
    )


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
    _check_param(key, base.raw)
    loadeds = []
    for value in values:
        try:
            loadeds.append(load_scenario(scenario, [*fixed, f"{key}={value}"]))
        except ScenarioError as exc:
            raise _labelled(exc, value) from None
    return base, loadeds


def sweep_rows(key: str, values: list[str], loadeds: list[Loaded], workers: int) -> list[dict]:
    """Run every value; one row per value with probabilities, intervals and median weeks."""
    rows = []
    for value, loaded in zip(values, loadeds, strict=True):
        runs = collect_runs(loaded, value, workers)
        row: dict = {"value": value, "runs": int(runs.outcome.size)}
        for name in INDICATORS:
            row[name] = proportion(runs.indicator(name))
        row["agreement_week"] = median_interval(runs.agreement_week)
        row["settlement_week"] = median_interval(runs.settlement_week)
        rows.append(row)
    return rows


def sweep_notes(base: Loaded, key: str) -> list[str]:
    """What a reader should know about the swept key (a private resolve made common knowledge)."""
    private = private_resolves(base.scenario)
    if key not in private:
        return []
    stated = describe(private[key])
    return [
        f"{key} is private in the scenario ({stated}: drawn per run, and the other sides' "
        "prior). Each value of the sweep fixes it, so every side knows it: the curves show a "
        "known resolve. To vary the true value while the others keep their prior, use "
        f"negsim sensitivity --param {key}=LOW:HIGH."
    ]


def sweep_document(
    base: Loaded,
    key: str,
    values: list[str],
    rows: list[dict],
    command: str | None,
    changes: list[str] = (),
) -> dict:
    """``sweep.json``: the swept key, its values, the ``--set`` changes and one row per value."""
    sim = base.scenario.simulation
    return {
        "scenario": base.scenario.name,
        "changes": list(changes),
        "source": base.source,
        "param": key,
        "values": values,
        "numeric": numeric_axis(values) is not None,
        "runs": sim.runs,
        "seed": sim.seed,
        "weeks": sim.weeks,
        "version": __version__,
        "command": command,
        "notes": sweep_notes(base, key),
        "definitions": study_definitions(),
        "rows": rows,
    }

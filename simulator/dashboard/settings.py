"""The dashboard's settings as changes of the scenario: ``--set`` overrides and a saved YAML.

Levers at the scenario's own values change nothing. A lever on a parameter the scenario gives as
a distribution moves the distribution's centre and keeps its spread (clipped to the allowed
range), so the uncertainty stays in the runs (and a private resolve stays private: see
``levers``); a ``beta`` distribution keeps its concentration ``a + b`` and takes the slider's
number as its mean, and is pinned to that number only at the ends of the range, where no beta
has its mean. A menu or a switch sets its key; the week lever adds one timeline event
(``{week: N, set: {actors.us.aid_paused: false}}``) after the scenario's own. ``saved`` turns the
settings into a scenario file that ``negsim run`` accepts.

``scenario_with`` applies the changes to the picked scenario as it was loaded, in memory: the
dashboard never reads the scenario file again to run, so a file edited (or broken) while the page
is open cannot turn a lever move into an error; ``picker`` decides when to load it afresh.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import numpy as np

from simulator.dashboard.levers import AID_EVENT, DEFAULT_RUNS, LEVERS, default_settings, value_at
from simulator.scenario import (
    Beta,
    Dist,
    Loaded,
    Normal,
    Scenario,
    Triangular,
    Uniform,
    field_bounds,
    validate_document,
)


def _round(value: float, step: float) -> float:
    """A value on the lever's grid, without float noise (0.30000000000000004)."""
    digits = max(0, int(np.ceil(-np.log10(step))) + 1)
    return round(float(value), digits)


def shift_distribution(dist: Dist, target: float, path: str) -> Dist | float:
    """Move a distribution so its centre is ``target``, keeping its spread inside the bounds."""
    bounds = field_bounds(path)
    low, high = bounds.low, bounds.high if bounds.high is not None else np.inf
    if isinstance(dist, Normal):
        return Normal(dist="normal", mean=float(np.clip(target, low, high)), sd=dist.sd)
    if isinstance(dist, Beta):
        share = (target - low) / (high - low)
        if not 0.0 < share < 1.0:
            return float(target)
        concentration = dist.a + dist.b
        a, b = round(share * concentration, 6), round((1.0 - share) * concentration, 6)
        return Beta(dist="beta", a=a, b=b) if a > 0 and b > 0 else float(target)
    delta = target - dist.mean_value(bounds.low, bounds.high)

    def clip(x: float) -> float:
        return round(float(np.clip(x + delta, low, high)), 6)

    if isinstance(dist, Uniform):
        a, b = clip(dist.low), clip(dist.high)
        return Uniform(dist="uniform", low=a, high=b) if a < b else a
    if isinstance(dist, Triangular):
        a, m, b = clip(dist.low), clip(dist.mode), clip(dist.high)
        return Triangular(dist="triangular", low=a, mode=m, high=b) if a < b else a
    return float(target)


def _scale_amount(amount: Any, factor: float) -> Any:
    if isinstance(amount, Uniform):
        return {"dist": "uniform", "low": amount.low * factor, "high": amount.high * factor}
    if isinstance(amount, Triangular):
        return {
            "dist": "triangular",
            "low": amount.low * factor,
            "mode": amount.mode * factor,
            "high": amount.high * factor,
        }
    if isinstance(amount, Normal):
        return {"dist": "normal", "mean": amount.mean * factor, "sd": max(amount.sd * factor, 1e-9)}
    return round(float(amount) * factor, 3)


def _plain(value: Any) -> Any:
    """A YAML/JSON-ready value: distributions as mappings, floats without noise."""
    if isinstance(value, Dist):
        return {k: _plain(v) for k, v in value.model_dump().items()}
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def overrides(loaded: Loaded, settings: dict[str, Any]) -> dict[str, Any]:
    """The scenario keys the settings change, by dotted path (levers at their default add none)."""
    scenario = loaded.scenario
    defaults = default_settings(loaded)
    out: dict[str, Any] = {}
    for lever in LEVERS:
        value = settings.get(lever.key, defaults[lever.key])
        if lever.kind == "switch":
            if bool(value) != defaults[lever.key]:
                out[lever.path] = bool(value)
            continue
        if lever.kind == "choice":
            if value != defaults[lever.key]:
                out[lever.path] = str(value)
            continue
        if lever.kind == "week":
            paused = settings.get("aid_paused", defaults["aid_paused"])
            if paused and int(value) < scenario.simulation.weeks:
                event = {"week": int(value), "set": dict(AID_EVENT)}
                out[lever.path] = [*copy.deepcopy(loaded.raw.get("timeline") or []), event]
            continue
        if abs(float(value) - defaults[lever.key]) < 1e-9:
            continue
        if lever.kind == "scale":
            out["donors"] = [
                _plain(
                    {
                        "name": d.name,
                        "amount_gbp_m": _scale_amount(d.amount_gbp_m, float(value)),
                        "week": d.week,
                        "lag_weeks": d.lag_weeks,
                    }
                )
                for d in scenario.donors
            ]
            continue
        current = value_at(scenario, lever.path)
        target = _round(value, lever.step)
        moved = (
            shift_distribution(current, target, lever.path) if isinstance(current, Dist) else target
        )
        out[lever.path] = _plain(moved)
    runs = int(settings.get("runs", DEFAULT_RUNS))
    if runs != scenario.simulation.runs:
        out["simulation.runs"] = runs
    return out


def set_args(changes: dict[str, Any]) -> tuple[str, ...]:
    """``--set KEY=VALUE`` strings for the changes (JSON is a YAML 1.2 flow value)."""
    return tuple(f"{path}={json.dumps(value)}" for path, value in sorted(changes.items()))


def scenario_with(loaded: Loaded, changes: dict[str, Any]) -> Scenario:
    """The loaded scenario with ``changes`` (dotted path -> value) applied and validated again.

    The same document ``load_scenario(source, set_args(changes))`` builds, made from the merged
    document kept in ``loaded`` instead of the files; a value the schema refuses raises
    ``ScenarioError``.
    """
    raw = copy.deepcopy(loaded.raw)
    for path, value in changes.items():
        node = raw
        *parents, last = path.split(".")
        for part in parents:
            child = node.get(part)
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        node[last] = copy.deepcopy(value)
    return validate_document(raw, dict(loaded.marks), loaded.source)

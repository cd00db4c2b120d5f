"""What the classroom dashboard computes, without any web framework.

The levers a class argues about become ``--set``-style overrides of the picked scenario; runs are
cached by (scenario, overrides, runs) so moving a slider back is instant; the current settings
become a scenario YAML that ``negsim run`` accepts. A lever on a parameter the scenario gives as a
distribution moves the distribution's centre and keeps its spread (clipped to the allowed range),
so the uncertainty stays in the runs; a ``beta`` distribution cannot be shifted and is pinned to
the slider's number instead.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import yaml

from simulator import __version__
from simulator.montecarlo.runner import run_monte_carlo
from simulator.montecarlo.tally import Tally, wilson_interval
from simulator.rules.negotiation import ISSUES
from simulator.rules.outcomes import OUTCOMES
from simulator.scenario.config import Loaded, field_bounds, load_scenario, shipped_scenarios
from simulator.scenario.distributions import Beta, Dist, Normal, Triangular, Uniform

RUN_CHOICES: tuple[int, ...] = (250, 500, 1000, 2000, 5000, 10000)
"""Numbers of runs offered; 1,000 redraw in well under a second on one core."""

DEFAULT_RUNS = 1000
SCENARIO_ENV = "NEGSIM_DASHBOARD_SCENARIO"
"""Environment variable through which ``negsim dashboard SCENARIO`` names the first scenario."""
CACHE_SIZE = 48


@dataclass(frozen=True)
class Lever:
    """One control of the dashboard and the scenario parameter it moves."""

    key: str  # stable id: the page's CSS class ``lever-<key>`` and the settings key
    label: str
    path: str  # dotted path in the scenario ("donors": the whole list, scaled)
    kind: Literal["switch", "slider", "scale"]
    low: float = 0.0
    high: float = 1.0
    step: float = 0.05
    help: str = ""


LEVERS: tuple[Lever, ...] = (
    Lever(
        "aid_paused",
        "US military aid paused",
        "actors.us.aid_paused",
        "switch",
        help="The article: the US paused additional military aid.",
    ),
    Lever(
        "us_pressure",
        "US pressure on Russia",
        "actors.us.pressure_on_russia",
        "slider",
        0.0,
        1.0,
        0.05,
        "Sanctions threat and envoy pressure at the start, 0 to 1.",
    ),
    Lever(
        "russian_momentum",
        "Russian momentum",
        "battlefield.russian_momentum",
        "slider",
        -1.0,
        1.0,
        0.05,
        "Who is winning ground at the start: -1 Ukraine, +1 Russia.",
    ),
    Lever(
        "russia_resolve",
        "Russia's resolve",
        "actors.russia.resolve",
        "slider",
        0.0,
        1.0,
        0.05,
        "Tolerance of the costs of war, 0 to 1.",
    ),
    Lever(
        "ukraine_resolve",
        "Ukraine's resolve",
        "actors.ukraine.resolve",
        "slider",
        0.0,
        1.0,
        0.05,
        "Tolerance of the costs of war, 0 to 1.",
    ),
    Lever(
        "kursk_control",
        "Russian control of Kursk salient",
        "battlefield.kursk_russian_control",
        "slider",
        0.0,
        1.0,
        0.01,
        "Share of the ground Ukraine seized in August 2024 that Russia holds (article: 86 %).",
    ),
    Lever(
        "donor_aid",
        "Donor aid",
        "donors",
        "scale",
        0.0,
        3.0,
        0.1,
        "Scales every donor package (Canada, Finland, Sweden, ...).",
    ),
    Lever(
        "monitoring",
        "Ceasefire monitoring",
        "ceasefire.monitoring",
        "slider",
        0.0,
        1.0,
        0.05,
        "Share of the violation hazard that monitors prevent.",
    ),
    Lever(
        "escalation",
        "Escalation hazard",
        "escalation.weekly_hazard",
        "slider",
        0.0,
        0.02,
        0.001,
        "Weekly chance of a wider regional escalation.",
    ),
)
LEVER_BY_KEY = {lever.key: lever for lever in LEVERS}


# --------------------------------------------------------------------------- scenario values


def _get(raw: dict, path: str) -> Any:
    node: Any = raw
    for part in path.split("."):
        node = getattr(node, part)
    return node


def _round(value: float, step: float) -> float:
    """A value on the lever's grid, without float noise (0.30000000000000004)."""
    digits = max(0, int(np.ceil(-np.log10(step))) + 1)
    return round(float(value), digits)


def centre(value: Any, path: str) -> float:
    """The number a slider shows for a parameter: itself, or its distribution's mean."""
    if isinstance(value, Dist):
        bounds = field_bounds(path)
        return float(value.mean_value(bounds.low, bounds.high))
    return float(value)


def default_settings(loaded: Loaded, runs: int | None = None) -> dict[str, Any]:
    """Each lever's position for a scenario as it stands, plus the number of runs.

    Runs: ``runs`` when given, else the scenario's own number if the page offers it, else 1,000
    (a live page needs answers in well under a second).
    """
    scenario = loaded.scenario
    out: dict[str, Any] = {}
    for lever in LEVERS:
        if lever.kind == "switch":
            out[lever.key] = bool(_get(scenario, lever.path))
        elif lever.kind == "scale":
            out[lever.key] = 1.0
        else:
            out[lever.key] = centre(_get(scenario, lever.path), lever.path)
    own = scenario.simulation.runs
    out["runs"] = runs if runs is not None else (own if own in RUN_CHOICES else DEFAULT_RUNS)
    return out


def lever_text(lever: Lever, value: Any, loaded: Loaded) -> str:
    """The lever's label with its current value, as the page shows it."""
    if lever.kind == "switch":
        return f"{lever.label}: {'yes' if value else 'no'}"
    if lever.kind == "scale":
        total = sum(centre(d.amount_gbp_m, "donors.0.amount_gbp_m") for d in loaded.scenario.donors)
        return f"{lever.label}: ×{value:.1f} (£{total * value:,.0f} m)"
    if lever.key == "escalation":
        yearly = 1.0 - (1.0 - value) ** 52
        return f"{lever.label}: {value:.3f}/week (≈{yearly:.0%}/year)"
    scenario_value = _get(loaded.scenario, lever.path)
    note = (
        " (uncertain)"
        if isinstance(scenario_value, Dist) and not isinstance(scenario_value, Beta)
        else ""
    )
    sign = "+" if lever.low < 0 else ""
    return f"{lever.label}: {value:{sign}.2f}{note}"


def shift_distribution(dist: Dist, target: float, path: str) -> Dist | float:
    """Move a distribution so its centre is ``target``, keeping its spread inside the bounds."""
    bounds = field_bounds(path)
    low, high = bounds.low, bounds.high if bounds.high is not None else np.inf
    if isinstance(dist, Normal):
        return Normal(dist="normal", mean=float(np.clip(target, low, high)), sd=dist.sd)
    if isinstance(dist, Beta):
        return float(target)
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
        current = _get(scenario, lever.path)
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


def scenario_yaml(loaded: Loaded, settings: dict[str, Any], saved: dt.date | None = None) -> str:
    """The current settings as a scenario file: ``extends`` the picked one, changes as keys."""
    picked = loaded_source(loaded)
    changes = overrides(loaded, settings)
    stem = Path(loaded.source).stem
    doc: dict[str, Any] = {
        "name": f"{stem}-dashboard",
        "description": (
            f"{loaded.scenario.name} as set in the negsim dashboard; changed: "
            + (", ".join(sorted(changes)) or "nothing")
            + "."
        ),
        "extends": picked,
    }
    for path, value in sorted(changes.items()):
        node = doc
        parts = path.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    day = (saved or dt.date.today()).isoformat()
    header = (
        f"# Saved from the negsim {__version__} dashboard on {day}.\n"
        f"# Run it with: negsim run {stem}-dashboard.yaml\n"
    )
    return header + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)


def download_name(loaded: Loaded) -> str:
    """File name the browser saves the settings under."""
    return f"{Path(loaded.source).stem}-dashboard.yaml"


# --------------------------------------------------------------------------- cached runs


@dataclass(frozen=True)
class OutcomeRow:
    """One outcome's share of runs with its 95 % Wilson interval."""

    name: str
    count: int
    probability: float
    low: float
    high: float


@dataclass
class Outlook:
    """What the page shows for one set of settings: outcomes, timing, terms."""

    scenario: str
    runs: int
    seed: int
    weeks: int
    start_date: dt.date
    rows: list[OutcomeRow]
    tally: Tally = field(repr=False)
    seconds: float = 0.0
    key: tuple = ()  # (scenario source, --set arguments, runs): identifies the settings

    def probability(self, name: str) -> float:
        """Share of runs ending in outcome ``name``."""
        return next(r.probability for r in self.rows if r.name == name)


def outcome_rows(tally: Tally) -> list[OutcomeRow]:
    """Every outcome, in the order of ``OUTCOMES``, with its interval."""
    rows = []
    for name, count in zip(OUTCOMES, tally.outcomes, strict=True):
        low, high = wilson_interval(int(count), tally.runs)
        rows.append(OutcomeRow(name, int(count), int(count) / tally.runs, low, high))
    return rows


def agreement_curves(outlook: Outlook) -> dict[str, np.ndarray]:
    """Cumulative share of runs with a first ceasefire / a settlement by each week, with bands."""
    runs = outlook.runs
    out: dict[str, np.ndarray] = {"week": np.arange(outlook.weeks)}
    for name in ("first_ceasefire", "settled"):
        counts = outlook.tally.weekly.counts[name]
        bands = np.array([wilson_interval(int(c), runs) for c in counts])
        out[name] = counts / runs
        out[f"{name}.low"] = bands[:, 0]
        out[f"{name}.high"] = bands[:, 1]
    return out


def terms_summary(outlook: Outlook) -> dict[str, dict]:
    """Per issue: n, mean, p10, p50, p90 of the agreed terms (comprehensive settlements only)."""
    return {issue: outlook.tally.metrics[f"terms.{issue}"].describe() for issue in ISSUES}


class RunCache:
    """Monte Carlo results by (scenario, overrides, runs), least recently used dropped first."""

    def __init__(self, size: int = CACHE_SIZE):
        self.size = size
        self._items: OrderedDict[tuple, Outlook] = OrderedDict()
        self._lock = threading.Lock()  # browser sessions share the cache

    def get(self, source: str, args: tuple[str, ...], runs: int) -> Outlook:
        """The outlook for these settings, simulated on first request."""
        with self._lock:
            return self._get((source, args, runs))

    def _get(self, key: tuple) -> Outlook:
        source, args, runs = key
        if key in self._items:
            self._items.move_to_end(key)
            return self._items[key]
        start = time.perf_counter()
        loaded = load_scenario(source, list(args))
        tally = run_monte_carlo(loaded.scenario, runs)
        sim = loaded.scenario.simulation
        outlook = Outlook(
            scenario=loaded.scenario.name,
            runs=runs,
            seed=sim.seed,
            weeks=sim.weeks,
            start_date=sim.start_date,
            rows=outcome_rows(tally),
            tally=tally,
            seconds=time.perf_counter() - start,
            key=key,
        )
        self._items[key] = outlook
        while len(self._items) > self.size:
            self._items.popitem(last=False)
        return outlook


CACHE = RunCache()


def outlook_for(loaded: Loaded, settings: dict[str, Any]) -> Outlook:
    """Run (or recall) the Monte Carlo for the current settings."""
    args = set_args(
        {k: v for k, v in overrides(loaded, settings).items() if k != "simulation.runs"}
    )
    return CACHE.get(loaded_source(loaded), args, int(settings.get("runs", DEFAULT_RUNS)))


def loaded_source(loaded: Loaded) -> str:
    """What ``load_scenario`` takes to load the same scenario again."""
    return (
        loaded.source
        if loaded.source in shipped_scenarios()
        else str(Path(loaded.source).resolve())
    )

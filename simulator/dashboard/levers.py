"""The dashboard's levers: the controls a class argues about and the scenario keys they move.

Each lever sits on a scenario parameter; its position starts at the scenario's value (for a
parameter given as a distribution, the distribution's mean), and its label shows that value in
words. The number of runs is a setting too, picked from ``RUN_CHOICES``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from simulator.scenario import Beta, Dist, Loaded, field_bounds

RUN_CHOICES: tuple[int, ...] = (250, 500, 1000, 2000, 5000, 10000)
"""Numbers of runs offered; 1,000 redraw in well under a second on one core."""

DEFAULT_RUNS = 1000


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


def value_at(raw: Any, path: str) -> Any:
    """The scenario's value at a dotted path (``actors.us.pressure_on_russia``)."""
    node: Any = raw
    for part in path.split("."):
        node = getattr(node, part)
    return node


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
            out[lever.key] = bool(value_at(scenario, lever.path))
        elif lever.kind == "scale":
            out[lever.key] = 1.0
        else:
            out[lever.key] = centre(value_at(scenario, lever.path), lever.path)
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
    scenario_value = value_at(loaded.scenario, lever.path)
    note = (
        " (uncertain)"
        if isinstance(scenario_value, Dist) and not isinstance(scenario_value, Beta)
        else ""
    )
    sign = "+" if lever.low < 0 else ""
    return f"{lever.label}: {value:{sign}.2f}{note}"

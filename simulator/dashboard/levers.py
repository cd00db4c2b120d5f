"""The dashboard's levers: the controls a class argues about and the scenario keys they move.

Each lever sits on a scenario parameter; its position starts at the scenario's value (for a
parameter given as a distribution, the distribution's mean), and its label shows that value in
words. The number of runs is a setting too, picked from ``RUN_CHOICES``.

The levers follow the bargaining theory of war the model is built on: each side's private
resolve and its optimism about the other's, how much a week of fighting reveals (observation
noise), what makes a settlement credible (monitoring, guarantees), how the US mediates (pressure,
bias, which track first), the partial truce, and the war itself (aid, momentum, Kursk, donors,
escalation).

Resolve levers move the *centre* of the resolve distribution and keep its spread
(``settings.shift_distribution``), rather than fixing the value: in the model a resolve given as
a distribution is private (the true value is drawn per run, the other side's prior is the
distribution), while a fixed number is common knowledge. Fixing it would take the private
information, and with it a cause of the war, out of the runs; moving the centre asks only "what
if Russia (or Ukraine) were more resolved", with the uncertainty about it kept. A scenario that
gives resolve as a fixed number keeps it fixed (and known).

What a page may send is what it offers, and ``accepted`` checks it before a setting moves:

- a switch takes only ``True`` or ``False``;
- a menu (``choice``) takes only one of its offered choices, by name or by the label it shows;
- a week lever (a timeline event, ``week``) takes a whole week from ``low`` to the horizon, which
  is its default and means "no date": no event is added;
- a slider takes a finite number on its own grid, ``low + k * step`` for a whole ``k`` between
  ``low`` and ``high`` (a millionth of a step either way is float noise from the browser and is
  snapped back onto the grid), or the scenario's own value, where the slider starts even when
  that value is off the grid or outside the slider's range;
- runs take only one of ``RUN_CHOICES`` (the page's menu sends it as text, ``"1000"``), so no
  session can ask for more than 10,000 runs at a time;
- a setting the page does not have is refused.

Anything else raises ``RefusedValueError``, and the page keeps the last good value.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from dataclasses import dataclass
from typing import Any, Literal

from simulator import UserError
from simulator.scenario import Dist, Loaded, field_bounds

RUN_CHOICES: tuple[int, ...] = (250, 500, 1000, 2000, 5000, 10000)
"""Numbers of runs offered; 1,000 redraw in well under a second on one core."""

DEFAULT_RUNS = 1000

GRID_TOLERANCE = 1e-6
"""How far (as a share of the step) a slider value may sit off its grid and still be snapped."""


class RefusedValueError(UserError):  # a UserError: one short message, never a traceback
    """A value the page does not offer for a setting (the setting keeps its last good value)."""


@dataclass(frozen=True)
class Lever:
    """One control of the dashboard and the scenario parameter it moves."""

    key: str  # stable id: the page's CSS class ``lever-<key>`` and the settings key
    label: str
    path: str  # dotted path in the scenario ("donors": the list, scaled; "timeline": one event)
    kind: Literal["switch", "slider", "scale", "choice", "week"]
    low: float = 0.0
    high: float = 1.0
    step: float = 0.05
    help: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # a menu's (scenario value, label shown)

    @property
    def ends(self) -> tuple[Any, Any]:
        """The two extreme positions: no and yes, the first and last choice, low and high.

        A week lever's top is the scenario's horizon: ask ``ends(lever, loaded)``.
        """
        if self.kind == "week":
            raise TypeError(f"{self.key}: a week lever's top is the horizon; use ends()")
        if self.kind == "switch":
            return (False, True)
        if self.kind == "choice":
            return (self.choices[0][0], self.choices[-1][0])
        return (self.low, self.high)


def _slider(key, label, path, low, high, step, help_text) -> Lever:
    """A slider lever (the common case, spelled short)."""
    return Lever(key, label, path, "slider", low, high, step, help_text)


AID_EVENT = {"actors.us.aid_paused": False}
"""What the "US aid resumes in week N" lever schedules: ``{week: N, set: AID_EVENT}``."""

LEVERS: tuple[Lever, ...] = (
    Lever(
        "aid_paused",
        "US military aid paused",
        "actors.us.aid_paused",
        "switch",
        help="The article: the US paused additional military aid.",
    ),
    Lever(
        "aid_resumes",
        "US aid resumes",
        "timeline",
        "week",
        1.0,
        1.0,  # the top is the scenario's horizon (``ends``)
        1.0,
        "A timeline event: from week N the US lifts its aid pause whatever the talks do (aid"
        " reaches the front after its lag). At the right end no date is set and the scenario's"
        " own rule (resume_aid_on) decides.",
    ),
    _slider(
        "us_pressure",
        "US pressure on Russia",
        "actors.us.pressure_on_russia",
        0.0,
        1.0,
        0.05,
        "Sanctions threat and envoy pressure at the start, 0 to 1 (it grows while Russia holds"
        " out).",
    ),
    _slider(
        "us_bias",
        "US bias toward its own interests",
        "actors.us.bias",
        0.0,
        1.0,
        0.05,
        "How far US proposals lean from the package most likely to be accepted toward what"
        " Washington wants: 0 an honest broker, 1 its own terms.",
    ),
    Lever(
        "sequencing",
        "US pushes first for",
        "actors.us.sequencing",
        "choice",
        help="Which track the US pushes first; it switches after a run of rejected rounds.",
        choices=(("ceasefire_first", "a ceasefire"), ("settlement_first", "a settlement")),
    ),
    _slider(
        "russia_resolve",
        "Russia's resolve",
        "actors.russia.resolve",
        0.0,
        1.0,
        0.05,
        "Private tolerance of the costs of war, 0 to 1: moves the centre of its distribution"
        " (the truth is drawn per run; the others' prior moves with it).",
    ),
    _slider(
        "ukraine_resolve",
        "Ukraine's resolve",
        "actors.ukraine.resolve",
        0.0,
        1.0,
        0.05,
        "Private tolerance of the costs of war, 0 to 1: moves the centre of its distribution"
        " (the truth is drawn per run; the others' prior moves with it).",
    ),
    _slider(
        "russia_optimism",
        "Russia's optimism",
        "actors.russia.optimism",
        -1.0,
        1.0,
        0.05,
        "Tilt of Russia's prior toward a weaker Ukraine than it is: 0 none, 1 strong,"
        " below 0 pessimism.",
    ),
    _slider(
        "ukraine_optimism",
        "Ukraine's optimism",
        "actors.ukraine.optimism",
        -1.0,
        1.0,
        0.05,
        "Tilt of Ukraine's prior toward a weaker Russia than it is: 0 none, 1 strong,"
        " below 0 pessimism.",
    ),
    _slider(
        "observation_noise",
        "Observation noise",
        "battlefield.observation_noise",
        0.0,
        2.0,
        0.05,
        "Sd of each side's reading of the weekly battle result: the less noise, the faster"
        " fighting reveals the other side's resolve.",
    ),
    _slider(
        "russian_momentum",
        "Russian momentum",
        "battlefield.russian_momentum",
        -1.0,
        1.0,
        0.05,
        "Who is winning ground at the start: -1 Ukraine, +1 Russia.",
    ),
    _slider(
        "kursk_control",
        "Russian control of Kursk salient",
        "battlefield.kursk_russian_control",
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
    _slider(
        "escalation",
        "Escalation hazard",
        "escalation.weekly_hazard",
        0.0,
        0.02,
        0.001,
        "Weekly chance of a wider regional escalation.",
    ),
    Lever(
        "truce_offered",
        "Partial truce (energy strikes) offered",
        "partial_truce.offered",
        "switch",
        help="Kyiv's offer of 4 March 2025: no strikes on energy and civilian infrastructure.",
    ),
    _slider(
        "settlement_monitoring",
        "Settlement monitoring",
        "settlement.monitoring",
        0.0,
        1.0,
        0.05,
        "Share of settlement breakdowns that monitors prevent.",
    ),
    _slider(
        "guarantees",
        "Security guarantees' effect",
        "settlement.guarantees",
        0.0,
        1.0,
        0.05,
        "Share of the breakdown hazard that a package's strongest security guarantees remove.",
    ),
    _slider(
        "ceasefire_monitoring",
        "Ceasefire monitoring",
        "ceasefire.monitoring",
        0.0,
        1.0,
        0.05,
        "Share of ceasefire violations that monitors prevent.",
    ),
)
LEVER_BY_KEY = {lever.key: lever for lever in LEVERS}

GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("The United States", ("aid_paused", "aid_resumes", "us_pressure", "us_bias", "sequencing")),
    (
        "Resolve and beliefs",
        (
            "russia_resolve",
            "ukraine_resolve",
            "russia_optimism",
            "ukraine_optimism",
            "observation_noise",
        ),
    ),
    ("The war", ("russian_momentum", "kursk_control", "donor_aid", "escalation")),
    (
        "Deals that hold",
        ("truce_offered", "settlement_monitoring", "guarantees", "ceasefire_monitoring"),
    ),
)
"""The sidebar's sections, each a heading and its levers' keys, in the order of ``LEVERS``."""

PRESENTING: tuple[str, ...] = (
    "aid_paused",
    "aid_resumes",
    "us_pressure",
    "sequencing",
    "russia_resolve",
    "ukraine_resolve",
    "russian_momentum",
    "truce_offered",
)
"""The levers presentation mode keeps: the ones a class argues about first (fewer, larger)."""

RESUME_RULE = {
    "ukraine_acceptance": "once Ukraine accepts a ceasefire",
    "ceasefire": "once a ceasefire is agreed",
    "settlement": "once a settlement is signed",
    "never": "never",
}
"""``actors.us.resume_aid_on`` in words, for the aid lever's label."""


def ends(lever: Lever, loaded: Loaded) -> tuple[Any, Any]:
    """A lever's two extreme positions for a scenario (a week lever's top is its horizon)."""
    if lever.kind == "week":
        return (int(lever.low), loaded.scenario.simulation.weeks)
    return lever.ends


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
        elif lever.kind == "choice":
            out[lever.key] = str(value_at(scenario, lever.path))
        elif lever.kind == "scale":
            out[lever.key] = 1.0
        elif lever.kind == "week":
            out[lever.key] = scenario.simulation.weeks  # no date: no event
        else:
            out[lever.key] = centre(value_at(scenario, lever.path), lever.path)
    own = scenario.simulation.runs
    out["runs"] = runs if runs is not None else (own if own in RUN_CHOICES else DEFAULT_RUNS)
    return out


def lever_text(lever: Lever, value: Any, loaded: Loaded, settings: dict | None = None) -> str:
    """The lever's label with its current value, as the page shows it (``settings``: the others)."""
    if lever.kind == "switch":
        return f"{lever.label}: {'yes' if value else 'no'}"
    if lever.kind == "choice":
        return f"{lever.label}: {dict(lever.choices).get(value, value)}"
    if lever.kind == "week":
        paused = (settings or {}).get("aid_paused", loaded.scenario.actors.us.aid_paused)
        return week_text(lever, value, loaded, bool(paused))
    if lever.kind == "scale":
        total = sum(centre(d.amount_gbp_m, "donors.0.amount_gbp_m") for d in loaded.scenario.donors)
        return f"{lever.label}: ×{value:.1f} (£{total * value:,.0f} m)"
    if lever.key == "escalation":
        yearly = 1.0 - (1.0 - value) ** 52
        return f"{lever.label}: {value:.3f}/week (≈{yearly:.0%}/year)"
    scenario_value = value_at(loaded.scenario, lever.path)
    uncertain = isinstance(scenario_value, Dist)
    if lever.path.endswith(".resolve"):  # a distribution is private, a number common knowledge
        note = " (private, uncertain)" if uncertain else " (fixed: known to all)"
    else:
        note = " (uncertain)" if uncertain else ""
    sign = "+" if lever.low < 0 else ""
    return f"{lever.label}: {value:{sign}.2f}{note}"


def week_text(lever: Lever, value: Any, loaded: Loaded, paused: bool) -> str:
    """A week lever's label: the week and its date, or what happens with no date set."""
    scenario = loaded.scenario
    us = scenario.actors.us
    if not paused:
        return f"{lever.label}: – (aid is not paused)"
    if int(value) >= scenario.simulation.weeks:
        rule = RESUME_RULE.get(us.resume_aid_on, us.resume_aid_on)
        return f"{lever.label}: no date set (the scenario: {rule})"
    day = scenario.simulation.start_date + dt.timedelta(weeks=int(value))
    return f"{lever.label} in week {int(value)} ({day:%d %b %Y})"


def _number(value: Any) -> float | None:
    """A finite real number, or None (booleans, text, NaN and infinities are not numbers here)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def on_grid(lever: Lever, value: float) -> float | None:
    """``value`` snapped onto the lever's grid, or None when it is off the grid or its range."""
    slack = GRID_TOLERANCE * lever.step
    if not lever.low - slack <= value <= lever.high + slack:
        return None
    steps = round((value - lever.low) / lever.step)
    top = round((lever.high - lever.low) / lever.step)
    if not 0 <= steps <= top:
        return None
    snapped = lever.low + steps * lever.step
    if abs(value - snapped) > slack:
        return None
    digits = max(0, math.ceil(-math.log10(lever.step)) + 1)
    return round(snapped, digits)


def accepted_runs(value: Any) -> int:
    """A number of runs the page's menu offers (an int or its text), else ``RefusedValueError``."""
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 9:
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value not in RUN_CHOICES:
        offered = ", ".join(f"{r:,}" for r in RUN_CHOICES)
        raise RefusedValueError(f"runs must be one of {offered}")
    return int(value)


def accepted_week(lever: Lever, value: Any, horizon: Any) -> int:
    """A whole week from the lever's ``low`` to the scenario's horizon (no date), else refused."""
    number = _number(value)
    top = horizon if isinstance(horizon, int) and not isinstance(horizon, bool) else None
    if number is not None and top is not None and number == int(number):
        week = int(number)
        if int(lever.low) <= week <= top:
            return week
    raise RefusedValueError(
        f"{lever.label} takes a whole week from {lever.low:g} to the horizon"
        + (f" ({top})" if top is not None else "")
    )


def accepted_choice(lever: Lever, value: Any) -> str:
    """The scenario value of one of a menu's choices, sent by name or label, else refused."""
    if isinstance(value, str):
        for name, label in lever.choices:
            if value in (name, label):
                return name
    offered = ", ".join(label for _, label in lever.choices)
    raise RefusedValueError(f"{lever.label} takes one of: {offered}")


def accepted(key: str, value: Any, default: Any = None) -> Any:
    """The value a setting takes when the page sends ``value``, else ``RefusedValueError``.

    ``default`` is the setting's value for the picked scenario (``default_settings``): a slider
    also takes it, off its grid or not, since that is where the slider starts; a week lever's
    default is the horizon, its top.
    """
    if key == "runs":
        return accepted_runs(value)
    lever = LEVER_BY_KEY.get(key)
    if lever is None:
        raise RefusedValueError(f"the page has no setting {key[:40]!r}")
    if lever.kind == "switch":
        if value is True or value is False or type(value).__name__ == "bool_":
            return bool(value)
        raise RefusedValueError(f"{lever.label} is a switch: yes or no")
    if lever.kind == "choice":
        return accepted_choice(lever, value)
    if lever.kind == "week":
        return accepted_week(lever, value, default)
    number = _number(value)
    if number is not None:
        if default is not None and abs(number - float(default)) < 1e-9:
            return float(default)
        snapped = on_grid(lever, number)
        if snapped is not None:
            return snapped
    raise RefusedValueError(
        f"{lever.label} takes a number from {lever.low:g} to {lever.high:g}"
        f" in steps of {lever.step:g}"
    )

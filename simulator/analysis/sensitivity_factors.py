"""The parameters a sensitivity study varies: factors, their ranges, and ``--param`` specs.

A factor is a dotted parameter path with a range. Decisions where the issue is silent (see also
``docs/sensitivity.md``):

- Parameters are sampled uniformly over their range, whatever the shape of the scenario's
  distribution: the indices say how much the output moves across the plausible range.
- The range of a distribution is its support: uniform and triangular ``low..high``, normal
  ``mean ± 2 sd`` clipped to the field's allowed range, beta the field's whole range.
- A belligerent's resolve given as a distribution is private: its true value is drawn per run
  and the distribution is the other sides' prior. A study varies the true value only (see
  ``sensitivity_points``), so every point keeps the private information the scenario states.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from simulator.scenario import (
    Beta,
    Dist,
    Normal,
    Scenario,
    ScenarioError,
    Triangular,
    Uniform,
    field_bounds,
    flat_leaves,
    schema_has_path,
)

DUMMY = "dummy"
"""Name of the control parameter that the model never reads."""

RESOLVES = ("actors.russia.resolve", "actors.ukraine.resolve")
"""The belligerents' resolves: private (and the others' prior) when given as a distribution."""


@dataclass(frozen=True)
class Factor:
    """One analysed parameter: its dotted path, range, and how the scenario states it."""

    name: str
    low: float
    high: float
    stated: str  # how the scenario gives it: "uniform(0.3, 0.7)", "0.2", "never read"
    source: str  # "distribution", "--param" or "dummy"


def parse_param_spec(text: str) -> tuple[str, float, float]:
    """Parse ``KEY=LOW:HIGH``; raise ``ValueError`` with a message a user can act on."""
    key, eq, span = text.partition("=")
    low_text, colon, high_text = span.partition(":")
    if not (eq and colon and key.strip()):
        raise ValueError(
            f"'{text}' must look like KEY=LOW:HIGH (e.g. battlefield.volatility=0.5:2)"
        )
    try:
        low, high = float(low_text), float(high_text)
    except ValueError:
        raise ValueError(f"'{text}': LOW and HIGH must be numbers") from None
    if not (math.isfinite(low) and math.isfinite(high)) or not low < high:
        raise ValueError(f"'{text}': LOW must be a number below HIGH")
    return key.strip(), low, high


def _schema_path(name: str) -> str:
    """The schema field behind a parameter name (``timeline.3.actors.x`` -> ``actors.x``)."""
    parts = name.split(".")
    return ".".join(parts[2:]) if parts[0] == "timeline" else name


def describe(value) -> str:
    """A short human description of a fixed value or a distribution."""
    if isinstance(value, Uniform):
        return f"uniform({value.low:g}, {value.high:g})"
    if isinstance(value, Triangular):
        return f"triangular({value.low:g}, {value.mode:g}, {value.high:g})"
    if isinstance(value, Normal):
        return f"normal({value.mean:g}, sd {value.sd:g})"
    if isinstance(value, Beta):
        return f"beta({value.a:g}, {value.b:g})"
    if isinstance(value, float | int) and not isinstance(value, bool):
        return f"{value:g}"
    return "not set" if value is None else str(value)


def dist_range(dist: Dist, low: float, high: float | None) -> tuple[float, float]:
    """The range a distribution spans on a field allowing ``[low, high]``."""
    if isinstance(dist, Uniform | Triangular):
        return float(dist.low), float(dist.high)
    if isinstance(dist, Normal):
        hi = dist.mean + 2 * dist.sd if high is None else min(high, dist.mean + 2 * dist.sd)
        return max(low, dist.mean - 2 * dist.sd), hi
    if isinstance(dist, Beta) and high is not None:
        return float(low), float(high)
    raise ValueError(f"cannot take a range of {describe(dist)} on [{low}, {high}]")


def as_dist(value) -> Dist | None:
    """A distribution given inline in a timeline event is still a plain dict there."""
    if isinstance(value, Dist):
        return value
    if isinstance(value, dict) and "dist" in value:
        kinds = {"uniform": Uniform, "normal": Normal, "triangular": Triangular, "beta": Beta}
        return kinds[value["dist"]](**value)
    return None


def stated_values(scenario: Scenario) -> dict[str, object]:
    """Every parameter a study may vary, by the name the engine draws it under, as stated."""
    values = {
        path: value
        for path, value in flat_leaves(scenario).items()
        if path not in ("donors", "timeline")
    }
    for i, donor in enumerate(scenario.donors):
        values[f"donors.{i}.amount_gbp_m"] = donor.amount_gbp_m
    for i, event in enumerate(scenario.timeline):
        for dotted, value in event.set.items():
            values[f"timeline.{i}.{dotted}"] = as_dist(value) or value
    return values


def private_resolves(scenario: Scenario) -> dict[str, Dist]:
    """The resolves the scenario gives as distributions (private), by path."""
    stated = stated_values(scenario)
    return {path: stated[path] for path in RESOLVES if isinstance(stated.get(path), Dist)}


def scenario_factors(scenario: Scenario) -> list[Factor]:
    """The scenario's uncertain parameters (given as distributions) over their ranges."""
    factors = []
    for name, value in stated_values(scenario).items():
        if not isinstance(value, Dist):
            continue
        bounds = field_bounds(_schema_path(name))
        low, high = dist_range(value, bounds.low, bounds.high) if bounds else (0.0, 0.0)
        if low < high:  # a degenerate distribution is a fixed number in disguise
            factors.append(Factor(name, float(low), float(high), describe(value), "distribution"))
    return factors


def param_factors(scenario: Scenario, specs: Iterable[tuple[str, float, float]]) -> list[Factor]:
    """Factors from ``--param KEY=LOW:HIGH``; raise ``ScenarioError`` for a key or range refused."""
    stated = stated_values(scenario)
    factors: list[Factor] = []
    for key, low, high in specs:
        if key == DUMMY:
            raise ScenarioError(
                f"'{DUMMY}' is the control every study carries already", key=key, file="--param"
            )
        if any(f.name == key for f in factors):
            raise ScenarioError("is given twice", key=key, file="--param")
        schema = _schema_path(key)
        known = key in stated or (
            not key.startswith(("timeline.", "donors.")) and schema_has_path(tuple(key.split(".")))
        )
        bounds = field_bounds(schema) if known else None
        if bounds is None:
            what = "has no such key" if not known else "is not a continuous number"
            raise ScenarioError(
                f"the scenario {what}; --param takes a continuous parameter of the scenario "
                "(see `negsim show`), e.g. battlefield.russian_momentum=0.2:0.8",
                key=key,
                file="--param",
            )
        if low < bounds.low or (bounds.high is not None and high > bounds.high):
            allowed = (
                f"between {bounds.low:g} and {bounds.high:g}"
                if bounds.high is not None
                else f">= {bounds.low:g}"
            )
            raise ScenarioError(
                f"range {low:g}:{high:g} leaves the allowed values ({allowed})",
                key=key,
                file="--param",
            )
        factors.append(Factor(key, low, high, describe(stated.get(key)), "--param"))
    return factors


def with_dummy(factors: Sequence[Factor]) -> list[Factor]:
    """The factors plus the control parameter that nothing reads."""
    return [*factors, Factor(DUMMY, 0.0, 1.0, "never read", "dummy")]

"""Turn a validated scenario into per-world parameter values for one block of runs."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import TypeAdapter

from simulator.rules import FLOAT
from simulator.rules import beliefs as bel
from simulator.scenario import Dist, Distribution, Scenario, draw_block, field_bounds, flat_leaves

_DISTRIBUTION = TypeAdapter(Distribution)


def block_seed(seed: int, block: int) -> np.random.SeedSequence:
    """Seed of block ``block``: the block-th child of ``SeedSequence(seed)``."""
    return np.random.SeedSequence(seed, spawn_key=(block,))


def dynamics_rng(seed: np.random.SeedSequence) -> np.random.Generator:
    """The stream of the weekly dice of a block (separate from the parameter streams)."""
    return np.random.Generator(
        np.random.PCG64(np.random.SeedSequence(seed.entropy, spawn_key=(*seed.spawn_key, 0)))
    )


def resolve_value(value: Any, path: str, seed: np.random.SeedSequence, n: int) -> Any:
    """A fixed value as it is; a distribution as one draw per world from its own stream."""
    if isinstance(value, Dist):
        bounds = field_bounds(_schema_path(path))
        low, high = (bounds.low, bounds.high) if bounds else (-np.inf, None)
        return draw_block(value, seed, path, n, low, high)
    if isinstance(value, float):
        return FLOAT(value)
    return value


TYPE_SAMPLES = 20_001
"""Draws from which the resolve types are read (fixed seed: the same types in every block)."""


def resolve_types(scenario: Scenario) -> dict[str, np.ndarray]:
    """The K resolve types of each belligerent: quantiles of its resolve distribution.

    A resolve given as a fixed number is common knowledge: all K types equal it.
    """
    k = scenario.beliefs.types
    types = {}
    for key in ("russia", "ukraine"):
        value = getattr(scenario.actors, key).resolve
        if isinstance(value, Dist):
            path = f"actors.{key}.resolve"
            samples = draw_block(value, np.random.SeedSequence(0), path, TYPE_SAMPLES, 0.0, 1.0)
            types[key] = bel.type_values(samples, k)
        else:
            types[key] = np.full(k, float(value), dtype=FLOAT)
    return types


def _schema_path(path: str) -> str:
    """The schema path behind a draw path (``timeline.3.actors.x`` -> ``actors.x``)."""
    parts = path.split(".")
    if parts[0] == "timeline":
        return ".".join(parts[2:])
    return path


def _donor_range(path: str) -> tuple[float, float | None]:
    """The schema's range of a donor amount (the same bounds validation used)."""
    bounds = field_bounds(path)
    return (bounds.low, bounds.high) if bounds else (0.0, None)


def draw_parameters(
    scenario: Scenario, seed: np.random.SeedSequence, n: int
) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """All parameters of a block by dotted path, and the drawn values of the uncertain ones."""
    params: dict[str, Any] = {}
    drawn: dict[str, np.ndarray] = {}
    for path, value in flat_leaves(scenario).items():
        if path in ("donors", "timeline"):
            continue
        params[path] = resolve_value(value, path, seed, n)
        if isinstance(value, Dist):
            drawn[path] = params[path]
    for i, donor in enumerate(scenario.donors):
        path = f"donors.{i}.amount_gbp_m"
        amount = donor.amount_gbp_m
        value = (
            draw_block(amount, seed, path, n, *_donor_range(path))
            if isinstance(amount, Dist)
            else FLOAT(amount)
        )
        params[path] = value
        if isinstance(amount, Dist):
            drawn[path] = value
    for i, event in enumerate(scenario.timeline):
        for dotted, value in event.set.items():
            path = f"timeline.{i}.{dotted}"
            resolved = _coerce_event_value(value, path, seed, n)
            params[path] = resolved
            if isinstance(resolved, np.ndarray) and resolved.shape == (n,):
                drawn[path] = resolved
    return params, drawn


def _coerce_event_value(value: Any, path: str, seed, n: int) -> Any:
    """A timeline value as the engine reads it (a distribution drawn from its own stream)."""
    if isinstance(value, dict):  # a distribution, validated when the scenario was loaded
        return resolve_value(_DISTRIBUTION.validate_python(value), path, seed, n)
    if isinstance(value, bool | str):
        return value
    if isinstance(value, int | float):
        return FLOAT(value)
    return value

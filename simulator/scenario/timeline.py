"""Checks of a scenario's timeline: weeks inside the horizon, values valid where they land.

Each event's values are applied to a copy of the document and validated in place, so a bad
value is reported at the line of the event that sets it.
"""

from __future__ import annotations

import copy

from pydantic import ValidationError

from simulator.scenario.distributions import is_dist
from simulator.scenario.errors import ScenarioError, did_you_mean, locate, validation_problems
from simulator.scenario.overrides import set_path
from simulator.scenario.paths import schema_has_path, schema_node
from simulator.scenario.removed import removed_message
from simulator.scenario.schema import FIXED_PATHS, Scenario, Simulation


def _events(raw: dict) -> list[tuple[int, dict]]:
    """The events whose shape allows further checks, by week (the schema reports the others)."""
    events = raw.get("timeline")
    if not isinstance(events, list):
        return []
    shaped = [
        (i, e)
        for i, e in enumerate(events)
        if isinstance(e, dict)
        and isinstance(e.get("week"), int)
        and not isinstance(e.get("week"), bool)
        and isinstance(e.get("set"), dict)
    ]
    return sorted(shaped, key=lambda item: item[1]["week"])


def _horizon(scenario: Scenario | None, raw: dict) -> int | None:
    """The horizon in weeks, or None when the file's own weeks are not valid (reported there)."""
    if scenario is not None:
        return scenario.simulation.weeks
    simulation = raw.get("simulation", {})
    weeks = simulation.get("weeks") if isinstance(simulation, dict) else None
    if weeks is None:
        return Simulation.model_fields["weeks"].default
    try:
        return Simulation.model_validate({"weeks": weeks}).weeks
    except ValidationError:
        return None


def timeline_problems(
    scenario: Scenario | None,
    raw: dict,
    where: dict,
    file: str,
    known: list[ScenarioError] = (),
) -> list[ScenarioError]:
    """Each event's week is inside the horizon and each of its values validates in place.

    ``scenario`` is None when the document itself did not validate; its ``known`` problems are
    then left out of what an event's values are said to cause.
    """
    state = copy.deepcopy(raw)
    problems: list[ScenarioError] = []
    horizon = _horizon(scenario, raw)
    said = {(p.key, p.message) for p in known}
    for index, event in _events(raw):
        label = f"timeline.{index}"
        if horizon is not None and event["week"] >= horizon:
            file_, mark = locate(("timeline", index, "week"), where, file)
            problems.append(
                ScenarioError(
                    f"week {event['week']} is outside the horizon: events may fall in weeks 0 "
                    f"to {horizon - 1} of this {horizon}-week scenario",
                    file=file_,
                    mark=mark,
                    key=f"{label}.week",
                )
            )
            continue
        applied = {}
        for dotted, value in event["set"].items():
            path = tuple(dotted.split("."))
            key = f"{label}.set.{dotted}"
            file_, mark = locate(("timeline", index, "set", dotted), where, file)
            message = None
            if removed_message(path):
                message = removed_message(path)
            elif not schema_has_path(path):
                message = f"the scenario has no key '{dotted}'{did_you_mean(path)}"
            elif dotted.startswith(FIXED_PATHS) or schema_node(path) != "leaf":
                message = (
                    f"cannot set '{dotted}' from the timeline; it must be one parameter of the "
                    "weekly dynamics (battlefield, status_quo, actors, beliefs, ceasefire, "
                    "partial_truce, settlement, escalation)"
                )
            elif value is None or (isinstance(value, dict | list) and not is_dist(value)):
                message = "timeline values must be numbers, true/false, choices or distributions"
            if message:
                problems.append(ScenarioError(message, file=file_, mark=mark, key=key))
                continue
            try:
                set_path(state, path, value, label=file)
            except ScenarioError as exc:  # pragma: no cover - paths were checked above
                problems.append(exc)
                continue
            applied[dotted] = (file_, mark)
        if not applied:
            continue
        try:
            Scenario.model_validate(state)
        except ValidationError as exc:
            for inner in validation_problems(exc, {}, file):
                if (inner.key, inner.message) in said:  # the file's own, reported as such
                    continue
                set_key = next(
                    (
                        d
                        for d in applied
                        if (inner.key or "").startswith(d) or d.startswith(inner.key or "")
                    ),
                    None,
                )
                file_, mark = (
                    applied[set_key] if set_key else locate(("timeline", index), where, file)
                )
                problems.append(
                    ScenarioError(
                        (inner.message if inner.key == set_key else f"{inner.key}: {inner.message}")
                        + f" (from week {event['week']} on)",
                        file=file_,
                        mark=mark,
                        key=f"{label}.set.{set_key}" if set_key else label,
                    )
                )
            state = copy.deepcopy(raw)  # carry on from the file's own state
    return problems

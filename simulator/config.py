"""Scenario schema (validated, frozen pydantic models) and loading from YAML.

A scenario is read once: YAML 1.2 text, ``extends`` merged, ``--set`` overrides applied, then
validated into a frozen ``Scenario``. Every problem becomes one ``ScenarioError`` naming the
file, line, dotted key and what is allowed; the engine only ever sees the validated object.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import hashlib
import importlib.resources
import json
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from simulator.distributions import DIST_NAMES, Distribution, _Dist
from simulator.negotiation import BETA_BY_STRATEGY, ISSUES
from simulator.yaml12 import Mark, YamlProblem, load_value, load_with_marks

SALIENCE_TOLERANCE = 1e-6


class ScenarioError(Exception):
    """One clear problem with a scenario: where, which key, what is allowed."""

    def __init__(self, message: str, *, file: str | None = None, mark: Mark | None = None,
                 key: str | None = None):
        super().__init__(message)
        self.message = message
        self.file = file or (mark.file if mark else None)
        self.mark = mark
        self.key = key

    def __str__(self) -> str:
        where = str(self.mark) if self.mark else (self.file or "")
        key = f"{self.key}: " if self.key else ""
        return f"{where}: {key}{self.message}" if where else f"{key}{self.message}"


# --------------------------------------------------------------------------- field types


@dataclass(frozen=True)
class Bounds:
    """Allowed range of a continuous field (``high`` None: no upper bound)."""

    low: float
    high: float | None


def _check_uncertain(bounds: Bounds):
    def check(value):
        if isinstance(value, _Dist):
            problem = value.check_range(bounds.low, bounds.high)
            if problem:
                raise ValueError(problem)
            return value
        if value < bounds.low or (bounds.high is not None and value > bounds.high):
            allowed = (
                f"between {bounds.low:g} and {bounds.high:g}"
                if bounds.high is not None
                else f">= {bounds.low:g}"
            )
            raise ValueError(f"must be a number {allowed} (got {value:g})")
        return float(value)

    return check


def Uncertain(low: float, high: float | None, description: str):  # noqa: N802
    """A continuous number in [low, high] that may also be given as a distribution."""
    bounds = Bounds(low, high)
    extra = {"minimum": low} | ({"maximum": high} if high is not None else {})
    return Annotated[
        float | Distribution,
        AfterValidator(_check_uncertain(bounds)),
        bounds,
        Field(description=description, json_schema_extra={"x-range": extra}),
    ]


def bounds_of(model: type[BaseModel], name: str) -> Bounds | None:
    """The ``Bounds`` of a field, or None for a field that is not continuous."""
    for item in model.model_fields[name].metadata:
        if isinstance(item, Bounds):
            return item
    return None


Share = Uncertain(0.0, 1.0, "a share or score from 0 to 1")
Weeks = Annotated[int, Field(ge=0, le=1040)]


class Strict(BaseModel):
    """Base of every schema object: unknown keys are errors, types are not coerced."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class IssueVector(Strict):
    """A position on each of the six issues, 0 = Ukraine's pole, 1 = Russia's."""

    ceasefire: Share
    neutrality: Share
    territory: Share
    western_aid: Share
    sanctions: Share
    security_guarantees: Share


class Salience(Strict):
    """How much each issue weighs for an actor; the six weights sum to 1 (fixed numbers)."""

    ceasefire: Annotated[float, Field(ge=0, le=1)]
    neutrality: Annotated[float, Field(ge=0, le=1)]
    territory: Annotated[float, Field(ge=0, le=1)]
    western_aid: Annotated[float, Field(ge=0, le=1)]
    sanctions: Annotated[float, Field(ge=0, le=1)]
    security_guarantees: Annotated[float, Field(ge=0, le=1)]

    @model_validator(mode="after")
    def _sums_to_one(self):
        total = sum(getattr(self, k) for k in ISSUES)
        if abs(total - 1.0) > SALIENCE_TOLERANCE:
            raise ValueError(
                f"saliences must sum to 1; they sum to {total:.6g} ({total - 1:+.6g})"
            )
        return self


class RedLine(Strict):
    """An indivisible demand: a package below ``min`` or above ``max`` is rejected outright."""

    min: Share | None = None
    max: Share | None = None

    @model_validator(mode="after")
    def _some_bound(self):
        if self.min is None and self.max is None:
            raise ValueError("a red line needs min, max or both")
        if isinstance(self.min, float) and isinstance(self.max, float) and self.min > self.max:
            raise ValueError(f"red line min ({self.min}) is above its max ({self.max})")
        return self


class Concession(Strict):
    """Time-dependent concession (Faratin et al. 1998) from ``opening`` toward the BATNA."""

    strategy: Literal["boulware", "linear", "conceder"] = "linear"
    rate: Uncertain(0.01, 100.0, "beta of the concession curve") | None = None
    opening: Share = 0.9
    deadline_weeks: Annotated[int, Field(ge=1, le=1040)] = 52

    @model_validator(mode="after")
    def _rate_agrees(self):
        if self.rate is None:
            return self
        if isinstance(self.rate, float):
            low = high = self.rate
        else:
            low, high = _support(self.rate, 0.01, 100.0)
        ok = {
            "boulware": high < 1.0,
            "linear": low == high == 1.0,
            "conceder": low > 1.0,
        }[self.strategy]
        if not ok:
            allowed = {"boulware": "< 1", "linear": "exactly 1", "conceder": "> 1"}[self.strategy]
            raise ValueError(
                f"rate (beta) must be {allowed} for strategy '{self.strategy}' "
                f"(got {self.rate if isinstance(self.rate, float) else 'a distribution'})"
            )
        return self

    def beta(self) -> float | _Dist:
        """The concession exponent: ``rate`` when given, else the strategy's default."""
        return BETA_BY_STRATEGY[self.strategy] if self.rate is None else self.rate


def _support(dist: _Dist, low: float, high: float) -> tuple[float, float]:
    lo = getattr(dist, "low", low)
    hi = getattr(dist, "high", high)
    return lo, hi


class Actor(Strict):
    """What Russia and Ukraine share: positions, red lines, resolve, beliefs, concession."""

    ideal: IssueVector
    salience: Salience
    red_lines: dict[Literal[*ISSUES], RedLine] = Field(default_factory=dict)
    resolve: Uncertain(0.0, 1.0, "tolerance of the costs of war") = 0.5
    capability: Uncertain(0.0, 1.0, "military and bargaining weight") = 0.5
    concession: Concession = Field(default_factory=Concession)
    optimism: Uncertain(
        -1.0, 1.0, "bias of its reading of the front in its own favour (momentum units)"
    ) = 0.1
    war_cost: Uncertain(0.0, 1.0, "utility lost per week of fighting at zero resolve") = 0.05
    weariness_thousands: Uncertain(
        1.0, None, "own casualties (thousands) that double the weekly cost of war"
    ) = 500.0
    casualties_per_week: Uncertain(0.0, None, "own killed and wounded per week, thousands") = 5.0


class Russia(Actor):
    """Russia: holds out while advancing; pays for US pressure and occupied Kursk ground."""

    pressure_sensitivity: Uncertain(
        0.0, 1.0, "utility lost per week at US pressure 1 (sanctions, envoy pressure)"
    ) = 0.01
    kursk_cost: Uncertain(0.0, 1.0, "utility cost of the whole Kursk salient in Ukraine's hands") = (
        0.1
    )
    ceasefire_counter: Literal["aid_halt", "none"] = "aid_halt"


class Ukraine(Actor):
    """Ukraine: can withdraw from Kursk to preserve its forces."""

    kursk_withdrawal_at: Uncertain(
        0.0, 1.0, "Russian Kursk control at which Ukraine pulls out (1 = never)"
    ) = 0.93
    kursk_casualty_share: Uncertain(
        0.0, 1.0, "share of Ukraine's casualties taken in Kursk, saved by withdrawing"
    ) = 0.1


class UnitedStates(Strict):
    """The mediator: proposes, holds the aid and pressure levers, wants a deal soon."""

    aid_paused: bool = False
    resume_aid_on: Literal["ukraine_acceptance", "ceasefire", "settlement", "never"] = "ceasefire"
    aid_lag_weeks: Annotated[int, Field(ge=0, le=52)] = 8
    aid_share: Uncertain(0.0, 1.0, "share of Ukraine's fighting capability resting on US aid") = (
        0.3
    )
    pressure_on_russia: Share = 0.2
    pressure_growth: Uncertain(0.0, 1.0, "pressure added each week Russia holds out") = 0.01
    capability: Uncertain(0.0, 1.0, "weight of the US position in its compromise") = 0.5
    mediation_step: Uncertain(
        0.0, 1.0, "share of the way the US moves its package toward a holdout each week"
    ) = 0.1
    ideal: IssueVector
    salience: Salience


class Actors(Strict):
    """The three actors."""

    us: UnitedStates
    russia: Russia
    ukraine: Ukraine


class Donor(Strict):
    """An exogenous aid package to Ukraine (Canada, Finland, Sweden, ...)."""

    name: str
    amount_gbp_m: Uncertain(0.0, None, "package size, millions of pounds")
    week: Weeks = 0
    lag_weeks: Annotated[int, Field(ge=0, le=52)] = 4


class Battlefield(Strict):
    """Initial front and the weekly battlefield process."""

    kursk_russian_control: Share = 0.86
    russian_momentum: Uncertain(-1.0, 1.0, "> 0: Russia advancing") = 0.5
    observation_noise: Uncertain(0.0, 5.0, "sd of each side's weekly reading of momentum") = 0.15
    volatility: Uncertain(0.0, 10.0, "scales every weekly battlefield shock") = 1.0
    territory_held: Share = 0.8
    momentum_persistence: Uncertain(
        0.0, 1.0, "weekly share of momentum kept (the rest moves to the capability balance)"
    ) = 0.95
    momentum_shock: Uncertain(0.0, 1.0, "sd of weekly momentum shocks at volatility 1") = 0.05
    territory_rate: Uncertain(
        0.0, 0.05, "share of the claimed regions changing hands per week at momentum 1"
    ) = 0.0012
    kursk_rate: Uncertain(0.0, 1.0, "Kursk salient retaken per week at momentum 1") = 0.05
    front_value: Uncertain(
        0.0, 1.0, "utility per week of a unit of momentum to the side it favours"
    ) = 0.01
    outlook_weeks: Annotated[int, Field(ge=1, le=520)] = 12
    regroup: Share = 0.3
    prior_sd: Uncertain(0.0, 2.0, "sd of each side's initial belief about momentum") = 0.1
    donor_capability_per_gbp_bn: Uncertain(
        0.0, 1.0, "Ukrainian capability added per £1 bn of donor aid"
    ) = 0.01
    donor_spend_weeks: Annotated[int, Field(ge=1, le=520)] = 26


class StatusQuo(Strict):
    """Where the issues stand while the war goes on (the reversion point of the BATNA)."""

    neutrality: Share = 0.5
    western_aid_flowing: Share = 0.1
    western_aid_paused: Share = 0.5
    sanctions: Share = 0.0
    security_guarantees: Share = 0.8


class CeasefireRules(Strict):
    """Length, violations and cool-off of an interim ceasefire."""

    length_weeks: Annotated[int, Field(ge=1, le=520)] = 4
    violation_hazard: Share = 0.05
    monitoring: Share = 0.0
    cooloff_weeks: Annotated[int, Field(ge=0, le=520)] = 6
    casualty_factor: Share = 0.1


class Escalation(Strict):
    """Weekly hazard of a wider regional escalation (absorbing)."""

    weekly_hazard: Share = 0.002
    ceasefire_factor: Share = 0.25


class TimelineEvent(Strict):
    """From ``week`` on, set parameters (dotted paths) to new values."""

    week: Weeks
    set: dict[str, Any]


class Simulation(Strict):
    """Horizon, Monte Carlo size, master seed and calendar start."""

    weeks: Annotated[int, Field(ge=1, le=1040)] = 52
    runs: Annotated[int, Field(ge=1, le=100_000_000)] = 1000
    seed: Annotated[int, Field(ge=0, le=2**63 - 1)] = 20250313
    start_date: dt.date = dt.date(2025, 3, 13)


class Scenario(Strict):
    """A whole scenario, as validated from YAML."""

    name: str
    description: str = ""
    extends: str | None = None
    simulation: Simulation = Field(default_factory=Simulation)
    battlefield: Battlefield = Field(default_factory=Battlefield)
    status_quo: StatusQuo = Field(default_factory=StatusQuo)
    actors: Actors
    donors: list[Donor] = Field(default_factory=list)
    ceasefire: CeasefireRules = Field(default_factory=CeasefireRules)
    escalation: Escalation = Field(default_factory=Escalation)
    timeline: list[TimelineEvent] = Field(default_factory=list)

    @field_validator("timeline")
    @classmethod
    def _sorted(cls, events):
        return sorted(events, key=lambda e: e.week)


# Paths a timeline event may not set: structure, not parameters of the weekly dynamics.
FIXED_PATHS = (
    "name",
    "description",
    "extends",
    "simulation",
    "donors",
    "timeline",
    "actors.us.aid_lag_weeks",
    "battlefield.donor_spend_weeks",
    "battlefield.outlook_weeks",
    "ceasefire.length_weeks",
)


# --------------------------------------------------------------------------- loading


@dataclass
class Loaded:
    """A validated scenario with where each leaf came from."""

    scenario: Scenario
    source: str  # file path or shipped name
    origin: dict[tuple, str] = field(default_factory=dict)  # leaf path -> "file:line" or "--set"
    raw: dict = field(default_factory=dict)  # the merged document before validation

    @property
    def sha256(self) -> str:
        """Hash of the resolved scenario, for ``summary.json``."""
        text = json.dumps(self.scenario.model_dump(mode="json"), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()


def scenarios_dir() -> Path:
    """Folder of the shipped scenarios (source tree, or inside the installed wheel)."""
    here = Path(__file__).resolve().parent.parent / "scenarios"
    if here.is_dir():
        return here
    return Path(str(importlib.resources.files("simulator") / "_scenarios"))


def shipped_scenarios() -> dict[str, Path]:
    """Shipped scenario names and files."""
    return {p.stem: p for p in sorted(scenarios_dir().glob("*.yaml"))}


def resolve_path(name_or_path: str, relative_to: Path | None = None) -> Path:
    """A shipped name (``baseline``) or a path to a YAML file."""
    shipped = shipped_scenarios()
    if name_or_path in shipped:
        return shipped[name_or_path]
    candidates = [Path(name_or_path)]
    if relative_to is not None:
        candidates.insert(0, relative_to / name_or_path)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    known = ", ".join(shipped) or "none"
    raise ScenarioError(
        f"no scenario named '{name_or_path}' and no such file; shipped scenarios: {known}"
    )


def _read_document(path: Path) -> tuple[dict, dict]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"cannot read the file: {exc}", file=str(path)) from None
    try:
        data, marks = load_with_marks(text, str(path))
    except YamlProblem as exc:
        raise ScenarioError(exc.message, file=str(path), mark=exc.mark) from None
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        raise ScenarioError(
            f"a scenario must be a YAML mapping of keys (name, actors, ...); this file is {kind}",
            file=str(path),
        )
    return data, marks


def _merge(base: dict, over: dict, base_origin: dict, over_marks: dict, path=()) -> dict:
    """Deep-merge ``over`` onto ``base``: mappings merge, lists replace, null deletes."""
    out = dict(base)
    for key, value in over.items():
        here = (*path, key)
        if value is None and key != "extends":
            out.pop(key, None)
            for k in [k for k in base_origin if k[: len(here)] == here]:
                del base_origin[k]
            continue
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value, base_origin, over_marks, here)
        else:
            for k in [k for k in base_origin if k[: len(here)] == here]:
                del base_origin[k]
            out[key] = copy.deepcopy(value)
            for k, mark in over_marks.items():
                if k[: len(here)] == here:
                    base_origin[k] = f"{mark.file}:{mark.line}"
    return out


def _load_raw(path: Path, chain: tuple[Path, ...]) -> tuple[dict, dict, dict]:
    """Load a file with its parents merged: (document, origin map, marks of this file)."""
    resolved = path.resolve()
    if resolved in chain:
        cycle = " -> ".join(str(p) for p in (*chain, resolved))
        raise ScenarioError(f"'extends' makes a cycle: {cycle}", file=str(path), key="extends")
    data, marks = _read_document(path)
    parent_name = data.get("extends")
    if parent_name is None:
        origin: dict = {}
        return _merge({}, data, origin, marks), origin, marks
    if not isinstance(parent_name, str):
        raise ScenarioError(
            "must be the name of a shipped scenario or a path to a YAML file",
            mark=marks.get(("extends",)),
            key="extends",
        )
    try:
        parent_path = resolve_path(parent_name, relative_to=path.parent)
    except ScenarioError as exc:
        raise ScenarioError(exc.message, mark=marks.get(("extends",)), key="extends") from None
    parent, origin, _ = _load_raw(parent_path, (*chain, resolved))
    return _merge(parent, data, origin, marks), origin, marks


def parse_override(text: str) -> tuple[tuple[str, ...], object]:
    """Split ``KEY=VALUE`` into a dotted path and a YAML 1.2 value."""
    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep or not key or any(not part for part in key.split(".")):
        raise ScenarioError(
            f"--set takes KEY=VALUE with a dotted key, e.g. actors.russia.resolve=0.9 (got '{text}')"
        )
    try:
        parsed = load_value(value)
    except YamlProblem as exc:
        raise ScenarioError(f"--set {key}: value is {exc.message}", key=key) from None
    return tuple(key.split(".")), parsed


def _unwrap(annotation) -> Any:
    """Reduce a field annotation to a model class, ("dict", keys, value), ("list", item) or a leaf."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is Annotated:
        return _unwrap(args[0])
    if origin is dict:
        key_args = typing.get_args(args[0])
        return ("dict", key_args or None, _unwrap(args[1]))
    if origin is list:
        return ("list", _unwrap(args[0]))
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            inner = _unwrap(arg)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
        return "leaf"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "leaf" if issubclass(annotation, _Dist) else annotation
    return "leaf"


def _child(node: Any, part) -> Any:
    """The schema node one key below ``node``; KeyError when the schema has no such key."""
    if isinstance(node, type) and issubclass(node, BaseModel):
        if part not in node.model_fields:
            raise KeyError(part)
        return _unwrap(node.model_fields[part].annotation)
    if isinstance(node, tuple) and node[0] == "dict":
        if node[1] is not None and part not in node[1]:
            raise KeyError(part)
        return node[2]
    if isinstance(node, tuple) and node[0] == "list":
        if not str(part).isdigit():
            raise KeyError(part)
        return node[1]
    raise KeyError(part)


def _schema_node(path: tuple) -> Any:
    node: Any = Scenario
    for part in path:
        node = _child(node, part)
    return node


def schema_has_path(path: tuple) -> bool:
    """Whether a dotted path names something in the schema (present in the file or not)."""
    try:
        _schema_node(path)
    except KeyError:
        return False
    return True


def _set_path(doc: dict, path: tuple, value: object) -> None:
    node = doc
    for part in path[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = {}
            node[part] = child
        node = child
    if value is None:
        node.pop(path[-1], None)
    else:
        node[path[-1]] = value


def load_scenario(name_or_path: str | Path, overrides: list[str] | tuple[str, ...] = ()) -> Loaded:
    """Load, merge, override and validate a scenario; raise ``ScenarioError`` on any problem."""
    path = resolve_path(str(name_or_path))
    raw, origin, marks = _load_raw(path, ())
    for text in overrides:
        key, value = parse_override(text)
        if not schema_has_path(key):
            raise ScenarioError(
                f"--set: the scenario has no key '{'.'.join(key)}'{_did_you_mean(key)}",
                key=".".join(key),
            )
        _set_path(raw, key, value)
        for k in [k for k in origin if k[: len(key)] == key]:
            del origin[k]
        origin[key] = "--set"
    raw.pop("extends", None) if raw.get("extends") is None else None
    scenario = validate_document(raw, origin, str(path))
    _check_timeline(scenario, raw, origin, str(path))
    source = path.stem if shipped_scenarios().get(path.stem) == path else str(path)
    return Loaded(scenario=scenario, source=source, origin=origin, raw=raw)


def validate_document(raw: dict, origin: dict, file: str) -> Scenario:
    """Validate a merged document, turning the first pydantic error into a ``ScenarioError``."""
    try:
        return Scenario.model_validate(raw)
    except ValidationError as exc:
        raise _explain(exc, origin, file) from None


def _explain(exc: ValidationError, origin: dict, file: str) -> ScenarioError:
    error = _most_useful(exc.errors())
    loc = tuple(p for p in error["loc"] if not _is_union_tag(p))
    key = ".".join(str(p) for p in loc)
    where = _origin_of(loc, origin)
    kind = error["type"]
    if kind == "extra_forbidden":
        message = f"unknown key '{loc[-1]}'{_did_you_mean(loc)}"
    elif kind == "missing":
        message = "is required but missing"
    elif kind == "union_tag_invalid" or kind == "union_tag_not_found":
        message = f"unknown distribution; 'dist' must be one of {', '.join(DIST_NAMES)}"
    elif kind == "literal_error":
        message = f"must be one of {error['ctx']['expected']} (got {error['input']!r})"
    elif kind in ("float_type", "int_type", "bool_type", "string_type", "date_type"):
        wanted = kind.removesuffix("_type").replace("float", "number").replace("int", "whole number")
        message = f"must be a {wanted} (got {error['input']!r})"
    elif kind == "model_type" or kind == "dict_type":
        message = f"must be a mapping of keys (got {error['input']!r})"
    else:
        message = error["msg"].removeprefix("Value error, ")
    return ScenarioError(message, file=where[0], mark=where[1], key=key or None)


def _most_useful(errors: list[dict]) -> dict:
    """Among a union's alternatives, prefer the error a user can act on."""
    order = ["extra_forbidden", "missing", "value_error", "literal_error", "union_tag_invalid"]
    for kind in order:
        for error in errors:
            if error["type"] == kind:
                return error
    return errors[0]


def _is_union_tag(part) -> bool:
    return isinstance(part, str) and (
        part in ("float", "uniform", "normal", "triangular", "beta", "int")
        or part.startswith(("function-after", "tagged-union", "Uniform", "Normal"))
    )


def _origin_of(loc: tuple, origin: dict) -> tuple[str, Mark | None]:
    for n in range(len(loc), 0, -1):
        place = origin.get(tuple(loc[:n]))
        if place == "--set":
            return "--set", None
        if place:
            file, _, line = place.rpartition(":")
            return file, Mark(file, int(line), 1)
    return "", None


def _did_you_mean(loc: tuple) -> str:
    names = _names_at(loc[:-1])
    close = difflib.get_close_matches(str(loc[-1]), names, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    if names:
        hint += f" (allowed here: {', '.join(names)})"
    return hint


def _names_at(loc: tuple) -> list[str]:
    try:
        node = _schema_node(loc)
    except KeyError:
        return []
    if isinstance(node, type) and issubclass(node, BaseModel):
        return list(node.model_fields)
    if isinstance(node, tuple) and node[0] == "dict" and node[1]:
        return list(node[1])
    return []


def _check_timeline(scenario: Scenario, raw: dict, origin: dict, file: str) -> None:
    """Each event's week is inside the horizon and each of its values validates in place."""
    state = copy.deepcopy(raw)
    events = raw.get("timeline") or []
    for index, event in sorted(enumerate(events), key=lambda item: item[1]["week"]):
        here = ("timeline", index)
        where = _origin_of(here, origin)
        if event["week"] >= scenario.simulation.weeks:
            raise ScenarioError(
                f"week {event['week']} is outside the horizon (weeks 0 to "
                f"{scenario.simulation.weeks - 1})",
                file=where[0],
                mark=where[1],
                key=f"timeline[{index}].week",
            )
        for dotted, value in event["set"].items():
            path = tuple(dotted.split("."))
            key = f"timeline[{index}].set.{dotted}"
            if not schema_has_path(path) or dotted.startswith(FIXED_PATHS):
                raise ScenarioError(
                    f"cannot set '{dotted}' from the timeline; it must be a parameter of the "
                    f"weekly dynamics (battlefield, actors, status_quo, ceasefire, escalation)"
                    + (_did_you_mean(path) if not schema_has_path(path) else ""),
                    file=where[0],
                    mark=where[1],
                    key=key,
                )
            if isinstance(value, dict) and "dist" not in value or value is None:
                raise ScenarioError(
                    "timeline values must be numbers, switches, choices or distributions",
                    file=where[0],
                    mark=where[1],
                    key=key,
                )
            _set_path(state, path, value)
        try:
            Scenario.model_validate(state)
        except ValidationError as exc:
            inner = _explain(exc, {}, file)
            raise ScenarioError(
                f"{inner.key}: {inner.message}", file=where[0], mark=where[1], key=f"timeline[{index}]"
            ) from None


def flat_leaves(model: BaseModel, prefix: str = "") -> dict[str, Any]:
    """Every leaf of a validated model by dotted path (distributions stay whole)."""
    out: dict[str, Any] = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        path = f"{prefix}{name}"
        if isinstance(value, BaseModel) and not isinstance(value, _Dist):
            out |= flat_leaves(value, path + ".")
        elif isinstance(value, dict) and name == "red_lines":
            for issue, line in value.items():
                out |= flat_leaves(line, f"{path}.{issue}.")
        else:
            out[path] = value
    return out


def field_bounds(path: str) -> Bounds | None:
    """The ``Bounds`` of the continuous field at a dotted path (None if not continuous)."""
    parts = tuple(path.split("."))
    try:
        parent = _schema_node(parts[:-1])
    except KeyError:
        return None
    if isinstance(parent, tuple) and parent[0] == "dict":
        parent = parent[2]
    if not (isinstance(parent, type) and issubclass(parent, BaseModel)):
        return None
    if parts[-1] not in parent.model_fields:
        return None
    return bounds_of(parent, parts[-1])


def one_line_description(path: Path) -> str:
    """First sentence of a scenario file's description (for ``negsim list``)."""
    try:
        data, _ = load_with_marks(path.read_text(encoding="utf-8"), str(path))
    except (OSError, YamlProblem):
        return "(unreadable)"
    text = " ".join(str((data or {}).get("description", "")).split())
    first, dot, _ = text.partition(". ")
    return first + ("." if dot else "")

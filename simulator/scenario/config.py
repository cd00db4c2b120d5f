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

from simulator.rules.negotiation import BETA_BY_STRATEGY, ISSUES
from simulator.scenario.distributions import Dist, Distribution
from simulator.scenario.yaml12 import Mark, YamlProblem, load_value, load_with_marks

SALIENCE_TOLERANCE = 1e-6


class ScenarioError(Exception):
    """One or more clear problems with a scenario: where, which key, what is allowed.

    ``str()`` gives one line per problem, ``file:line:column: dotted.key: message``; the first
    problem's parts are also on the error itself (``message``, ``file``, ``mark``, ``key``).
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        mark: Mark | None = None,
        key: str | None = None,
        problems: list[ScenarioError] | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.file = file or (mark.file if mark else None)
        self.mark = mark
        self.key = key
        self.problems: list[ScenarioError] = problems or [self]

    @classmethod
    def of(cls, problems: list[ScenarioError]) -> ScenarioError:
        """One error carrying several problems (the first one's parts on the error itself)."""
        first = problems[0]
        return cls(
            first.message, file=first.file, mark=first.mark, key=first.key, problems=problems
        )

    def line(self) -> str:
        """This problem alone, on one line."""
        where = str(self.mark) if self.mark else (self.file or "")
        key = f"{self.key}: " if self.key else ""
        return f"{where}: {key}{self.message}" if where else f"{key}{self.message}"

    def __str__(self) -> str:
        return "\n".join(p.line() for p in self.problems)


# --------------------------------------------------------------------------- field types


@dataclass(frozen=True)
class Bounds:
    """Allowed range of a continuous field (``high`` None: no upper bound)."""

    low: float
    high: float | None


def _range_text(low: float, high: float | None) -> str:
    return f"from {low:g} to {high:g}" if high is not None else f"of at least {low:g}"


def _check_uncertain(bounds: Bounds):
    def check(value):
        if isinstance(value, Dist):
            problem = value.check_range(bounds.low, bounds.high)
            if problem:
                raise ValueError(problem)
            return value
        if not (value >= bounds.low and (bounds.high is None or value <= bounds.high)):
            raise ValueError(
                f"must be a number {_range_text(bounds.low, bounds.high)} (got {value:g})"
            )
        return float(value)

    return check


def _number_branch_range(low: float, high: float | None):
    """JSON Schema: put the field's range on the plain-number branch of ``number | dist``."""

    def extra(schema: dict) -> None:
        for branch in schema.get("anyOf", []):
            if branch.get("type") == "number":
                branch["minimum"] = low
                if high is not None:
                    branch["maximum"] = high

    return extra


def Uncertain(low: float, high: float | None, description: str):  # noqa: N802
    """A continuous number in [low, high] that may also be given as a distribution."""
    bounds = Bounds(low, high)
    return Annotated[
        float | Distribution,
        AfterValidator(_check_uncertain(bounds)),
        bounds,
        Field(description=description, json_schema_extra=_number_branch_range(low, high)),
    ]


def _find_bounds(annotation) -> Bounds | None:
    """The ``Bounds`` inside a (possibly optional) ``Uncertain`` annotation."""
    if typing.get_origin(annotation) is Annotated:
        for item in annotation.__metadata__:
            if isinstance(item, Bounds):
                return item
    for arg in typing.get_args(annotation):
        found = _find_bounds(arg)
        if found is not None:
            return found
    return None


def _field_bounds(info) -> Bounds | None:
    for item in info.metadata:
        if isinstance(item, Bounds):
            return item
    return _find_bounds(info.annotation)


def bounds_of(model: type[BaseModel], name: str) -> Bounds | None:
    """The ``Bounds`` of a field, or None for a field that is not continuous."""
    return _field_bounds(model.model_fields[name])


Share = Uncertain(0.0, 1.0, "a position on the issue, 0 = Ukraine's pole, 1 = Russia's")


class Strict(BaseModel):
    """Base of every schema object: unknown keys are errors, types are not coerced."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


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
            off = total - 1.0
            raise ValueError(
                f"saliences must sum to 1; these sum to {total:.6g}, "
                f"{abs(off):.6g} too {'much' if off > 0 else 'little'}"
            )
        return self


class RedLine(Strict):
    """An indivisible demand: a package below ``min`` or above ``max`` is rejected outright."""

    min: Uncertain(0.0, 1.0, "packages below this on the issue are rejected") | None = None
    max: Uncertain(0.0, 1.0, "packages above this on the issue are rejected") | None = None

    @model_validator(mode="after")
    def _some_bound(self):
        if self.min is None and self.max is None:
            raise ValueError("a red line needs min, max or both")
        if isinstance(self.min, float) and isinstance(self.max, float) and self.min > self.max:
            raise ValueError(f"red line min ({self.min}) is above its max ({self.max})")
        return self


class Concession(Strict):
    """Time-dependent concession (Faratin et al. 1998) from ``opening`` toward the BATNA."""

    strategy: Literal["boulware", "linear", "conceder"] = Field(
        "linear", description="concession tactic: late (boulware), steady, or early (conceder)"
    )
    rate: Uncertain(0.01, 100.0, "beta of the concession curve") | None = None
    opening: Uncertain(0.0, 1.0, "utility first demanded") = 0.9
    deadline_weeks: Annotated[
        int,
        Field(
            ge=1,
            le=1040,
            description="weeks until the actor has conceded down to its outside option",
        ),
    ] = 52

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
            got = self.rate if isinstance(self.rate, float) else f"values from {low:g} to {high:g}"
            raise ValueError(
                f"rate (beta) must be {allowed} for strategy '{self.strategy}' (got {got}); "
                "leave rate out to use the strategy's default"
            )
        return self

    def beta(self) -> float | Dist:
        """The concession exponent: ``rate`` when given, else the strategy's default."""
        return BETA_BY_STRATEGY[self.strategy] if self.rate is None else self.rate


def _support(dist: Dist, low: float, high: float) -> tuple[float, float]:
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
    kursk_cost: Uncertain(
        0.0, 1.0, "utility cost of the whole Kursk salient in Ukraine's hands"
    ) = 0.1
    ceasefire_counter: Literal["aid_halt", "none"] = Field(
        "aid_halt", description="Russia's own ceasefire version when it rejects the US one"
    )


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

    aid_paused: bool = Field(False, description="US military aid paused at the start")
    resume_aid_on: Literal["ukraine_acceptance", "ceasefire", "settlement", "never"] = Field(
        "ceasefire", description="the progress on which the US resumes paused aid"
    )
    aid_lag_weeks: Annotated[
        int, Field(ge=0, le=52, description="weeks before resumed US aid reaches the front")
    ] = 8
    aid_share: Uncertain(0.0, 1.0, "share of Ukraine's fighting capability resting on US aid") = 0.3
    pressure_on_russia: Uncertain(
        0.0, 1.0, "US pressure on Russia (sanctions threat, envoys), 0 none to 1 full"
    ) = 0.2
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

    name: str = Field(description="donor, as shown in explain and charts")
    amount_gbp_m: Uncertain(0.0, None, "package size, millions of pounds")
    week: Annotated[int, Field(ge=0, le=1040, description="week the package is announced")] = 0
    lag_weeks: Annotated[
        int, Field(ge=0, le=52, description="weeks from announcement to the front")
    ] = 4


class Battlefield(Strict):
    """Initial front and the weekly battlefield process."""

    kursk_russian_control: Uncertain(
        0.0, 1.0, "share of the ground Ukraine seized in Kursk in August 2024 that Russia holds"
    ) = 0.86
    russian_momentum: Uncertain(-1.0, 1.0, "> 0: Russia advancing") = 0.5
    observation_noise: Uncertain(0.0, 5.0, "sd of each side's weekly reading of momentum") = 0.15
    volatility: Uncertain(0.0, 10.0, "scales every weekly battlefield shock") = 1.0
    territory_held: Uncertain(
        0.0, 1.0, "share of the claimed regions (Crimea and four oblasts) Russia holds"
    ) = 0.8
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
    outlook_weeks: Annotated[
        int,
        Field(ge=1, le=520, description="weeks ahead each party plans when valuing fighting on"),
    ] = 12
    regroup: Uncertain(
        0.0, 1.0, "share of the advancing side edge a ceasefire of full length costs it"
    ) = 0.3
    prior_sd: Uncertain(0.0, 2.0, "sd of each side's initial belief about momentum") = 0.1
    donor_capability_per_gbp_bn: Uncertain(
        0.0, 1.0, "Ukrainian capability added per £1 bn of donor aid"
    ) = 0.01
    donor_spend_weeks: Annotated[
        int, Field(ge=1, le=520, description="weeks over which a donor package is spent down")
    ] = 26


class StatusQuo(Strict):
    """Where the issues stand while the war goes on (the reversion point of the BATNA)."""

    neutrality: Uncertain(0.0, 1.0, "neutrality issue while the war goes on") = 0.5
    western_aid_flowing: Uncertain(0.0, 1.0, "western_aid issue while US aid flows") = 0.1
    western_aid_paused: Uncertain(0.0, 1.0, "western_aid issue while US aid is paused") = 0.5
    sanctions: Uncertain(0.0, 1.0, "sanctions issue while the war goes on") = 0.0
    security_guarantees: Uncertain(0.0, 1.0, "security_guarantees issue while the war goes on") = (
        0.8
    )


class CeasefireRules(Strict):
    """Length, violations and cool-off of an interim ceasefire."""

    length_weeks: Annotated[
        int, Field(ge=1, le=520, description="weeks an interim ceasefire lasts before renewal")
    ] = 4
    violation_hazard: Uncertain(
        0.0, 1.0, "weekly chance a running ceasefire is violated and collapses"
    ) = 0.05
    monitoring: Uncertain(0.0, 1.0, "share of violations monitors prevent") = 0.0
    cooloff_weeks: Annotated[
        int,
        Field(ge=0, le=520, description="weeks after a collapse before a new ceasefire is offered"),
    ] = 6
    casualty_factor: Uncertain(
        0.0, 1.0, "casualties during a ceasefire, as a share of fighting"
    ) = 0.1


class Escalation(Strict):
    """Weekly hazard of a wider regional escalation (absorbing)."""

    weekly_hazard: Uncertain(
        0.0, 1.0, "weekly chance of a wider regional escalation while fighting"
    ) = 0.002
    ceasefire_factor: Uncertain(0.0, 1.0, "the hazard during a ceasefire, as a share of it") = 0.25


class TimelineEvent(Strict):
    """From ``week`` on, set parameters (dotted paths) to new values."""

    week: Annotated[
        int, Field(ge=0, le=1040, description="week from which the values apply (0 = first week)")
    ]
    set: dict[str, Any] = Field(description="dotted parameter -> value from that week on")


class Simulation(Strict):
    """Horizon, Monte Carlo size, master seed and calendar start."""

    weeks: Annotated[int, Field(ge=1, le=1040, description="horizon in weeks")] = 52
    runs: Annotated[int, Field(ge=1, le=100_000_000, description="Monte Carlo runs")] = 1000
    seed: Annotated[
        int, Field(ge=0, le=2**63 - 1, description="master seed: same seed, same results")
    ] = 20250313
    start_date: dt.date = Field(dt.date(2025, 3, 13), description="date of week 0, for charts")


class Scenario(Strict):
    """A whole scenario, as validated from YAML."""

    name: str = Field(description="scenario name, shown in outputs")
    description: str = Field("", description="two to four sentences for a class")
    extends: str | None = Field(None, description="shipped name or path of the parent scenario")
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

Where = dict[tuple, "Mark | str"]
"""Where each key of a merged document was written: a ``Mark`` or ``"--set"``."""


@dataclass
class Loaded:
    """A validated scenario with where each leaf came from."""

    scenario: Scenario
    source: str  # file path or shipped name
    origin: dict[tuple, str] = field(default_factory=dict)  # leaf path -> "file:line" or "--set"
    raw: dict = field(default_factory=dict)  # the merged document before validation
    marks: dict = field(default_factory=dict)  # path -> Mark (file, line, column) or "--set"
    chain: tuple[Path, ...] = ()  # the file itself, then its parents through ``extends``

    @property
    def sha256(self) -> str:
        """Hash of the resolved scenario, for ``summary.json``."""
        text = json.dumps(self.scenario.model_dump(mode="json"), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()


def scenarios_dir() -> Path:
    """Folder of the shipped scenarios: inside the installed wheel, else the source tree."""
    packaged = Path(str(importlib.resources.files("simulator") / "_scenarios"))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "scenarios"


def shipped_scenarios() -> dict[str, Path]:
    """Shipped scenario names and files."""
    return {p.stem: p for p in sorted(scenarios_dir().glob("*.yaml"))}


def _is_file(candidate: Path) -> bool:
    try:
        return candidate.is_file()
    except (OSError, ValueError):  # e.g. a name with a NUL byte, or one too long
        return False


def resolve_path(name_or_path: str, relative_to: Path | None = None) -> Path:
    """A shipped name (``baseline``) or a path to a YAML file."""
    shipped = shipped_scenarios()
    if name_or_path in shipped:
        return shipped[name_or_path]
    candidates = [Path(name_or_path)]
    if relative_to is not None:
        candidates.insert(0, relative_to / name_or_path)
    for candidate in candidates:
        if _is_file(candidate):
            return candidate
    known = ", ".join(shipped) or "none"
    close = difflib.get_close_matches(name_or_path, list(shipped), n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'? " if close else ""
    raise ScenarioError(
        f"no scenario named '{name_or_path}' and no such file; {hint}shipped scenarios: {known}"
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
        kind = "empty" if data is None else f"a {_kind(data)}, not a mapping"
        raise ScenarioError(
            f"a scenario must be a YAML mapping of keys (name, actors, ...); this file is {kind}",
            file=str(path),
            mark=Mark(str(path), 1, 1),
        )
    return data, marks


def _kind(value: object) -> str:
    return {list: "list", str: "text", int: "number", float: "number", bool: "true/false"}.get(
        type(value), type(value).__name__
    )


def _is_dist(value: object) -> bool:
    return isinstance(value, dict) and "dist" in value


def _drop(where: Where, here: tuple) -> None:
    for k in [k for k in where if k[: len(here)] == here]:
        del where[k]


def _merge(base: dict, over: dict, where: Where, over_marks: dict, path=()) -> dict:
    """Deep-merge ``over`` onto ``base``: mappings merge, lists and distributions replace.

    ``null`` deletes a key; ``where`` follows every key to the file and line that set it last.
    """
    out = dict(base)
    for key, value in over.items():
        here = (*path, key)
        if value is None and key != "extends":
            out.pop(key, None)
            _drop(where, here)
            continue
        old = out.get(key)
        if isinstance(value, dict) and isinstance(old, dict) and not _is_dist(value | old):
            out[key] = _merge(old, value, where, over_marks, here)
            if here in over_marks:
                where[here] = over_marks[here]
        else:
            _drop(where, here)
            out[key] = copy.deepcopy(value)
            for k, mark in over_marks.items():
                if k[: len(here)] == here:
                    where[k] = mark
    return out


def _load_raw(path: Path, chain: tuple[Path, ...]) -> tuple[dict, Where, tuple[Path, ...]]:
    """Load a file with its parents merged: (document, where each key was set, file chain)."""
    resolved = path.resolve()
    if resolved in chain:
        cycle = " -> ".join(p.name for p in (*chain, resolved))
        raise ScenarioError(f"'extends' makes a cycle: {cycle}", file=str(path), key="extends")
    data, marks = _read_document(path)
    parent_name = data.get("extends")
    if parent_name is None:
        where: Where = {}
        return _merge({}, data, where, marks), where, (path,)
    if not isinstance(parent_name, str):
        raise ScenarioError(
            "must be the name of a shipped scenario or a path to a YAML file "
            f"(got {parent_name!r})",
            file=str(path),
            mark=marks.get(("extends",)),
            key="extends",
        )
    try:
        parent_path = resolve_path(parent_name, relative_to=path.parent)
    except ScenarioError as exc:
        raise ScenarioError(
            exc.message, file=str(path), mark=marks.get(("extends",)), key="extends"
        ) from None
    parent, where, parents = _load_raw(parent_path, (*chain, resolved))
    return _merge(parent, data, where, marks), where, (path, *parents)


# --------------------------------------------------------------------------- schema paths


def _unwrap(annotation) -> Any:
    """Reduce an annotation to a model class, ("dict", keys, value), ("list", item) or a leaf."""
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
        return "leaf" if issubclass(annotation, Dist) else annotation
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


def _field_info(loc: tuple):
    """The pydantic ``FieldInfo`` of the field at ``loc`` (None for a mapping entry or item)."""
    node: Any = Scenario
    info = None
    for part in loc:
        if isinstance(node, type) and issubclass(node, BaseModel):
            if part not in node.model_fields:
                return None
            info = node.model_fields[part]
            node = _unwrap(info.annotation)
        elif isinstance(node, tuple) and node[0] in ("dict", "list"):
            info = None
            node = node[-1]
        else:
            return None
    return info


def settable_paths() -> list[str]:
    """Every dotted parameter a timeline event may set (weekly dynamics, not structure)."""
    out: list[str] = []

    def walk(node, prefix: str) -> None:
        if isinstance(node, type) and issubclass(node, BaseModel):
            for name, info in node.model_fields.items():
                walk(_unwrap(info.annotation), f"{prefix}{name}.")
        elif isinstance(node, tuple) and node[0] == "dict" and node[1]:
            for key in node[1]:
                walk(node[2], f"{prefix}{key}.")
        elif node == "leaf":
            out.append(prefix[:-1])

    walk(Scenario, "")
    return [p for p in out if not p.startswith(FIXED_PATHS)]


# --------------------------------------------------------------------------- --set


def parse_override(text: str) -> tuple[tuple[str, ...], object]:
    """Split ``KEY=VALUE`` into a dotted path and a YAML 1.2 value."""
    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep or not key or any(not part.strip() for part in key.split(".")):
        raise ScenarioError(
            f"takes KEY=VALUE with a dotted key, e.g. actors.russia.resolve=0.9 (got '{text}')",
            file="--set",
        )
    try:
        parsed = load_value(value)
    except YamlProblem as exc:
        raise ScenarioError(f"the value is {exc.message}", file="--set", key=key) from None
    return tuple(part.strip() for part in key.split(".")), parsed


def _check_override_path(key: tuple) -> None:
    dotted = ".".join(key)
    if key[0] == "extends":
        raise ScenarioError(
            "cannot be changed with --set; write a scenario file that extends another",
            file="--set",
            key=dotted,
        )
    if schema_has_path(key):
        return
    for n in range(len(key) - 1, 0, -1):
        if schema_has_path(key[:n]) and _schema_node(key[:n]) == "leaf":
            head = ".".join(key[:n])
            raise ScenarioError(
                f"{head} is a single value: set it whole, e.g. "
                f"{head}=0.5 or {head}={{dist: uniform, low: 0.4, high: 0.6}}",
                file="--set",
                key=dotted,
            )
    raise ScenarioError(
        f"the scenario has no key '{dotted}'{_did_you_mean(key)}", file="--set", key=dotted
    )


def _set_path(doc: dict, path: tuple, value: object, label: str = "--set") -> None:
    """Set (or with None delete) ``path`` in a document, creating mappings on the way."""
    node: Any = doc
    for depth, part in enumerate(path):
        last = depth == len(path) - 1
        if isinstance(node, list):
            index = int(part) if str(part).isdigit() else -1
            if not 0 <= index < len(node):
                where = ".".join(map(str, path[:depth]))
                raise ScenarioError(
                    f"{where} has {len(node)} item(s), numbered from 0; there is no item {part}",
                    file=label,
                    key=".".join(map(str, path)),
                )
            if last:
                node[index] = value
                return
            if not isinstance(node[index], dict | list):
                node[index] = {}
            node = node[index]
            continue
        if last:
            if value is None:
                node.pop(part, None)
            else:
                node[part] = value
            return
        child = node.get(part)
        if not isinstance(child, dict | list):
            child = {}
            node[part] = child
        node = child


# --------------------------------------------------------------------------- load


def load_scenario(name_or_path: str | Path, overrides: list[str] | tuple[str, ...] = ()) -> Loaded:
    """Load, merge, override and validate a scenario; raise ``ScenarioError`` on any problem."""
    path = resolve_path(str(name_or_path))
    raw, where, chain = _load_raw(path, ())
    for text in overrides:
        key, value = parse_override(text)
        _check_override_path(key)
        _set_path(raw, key, value)
        _drop(where, key)
        if value is not None:
            where[key] = "--set"
    if raw.get("extends") is None:
        raw.pop("extends", None)
    scenario = validate_document(raw, where, str(path))
    _check_timeline(scenario, raw, where, str(path))
    source = path.stem if shipped_scenarios().get(path.stem) == path else str(path)
    origin = {k: v if isinstance(v, str) else f"{v.file}:{v.line}" for k, v in where.items()}
    return Loaded(
        scenario=scenario, source=source, origin=origin, raw=raw, marks=where, chain=chain
    )


def validate_document(raw: dict, where: dict, file: str) -> Scenario:
    """Validate a merged document; each pydantic error becomes one problem of a ScenarioError."""
    try:
        return Scenario.model_validate(raw)
    except ValidationError as exc:
        raise ScenarioError.of(_problems(exc, where, file)) from None


# --------------------------------------------------------------------------- error messages

_TYPE_ERRORS = ("float_type", "int_type", "bool_type", "string_type", "date_type", "list_type")
_RANGE_ERRORS = ("greater_than_equal", "less_than_equal", "greater_than", "less_than")
_PRIORITY = (
    "value_error",
    "extra_forbidden",
    "missing",
    "literal_error",
    "finite_number",
    *_RANGE_ERRORS,
    *_TYPE_ERRORS,
)
DIST_KEYS = {
    "uniform": ("low", "high"),
    "normal": ("mean", "sd"),
    "triangular": ("low", "mode", "high"),
    "beta": ("a", "b"),
}
_DIST_HELP = ", ".join(f"{name} ({', '.join(keys)})" for name, keys in DIST_KEYS.items())


def _split_loc(loc: tuple, kind: str) -> tuple[tuple, tuple | None]:
    """(path of the field in the file, the part inside a distribution or None).

    pydantic adds its own segments to a location (union branches such as ``float`` or
    ``tagged-union[...]``, validators, ``[key]``); they are dropped, except that the last
    segment of an unknown-key error is the user's own key, whatever it is called.
    """
    own = loc[-1:] if kind == "extra_forbidden" else ()
    body = loc[: len(loc) - len(own)]
    for i, part in enumerate(body):
        if isinstance(part, str) and part.startswith("tagged-union["):
            return _clean(body[:i]), (*body[i + 1 :], *own)
    return (*_clean(body), *own), None


def _clean(loc: tuple) -> tuple:
    out = [p for p in loc if not (isinstance(p, str) and p.startswith("function-"))]
    while out and out[-1] in ("float", "int", "bool", "str", "none", "[key]", "date"):
        out.pop()
    return tuple(out)


def _problems(exc: ValidationError, where: dict, file: str) -> list[ScenarioError]:
    groups: dict[tuple, list[tuple[dict, tuple | None]]] = {}
    for error in exc.errors():
        loc, inside = _split_loc(tuple(error["loc"]), error["type"])
        groups.setdefault(loc, []).append((error, inside))
    problems = []
    for loc, items in groups.items():
        key = ".".join(str(p) for p in loc) or None
        file_, mark = _locate(loc, where, file)
        problems.append(ScenarioError(_message(loc, items), file=file_, mark=mark, key=key))
    return sorted(problems, key=_reading_order)


def _reading_order(problem: ScenarioError) -> tuple:
    mark = problem.mark
    return (problem.file or "", mark.line if mark else 1 << 30, mark.column if mark else 0)


def _rank(item: tuple[dict, tuple | None]) -> int:
    kind = item[0]["type"]
    return _PRIORITY.index(kind) if kind in _PRIORITY else len(_PRIORITY)


def _message(loc: tuple, items: list[tuple[dict, tuple | None]]) -> str:
    """One message for one key, from the errors pydantic gave for it (one per union branch)."""
    in_dist = [it for it in items if it[1] is not None and it[0]["type"] != "model_attributes_type"]
    if in_dist:
        return _dist_message(*min(in_dist, key=_rank))
    error = min(items, key=_rank)[0]
    kind = error["type"]
    value = error.get("input")
    if kind == "extra_forbidden":
        return f"unknown key '{loc[-1]}'{_did_you_mean(loc)}"
    if kind == "literal_error" and error["loc"][-1] == "[key]":
        return f"unknown key '{loc[-1]}'{_did_you_mean(loc)}"
    if kind == "missing":
        return f"is required but missing; it must be {_allowed(loc)}"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    if kind == "literal_error":
        close = difflib.get_close_matches(str(value), _choices(loc), n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return f"must be {_allowed(loc)} (got {value!r}){hint}"
    if _is_dist(value) and kind in _TYPE_ERRORS:
        what = "saliences" if "salience" in loc else "whole numbers (weeks, seeds, counts)"
        return (
            f"must be {_allowed(loc)}, not a distribution: {what} stay fixed; only continuous "
            "parameters may be uncertain"
        )
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"must be {_allowed(loc)} (got {_shown(value)})"
    return f"must be {_allowed(loc)} (got {_shown(value)})"


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _dist_message(error: dict, inside: tuple) -> str:
    kind = error["type"]
    if kind == "union_tag_invalid":
        tag = str(error.get("ctx", {}).get("tag", ""))
        close = difflib.get_close_matches(tag, list(DIST_KEYS), n=1, cutoff=0.5)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return f"unknown distribution '{tag}'{hint} ('dist' must be one of: {_DIST_HELP})"
    if kind == "union_tag_not_found":
        return f"a distribution needs a 'dist' key, one of: {_DIST_HELP}"
    name, sub = inside[0], inside[1:]
    keys = ", ".join(DIST_KEYS.get(str(name), ()))
    if kind == "missing":
        return f"a {name} distribution needs {keys}; '{sub[0]}' is missing"
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(str(sub[0]), DIST_KEYS.get(str(name), ()), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return f"a {name} distribution takes dist, {keys}; '{sub[0]}' is not one of them{hint}"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    field_name = sub[0] if sub else name
    return f"{name} {field_name} must be a finite number (got {_shown(error.get('input'))})"


def _choices(loc: tuple) -> list[str]:
    info = _field_info(loc)
    if info is None:
        return []
    return [str(a) for a in _literal_args(info.annotation)]


def _literal_args(annotation) -> tuple:
    if typing.get_origin(annotation) is Literal:
        return typing.get_args(annotation)
    for arg in typing.get_args(annotation):
        found = _literal_args(arg)
        if found:
            return found
    return ()


def _allowed(loc: tuple) -> str:
    """What a field accepts, in words: range, choices or type."""
    info = _field_info(loc)
    if info is None:
        node = _safe_node(loc)
        if isinstance(node, type) and issubclass(node, BaseModel):
            return f"a mapping with keys {', '.join(node.model_fields)}"
        return "a valid value"
    bounds = _field_bounds(info)
    if bounds is not None:
        dists = "uniform, normal, triangular" + (", beta" if bounds.high is not None else "")
        return (
            f"a number {_range_text(bounds.low, bounds.high)}, or a distribution "
            f"({{dist: {dists}}})"
        )
    choices = _literal_args(info.annotation)
    if choices:
        return "one of " + ", ".join(str(c) for c in choices)
    base = _base_type(info.annotation)
    ge = next((m.ge for m in info.metadata if hasattr(m, "ge")), None)
    le = next((m.le for m in info.metadata if hasattr(m, "le")), None)
    span = f" from {ge:,} to {le:,}" if ge is not None and le is not None else ""
    if base is bool:
        return "true or false"
    if base is int:
        return f"a whole number{span}"
    if base is float:
        return f"a fixed number{span}"
    if base is dt.date:
        return "a date such as 2025-03-13"
    if base is str:
        return "text"
    if isinstance(base, type) and issubclass(base, BaseModel):
        return f"a mapping with keys {', '.join(base.model_fields)}"
    if typing.get_origin(base) is list:
        return "a list"
    if typing.get_origin(base) is dict:
        return "a mapping"
    return "a valid value"


def _safe_node(loc: tuple) -> Any:
    try:
        return _schema_node(loc)
    except KeyError:
        return None


def _base_type(annotation) -> Any:
    if typing.get_origin(annotation) is Annotated:
        return _base_type(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _base_type(args[0]) if len(args) == 1 else annotation
    return annotation


def _locate(loc: tuple, where: dict, file: str) -> tuple[str, Mark | None]:
    """The file and mark of the deepest part of ``loc`` that a file or --set wrote.

    A problem with a whole mapping (a rate that disagrees with its strategy) is blamed on
    ``--set`` when --set changed something inside it, since that is what the user just did.
    """
    if loc and any(v == "--set" and k[: len(loc)] == tuple(loc) for k, v in where.items()):
        return "--set", None
    for n in range(len(loc), 0, -1):
        place = where.get(tuple(loc[:n]))
        if place == "--set":
            return "--set", None
        if isinstance(place, Mark):
            return place.file, place
        if isinstance(place, str) and place.rpartition(":")[2].isdigit():  # Loaded.origin form
            name, _, line = place.rpartition(":")
            return name, Mark(name, int(line), 1)
    return file, None


def _did_you_mean(loc: tuple) -> str:
    names = _names_at(loc[:-1])
    close = difflib.get_close_matches(str(loc[-1]), names, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    if names:
        hint += f" (allowed here: {', '.join(names)})"
    return hint


def _names_at(loc: tuple) -> list[str]:
    node = _safe_node(loc)
    if isinstance(node, type) and issubclass(node, BaseModel):
        return list(node.model_fields)
    if isinstance(node, tuple) and node[0] == "dict" and node[1]:
        return list(node[1])
    return []


# --------------------------------------------------------------------------- timeline


def _check_timeline(scenario: Scenario, raw: dict, where: dict, file: str) -> None:
    """Each event's week is inside the horizon and each of its values validates in place."""
    state = copy.deepcopy(raw)
    events = raw.get("timeline") or []
    problems: list[ScenarioError] = []
    horizon = scenario.simulation.weeks
    for index, event in sorted(enumerate(events), key=lambda item: item[1]["week"]):
        label = f"timeline.{index}"
        if event["week"] >= horizon:
            file_, mark = _locate(("timeline", index, "week"), where, file)
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
            file_, mark = _locate(("timeline", index, "set", dotted), where, file)
            message = None
            if not schema_has_path(path):
                message = f"the scenario has no key '{dotted}'{_did_you_mean(path)}"
            elif dotted.startswith(FIXED_PATHS) or _schema_node(path) != "leaf":
                message = (
                    f"cannot set '{dotted}' from the timeline; it must be one parameter of the "
                    "weekly dynamics (battlefield, status_quo, actors, ceasefire, escalation)"
                )
            elif value is None or (isinstance(value, dict | list) and not _is_dist(value)):
                message = "timeline values must be numbers, true/false, choices or distributions"
            if message:
                problems.append(ScenarioError(message, file=file_, mark=mark, key=key))
                continue
            try:
                _set_path(state, path, value, label=file)
            except ScenarioError as exc:  # pragma: no cover - paths were checked above
                problems.append(exc)
                continue
            applied[dotted] = (file_, mark)
        try:
            Scenario.model_validate(state)
        except ValidationError as exc:
            for inner in _problems(exc, {}, file):
                set_key = next(
                    (
                        d
                        for d in applied
                        if (inner.key or "").startswith(d) or d.startswith(inner.key or "")
                    ),
                    None,
                )
                file_, mark = (
                    applied[set_key] if set_key else _locate(("timeline", index), where, file)
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
            state = copy.deepcopy(raw)  # carry on from a valid state
    if problems:
        raise ScenarioError.of(problems)


# --------------------------------------------------------------------------- reading results


def flat_leaves(model: BaseModel, prefix: str = "") -> dict[str, Any]:
    """Every leaf of a validated model by dotted path (distributions stay whole)."""
    out: dict[str, Any] = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        path = f"{prefix}{name}"
        if isinstance(value, BaseModel) and not isinstance(value, Dist):
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
    except (OSError, UnicodeDecodeError, YamlProblem):
        return "(unreadable)"
    if not isinstance(data, dict):
        return "(not a scenario)"
    text = " ".join(str(data.get("description", "")).split())
    first, dot, _ = text.partition(". ")
    return first + ("." if dot else "")


# --------------------------------------------------------------------------- JSON Schema

SCHEMA_FILE = "scenario.schema.json"
"""Name of the JSON Schema kept beside the shipped scenarios (editors read it)."""


KEEP_REQUIRED = ("Uniform", "Normal", "Triangular", "Beta", "TimelineEvent", "Donor")
"""Objects an editor may insist are complete: a file that ``extends`` another may give any
other mapping in part (one salience, one actor field), so those keys are checked on loading."""


def scenario_json_schema() -> dict:
    """JSON Schema of a scenario file, generated from the pydantic models (distributions too).

    It describes a *file*: with ``extends``, any mapping may be partial, so only a file without
    ``extends`` must have ``name`` and ``actors``, and ranges, choices, types and unknown keys
    are what an editor flags. ``negsim validate`` checks the rest (saliences summing to 1...).
    """
    schema = Scenario.model_json_schema()
    defs = schema.get("$defs", {})
    for name, definition in defs.items():
        if name not in KEEP_REQUIRED:
            definition.pop("required", None)
    schema.pop("required", None)
    if "TimelineEvent" in defs:
        defs["TimelineEvent"]["properties"]["set"]["propertyNames"] = {"enum": settable_paths()}
    if "Salience" in defs:
        defs["Salience"]["description"] += " (The sum is checked by negsim validate.)"
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "negsim scenario",
        **{k: v for k, v in schema.items() if k != "title"},
        "if": {"not": {"required": ["extends"]}},
        "then": {"required": ["name", "actors"]},
    }


def scenario_json_schema_text() -> str:
    """The JSON Schema as the text kept in ``scenarios/`` (stable key order, final newline)."""
    return json.dumps(scenario_json_schema(), indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------- key reference

_EXTRA_MEANING = {
    "salience": "weight of the issue to the actor; the six sum to 1 (fixed numbers)",
    "rate": "beta of the concession curve; must agree with strategy "
    "(< 1 boulware, 1 linear, > 1 conceder)",
    "min": "packages below this on ISSUE are rejected outright",
    "max": "packages above this on ISSUE are rejected outright",
}


def reference_rows() -> list[tuple[str, str, str, str]]:
    """(dotted key, what is allowed, default, meaning) for every key of a scenario file."""
    rows: list[tuple[str, str, str, str]] = []
    shown: dict[type, str] = {}
    repeated = (IssueVector, Salience, Concession)

    def walk(node: type[BaseModel], prefix: tuple) -> None:
        for name, info in node.model_fields.items():
            sub = _unwrap(info.annotation)
            path = (*prefix, name)
            dotted = ".".join(path)
            if sub == "leaf":
                rows.append((dotted, _allowed(path), _default_text(info), _meaning(path, info)))
            elif isinstance(sub, tuple) and sub[-1] == "leaf":
                rows.append(
                    (dotted, "a mapping of dotted keys to values", "", _meaning(path, info))
                )
            elif isinstance(sub, tuple):
                walk(sub[-1], (*path, "ISSUE" if sub[0] == "dict" else "N"))
            elif sub in repeated and sub in shown:
                rows.append((f"{dotted}.*", f"as `{shown[sub]}.*`", "", ""))
            else:
                shown.setdefault(sub, dotted)
                walk(sub, path)

    walk(Scenario, ())
    return rows


def _default_text(info) -> str:
    if info.is_required():
        return "required"
    value = info.get_default(call_default_factory=True)
    if value is None:
        return "none"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value) if value not in ([], {}) else "—"


def _meaning(path: tuple, info) -> str:
    if path[-2:-1] == ("salience",):
        return _EXTRA_MEANING["salience"]
    if path[-1] in ("rate", "min", "max"):
        return _EXTRA_MEANING[path[-1]]
    return info.description or ""


def reference_markdown() -> str:
    """The key reference of ``docs/scenarios.md``: a Markdown table made from the schema."""
    lines = ["| key | allowed | default | meaning |", "|---|---|---|---|"]
    for key, allowed, default, meaning in reference_rows():
        allowed = allowed.replace(
            ", or a distribution ({dist: uniform, normal, triangular, beta})", " · dist"
        ).replace(", or a distribution ({dist: uniform, normal, triangular})", " · dist, no beta")
        lines.append(f"| `{key}` | {allowed} | {default} | {meaning} |".replace("  |", " |"))
    return "\n".join(lines) + "\n"

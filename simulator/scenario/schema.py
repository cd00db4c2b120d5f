"""Schema of a whole scenario: the frozen pydantic ``Scenario`` and its world.

The battlefield, status quo, beliefs, ceasefire, partial truce, settlement, escalation, donors,
timeline and simulation settings live here; the actors are in ``actors.py``. ``FIXED_PATHS`` are
what a timeline may not set.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator

from simulator.scenario.actors import Actors
from simulator.scenario.fields import Name, Strict, Text, Uncertain

FIRST_DATE = dt.date(1900, 1, 1)
LAST_DATE = dt.date(2200, 12, 31)
"""Range of ``simulation.start_date``: any modern date, and room for 20 years after."""


class Donor(Strict):
    """An exogenous aid package to Ukraine (Canada, Finland, Sweden, ...)."""

    name: Name("donor, as shown in explain and charts")
    # at most £1 trillion: many times all aid given to Ukraine so far
    amount_gbp_m: Uncertain(0.0, 1_000_000.0, "package size, millions of pounds")
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
    observation_noise: Uncertain(
        0.0, 5.0, "sd of each side's reading of the weekly battle result"
    ) = 0.15
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
        0.0,
        1.0,
        "share of the way to the advancing side's ideal the war moves the issues per week of "
        "momentum 1",
    ) = 0.01
    outlook_weeks: Annotated[
        int,
        Field(ge=1, le=520, description="weeks ahead each party plans when valuing fighting on"),
    ] = 12
    regroup: Uncertain(
        0.0, 1.0, "share of the advancing side edge a ceasefire of full length costs it"
    ) = 0.3
    resolve_effect: Uncertain(
        0.0,
        2.0,
        "how much resolve adds to fighting strength: strength = capability × "
        "(1 + effect × (resolve − 0.5))",
    ) = 1.0
    donor_capability_per_gbp_bn: Uncertain(
        0.0, 1.0, "Ukrainian capability added per £1 bn of donor aid"
    ) = 0.01
    donor_spend_weeks: Annotated[
        int, Field(ge=1, le=520, description="weeks over which a donor package is spent down")
    ] = 26


class StatusQuo(Strict):
    """Where the western_aid issue stands while the war goes on.

    It is what Russia's aid-halt ceasefire would change. The value of fighting on comes from
    the war's expected end on the contract curve, not from a status-quo package.
    """

    western_aid_flowing: Uncertain(0.0, 1.0, "western_aid issue while US aid flows") = 0.1
    western_aid_paused: Uncertain(0.0, 1.0, "western_aid issue while US aid is paused") = 0.5


class Beliefs(Strict):
    """What each side believes about the other's private resolve, and how it reads rejections."""

    types: Annotated[
        int,
        Field(
            ge=1,
            le=25,
            description="number of discrete types of the other side's resolve each belief holds",
        ),
    ] = 7
    bluff: Uncertain(
        0.0,
        1.0,
        "chance that a side which would accept a settlement package rejects it anyway",
    ) = 0.1


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


class Spared(Strict):
    """Weekly utility a strikes moratorium spares each side."""

    russia: Uncertain(0.0, 1.0, "weekly utility the moratorium spares Russia") = 0.002
    ukraine: Uncertain(0.0, 1.0, "weekly utility the moratorium spares Ukraine") = 0.003


class Leverage(Strict):
    """Weekly coercive value of its own strikes that each side gives up under a moratorium."""

    russia: Uncertain(
        0.0, 1.0, "weekly coercive value of Russia's own strikes that it gives up"
    ) = 0.003
    ukraine: Uncertain(
        0.0, 1.0, "weekly coercive value of Ukraine's own strikes that it gives up"
    ) = 0.001


class PartialTruce(Strict):
    """A moratorium on strikes on energy infrastructure: it does not freeze the front."""

    kind: Literal["energy_strikes"] = Field(
        "energy_strikes", description="what the truce stops: strikes on energy infrastructure"
    )
    offered: bool = Field(True, description="the partial truce is on the table from week 0")
    length_weeks: Annotated[
        int, Field(ge=1, le=520, description="weeks a partial truce lasts before renewal")
    ] = 4
    violation_hazard: Uncertain(
        0.0, 1.0, "weekly chance a partial truce in force is violated and collapses"
    ) = 0.05
    cooloff_weeks: Annotated[
        int,
        Field(
            ge=0,
            le=520,
            description="weeks after a violation before a new partial truce is offered",
        ),
    ] = 4
    spared: Spared = Field(default_factory=Spared)
    leverage: Leverage = Field(default_factory=Leverage)


class Settlement(Strict):
    """Commitment problems of a signed settlement: its breakdown and what guards against it."""

    breakdown_hazard: Uncertain(
        0.0,
        1.0,
        "weekly chance a signed settlement breaks down, before monitoring and guarantees",
    ) = 0.005
    monitoring: Uncertain(0.0, 1.0, "share of breakdowns monitors prevent") = 0.0
    guarantees: Uncertain(
        0.0, 1.0, "share of the hazard that a package's strongest security guarantees remove"
    ) = 0.5
    breakdown_loss: Uncertain(
        0.0,
        1.0,
        "utility a side expects to lose if a settlement breaks down, before the package's terms",
    ) = 0.3


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
    announced: bool = Field(
        False,
        description="the parties know the event in advance; it enters their outlook before "
        "its week",
    )


class Simulation(Strict):
    """Horizon, Monte Carlo size, master seed and calendar start."""

    weeks: Annotated[int, Field(ge=1, le=1040, description="horizon in weeks")] = 52
    runs: Annotated[int, Field(ge=1, le=100_000_000, description="Monte Carlo runs")] = 1000
    seed: Annotated[
        int, Field(ge=0, le=2**63 - 1, description="master seed: same seed, same results")
    ] = 20250313
    # charts draw dates with matplotlib (years 1 to 9999); the horizon adds at most 20 years
    start_date: Annotated[
        dt.date,
        Field(ge=FIRST_DATE, le=LAST_DATE, description="date of week 0, for charts"),
    ] = dt.date(2025, 3, 13)


class Scenario(Strict):
    """A whole scenario, as validated from YAML."""

    name: Name("scenario name, shown in outputs")
    description: Text("two to four sentences for a class") = ""
    extends: str | None = Field(None, description="shipped name or path of the parent scenario")
    simulation: Simulation = Field(default_factory=Simulation)
    battlefield: Battlefield = Field(default_factory=Battlefield)
    status_quo: StatusQuo = Field(default_factory=StatusQuo)
    actors: Actors
    donors: list[Donor] = Field(default_factory=list)
    beliefs: Beliefs = Field(default_factory=Beliefs)
    ceasefire: CeasefireRules = Field(default_factory=CeasefireRules)
    partial_truce: PartialTruce = Field(default_factory=PartialTruce)
    settlement: Settlement = Field(default_factory=Settlement)
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
    "actors.us.sequencing",
    "actors.us.switch_after",
    "battlefield.donor_spend_weeks",
    "battlefield.outlook_weeks",
    "beliefs.types",
    "ceasefire.length_weeks",
    "partial_truce.kind",
    "partial_truce.length_weeks",
    "partial_truce.cooloff_weeks",
)

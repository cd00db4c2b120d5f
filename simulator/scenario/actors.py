"""Schema of the three actors: positions, saliences, red lines, concession and levers.

Russia and Ukraine share ``Actor`` (what a belligerent is); the United States is the mediator.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from simulator.rules import BETA_BY_STRATEGY, ISSUES
from simulator.scenario.distributions import Dist
from simulator.scenario.fields import Strict, Uncertain

SALIENCE_TOLERANCE = 1e-6

Share = Uncertain(0.0, 1.0, "a position on the issue, 0 = Ukraine's pole, 1 = Russia's")


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
    # at most 100 million: more than any army; past that the cost of war no longer grows
    weariness_thousands: Uncertain(
        1.0, 100_000.0, "own casualties (thousands) that double the weekly cost of war"
    ) = 500.0
    # at most 100 thousand a week: the worst of any modern war (the Eastern Front, 1941-45)
    casualties_per_week: Uncertain(0.0, 100.0, "own killed and wounded per week, thousands") = 5.0


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

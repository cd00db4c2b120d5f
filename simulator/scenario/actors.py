"""Schema of the three actors: positions, saliences, red lines, private resolve and levers.

Russia and Ukraine share ``Actor`` (what a belligerent is); the United States is the mediator.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from simulator.rules import ISSUES
from simulator.scenario.fields import Strict, Uncertain

SALIENCE_TOLERANCE = 1e-6

FRONT = "front"
"""The red line ``territory: {min: front}``: never give back ground the actor holds."""

FRONT_ISSUE = "territory"

Share = Uncertain(0.0, 1.0, "a position on the issue, 0 = Ukraine's pole, 1 = Russia's")


class IssueVector(Strict):
    """A position on each of the six issues, 0 = Ukraine's pole, 1 = Russia's."""

    neutrality: Share
    territory: Share
    armed_forces: Share
    western_aid: Share
    sanctions: Share
    security_guarantees: Share


Weight = Annotated[float, Field(ge=0, le=1)]


class Salience(Strict):
    """How much each issue weighs for an actor; the six weights sum to 1 (fixed numbers)."""

    neutrality: Weight
    territory: Weight
    armed_forces: Weight
    western_aid: Weight
    sanctions: Weight
    security_guarantees: Weight

    @model_validator(mode="after")
    def _sums_to_one(self):
        total = sum(getattr(self, k) for k in type(self).model_fields)
        if abs(total - 1.0) > SALIENCE_TOLERANCE:
            off = total - 1.0
            raise ValueError(
                f"saliences must sum to 1; these sum to {total:.6g}, "
                f"{abs(off):.6g} too {'much' if off > 0 else 'little'}"
            )
        return self


class RedLine(Strict):
    """An indivisible demand: a package below ``min`` or above ``max`` is rejected outright."""

    min: (
        Uncertain(0.0, 1.0, "packages below this on the issue are rejected")
        | Literal["front"]
        | None
    ) = None
    max: Uncertain(0.0, 1.0, "packages above this on the issue are rejected") | None = None

    @model_validator(mode="after")
    def _some_bound(self):
        if self.min is None and self.max is None:
            raise ValueError("a red line needs min, max or both")
        if isinstance(self.min, float) and isinstance(self.max, float) and self.min > self.max:
            raise ValueError(f"red line min ({self.min}) is above its max ({self.max})")
        return self


def _misplaced_front(lines: object) -> list[InitErrorDetails]:
    """An error for each ``front`` that is not a territory ``min`` (before the lines validate)."""
    if not isinstance(lines, dict):
        return []
    errors: list[InitErrorDetails] = []
    for issue, line in lines.items():
        if not isinstance(line, dict):
            continue
        for bound in ("min", "max"):
            if line.get(bound) != FRONT or (bound, issue) == ("min", FRONT_ISSUE):
                continue
            where = "only as a min" if bound == "max" else f"only on {FRONT_ISSUE}"
            message = (
                f"'{FRONT}' (never give back ground it holds) is allowed {where}: "
                f"write red_lines: {{{FRONT_ISSUE}: {{min: {FRONT}}}}}; here give a number from "
                "0 to 1 or a distribution"
            )
            errors.append(
                InitErrorDetails(
                    type=PydanticCustomError("value_error", message),
                    loc=(issue, bound),
                    input=FRONT,
                )
            )
    return errors


class Actor(Strict):
    """What Russia and Ukraine share: positions, red lines, private resolve, optimism, costs."""

    ideal: IssueVector
    salience: Salience
    red_lines: dict[Literal[*ISSUES], RedLine] = Field(default_factory=dict)
    resolve: Uncertain(
        0.0,
        1.0,
        "private tolerance of the costs of war; a distribution is drawn per run and is the "
        "other sides' prior",
    ) = 0.5
    capability: Uncertain(0.0, 1.0, "military and bargaining weight") = 0.5
    optimism: Uncertain(
        -1.0,
        1.0,
        "tilt of its prior about the other side's resolve toward a weaker opponent: "
        "0 none, 1 strong",
    ) = 0.0
    war_cost: Uncertain(0.0, 1.0, "utility lost per week of fighting at zero resolve") = 0.05
    # at most 100 million: more than any army; past that the cost of war no longer grows
    weariness_thousands: Uncertain(
        1.0, 100_000.0, "own casualties (thousands) that double the weekly cost of war"
    ) = 500.0
    # at most 100 thousand a week: the worst of any modern war (the Eastern Front, 1941-45)
    casualties_per_week: Uncertain(0.0, 100.0, "own killed and wounded per week, thousands") = 5.0

    @field_validator("red_lines", mode="wrap")
    @classmethod
    def _front_only_on_territory_min(cls, lines, handler):
        errors = _misplaced_front(lines)
        if errors:  # located at red_lines.ISSUE.min|max, like any other error of the file
            raise ValidationError.from_exception_data("red_lines", errors)
        return handler(lines)


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
    capability: Uncertain(
        0.0, 1.0, "US clout: scales the pressure Russia feels, 0.5 = as stated"
    ) = 0.5
    bias: Uncertain(
        0.0,
        1.0,
        "how far US proposals lean from the package most likely to be accepted toward the "
        "US's own interests",
    ) = 0.3
    sequencing: Literal["ceasefire_first", "settlement_first"] = Field(
        "ceasefire_first", description="which track the US pushes first"
    )
    switch_after: Annotated[
        int,
        Field(
            ge=0,
            le=1040,
            description="rejected rounds of the first track after which the US switches to "
            "the other",
        ),
    ] = 12
    ideal: IssueVector
    salience: Salience


class Actors(Strict):
    """The three actors."""

    us: UnitedStates
    russia: Russia
    ukraine: Ukraine

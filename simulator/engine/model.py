"""ConflictModel: one Mesa model that steps a block of independent worlds as numpy arrays.

Each country is one Mesa agent whose state (resolve, beliefs, values) is an array over the
block's worlds. One ``step`` is one week of the mediation protocol (DESIGN §2):

timeline events → battlefield → beliefs from the battle and values of fighting on → proposals
on every track → answers and counters → beliefs from the rejections → ceasefire, truce and
settlement lifecycles → levers (aid, pressure) → escalation.

Nothing any actor does depends on the horizon, so a short run is a snapshot of a longer one.
"""

from __future__ import annotations

from typing import Any

import mesa
import numpy as np

from agents import Donors, Russia, Ukraine, UnitedStates
from simulator.engine.memory import keep_freed_memory_for_reuse
from simulator.engine.negotiation_round import NegotiationRound
from simulator.engine.params import block_seed, draw_parameters, dynamics_rng, resolve_types
from simulator.engine.week_state import WeekState
from simulator.rules import (
    FLOAT,
    ISSUES,
    Battlefield,
    battle_spread,
    momentum_target,
    offers,
    ukraine_capability,
)
from simulator.rules import beliefs as bel
from simulator.rules import values as val
from simulator.scenario import Scenario

BLOCK_SIZE = 8192
"""Worlds per block: a constant of the engine, so run i is the same whatever --runs is."""

# Positions of the weekly random draws: the same arrays are drawn every week whatever the state.
_N_NORMAL = 7  # battle, kursk, casualties R/U, readings by Russia, Ukraine, the US
_N_UNIFORM = 6  # ceasefire violation, escalation, settlement breakdown, truce violation, bluffs


class ConflictModel(mesa.Model):
    """A block of ``n`` worlds of the US–Russia–Ukraine negotiation, stepped week by week."""

    def __init__(self, scenario: Scenario, block: int = 0, n: int = BLOCK_SIZE, observer=None):
        keep_freed_memory_for_reuse()  # once per process, by whoever starts simulating
        seed = block_seed(scenario.simulation.seed, block)
        super().__init__(rng=dynamics_rng(seed))
        self.config = scenario
        self.block = block
        self.n = n
        self.week = 0
        self.weeks = scenario.simulation.weeks
        self.observer = observer
        self.p, self.drawn = draw_parameters(scenario, seed, n)
        p = self.p
        self.types = resolve_types(scenario)

        self.battlefield = Battlefield(
            n,
            p["battlefield.kursk_russian_control"],
            p["battlefield.russian_momentum"],
            p["battlefield.territory_held"],
            p["actors.us.aid_lag_weeks"],
        )
        self.truce = np.zeros(n, dtype=bool)
        self.us = UnitedStates(self)
        self.russia = Russia(self)
        self.ukraine = Ukraine(self)
        self.parties = (self.russia, self.ukraine)
        self.donors = Donors(self, [(d.name, d.week, d.lag_weeks) for d in scenario.donors])
        self.round = NegotiationRound(self)

        self.live = np.ones(n, dtype=bool)  # neither settled nor escalated
        self.settled = np.zeros(n, dtype=bool)
        self.ever_settled = np.zeros(n, dtype=bool)
        self.breakdowns = np.zeros(n, dtype=np.int64)
        self.hazard = np.zeros(n, dtype=FLOAT)  # weekly breakdown hazard of the signed package
        self.escalated = np.zeros(n, dtype=bool)
        self.ceasefire = np.zeros(n, dtype=bool)
        self.ceasefire_halt = np.zeros(n, dtype=bool)
        self.ceasefire_left = np.zeros(n, dtype=np.int64)
        self.cooloff_left = np.zeros(n, dtype=np.int64)
        self.ever_ceasefire = np.zeros(n, dtype=bool)
        self.collapses = np.zeros(n, dtype=np.int64)
        self.truce_left = np.zeros(n, dtype=np.int64)
        self.truce_cooloff = np.zeros(n, dtype=np.int64)
        self.ever_truce = np.zeros(n, dtype=bool)
        self.truce_weeks = np.zeros(n, dtype=np.int64)
        self.first_truce_week = np.full(n, -1, dtype=np.int64)
        self.first_ceasefire_week = np.full(n, -1, dtype=np.int64)
        self.settlement_week = np.full(n, -1, dtype=np.int64)
        self.agreement_end_week = np.full(n, -1, dtype=np.int64)
        self.terms = np.full((n, len(ISSUES)), np.nan, dtype=FLOAT)
        self.proposals = np.zeros(n, dtype=np.int64)
        self.aid_paused_weeks = np.zeros(n, dtype=np.int64)
        self.aid_delivered = np.zeros(n, dtype=FLOAT)
        self.first_responses: dict[str, np.ndarray] = {}
        self._events = {e.week: [] for e in scenario.timeline}
        for i, event in enumerate(scenario.timeline):
            self._events[event.week].append(i)

    def apply_timeline(self) -> list[str]:
        """Set the parameters of this week's timeline events; moving state moves with them."""
        said = []
        for index in self._events.get(self.week, []):
            for dotted in self.config.timeline[index].set:
                value = self.p[f"timeline.{index}.{dotted}"]
                self.p[dotted] = value
                self._apply_state(dotted, value)
                shown = value if not isinstance(value, np.ndarray) else "drawn per run"
                said.append(f"{dotted} = {shown}")
        if said:
            for agent in (self.us, *self.parties):
                agent.refresh()
            self.round.grid.refresh()
        return said

    def _apply_state(self, dotted: str, value: Any) -> None:
        n = self.n
        field_ = self.battlefield
        if dotted == "battlefield.kursk_russian_control":
            field_.kursk = np.where(field_.withdrawn, field_.kursk, np.broadcast_to(value, (n,)))
        elif dotted == "battlefield.russian_momentum":
            field_.momentum = np.broadcast_to(value, (n,)).astype(FLOAT)
        elif dotted == "battlefield.territory_held":
            field_.territory = np.broadcast_to(value, (n,)).astype(FLOAT)
        elif dotted == "actors.us.aid_paused":
            self.us.aid_paused = np.full(n, bool(value))
        elif dotted == "actors.us.pressure_on_russia":
            self.us.pressure = np.broadcast_to(value, (n,)).astype(FLOAT)

    def capabilities(self, override: dict | None = None, supply=None, donors=None):
        """Russia's and Ukraine's capability (aid and donors included), optionally at other values.

        ``override`` maps parameter paths (capabilities, aid share, aid pause) to the values an
        announced event will give them; ``supply`` and ``donors`` replace the US aid reaching
        the front and the donor boost (a pause that brings aid back or halts it).
        """
        p = {**self.p, **override} if override else self.p
        if supply is None:
            supply = self.battlefield.us_supply
            if override and "actors.us.aid_paused" in override:
                supply = 0.0 if override["actors.us.aid_paused"] else 1.0
        if donors is None:
            halted = self.ceasefire & self.ceasefire_halt
            donors = np.where(halted, 0.0, self.donors.boost)
        ukraine = ukraine_capability(
            p["actors.ukraine.capability"], p["actors.us.aid_share"], supply, donors
        )
        russia = np.broadcast_to(p["actors.russia.capability"], (self.n,))
        return russia, np.broadcast_to(ukraine, (self.n,))

    def ukraine_without_aid(self) -> np.ndarray:
        """Ukraine's capability with all Western aid halted (Russia's ceasefire terms)."""
        p = self.p
        base = p["actors.ukraine.capability"] * (1.0 - p["actors.us.aid_share"])
        return np.broadcast_to(base, (self.n,))

    def war_values(self, target, momentum_weeks) -> dict[str, np.ndarray]:
        """Russia's and Ukraine's utility of the end a side expects the war to reach.

        The end is the point of the contract curve its strength share and the front's movement
        earn (``values.war_position``), at the front it expects to hold.
        """
        p = self.p
        position = val.war_position(target, momentum_weeks, p["battlefield.front_value"])
        front = self.battlefield.territory + p["battlefield.territory_rate"] * momentum_weeks
        grid = self.round.grid
        curve = grid.curve
        both = offers.curve_values(
            np.ascontiguousarray(np.broadcast_to(position, (self.n,))),
            np.clip(front, 0.0, 1.0),
            curve.start,
            curve.span,
            curve.before,
            curve.inverse,
            curve.total,
            grid.ideal,
            grid.salience,
        )
        return {"russia": both[0], "ukraine": both[1]}

    def war_package_aid(self) -> np.ndarray:
        """Where the western_aid issue stands while the war goes on (US aid paused or not)."""
        p = self.p
        return np.where(
            self.us.aid_paused,
            p["status_quo.western_aid_paused"],
            p["status_quo.western_aid_flowing"],
        )

    def truce_relief(self, key: str, weeks) -> np.ndarray | float:
        """What a partial truce in force is worth to ``key`` over ``weeks`` of fighting."""
        if not self.truce.any():
            return 0.0
        p = self.p
        net = p[f"partial_truce.spared.{key}"] - p[f"partial_truce.leverage.{key}"]
        return np.where(self.truce, net * weeks, 0.0)

    def step(self) -> None:
        """One week of the mediation protocol in every world of the block."""
        rng = self.rng
        normal = rng.standard_normal((_N_NORMAL, self.n))
        uniform = rng.random((_N_UNIFORM, self.n))
        week = WeekState(week=self.week)
        week.events = self.apply_timeline()
        fighting = self.live & ~self.ceasefire

        week.belief_before = {q.key: q.belief_mean() for q in self.parties}
        week.battle = self.fight(normal, fighting)
        week.withdrew = self.ukraine.consider_withdrawal() & self.live
        week.donors_landed = list(self.donors.landed)
        self.learn_from_battle(week.battle, normal, fighting)
        week.belief_after_battle = {q.key: q.belief_mean() for q in self.parties}

        self.round.play(week, uniform[4:6])
        week.belief_after = {q.key: q.belief_mean() for q in self.parties}
        self.run_settlements(week, uniform[2])
        self.run_ceasefires(week, uniform[0])
        self.run_truces(week, uniform[3])
        self.move_levers(week)
        self.draw_escalation(week, uniform[1])
        self.mark_agreement_end()
        if self.observer is not None:
            self.observer(self, week)
        self.week += 1

    def true_target(self) -> tuple[np.ndarray, np.ndarray]:
        """The momentum target at the true resolves, and the same with Western aid halted."""
        effect = self.p["battlefield.resolve_effect"]
        russia_cap, ukraine_cap = self.capabilities()
        s_r = val.strength(russia_cap, self.russia.resolve, effect)
        target = momentum_target(s_r, val.strength(ukraine_cap, self.ukraine.resolve, effect))
        without_aid = val.strength(self.ukraine_without_aid(), self.ukraine.resolve, effect)
        return target, momentum_target(s_r, without_aid)

    def fight(self, normal: np.ndarray, fighting: np.ndarray) -> np.ndarray:
        """Battlefield update: donors deliver, the front moves; return the battle result."""
        self.donors.step()
        paused = self.live & self.ceasefire & ~self.ceasefire_halt
        halted = self.live & self.ceasefire & self.ceasefire_halt
        target, halt_target = self.true_target()
        return self.battlefield.advance(
            self.p, fighting, paused, halted, target, halt_target, normal
        )

    def learn_from_battle(self, battle, normal, fighting) -> None:
        """Each side and the US read the battle result with noise and update by Bayes."""
        p = self.p
        noise = p["battlefield.observation_noise"]
        spread = battle_spread(p) * p["battlefield.volatility"]
        variance = spread * spread + noise * noise
        russia_cap, ukraine_cap = self.capabilities()
        effect = p["battlefield.resolve_effect"]
        r_types = self.types["russia"][:, None]
        u_types = self.types["ukraine"][:, None]

        def target(r_res, u_res):
            return momentum_target(
                val.strength(russia_cap, r_res, effect), val.strength(ukraine_cap, u_res, effect)
            )

        readings = battle + noise * normal[4:7]
        self.russia.observe(readings[0], target(self.russia.resolve, u_types), variance, fighting)
        self.ukraine.observe(readings[1], target(r_types, self.ukraine.resolve), variance, fighting)
        us = self.us
        about_russia = target(r_types, us.belief_mean("ukraine"))
        about_ukraine = target(us.belief_mean("russia"), u_types)
        for key, predicted in (("russia", about_russia), ("ukraine", about_ukraine)):
            us.beliefs[key] = bel.battle_update(
                us.beliefs[key], predicted, readings[2], variance, fighting
            )

    def run_settlements(self, week: WeekState, breakdown_draw: np.ndarray) -> None:
        """Signed settlements may break down (the war resumes); new ones are signed."""
        broke = self.settled & (breakdown_draw < self.hazard)
        self.settled &= ~broke
        self.live |= broke
        self.breakdowns += broke
        week.broke_down = broke

        new = week.settled_now & self.live
        first = new & ~self.ever_settled
        self.settled |= new
        self.ever_settled |= new
        self.settlement_week = np.where(first, self.week, self.settlement_week)
        if new.any():
            self.terms = np.where(first[:, None], week.settled_terms, self.terms)
            self.hazard = np.where(new, self.round.signed_hazard, self.hazard)
        self.live &= ~new
        self.ceasefire &= ~new
        self.truce &= ~new

    def run_ceasefires(self, week: WeekState, violation_draw: np.ndarray) -> None:
        """Ceasefire lifecycle: violations, end of term (extend or lapse), new agreements."""
        p = self.p
        running = self.ceasefire & self.live
        hazard = p["ceasefire.violation_hazard"] * (1.0 - p["ceasefire.monitoring"])
        violated = running & (violation_draw < hazard)
        self.collapses += violated
        self.cooloff_left = np.where(
            violated, p["ceasefire.cooloff_weeks"], np.maximum(self.cooloff_left - 1, 0)
        )
        still = running & ~violated
        self.ceasefire_left = np.where(still, self.ceasefire_left - 1, self.ceasefire_left)
        ending = still & (self.ceasefire_left <= 0)
        margins = {
            k: np.where(self.ceasefire_halt, week.halt_margin[k], week.ceasefire_margin[k])
            for k in ("russia", "ukraine")
        }
        extend = ending & (margins["russia"] >= 0.0) & (margins["ukraine"] >= 0.0)
        lapsed = ending & ~extend
        self.ceasefire_left = np.where(extend, p["ceasefire.length_weeks"], self.ceasefire_left)
        self.ceasefire = self.ceasefire & ~violated & ~lapsed & self.live

        new = week.new_ceasefire & self.live
        self.ceasefire |= new
        self.ceasefire_halt = np.where(new, week.new_ceasefire_halt, self.ceasefire_halt)
        self.ceasefire_left = np.where(new, p["ceasefire.length_weeks"], self.ceasefire_left)
        self.first_ceasefire_week = np.where(
            new & ~self.ever_ceasefire, self.week, self.first_ceasefire_week
        )
        self.ever_ceasefire |= new
        week.violated, week.extended, week.lapsed = violated, extend, lapsed

    def run_truces(self, week: WeekState, violation_draw: np.ndarray) -> None:
        """Partial-truce lifecycle: violations, end of term (renew or lapse), new truces."""
        p = self.p
        running = self.truce & self.live
        violated = running & (violation_draw < p["partial_truce.violation_hazard"])
        self.truce_cooloff = np.where(
            violated, p["partial_truce.cooloff_weeks"], np.maximum(self.truce_cooloff - 1, 0)
        )
        still = running & ~violated
        self.truce_left = np.where(still, self.truce_left - 1, self.truce_left)
        ending = still & (self.truce_left <= 0)
        renew = (
            ending & (week.truce_margin["russia"] >= 0.0) & (week.truce_margin["ukraine"] >= 0.0)
        )
        lapsed = ending & ~renew
        length = p["partial_truce.length_weeks"]
        self.truce_left = np.where(renew, length, self.truce_left)
        self.truce = self.truce & ~violated & ~lapsed & self.live

        new = week.new_truce & self.live
        self.truce |= new
        self.truce_left = np.where(new, length, self.truce_left)
        self.first_truce_week = np.where(new & ~self.ever_truce, self.week, self.first_truce_week)
        self.ever_truce |= new
        self.truce_weeks += self.truce
        week.truce_violated, week.truce_lapsed = violated, lapsed

    def move_levers(self, week: WeekState) -> None:
        """US aid (resumed on progress), pressure on a holding-out Russia, aid shipped."""
        rule = self.p["actors.us.resume_aid_on"]
        progress = {
            "ukraine_acceptance": week.ceasefire_accept["ukraine"] | week.table_accept["ukraine"],
            "ceasefire": week.new_ceasefire,
            "settlement": week.settled_now,
            "never": np.zeros(self.n, dtype=bool),
        }[rule]
        # Russia holds out where Ukraine said yes to a US proposal and Russia said no, unless a
        # ceasefire (Russia's own version) was agreed that week all the same.
        holdout = (
            week.ceasefire_accept["ukraine"]
            & ~week.ceasefire_accept["russia"]
            & ~week.new_ceasefire
        ) | (week.table_accept["ukraine"] & ~week.table_accept["russia"] & ~week.settled_now)
        week.aid_resumed = self.us.move_levers(progress, holdout & self.live)
        running = self.live | self.settled
        self.aid_paused_weeks += self.us.aid_paused & running
        halted = self.ceasefire & self.ceasefire_halt
        self.battlefield.ship_aid(~self.us.aid_paused & ~halted)
        self.aid_delivered += self.battlefield.us_supply * running

    def draw_escalation(self, week: WeekState, draw: np.ndarray) -> None:
        """A wider regional escalation: absorbing, lower during a ceasefire, none after a deal."""
        p = self.p
        factor = np.where(self.ceasefire, p["escalation.ceasefire_factor"], 1.0)
        hazard = p["escalation.weekly_hazard"] * factor
        now = self.live & (draw < hazard)
        self.escalated |= now
        self.live &= ~now
        self.ceasefire &= ~now
        self.truce &= ~now
        week.escalated_now = now

    def mark_agreement_end(self) -> None:
        """Record the week the first agreement (ceasefire or settlement) ended: war again."""
        quiet = self.ceasefire | self.settled
        ended = (self.ever_ceasefire | self.ever_settled) & ~quiet & (self.agreement_end_week < 0)
        self.agreement_end_week = np.where(ended, self.week, self.agreement_end_week)

    def run_all(self) -> None:
        """Step to the horizon."""
        for _ in range(self.weeks):
            self.step()

    def outcome_codes(self) -> np.ndarray:
        """Index into ``OUTCOMES`` per world, first match wins."""
        return np.select(
            [self.escalated, self.settled, self.ever_settled, self.ceasefire, self.ever_ceasefire],
            [0, 1, 2, 3, 4],
            default=5,
        )

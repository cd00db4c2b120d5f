"""ConflictModel: one Mesa model that steps a block of independent worlds as numpy arrays.

Each country is one Mesa agent whose state (beliefs, aspiration, outside option) is an array
over the block's worlds. One ``step`` is one week of the mediation protocol:

battlefield → beliefs, outside options, aspirations → proposals on both tracks → answers and
counter-proposals → ceasefire lifecycle → levers (aid, pressure, donors) → escalation.

Timeline events of week ``w`` are applied at the start of week ``w``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import mesa
import numpy as np

from agents import Donors, Russia, Ukraine, UnitedStates
from simulator.engine.memory import keep_freed_memory_for_reuse
from simulator.engine.params import block_seed, draw_parameters, dynamics_rng
from simulator.rules import (
    BETA_BY_STRATEGY,
    FLOAT,
    ISSUES,
    Battlefield,
    momentum_target,
    ukraine_capability,
)
from simulator.rules import negotiation as neg
from simulator.scenario import Scenario

BLOCK_SIZE = 8192
"""Worlds per block: a constant of the engine, so run i is the same whatever --runs is."""


# Positions of the weekly random draws: the same arrays are drawn every week whatever the state.
_N_NORMAL = 6  # momentum, kursk, casualties R/U, observation R/U
_N_UNIFORM = 2  # ceasefire violation, escalation


@dataclass
class WeekState:
    """What happened in one week, per world; the recorder and ``explain`` read it."""

    week: int
    offered_ceasefire: np.ndarray
    ceasefire_margin: dict[str, np.ndarray]
    ceasefire_accept: dict[str, np.ndarray]
    halt_offered: np.ndarray
    halt_margin: dict[str, np.ndarray]
    new_ceasefire: np.ndarray
    new_ceasefire_halt: np.ndarray
    table: np.ndarray
    table_value: dict[str, np.ndarray]
    table_accept: dict[str, np.ndarray]
    counters: dict[str, np.ndarray]
    counter_value: dict[str, np.ndarray]
    counter_accept: dict[str, np.ndarray]
    settled_now: np.ndarray
    settled_terms: np.ndarray
    violated: np.ndarray
    extended: np.ndarray
    lapsed: np.ndarray
    aid_resumed: np.ndarray
    withdrew: np.ndarray
    escalated_now: np.ndarray
    events: list[str] = field(default_factory=list)
    donors_landed: list[str] = field(default_factory=list)


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

        self.battlefield = Battlefield(
            n,
            p["battlefield.kursk_russian_control"],
            p["battlefield.russian_momentum"],
            p["battlefield.territory_held"],
            p["actors.us.aid_lag_weeks"],
        )
        self.us = UnitedStates(self)
        self.russia = Russia(self)
        self.ukraine = Ukraine(self)
        self.parties = (self.russia, self.ukraine)
        self.donors = Donors(self, [(d.name, d.week, d.lag_weeks) for d in scenario.donors])
        self.us.open_table(self.parties)

        self.live = np.ones(n, dtype=bool)
        self.settled = np.zeros(n, dtype=bool)
        self.escalated = np.zeros(n, dtype=bool)
        self.ceasefire = np.zeros(n, dtype=bool)
        self.ceasefire_halt = np.zeros(n, dtype=bool)
        self.ceasefire_left = np.zeros(n, dtype=np.int64)
        self.cooloff_left = np.zeros(n, dtype=np.int64)
        self.ever_ceasefire = np.zeros(n, dtype=bool)
        self.collapses = np.zeros(n, dtype=np.int64)
        self.first_ceasefire_week = np.full(n, -1, dtype=np.int64)
        self.settlement_week = np.full(n, -1, dtype=np.int64)
        self.terms = np.full((n, len(ISSUES)), np.nan, dtype=FLOAT, order="F")
        self._no_terms = np.full(
            (n, len(ISSUES)), np.nan, dtype=FLOAT, order="F"
        )  # weeks nobody settles
        self._no_terms.flags.writeable = False
        self.proposals = np.zeros(n, dtype=np.int64)
        self.aid_paused_weeks = np.zeros(n, dtype=np.int64)
        self.aid_delivered = np.zeros(n, dtype=FLOAT)
        self.first_responses: dict[str, np.ndarray] = {}
        self._events = {e.week: [] for e in scenario.timeline}
        for i, event in enumerate(scenario.timeline):
            self._events[event.week].append(i)

    # ------------------------------------------------------------------ parameters

    def concession_beta(self, key: str) -> np.ndarray | float:
        """The concession exponent of an actor: its drawn ``rate`` or its strategy's default."""
        rate = self.p.get(f"actors.{key}.concession.rate")
        if rate is None:
            return BETA_BY_STRATEGY[self.p[f"actors.{key}.concession.strategy"]]
        return rate

    def apply_timeline(self) -> list[str]:
        """Set the parameters of this week's timeline events; moving state moves with them."""
        said = []
        for index in self._events.get(self.week, []):
            for dotted, _ in self.config.timeline[index].set.items():
                value = self.p[f"timeline.{index}.{dotted}"]
                self.p[dotted] = value
                self._apply_state(dotted, value)
                shown = value if not isinstance(value, np.ndarray) else "drawn per run"
                said.append(f"{dotted} = {shown}")
        if said:
            for agent in (self.us, *self.parties):
                agent.refresh()
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

    # ------------------------------------------------------------------ the week

    def step(self) -> None:
        """One week of the mediation protocol in every world of the block."""
        rng = self.rng
        normal = rng.standard_normal((_N_NORMAL, self.n))
        uniform = rng.random((_N_UNIFORM, self.n))
        events = self.apply_timeline()
        fighting = self.live & ~self.ceasefire

        withdrew = self.fight(normal, fighting)
        self.learn(normal, fighting)
        week = self.negotiate()
        week.withdrew = withdrew
        week.events = events
        week.donors_landed = list(self.donors.landed)
        self.run_ceasefires(week, uniform[0])
        self.move_levers(week)
        self.draw_escalation(week, uniform[1])
        if self.observer is not None:
            self.observer(self, week)
        self.week += 1

    def capabilities(self) -> tuple[np.ndarray, np.ndarray]:
        """Russia's and Ukraine's fighting capability this week (aid and donors included)."""
        p = self.p
        halted = self.ceasefire & self.ceasefire_halt
        donor = np.where(halted, 0.0, self.donors.boost)
        ukraine = ukraine_capability(
            p["actors.ukraine.capability"],
            p["actors.us.aid_share"],
            self.battlefield.us_supply,
            donor,
        )
        return np.broadcast_to(p["actors.russia.capability"], (self.n,)), ukraine

    def fight(self, normal: np.ndarray, fighting: np.ndarray) -> np.ndarray:
        """Battlefield update: donors deliver, the front moves, Ukraine may leave Kursk."""
        self.donors.step()
        paused = self.live & self.ceasefire & ~self.ceasefire_halt
        halted = self.live & self.ceasefire & self.ceasefire_halt
        self.battlefield.advance(
            self.p, fighting, paused, halted, self._halt_capabilities(halted), normal
        )
        return self.ukraine.consider_withdrawal() & self.live

    def _ukraine_without_aid(self):
        """Ukraine's capability with all Western aid halted (Russia's ceasefire terms)."""
        return self.p["actors.ukraine.capability"] * (1.0 - self.p["actors.us.aid_share"])

    def _halt_capabilities(self, halted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        russia, ukraine = self.capabilities()
        return russia, np.where(halted, self._ukraine_without_aid(), ukraine)

    def war_package(self) -> np.ndarray:
        """Where the issues stand while the war goes on: the reversion point of every BATNA."""
        p = self.p
        package = np.empty((self.n, len(ISSUES)), dtype=FLOAT, order="F")
        package[:, 0] = 1.0
        package[:, 1] = p["status_quo.neutrality"]
        package[:, 2] = self.battlefield.territory
        package[:, 3] = self.war_package_aid()
        package[:, 4] = p["status_quo.sanctions"]
        package[:, 5] = p["status_quo.security_guarantees"]
        return package

    def war_package_aid(self) -> np.ndarray:
        """Where the western_aid issue stands while the war goes on (US aid paused or not)."""
        p = self.p
        return np.where(
            self.us.aid_paused,
            p["status_quo.western_aid_paused"],
            p["status_quo.western_aid_flowing"],
        )

    def learn(self, normal: np.ndarray, fighting: np.ndarray) -> None:
        """Beliefs from the week's fighting, then outside options and aspirations."""
        war = self.war_package()
        for row, party in enumerate(self.parties):
            party.observe(normal[4 + row], fighting)
            party.update_outside_option(war)
            party.concede(self.week)

    def negotiate(self) -> WeekState:
        """Both tracks: the US proposes, Russia and Ukraine answer and may counter-propose."""
        p = self.p
        live = self.live
        russia, ukraine = self.parties
        n = self.n

        # Interim ceasefire track: the US 30-day proposal, outside a running ceasefire/cool-off.
        offered = live & ~self.ceasefire & (self.cooloff_left == 0)
        regroup = p["battlefield.regroup"]
        margin = {q.key: q.ceasefire_margin((1.0 - regroup) * q.belief) for q in self.parties}
        accept = {k: (m >= 0.0) & offered for k, m in margin.items()}
        agreed = accept["russia"] & accept["ukraine"]

        # Russia's own version: a ceasefire with Western military aid halted.
        halt_margin = self._halt_margins()
        halt_offered = (
            offered & ~accept["russia"] & (halt_margin["russia"] >= 0.0)
            if russia.offers_aid_halt_version()
            else np.zeros(n, dtype=bool)
        )
        halt_agreed = halt_offered & (halt_margin["ukraine"] >= 0.0)
        new_ceasefire = agreed | halt_agreed
        self.proposals += offered
        self.proposals += halt_offered

        # Settlement track: the US package, then the holdouts' own packages.
        table = np.copy(self.us.table, order="F")
        value, yes = {}, {}
        for q in self.parties:
            value[q.key], yes[q.key] = q.judge(table)
            yes[q.key] &= live
        settled = yes["russia"] & yes["ukraine"]
        terms = np.where(settled[:, None], table, np.nan) if settled.any() else self._no_terms
        self.proposals += live

        counters, counter_value, counter_accept, own_values = {}, {}, {}, {}
        for q, other in ((russia, ukraine), (ukraine, russia)):
            stating = live & ~settled & ~yes[q.key]
            counters[q.key] = q.counter(table)
            own_values[q.key], own_ok = q.judge(counters[q.key])
            their_value, their_ok = other.judge(counters[q.key])
            counter_value[q.key] = their_value
            counter_accept[q.key] = stating & own_ok & their_ok
            self.proposals += stating
        # When both counters are acceptable, the one with the larger Nash product of the two
        # parties' surpluses over their outside options is taken.
        nash = {
            k: (own_values[k] - q.outside) * (counter_value[k] - other.outside)
            for k, (q, other) in (("russia", (russia, ukraine)), ("ukraine", (ukraine, russia)))
        }
        take_russia = counter_accept["russia"] & (
            ~counter_accept["ukraine"] | (nash["russia"] >= nash["ukraine"])
        )
        take_ukraine = counter_accept["ukraine"] & ~take_russia
        if take_russia.any():
            terms = np.where(take_russia[:, None], counters["russia"], terms)
        if take_ukraine.any():
            terms = np.where(take_ukraine[:, None], counters["ukraine"], terms)
        settled = settled | take_russia | take_ukraine

        rejected = [live & ~settled & ~yes[q.key] for q in self.parties]
        self.us.adapt(self.parties, rejected, [counters["russia"], counters["ukraine"]])

        if self.week == 0:
            self.first_responses = {
                "ukraine_accepts": accept["ukraine"].copy(),
                "russia_accepts": accept["russia"].copy(),
            }
        return WeekState(
            week=self.week,
            offered_ceasefire=offered,
            ceasefire_margin=margin,
            ceasefire_accept=accept,
            halt_offered=halt_offered,
            halt_margin=halt_margin,
            new_ceasefire=new_ceasefire & ~settled,
            new_ceasefire_halt=halt_agreed & ~agreed & ~settled,
            table=table,
            table_value=value,
            table_accept=yes,
            counters=counters,
            counter_value=counter_value,
            counter_accept=counter_accept,
            settled_now=settled,
            settled_terms=terms,
            violated=np.zeros(n, dtype=bool),
            extended=np.zeros(n, dtype=bool),
            lapsed=np.zeros(n, dtype=bool),
            aid_resumed=np.zeros(n, dtype=bool),
            withdrew=np.zeros(n, dtype=bool),
            escalated_now=np.zeros(n, dtype=bool),
        )

    def _halt_margins(self) -> dict[str, np.ndarray]:
        """Each party's margin for Russia's version, a ceasefire with Western aid halted.

        A pause lets both sides regroup, so the edge fades by ``regroup`` as in the bare
        version, but Ukraine regroups without Western supplies: the front resumes toward the
        balance of Russia's capability against Ukraine's without aid. And the western_aid issue
        stands at 1 (all aid halted) for the pause plus the weeks aid takes to reach the front
        again, as a share of the planning outlook.
        """
        p = self.p
        regroup = p["battlefield.regroup"]
        halted_weeks = p["ceasefire.length_weeks"] + p["actors.us.aid_lag_weeks"]
        share = min(1.0, halted_weeks / p["battlefield.outlook_weeks"])
        target = momentum_target(p["actors.russia.capability"], self._ukraine_without_aid())
        aid_now = self.war_package_aid()
        j = neg.WESTERN_AID
        return {
            q.key: q.ceasefire_margin((1.0 - regroup) * q.belief + regroup * target)
            + share
            * q.salience[j]
            * (np.abs(q.ideal[:, j] - aid_now) - np.abs(q.ideal[:, j] - 1.0))
            for q in self.parties
        }

    def run_ceasefires(self, week: WeekState, violation_draw: np.ndarray) -> None:
        """Ceasefire lifecycle: violations, end of term (extend or lapse), new agreements."""
        p = self.p
        running = self.ceasefire & self.live & ~week.settled_now
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
        self.ceasefire = (self.ceasefire & ~violated & ~lapsed) & ~week.settled_now

        new = week.new_ceasefire & self.live
        self.ceasefire = self.ceasefire | new
        self.ceasefire_halt = np.where(new, week.new_ceasefire_halt, self.ceasefire_halt)
        self.ceasefire_left = np.where(new, p["ceasefire.length_weeks"], self.ceasefire_left)
        self.first_ceasefire_week = np.where(
            new & ~self.ever_ceasefire, self.week, self.first_ceasefire_week
        )
        self.ever_ceasefire |= new

        settled = week.settled_now & self.live
        self.settled |= settled
        self.settlement_week = np.where(settled, self.week, self.settlement_week)
        if settled.any():
            self.terms = np.where(settled[:, None], week.settled_terms, self.terms)
        self.live = self.live & ~settled
        week.violated, week.extended, week.lapsed = violated, extend, lapsed

    def move_levers(self, week: WeekState) -> None:
        """US aid (resumed on progress), pressure on a holding-out Russia, aid shipped."""
        rule = self.p["actors.us.resume_aid_on"]
        progress = {
            "ukraine_acceptance": (week.ceasefire_accept["ukraine"] | week.table_accept["ukraine"]),
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
        ) | (week.table_accept["ukraine"] & ~week.table_accept["russia"])
        week.aid_resumed = self.us.move_levers(progress, holdout & self.live)
        running = self.live | week.settled_now
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
        self.live = self.live & ~now
        self.ceasefire = self.ceasefire & ~now
        week.escalated_now = now

    # ------------------------------------------------------------------ results

    def run_all(self) -> None:
        """Step to the horizon."""
        for _ in range(self.weeks):
            self.step()

    def outcome_codes(self) -> np.ndarray:
        """Index into ``OUTCOMES`` per world, first match wins."""
        return np.select(
            [self.escalated, self.settled, self.ceasefire, self.ever_ceasefire],
            [0, 1, 2, 3],
            default=4,
        )

"""One week's round of proposals and answers on the three tracks, and what the answers teach.

- Interim ceasefire: the US 30-day proposal (while ``sequencing`` keeps that track open) and
  Russia's own version with Western aid halted, each weighed against fighting the same weeks.
- Partial truce: the energy-strike moratorium, accepted when the costs a side is spared
  outweigh the leverage it gives up.
- Settlement: the US picks, on the contract-curve grid, the package most likely to be accepted
  by both (tilted toward its own interests by ``bias``); a side that rejects may counter with
  its own best risk–return package; a rejection is evidence against the types that would have
  accepted (weak evidence: sides bluff).
"""

from __future__ import annotations

import numpy as np

from simulator.engine.outlook import (
    aid_term,
    announced_shift,
    fight_value_over,
    pause_value,
    project,
    target_with,
)
from simulator.engine.packages import PackageGrid
from simulator.engine.week_state import WeekState
from simulator.rules import FLOAT, offers
from simulator.rules import beliefs as bel
from simulator.rules import negotiation as neg
from simulator.rules import values as val


class NegotiationRound:
    """Plays each week's proposals and answers for a model; keeps the grid of packages."""

    def __init__(self, model):
        self.model = model
        self.grid = PackageGrid(model)
        self.signed_hazard = np.zeros(model.n, dtype=FLOAT)

    def play(self, week: WeekState, bluff_draws: np.ndarray) -> None:
        """All tracks of one week: values, proposals, answers, learning from rejections."""
        m = self.model
        p = m.p
        weeks = p["battlefield.outlook_weeks"]
        length = p["ceasefire.length_weeks"]
        shift = announced_shift(m, weeks + length)
        views = {h: project(m, h, weeks, shift) for h in ("russia", "ukraine", "us")}
        for q in m.parties:
            q.unit = q.cost_unit(weeks)
            q.gross = views[q.key].gross[q.key]
            q.fight_value = q.gross - (1.0 - q.resolve) * q.unit
        week.fight_value = {q.key: q.fight_value for q in m.parties}
        self.ceasefire_track(week, views, shift)
        self.truce_track(week)
        self.settlement_track(week, views, bluff_draws)

    def ceasefire_track(self, week: WeekState, views, shift) -> None:
        """The US 30-day ceasefire and Russia's aid-halt version, answered on their margins."""
        m = self.model
        p = m.p
        n = m.n
        weeks = p["battlefield.outlook_weeks"]
        length = p["ceasefire.length_weeks"]
        regroup = p["battlefield.regroup"]
        momentum = m.battlefield.momentum
        # A ceasefire brings paused US aid back where the US waits for one (the article).
        supply = m.battlefield.us_supply
        if p["actors.us.resume_aid_on"] == "ceasefire":
            supply = np.where(m.us.aid_paused, 1.0, supply)
        russia_cap, ukraine_cap = m.capabilities(supply=supply)
        halt_cap = m.ukraine_without_aid()
        margin, halt_margin = {}, {}
        for q in m.parties:
            fight = fight_value_over(m, q, views[q.key], shift, length + weeks)
            target_pause = target_with(m, q.key, russia_cap, ukraine_cap)
            pause = pause_value(m, q, momentum * (1.0 - regroup), target_pause, length, weeks)
            margin[q.key] = pause - fight
            # Aid halted: Ukraine regroups without Western supplies, and fights on without
            # them until aid decided after the pause reaches the front again.
            halt_target = target_with(m, q.key, m.capabilities()[0], halt_cap)
            after_halt = halt_target + (momentum - halt_target) * (1.0 - regroup)
            lag = p["actors.us.aid_lag_weeks"]
            halted = pause_value(
                m, q, after_halt, halt_target, length, weeks, views[q.key].target, lag + 1
            )
            halt_weeks = length + lag
            halt_margin[q.key] = halted - fight + aid_term(m, q, halt_weeks, length + weeks)

        open_ = m.live & ~m.ceasefire & (m.cooloff_left == 0)
        offered = open_ & m.us.offers_ceasefire()
        accept = {k: (v >= 0.0) & offered for k, v in margin.items()}
        agreed = accept["russia"] & accept["ukraine"]
        if m.russia.offers_aid_halt_version():
            halt_offered = open_ & ~agreed & ~accept["russia"] & (halt_margin["russia"] >= 0.0)
        else:
            halt_offered = np.zeros(n, dtype=bool)
        halt_agreed = halt_offered & (halt_margin["ukraine"] >= 0.0)
        m.proposals += offered
        m.proposals += halt_offered
        m.us.ceasefire_rejections += offered & ~agreed
        week.ceasefire_offered = offered
        week.ceasefire_margin = margin
        week.ceasefire_accept = accept
        week.halt_offered = halt_offered
        week.halt_margin = halt_margin
        week.new_ceasefire = agreed | halt_agreed
        week.new_ceasefire_halt = halt_agreed & ~agreed
        if m.week == 0:
            m.first_responses = {
                "ukraine_accepts": accept["ukraine"].copy(),
                "russia_accepts": accept["russia"].copy(),
            }

    def truce_track(self, week: WeekState) -> None:
        """The energy-strike moratorium: each side weighs the costs spared against leverage lost."""
        m = self.model
        p = m.p
        length = p["partial_truce.length_weeks"]
        margin = {
            q.key: np.broadcast_to(
                length
                * (p[f"partial_truce.spared.{q.key}"] - p[f"partial_truce.leverage.{q.key}"]),
                (m.n,),
            )
            for q in m.parties
        }
        if p["partial_truce.offered"]:
            offered = m.live & ~m.truce & (m.truce_cooloff == 0)
        else:
            offered = np.zeros(m.n, dtype=bool)
        accept = {k: (v >= 0.0) & offered for k, v in margin.items()}
        m.proposals += offered
        week.truce_offered = offered
        week.truce_margin = margin
        week.truce_accept = accept
        week.new_truce = accept["russia"] & accept["ukraine"]
        if m.week == 0 and p["partial_truce.offered"]:
            m.first_responses["ukraine_accepts_truce"] = accept["ukraine"].copy()
            m.first_responses["russia_accepts_truce"] = accept["russia"].copy()

    def settlement_track(self, week: WeekState, views, bluff_draws: np.ndarray) -> None:
        """The US package, the holdouts' counters, the answers and the lessons of rejections."""
        m = self.model
        p = m.p
        russia, ukraine, us = m.russia, m.ukraine, m.us
        live = m.live
        grid = self.grid
        n = m.n
        bluff = np.broadcast_to(np.asarray(p["beliefs.bluff"], dtype=FLOAT), (n,))
        bias = np.broadcast_to(np.asarray(p["actors.us.bias"], dtype=FLOAT), (n,))
        low, high, own_low, own_high = grid.lines()
        curve = grid.curve
        _, made, packages, out = offers.choose_packages(
            live,
            grid.window([views[h].position for h in ("russia", "ukraine", "us")]),
            curve.start,
            curve.span,
            curve.before,
            curve.inverse,
            curve.total,
            np.ascontiguousarray(low),
            np.ascontiguousarray(high),
            grid.ideal,
            grid.salience,
            own_low,
            own_high,
            *(
                np.broadcast_to(np.asarray(p[f"settlement.{key}"], dtype=FLOAT), (n,))
                for key in ("breakdown_hazard", "monitoring", "guarantees", "breakdown_loss")
            ),
            int(p["battlefield.outlook_weeks"]),
            np.stack([russia.fight_value, ukraine.fight_value]),
            np.stack([russia.unit, ukraine.unit]),
            np.stack(
                [
                    views["us"].gross["russia"],
                    views["us"].gross["ukraine"],
                    views["russia"].gross["ukraine"],
                    views["ukraine"].gross["russia"],
                ]
            ),
            np.stack([us.beliefs["russia"], us.beliefs["ukraine"], russia.belief, ukraine.belief]),
            m.types["russia"],
            m.types["ukraine"],
            bluff,
            bias,
            np.stack(
                [
                    views["us"].gross[q.key] - (1.0 - us.belief_mean(q.key)) * q.unit
                    for q in m.parties
                ]
            ),
            neg.PACKAGES,
        )
        deal_column = {"russia": offers.DEAL_RUSSIA, "ukraine": offers.DEAL_UKRAINE}
        util_column = {"russia": offers.UTIL_RUSSIA, "ukraine": offers.UTIL_UKRAINE}
        ok_column = {"russia": offers.OK_RUSSIA, "ukraine": offers.OK_UKRAINE}

        def within(key, chooser):
            return out[:, chooser, ok_column[key]] == 1.0

        bluffing = {q.key: bluff_draws[i] < bluff for i, q in enumerate(m.parties)}

        def bluffs(key, chooser):
            return bluffing[key] & (out[:, chooser, util_column[key]] < 1.0 - neg.VALUE_TOLERANCE)

        # The US package and the answers to it.
        table = packages[:, offers.US]
        value = {k: out[:, offers.US, c] for k, c in deal_column.items()}
        bluffed = {q.key: bluffs(q.key, offers.US) for q in m.parties}
        yes = {
            q.key: q.answer(value[q.key], within(q.key, offers.US), bluffed[q.key]) & live
            for q in m.parties
        }
        settled = yes["russia"] & yes["ukraine"]
        terms = np.where(settled[:, None], table, np.nan)
        hazard = out[:, offers.US, offers.HAZARD]
        m.proposals += live
        us.settlement_rejections += live & ~settled

        # Each side that said no states its own package (risk–return against its belief).
        counters, stated, their_value, their_yes, own_value = {}, {}, {}, {}, {}
        for column, (q, other) in (
            (offers.RUSSIA, (russia, ukraine)),
            (offers.UKRAINE, (ukraine, russia)),
        ):
            stating = live & ~settled & ~yes[q.key]
            stated[q.key] = stating & made[:, column - 1]
            counters[q.key] = packages[:, column]
            own_value[q.key] = out[:, column, deal_column[q.key]]
            their_value[q.key] = out[:, column, deal_column[other.key]]
            their_yes[q.key] = stated[q.key] & other.answer(
                their_value[q.key], within(other.key, column), bluffs(other.key, column)
            )
            m.proposals += stated[q.key]
        nash = {
            q.key: (own_value[q.key] - q.fight_value) * (their_value[q.key] - other.fight_value)
            for q, other in ((russia, ukraine), (ukraine, russia))
        }
        take_russia = their_yes["russia"] & (
            ~their_yes["ukraine"] | (nash["russia"] >= nash["ukraine"])
        )
        take_ukraine = their_yes["ukraine"] & ~take_russia
        for key, column, take in (
            ("russia", offers.RUSSIA, take_russia),
            ("ukraine", offers.UKRAINE, take_ukraine),
        ):
            if take.any():
                terms = np.where(take[:, None], counters[key], terms)
                hazard = np.where(take, out[:, column, offers.HAZARD], hazard)
        settled = settled | take_russia | take_ukraine
        self.signed_hazard = hazard

        # What the rejections teach: the other side and the US learn about the side that said
        # no to the US package; a side whose own package was refused learns too.
        counter_column = {"russia": offers.RUSSIA, "ukraine": offers.UKRAINE}
        for q, other in ((russia, ukraine), (ukraine, russia)):
            said_no = live & ~yes[other.key]
            inside = within(other.key, offers.US)
            q.learn_from_rejection(
                self._threshold(views[q.key], other, value[other.key], inside), bluff, said_no
            )
            reckoned = self._threshold(views["us"], other, value[other.key], inside)
            us.beliefs[other.key] = bel.rejection_update(
                us.beliefs[other.key], m.types[other.key][:, None] <= reckoned, bluff, said_no
            )
            refused = stated[q.key] & ~their_yes[q.key]
            inside = within(other.key, counter_column[q.key])
            q.learn_from_rejection(
                self._threshold(views[q.key], other, their_value[q.key], inside), bluff, refused
            )

        week.table = table
        week.table_value = value
        week.table_accept = yes
        week.counters = counters
        week.counter_made = stated
        week.counter_value = their_value
        week.counter_accept = their_yes
        week.bluffed = bluffed
        week.settled_now = settled
        week.settled_terms = terms

    def _threshold(self, view, side, deal_value, within) -> np.ndarray:
        """Highest resolve of ``side`` that accepts a package, as a holder with ``view`` reckons.

        A package outside the side's red lines is refused by every type (threshold -inf), so
        its rejection teaches nothing.
        """
        threshold = val.acceptance_threshold(view.gross[side.key], deal_value, side.unit)
        return np.where(within, threshold, -np.inf)

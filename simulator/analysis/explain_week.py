"""One world's week as records: the battlefield, each proposal, each answer and its numbers.

Every week becomes a list of *records* (plain dicts of numbers and keys): the battlefield, each
proposal and who made it, each party's decision with the numbers it rests on, levers,
violations, events. A record holds no text: ``simulator.report.explain_narration`` words it. The
few numbers only the wording uses (a ceasefire's length, a party's weekly cost...) sit under the
record's ``context`` key, which the told record leaves out.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from simulator.engine import ConflictModel, WeekState
from simulator.rules import ISSUES
from simulator.rules import negotiation as neg

OWN_EDGE = "edge is its own"
"""A ceasefire answer's ``why`` when the party believes momentum is on its side."""
OTHERS_EDGE = "edge is the other's"
"""A ceasefire answer's ``why`` when the party believes momentum is on the other side."""


def _at(value: Any, world: int) -> float:
    """A parameter or state value of one world (parameters may be scalars or per-world)."""
    return float(value) if np.ndim(value) == 0 else float(np.asarray(value)[world])


class _Week:
    """Builds the records of one world's week from the model and its ``WeekState``."""

    def __init__(self, model: ConflictModel, ws: WeekState, world: int):
        self.m = model
        self.ws = ws
        self.w = world
        self.p = model.p
        self.records: list[dict] = []

    def p_at(self, key: str) -> float:
        return _at(self.p[key], self.w)

    def add(self, kind: str, **data) -> dict:
        record = {"week": self.ws.week, "kind": kind, **data}
        self.records.append(record)
        return record

    def battlefield(self) -> None:
        f = self.m.battlefield
        w = self.w
        cas = f.casualties[:, w]
        self.add(
            "battlefield",
            kursk_control=float(f.kursk[w]),
            territory_change=100.0 * float(f.territory[w] - f.territory_start[w]),
            momentum=float(f.momentum[w]),
            casualties={"russia": float(cas[0]), "ukraine": float(cas[1])},
            us_aid_paused=bool(self.m.us.aid_paused[w]),
            us_supply=float(f.us_supply[w]),
            belief={q.key: float(q.belief[w]) for q in self.m.parties},
            context={"aid_halted": bool(self.m.ceasefire[w] and self.m.ceasefire_halt[w])},
        )

    def happenings(self) -> None:
        ws, w = self.ws, self.w
        for said in ws.events:
            self.add("event", set=said)
        for name in ws.donors_landed:
            index = next(i for i, d in enumerate(self.m.config.donors) if d.name == name)
            amount = self.p_at(f"donors.{index}.amount_gbp_m")
            self.add("donor", donor=name, amount_gbp_m=amount)
        if ws.withdrew[w]:
            self.add("withdrawal", threshold=self.p_at("actors.ukraine.kursk_withdrawal_at"))

    def ceasefire_values(self, party, halt: bool) -> tuple[float, float, float]:
        """(value of the pause, value of fighting the same weeks, margin) for one party.

        The margin is the engine's own (WeekState); fighting is valued by the same rule
        (``fight_value``), and the pause is margin + fighting, so the two printed numbers
        always give the engine's margin and its answer.
        """
        w = self.w
        margin = float((self.ws.halt_margin if halt else self.ws.ceasefire_margin)[party.key][w])
        return margin + fight_value(self.m, party, w), fight_value(self.m, party, w), margin

    def ceasefire_decision(self, party, halt: bool, proposer: str, accepted: bool) -> dict:
        pause, fight, margin = self.ceasefire_values(party, halt)
        belief = float(party.belief[self.w])
        length = int(self.p_at("ceasefire.length_weeks"))
        return self.add(
            "decision",
            party=party.key,
            proposer=proposer,
            track="ceasefire_aid_halt" if halt else "ceasefire",
            accepted=accepted,
            rule="accept when the value of the pause >= the value of fighting the same weeks",
            pause_value=pause,
            fight_value=fight,
            margin=margin,
            belief=belief,
            why=OWN_EDGE if party.sign * belief > 0 else OTHERS_EDGE,
            context={
                "length_weeks": length,
                "kursk_gain": _at(party.kursk_gain(self.p["ceasefire.length_weeks"]), self.w),
                "cost": _at(party.cost, self.w),
            },
        )

    def ceasefire_track(self) -> None:
        ws, w, m = self.ws, self.w, self.m
        length = int(self.p_at("ceasefire.length_weeks"))
        if not ws.offered_ceasefire[w]:
            running = bool(m.ceasefire[w] and not ws.new_ceasefire[w]) or bool(
                ws.violated[w] | ws.extended[w] | ws.lapsed[w]
            )
            if running:
                left = int(m.ceasefire_left[w])
                self.add(
                    "ceasefire_status",
                    aid_halt=bool(m.ceasefire_halt[w]),
                    weeks_left=left,
                    context={"in_term": bool(m.ceasefire[w] and left > 0 and not ws.extended[w])},
                )
            else:
                self.add("cooloff", weeks_left=int(m.cooloff_left[w]) + 1)
            return
        self.add("proposal", proposer="us", track="ceasefire", length_weeks=length)
        for party in (m.ukraine, m.russia):
            self.ceasefire_decision(party, False, "us", bool(ws.ceasefire_accept[party.key][w]))
        russia_said_no = not ws.ceasefire_accept["russia"][w]
        if russia_said_no and m.russia.offers_aid_halt_version():
            offered = bool(ws.halt_offered[w])
            self.ceasefire_decision(m.russia, True, "russia", offered)
            if offered:
                yes = bool(ws.halt_margin["ukraine"][w] >= 0.0)
                self.ceasefire_decision(m.ukraine, True, "russia", yes)
        if ws.new_ceasefire[w]:
            self.add(
                "ceasefire_start", aid_halt=bool(ws.new_ceasefire_halt[w]), length_weeks=length
            )

    def settlement_decision(self, party, package: np.ndarray, proposer: str, accepted: bool):
        w = self.w
        value = float(party.value(package[None, :])[0])
        demand = float(party.aspiration[w])
        outside = float(party.outside[w])
        within = bool(
            neg.within_red_lines(package[None, :], party.low[w : w + 1], party.high[w : w + 1])[0]
        )
        red = None if within else self.crossed_red_line(party, package)
        if accepted:
            why = "meets its aspiration"
        elif red is not None:
            why = f"red line on {red['issue']}"
        elif value < demand:
            why = "below its aspiration"
        else:
            why = "below fighting on"
        return self.add(
            "decision",
            party=party.key,
            proposer=proposer,
            track="settlement" if proposer == "us" else "counter",
            accepted=accepted,
            rule="accept when value >= aspiration and value >= outside option, within red lines",
            value=value,
            aspiration=demand,
            outside=outside,
            within_red_lines=within,
            red_line=red,
            why=why,
            package=dict(zip(ISSUES, map(float, package), strict=True)),
        )

    def crossed_red_line(self, party, package: np.ndarray) -> dict:
        """The first of the party's red lines the package crosses, and by how much."""
        w = self.w
        for j, issue in enumerate(ISSUES):
            low, high = float(party.low[w, j]), float(party.high[w, j])
            if package[j] < low - neg.RED_LINE_TOLERANCE:
                return {
                    "issue": issue,
                    "bound": "at least",
                    "limit": low,
                    "value": float(package[j]),
                }
            if package[j] > high + neg.RED_LINE_TOLERANCE:
                return {
                    "issue": issue,
                    "bound": "at most",
                    "limit": high,
                    "value": float(package[j]),
                }
        raise AssertionError("package is within red lines")  # pragma: no cover

    def settlement_track(self) -> None:
        ws, w, m = self.ws, self.w, self.m
        table = np.asarray(ws.table[w], dtype=float)
        self.add(
            "proposal",
            proposer="us",
            track="settlement",
            package=dict(zip(ISSUES, map(float, table), strict=True)),
        )
        yes = {}
        for party in (m.ukraine, m.russia):
            yes[party.key] = bool(ws.table_accept[party.key][w])
            self.settlement_decision(party, table, "us", yes[party.key])
        by_table = yes["russia"] and yes["ukraine"]
        if not by_table:
            every = (m.n, len(ISSUES))
            for party in (m.russia, m.ukraine):
                if yes[party.key]:
                    continue
                counter = np.asarray(ws.counters[party.key][w], dtype=float)
                other = m.ukraine if party.key == "russia" else m.russia
                _, their_ok = other.judge(np.broadcast_to(counter, every))
                self.settlement_decision(other, counter, party.key, bool(their_ok[w]))
                _, own_ok = party.judge(np.broadcast_to(counter, every))
                if their_ok[w] and not own_ok[w]:
                    self.settlement_decision(party, counter, party.key, False)
        if ws.settled_now[w]:
            terms = np.asarray(ws.settled_terms[w], dtype=float)
            if by_table:
                whose = "the US package"
            elif ws.counter_accept["russia"][w] and np.allclose(terms, ws.counters["russia"][w]):
                whose = "Russia's package"
            else:
                whose = "Ukraine's package"
            self.add(
                "settlement",
                terms=dict(zip(ISSUES, map(float, terms), strict=True)),
                package_of=whose,
            )

    def lifecycle(self) -> None:
        ws, w, m = self.ws, self.w, self.m
        if ws.violated[w]:
            self.add("violation", cooloff_weeks=int(self.p_at("ceasefire.cooloff_weeks")))
        if ws.extended[w] or ws.lapsed[w]:
            halt = bool(m.ceasefire_halt[w])
            margins = ws.halt_margin if halt else ws.ceasefire_margin
            values = {}
            for party in (m.russia, m.ukraine):
                pause, fight, _ = self.ceasefire_values(party, halt)
                values[party.key] = {"pause": pause, "fight": fight}
            context: dict[str, Any] = {"values": values}
            if ws.extended[w]:
                context["length_weeks"] = int(self.p_at("ceasefire.length_weeks"))
            self.add(
                "extension" if ws.extended[w] else "lapse",
                margins={k: float(v[w]) for k, v in margins.items()},
                context=context,
            )

    def levers(self) -> None:
        ws, w, m = self.ws, self.w, self.m
        if ws.aid_resumed[w]:
            self.add(
                "aid",
                resumed=True,
                lag_weeks=int(self.p_at("actors.us.aid_lag_weeks")),
                context={"rule": self.p["actors.us.resume_aid_on"]},
            )
        live = bool(m.live[w] or ws.settled_now[w] or ws.escalated_now[w])
        # Mirrors ConflictModel.move_levers: pressure grows where Russia is the holdout.
        holdout = (ws.ceasefire_accept["ukraine"][w] and not ws.ceasefire_accept["russia"][w]) or (
            ws.table_accept["ukraine"][w] and not ws.table_accept["russia"][w]
        )
        pressure = float(m.us.pressure[w])
        if holdout and live and self.p_at("actors.us.pressure_growth") > 0:
            self.add("pressure", pressure=pressure)
        if ws.escalated_now[w]:
            self.add("escalation")

    def build(self) -> list[dict]:
        self.battlefield()
        self.happenings()
        self.ceasefire_track()
        self.settlement_track()
        self.lifecycle()
        self.levers()
        return self.records


def fight_value(model: ConflictModel, party, world: int) -> float:
    """Value to a party of fighting the ceasefire's weeks instead of pausing.

    Read from the engine's own rule: ``ceasefire_margin(momentum_after)`` is the pause's value
    minus fighting's, and the pause is worth nothing when it leaves momentum where the party
    believes it is, so fighting is minus the margin at ``momentum_after = belief`` (front gain
    − weekly cost, plus Kursk ground for Russia). Call it after the week's talks.
    """
    return -float(party.ceasefire_margin(party.belief)[world])


def week_records(model: ConflictModel, week_state: WeekState, world: int) -> list[dict]:
    """Records of one world's week (empty once that world's run has ended)."""
    w = world
    ended_before = not (model.live[w] or week_state.settled_now[w] or week_state.escalated_now[w])
    if ended_before:
        return []
    return _Week(model, week_state, world).build()

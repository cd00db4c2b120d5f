"""One world's week as records: the front, what each side learnt, each proposal and answer.

Every week becomes a list of *records* (plain dicts of numbers and keys): the battlefield, each
proposal on the three tracks (the interim ceasefire, the partial truce, the settlement) and who
made it, each party's decision with the numbers its rule compares, what the week taught each
side about the other's resolve, lifecycles, levers and events. A record holds no text:
``simulator.report.explain_narration`` words it. The few numbers only the wording uses sit
under the record's ``context`` key, which the told record leaves out.

The model's observer is called after the week, so what the world looked like when the week's
talks began (a ceasefire or truce in force, a cool-off, a settlement holding) is a
``WorldBefore``: taken from the end of the previous week by whoever follows the world
(``world_before``), or inferred from the week itself (``inferred_before``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from simulator.engine import ConflictModel, WeekState
from simulator.rules import ISSUES
from simulator.rules import negotiation as neg

OWN_EDGE = "edge is its own"
"""A ceasefire answer's ``why`` when the momentum of the front is on the party's side."""
OTHERS_EDGE = "edge is the other's"
"""A ceasefire answer's ``why`` when the momentum of the front is on the other side."""

SETTLEMENT_RULE = (
    "accept when the package's value net of its breakdown risk >= the value of fighting on, "
    "it crosses none of the party's red lines, and the party does not bluff"
)
CEASEFIRE_RULE = "accept when the value of the pause >= the value of fighting the same weeks"
TRUCE_RULE = "accept when the strikes a side is spared outweigh the leverage it gives up"

FRONT_LINE = "never give back ground it holds"
"""What Russia's ``territory: {min: front}`` red line means."""


def _at(value: Any, world: int) -> float:
    """A parameter or state value of one world (parameters may be scalars or per-world)."""
    return float(value) if np.ndim(value) == 0 else float(np.asarray(value)[world])


def _package(values) -> dict[str, float]:
    return dict(zip(ISSUES, map(float, values), strict=True))


@dataclass(frozen=True)
class WorldBefore:
    """The followed world at the start of a week, before its talks (the model's start: default)."""

    live: bool = True
    ceasefire: bool = False
    cooloff: int = 0
    truce: bool = False
    truce_cooloff: int = 0
    settled: bool = False


def world_before(model: ConflictModel, world: int) -> WorldBefore:
    """The world's state at the end of this week, which is where next week's talks start."""
    w = world
    return WorldBefore(
        live=bool(model.live[w]),
        ceasefire=bool(model.ceasefire[w]),
        cooloff=int(model.cooloff_left[w]),
        truce=bool(model.truce[w]),
        truce_cooloff=int(model.truce_cooloff[w]),
        settled=bool(model.settled[w]),
    )


def inferred_before(model: ConflictModel, ws: WeekState, world: int) -> WorldBefore:
    """The start of this week as the week itself shows it, for a caller with no earlier week.

    Exact except in two rare weeks: a ceasefire or truce that a settlement or an escalation
    ended this very week reads as not in force, and the last week of a cool-off reads as open.
    """
    w, m = world, model
    broke = bool(ws.broke_down[w])
    live = (bool(m.live[w] or ws.escalated_now[w]) and not broke) or bool(ws.settled_now[w])
    ceasefire = bool((m.ceasefire[w] and not ws.new_ceasefire[w]) or ws.violated[w] or ws.lapsed[w])
    cooloff = 0
    if not ceasefire and m.cooloff_left[w] > 0:
        cooloff = int(m.cooloff_left[w]) + 1
    truce = bool((m.truce[w] and not ws.new_truce[w]) or ws.truce_violated[w] or ws.truce_lapsed[w])
    truce_cooloff = int(m.truce_cooloff[w]) + 1 if not truce and m.truce_cooloff[w] > 0 else 0
    settled = bool((m.settled[w] and not ws.settled_now[w]) or broke)
    return WorldBefore(live, ceasefire, cooloff, truce, truce_cooloff, settled)


class _Week:
    """Builds the records of one world's week from the model, its ``WeekState`` and its start."""

    def __init__(self, model: ConflictModel, ws: WeekState, world: int, before: WorldBefore):
        self.m = model
        self.ws = ws
        self.w = world
        self.p = model.p
        self.before = before
        self.records: list[dict] = []

    def p_at(self, key: str) -> float:
        return _at(self.p[key], self.w)

    def add(self, kind: str, **data) -> dict:
        record = {"week": self.ws.week, "kind": kind, **data}
        self.records.append(record)
        return record

    # ------------------------------------------------------------------ the front and events

    def fought(self) -> bool:
        """Whether there was fighting this week (no ceasefire, no settlement in force)."""
        return self.before.live and not self.before.ceasefire

    def battlefield(self) -> None:
        f, m, w = self.m.battlefield, self.m, self.w
        cas = f.casualties[:, w]
        self.add(
            "battlefield",
            battle=float(self.ws.battle[w]) if self.fought() else None,
            momentum=float(f.momentum[w]),
            kursk_control=float(f.kursk[w]),
            territory=float(f.territory[w]),
            territory_change=100.0 * float(f.territory[w] - f.territory_start[w]),
            casualties={"russia": float(cas[0]), "ukraine": float(cas[1])},
            us_aid_paused=bool(m.us.aid_paused[w]),
            us_supply=float(f.us_supply[w]),
            context={"aid_halted": bool(m.ceasefire[w] and m.ceasefire_halt[w])},
        )

    def happenings(self) -> None:
        ws, w = self.ws, self.w
        for said in ws.events:
            dotted = said.partition(" = ")[0]
            value = self.p.get(dotted)
            drawn = np.ndim(value) > 0  # drawn per run: this run's value
            if drawn:
                value = np.asarray(value)[self.w]
            value = value.item() if isinstance(value, np.generic) else value
            self.add("event", set=said, parameter=dotted, value=value, drawn=drawn)
        for name in ws.donors_landed:
            index = next(i for i, d in enumerate(self.m.config.donors) if d.name == name)
            amount = self.p_at(f"donors.{index}.amount_gbp_m")
            self.add(
                "donor", donor=name, amount_gbp_m=amount, context={"settled": self.before.settled}
            )
        if ws.withdrew is not None and ws.withdrew[w]:
            self.add("withdrawal", threshold=self.p_at("actors.ukraine.kursk_withdrawal_at"))

    # ------------------------------------------------------------------ interim ceasefire

    def aid_was_paused(self) -> bool:
        """Whether US aid was paused when the week's talks took place (before the levers)."""
        return bool(self.m.us.aid_paused[self.w] or self.ws.aid_resumed[self.w])

    def ceasefire_decision(self, party, halt: bool, proposer: str, accepted: bool) -> dict:
        """A party's answer on the ceasefire track: its margin, pause minus fighting."""
        w, ws = self.w, self.ws
        margin = float((ws.halt_margin if halt else ws.ceasefire_margin)[party.key][w])
        momentum = float(self.m.battlefield.momentum[w])
        aid_back = self.p["actors.us.resume_aid_on"] == "ceasefire" and self.aid_was_paused()
        return self.add(
            "decision",
            party=party.key,
            proposer=proposer,
            track="ceasefire_aid_halt" if halt else "ceasefire",
            accepted=accepted,
            rule=CEASEFIRE_RULE,
            margin=margin,
            momentum=momentum,
            why=OWN_EDGE if party.sign * momentum > 0 else OTHERS_EDGE,
            context={
                "length_weeks": int(self.p_at("ceasefire.length_weeks")),
                "regroup": self.p_at("battlefield.regroup"),
                "aid_back": bool(aid_back and not halt),
            },
        )

    def ceasefire_track(self) -> None:
        ws, w, m, before = self.ws, self.w, self.m, self.before
        length = int(self.p_at("ceasefire.length_weeks"))
        if before.ceasefire:
            if ws.violated[w] or ws.lapsed[w]:
                return  # told by the lifecycle
            left = int(m.ceasefire_left[w])
            self.add(
                "ceasefire_status",
                aid_halt=bool(m.ceasefire_halt[w]),
                weeks_left=left,
                context={"in_term": bool(m.ceasefire[w] and left > 0 and not ws.extended[w])},
            )
            return
        if before.cooloff > 0:
            self.add("cooloff", weeks_left=before.cooloff)
            return
        if ws.ceasefire_offered[w]:
            self.add("proposal", proposer="us", track="ceasefire", length_weeks=length)
            for party in (m.ukraine, m.russia):
                accepted = bool(ws.ceasefire_accept[party.key][w])
                self.ceasefire_decision(party, False, "us", accepted)
        else:
            self.add(
                "sequencing",
                sequencing=self.p["actors.us.sequencing"],
                switch_after=int(self.p_at("actors.us.switch_after")),
            )
        # Russia states its own version where it said no to the US (or was not asked).
        if m.russia.offers_aid_halt_version() and not ws.ceasefire_accept["russia"][w]:
            offered = bool(ws.halt_offered[w])
            self.ceasefire_decision(m.russia, True, "russia", offered)
            if offered:
                self.ceasefire_decision(m.ukraine, True, "russia", bool(ws.new_ceasefire_halt[w]))
        if ws.new_ceasefire[w] and not ws.settled_now[w]:
            self.add(
                "ceasefire_start",
                aid_halt=bool(ws.new_ceasefire_halt[w]),
                length_weeks=length,
                context={"last_week": m.weeks - 1},
            )

    def lifecycle(self) -> None:
        ws, w, m = self.ws, self.w, self.m
        if ws.violated[w]:
            self.add("violation", cooloff_weeks=int(self.p_at("ceasefire.cooloff_weeks")))
        if ws.extended[w] or ws.lapsed[w]:
            halt = bool(m.ceasefire_halt[w])
            margins = ws.halt_margin if halt else ws.ceasefire_margin
            context: dict[str, Any] = {"aid_halt": halt}
            if ws.extended[w]:
                context["length_weeks"] = int(self.p_at("ceasefire.length_weeks"))
            self.add(
                "extension" if ws.extended[w] else "lapse",
                margins={k: float(v[w]) for k, v in margins.items()},
                context=context,
            )

    # ------------------------------------------------------------------ partial truce

    def truce_decision(self, party, accepted: bool) -> dict:
        """A party's answer to the energy-strike moratorium: costs spared against leverage lost."""
        k = party.key
        return self.add(
            "decision",
            party=k,
            proposer="us",
            track="truce",
            accepted=accepted,
            rule=TRUCE_RULE,
            margin=float(self.ws.truce_margin[k][self.w]),
            spared=self.p_at(f"partial_truce.spared.{k}"),
            leverage=self.p_at(f"partial_truce.leverage.{k}"),
            why="spared more than it gives up" if accepted else "gives up more than it is spared",
            context={"length_weeks": int(self.p_at("partial_truce.length_weeks"))},
        )

    def truce_track(self) -> None:
        ws, w, m, before = self.ws, self.w, self.m, self.before
        length = int(self.p_at("partial_truce.length_weeks"))
        margins = {k: float(v[w]) for k, v in ws.truce_margin.items()}
        if before.truce:
            if ws.truce_violated[w]:
                cooloff = int(self.p_at("partial_truce.cooloff_weeks"))
                self.add("truce_violation", cooloff_weeks=cooloff)
            elif ws.truce_lapsed[w]:
                self.add("truce_lapse", margins=margins)
            elif m.truce[w] and int(m.truce_left[w]) == length:
                self.add("truce_renewal", margins=margins, length_weeks=length)
            elif m.truce[w]:
                self.add("truce_status", weeks_left=int(m.truce_left[w]))
            return
        if ws.truce_offered[w]:
            self.add("proposal", proposer="us", track="truce", length_weeks=length)
            for party in (m.ukraine, m.russia):
                self.truce_decision(party, bool(ws.truce_accept[party.key][w]))
            if ws.new_truce[w] and not ws.settled_now[w]:
                self.add("truce_start", length_weeks=length, context={"last_week": m.weeks - 1})
        elif self.p["partial_truce.offered"] and before.truce_cooloff > 0:
            self.add("truce_cooloff", weeks_left=before.truce_cooloff)

    # ------------------------------------------------------------------ settlement

    def crossed_red_line(self, party, package: np.ndarray) -> dict | None:
        """The first of the party's red lines the package crosses (None when it crosses none)."""
        w = self.w
        low = party.current_low()
        for j in party.lined:
            lo, hi = float(low[w, j]), float(party.high[w, j])
            value = float(package[j])
            if value < lo - neg.RED_LINE_TOLERANCE:
                front = (
                    j == neg.TERRITORY
                    and party.front_floor
                    and float(self.m.battlefield.territory[w]) >= float(party.low[w, j])
                )
                return {
                    "issue": ISSUES[j],
                    "bound": "at least",
                    "limit": lo,
                    "value": value,
                    "line": "min: front" if front else f"min: {lo:g}",
                    "meaning": FRONT_LINE if front else None,
                }
            if value > hi + neg.RED_LINE_TOLERANCE:
                return {
                    "issue": ISSUES[j],
                    "bound": "at most",
                    "limit": hi,
                    "value": value,
                    "line": f"max: {hi:g}",
                    "meaning": None,
                }
        return None

    def settlement_decision(
        self, party, package: np.ndarray, proposer: str, value: float, accepted: bool
    ) -> dict:
        """A party's answer to a settlement package: its value net of breakdown risk vs fighting."""
        fight = float(self.ws.fight_value[party.key][self.w])
        red = self.crossed_red_line(party, package)
        worth_it = value + neg.VALUE_TOLERANCE >= fight
        if accepted:
            why = "worth more than fighting on"
        elif red is not None:
            why = "crosses a red line"
        elif not worth_it:
            why = "fighting on is worth more"
        else:  # worth signing, within its red lines, and still a no: the party bluffs
            why = "bluff"
        return self.add(
            "decision",
            party=party.key,
            proposer=proposer,
            track="settlement" if proposer == "us" else "counter",
            accepted=accepted,
            rule=SETTLEMENT_RULE,
            value=value,
            fight_value=fight,
            margin=value - fight,
            within_red_lines=red is None,
            red_line=red,
            bluffed=why == "bluff",
            why=why,
            package=_package(package),
        )

    def settlement_track(self) -> None:
        ws, w, m = self.ws, self.w, self.m
        table = np.asarray(ws.table[w], dtype=float)
        self.add(
            "proposal",
            proposer="us",
            track="settlement",
            package=_package(table),
            context={"bias": self.p_at("actors.us.bias")},
        )
        yes = {}
        for party in (m.ukraine, m.russia):
            yes[party.key] = bool(ws.table_accept[party.key][w])
            value = float(ws.table_value[party.key][w])
            self.settlement_decision(party, table, "us", value, yes[party.key])
        by_table = yes["russia"] and yes["ukraine"]
        if not by_table:
            for party, other in ((m.russia, m.ukraine), (m.ukraine, m.russia)):
                if yes[party.key]:
                    continue
                if not ws.counter_made[party.key][w]:
                    self.add("no_counter", party=party.key)
                    continue
                counter = np.asarray(ws.counters[party.key][w], dtype=float)
                self.add("proposal", proposer=party.key, track="counter", package=_package(counter))
                value = float(ws.counter_value[party.key][w])
                accepted = bool(ws.counter_accept[party.key][w])
                self.settlement_decision(other, counter, party.key, value, accepted)
        if ws.settled_now[w]:
            terms = np.asarray(ws.settled_terms[w], dtype=float)
            if by_table:
                whose = "us"
            elif ws.counter_accept["russia"][w] and np.array_equal(terms, ws.counters["russia"][w]):
                whose = "russia"
            else:
                whose = "ukraine"
            both = bool(ws.counter_accept["russia"][w] and ws.counter_accept["ukraine"][w])
            self.add(
                "settlement",
                terms=_package(terms),
                package_of=whose,
                weekly_breakdown_risk=float(m.hazard[w]),
                context={"both_counters": both and not by_table},
            )

    # ------------------------------------------------------------------ beliefs

    def beliefs(self) -> None:
        """What the week taught each side about the other's resolve: the battle, the rejections."""
        ws, w, m = self.ws, self.w, self.m
        fought = self.fought()
        for party, other in ((m.russia, m.ukraine), (m.ukraine, m.russia)):
            k = party.key
            before = float(ws.belief_before[k][w])
            after_battle = float(ws.belief_after_battle[k][w])
            after = float(ws.belief_after[k][w])
            rejections = []
            if not ws.table_accept[other.key][w]:
                rejections.append("us_package")
            if ws.counter_made[k][w] and not ws.counter_accept[k][w]:
                rejections.append("own_package")
            self.add(
                "belief",
                party=k,
                about=other.key,
                before=before,
                after_battle=after_battle,
                after=after,
                battle_shift=after_battle - before,
                rejection_shift=after - after_battle,
                truth=float(other.resolve[w]),
                battle=float(ws.battle[w]) if fought else None,
                rejections=rejections,
            )

    # ------------------------------------------------------------------ levers

    def levers(self) -> None:
        ws, w, m = self.ws, self.w, self.m
        if ws.aid_resumed[w]:
            self.add(
                "aid",
                resumed=True,
                lag_weeks=int(self.p_at("actors.us.aid_lag_weeks")),
                context={
                    "rule": self.p["actors.us.resume_aid_on"],
                    "settled": bool(ws.settled_now[w]),
                },
            )
        # Mirrors ConflictModel.move_levers: pressure grows where Russia is the holdout. It is
        # not told once the war has ended this week (a settlement or escalation): it is moot.
        accept, table = ws.ceasefire_accept, ws.table_accept
        held_out_on = []
        if accept["ukraine"][w] and not accept["russia"][w] and not ws.new_ceasefire[w]:
            held_out_on.append("ceasefire")
        if table["ukraine"][w] and not table["russia"][w] and not ws.settled_now[w]:
            held_out_on.append("settlement")
        ended = bool(ws.settled_now[w] or ws.escalated_now[w])
        if held_out_on and m.live[w] and not ended and self.p_at("actors.us.pressure_growth") > 0:
            self.add("pressure", pressure=float(m.us.pressure[w]), held_out_on=held_out_on)
        if ws.escalated_now[w]:
            self.add("escalation")

    # ------------------------------------------------------------------ the week

    def settled_week(self) -> list[dict]:
        """A week that began under a signed settlement: it holds, or it breaks down."""
        self.happenings()
        if self.ws.broke_down[self.w]:
            self.battlefield()
            self.add("breakdown", breakdowns=int(self.m.breakdowns[self.w]))
        else:
            self.add("settlement_status", weekly_breakdown_risk=float(self.m.hazard[self.w]))
        return self.records

    def build(self) -> list[dict]:
        if self.before.settled:
            return self.settled_week()
        self.battlefield()
        self.happenings()
        self.ceasefire_track()
        self.truce_track()
        self.settlement_track()
        self.beliefs()
        self.lifecycle()
        self.levers()
        return self.records


def week_records(
    model: ConflictModel, week_state: WeekState, world: int, before: WorldBefore | None = None
) -> list[dict]:
    """Records of one world's week (empty once that world's run has ended in escalation).

    ``before`` is the world at the start of the week (``world_before`` of the previous week's
    end); without it, it is inferred from the week (``inferred_before``).
    """
    if before is None:
        before = inferred_before(model, week_state, world)
    if not (before.live or before.settled):
        return []
    return _Week(model, week_state, world, before).build()

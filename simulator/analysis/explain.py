"""Explain one run week by week: replay its block, follow its world, tell the story in words.

Run ``i`` of a Monte Carlo run lives in block ``i // BLOCK_SIZE`` at world ``i % BLOCK_SIZE``;
replaying that whole block with the same scenario and seed reproduces it exactly (same dice,
same drawn parameters), so the story ends in the same outcome, weeks and terms as row ``i`` of
``runs.csv``.

Every week becomes a list of *records* (plain dicts, JSON-ready): the battlefield, each proposal
and who made it, each party's decision with the two numbers it rests on, levers, violations,
events. A decision record carries the raw values, the acceptance rule's verdict and the numbers
as printed, chosen with enough decimals that the printed numbers show the comparison the rule
made. Quiet weeks (same answers for the same reasons, nothing else happening) are folded into
one line in the text; their records are kept, marked ``folded``, for tools.

``narrate_week(model, week_state, world)`` gives the story lines of one week for any caller that
steps a ``ConflictModel`` itself (the dashboard does).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from simulator import __version__
from simulator.engine.model import BLOCK_SIZE, ConflictModel, WeekState
from simulator.montecarlo.records import run_records
from simulator.rules import negotiation as neg
from simulator.rules.negotiation import ISSUES
from simulator.rules.outcomes import OUTCOMES
from simulator.scenario.config import Loaded, load_scenario

WIDTH = 80
"""Terminal text is wrapped to this many columns."""

ISSUE_SHORT = {
    "ceasefire": "ceasefire",
    "neutrality": "neutrality",
    "territory": "territory",
    "western_aid": "aid",
    "sanctions": "sanctions",
    "security_guarantees": "guarantees",
}
PARTY_NAME = {"russia": "Russia", "ukraine": "Ukraine", "us": "the US"}
OTHER = {"russia": "ukraine", "ukraine": "russia"}
CONCEDES = {
    "boulware": "it concedes late",
    "linear": "it concedes steadily",
    "conceder": "it concedes early",
}
NOTABLE = {
    "event",
    "donor",
    "withdrawal",
    "ceasefire_start",
    "violation",
    "extension",
    "lapse",
    "aid",
    "settlement",
    "escalation",
}
"""Record kinds that make a week worth telling in full (never folded)."""


class ExplainError(Exception):
    """A run cannot be explained as asked (no such run folder, no run with that outcome...)."""


# --------------------------------------------------------------------------- numbers in words


def _at(value: Any, world: int) -> float:
    """A parameter or state value of one world (parameters may be scalars or per-world)."""
    return float(value) if np.ndim(value) == 0 else float(np.asarray(value)[world])


def _fmt(x: float, decimals: int, signed: bool = False) -> str:
    """A number as printed: fixed decimals, a true minus sign, '+' when ``signed``."""
    text = f"{x:+.{decimals}f}" if signed else f"{x:.{decimals}f}"
    if float(text) == 0.0:  # no "−0.000"
        text = f"{0.0:+.{decimals}f}" if signed else f"{0.0:.{decimals}f}"
    return text.replace("-", "−")


def parse_shown(text: str) -> float:
    """Read back a number as printed by this module (true minus sign)."""
    return float(text.replace("−", "-"))


def _decimals(pairs: Iterable[tuple[float, float]], least: int) -> int:
    """Fewest decimals (>= ``least``) at which every pair prints with the order it really has."""
    pairs = list(pairs)
    for d in range(least, 10):
        if all((round(a, d) >= round(b, d)) == (a >= b) for a, b in pairs):
            return d
    return 9


def _red_line_text(red: dict, whose: str) -> str:
    """A crossed red line in words, with decimals enough to show it is crossed."""
    low_first = red["bound"] == "at least"  # crossed means value < limit, else limit < value
    pair = (red["value"], red["limit"]) if low_first else (red["limit"], red["value"])
    d = _decimals([pair], 2)
    owner = whose if whose == "its" else f"{whose}'s"
    return (
        f"{red['issue']} at {red['value']:.{d}f} crosses {owner} red line "
        f"({red['bound']} {red['limit']:.{d}f})"
    )


def _span(a: float, b: float, decimals: int, signed: bool = False) -> str:
    """``a→b``, or just ``a`` when both print the same."""
    first, last = _fmt(a, decimals, signed), _fmt(b, decimals, signed)
    return first if first == last else f"{first}→{last}"


def _package_text(package: np.ndarray) -> str:
    """A package on all six issues, compact (0 = Ukraine's pole, 1 = Russia's)."""
    return ", ".join(f"{ISSUE_SHORT[k]} {v:.2f}" for k, v in zip(ISSUES, package, strict=True))


def week_date(start: dt.date, week: int) -> dt.date:
    """The calendar date a week starts on."""
    return start + dt.timedelta(weeks=week)


def _date_text(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


# --------------------------------------------------------------------------- one week's records


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

    def add(self, kind: str, text: str, **data) -> dict:
        record = {"week": self.ws.week, "kind": kind, "text": text, **data}
        self.records.append(record)
        return record

    # ..................................................................... battlefield

    def battlefield(self) -> None:
        f = self.m.battlefield
        w = self.w
        kursk = float(f.kursk[w])
        change = 100.0 * float(f.territory[w] - f.territory_start[w])
        momentum = float(f.momentum[w])
        cas = f.casualties[:, w]
        supply = float(f.us_supply[w])
        paused = bool(self.m.us.aid_paused[w])
        if self.m.ceasefire[w] and self.m.ceasefire_halt[w]:
            aid = "Western military aid halted under the ceasefire"
        elif not paused:
            aid = "US aid flowing" if supply > 0 else "US aid resumed, not yet at the front"
        elif supply > 0:
            aid = "US aid paused (earlier deliveries still arriving)"
        else:
            aid = "US aid paused and no longer reaching the front"
        text = (
            f"Front: Russia holds {100 * kursk:.0f} % of the Kursk salient; territory "
            f"{_fmt(change, 2, True)} pp; momentum {_fmt(momentum, 2, True)}; casualties so "
            f"far Russia {cas[0]:.0f}k, Ukraine {cas[1]:.0f}k; {aid}."
        )
        self.add(
            "battlefield",
            text,
            kursk_control=kursk,
            territory_change=change,
            momentum=momentum,
            casualties={"russia": float(cas[0]), "ukraine": float(cas[1])},
            us_aid_paused=paused,
            us_supply=supply,
            belief={q.key: float(q.belief[w]) for q in self.m.parties},
        )

    def happenings(self) -> None:
        ws, w = self.ws, self.w
        for said in ws.events:
            self.add("event", f"Scheduled event: {said}.", set=said)
        for name in ws.donors_landed:
            index = next(i for i, d in enumerate(self.m.config.donors) if d.name == name)
            amount = self.p_at(f"donors.{index}.amount_gbp_m")
            self.add(
                "donor",
                f"{name}'s aid package (£{amount:,.0f} m) reaches Ukraine's front.",
                donor=name,
                amount_gbp_m=amount,
            )
        if ws.withdrew[w]:
            threshold = self.p_at("actors.ukraine.kursk_withdrawal_at")
            self.add(
                "withdrawal",
                f"Ukraine withdraws from Kursk to preserve its forces: Russian control had "
                f"reached its threshold of {100 * threshold:.0f} %; Russia now holds all of "
                f"it, and the Kursk bargaining chip is gone.",
                threshold=threshold,
            )

    # ..................................................................... ceasefire track

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
        d = _decimals([(pause, fight)], 3)
        shown = {"pause": _fmt(pause, d, True), "fight": _fmt(fight, d, True)}
        belief = float(party.belief[self.w])
        length = int(self.p_at("ceasefire.length_weeks"))
        name = PARTY_NAME[party.key]
        reason = self.ceasefire_reason(party, halt, belief, pause, fight)
        why = "edge is its own" if party.sign * belief > 0 else "edge is the other's"
        numbers = f"worth {shown['pause']} to it, fighting those {length} weeks {shown['fight']}"
        if proposer == party.key:
            verb = "proposes" if accepted else "does not propose"
            text = (
                f"{name} {verb} its own version, a ceasefire with Western aid halted: "
                f"{numbers}. {reason}"
            )
        else:
            what = "Russia's version" if halt else "the ceasefire"
            verb = "accepts" if accepted else "rejects"
            text = f"{name} {verb} {what}: a pause is {numbers}. {reason}"
        return self.add(
            "decision",
            text,
            party=party.key,
            proposer=proposer,
            track="ceasefire_aid_halt" if halt else "ceasefire",
            accepted=accepted,
            rule="accept when the value of the pause >= the value of fighting the same weeks",
            pause_value=pause,
            fight_value=fight,
            margin=margin,
            belief=belief,
            shown=shown,
            reason=reason,
            why=why,
        )

    def ceasefire_reason(
        self, party, halt: bool, belief: float, pause_value: float, fight: float
    ) -> str:
        """The mechanism behind a ceasefire-track answer, in words."""
        whose = "its" if party.key == "russia" else "Russia's"
        reads = f"It reads {whose} momentum as {_fmt(belief, 2, True)}"
        if party.sign * belief > 0:  # the party believes it holds the edge
            if fight > 0:
                kursk = _at(party.kursk_gain(self.p["ceasefire.length_weeks"]), self.w)
                fighting = "fighting gains ground" + (" and Kursk land" if kursk > 0 else "")
            else:
                cost = _at(party.cost, self.w)
                fighting = f"its gains no longer cover the war's cost ({cost:.3f} a week)"
            if halt:
                pause = "a pause with Western aid halted lets Russia regroup, not Ukraine"
            else:
                pause = f"a pause would let {PARTY_NAME[OTHER[party.key]]} regroup"
        else:
            fighting = "fighting on loses ground and men" if fight < 0 else "fighting on pays"
            if halt and party.key == "ukraine" and pause_value < fight:
                pause = "but with Western aid halted Russia would regroup and Ukraine not"
            elif halt and party.key == "ukraine":
                pause = "even with Western aid halted, a pause costs it less than fighting"
            elif halt:
                pause = "a pause with Western aid halted would let it regroup"
            else:
                pause = f"a pause would blunt {PARTY_NAME[OTHER[party.key]]}'s edge"
        return f"{reads}: {fighting}; {pause}."

    def ceasefire_track(self) -> None:
        ws, w, m = self.ws, self.w, self.m
        length = int(self.p_at("ceasefire.length_weeks"))
        if not ws.offered_ceasefire[w]:
            running = bool(m.ceasefire[w] and not ws.new_ceasefire[w]) or bool(
                ws.violated[w] | ws.extended[w] | ws.lapsed[w]
            )
            if running:
                halt = bool(m.ceasefire_halt[w])
                kind = "Western aid halted" if halt else "the US proposal"
                left = int(m.ceasefire_left[w])
                quiet = m.ceasefire[w] and left > 0 and not ws.extended[w]
                tail = f"; {left} week(s) of its term left" if quiet else ""
                self.add(
                    "ceasefire_status",
                    f"The ceasefire ({kind}) is in force{tail}.",
                    aid_halt=halt,
                    weeks_left=left,
                )
            else:
                left = int(m.cooloff_left[w])
                self.add(
                    "cooloff",
                    f"No ceasefire on offer: talks pause after the collapse "
                    f"({left + 1} week(s) of cool-off left).",
                    weeks_left=left + 1,
                )
            return
        self.add(
            "proposal",
            f"Ceasefire track: the US proposes a {length}-week ceasefire.",
            proposer="us",
            track="ceasefire",
            length_weeks=length,
        )
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
            halt = bool(ws.new_ceasefire_halt[w])
            end = ws.week + length - 1
            self.add(
                "ceasefire_start",
                f"A ceasefire starts{' with Western military aid halted' if halt else ''}: "
                f"the front freezes for {length} weeks (through week {end}).",
                aid_halt=halt,
                length_weeks=length,
            )

    # ..................................................................... settlement track

    def settlement_decision(self, party, package: np.ndarray, proposer: str, accepted: bool):
        w = self.w
        value = float(party.value(package[None, :])[0])
        demand = float(party.aspiration[w])
        outside = float(party.outside[w])
        within = bool(
            neg.within_red_lines(package[None, :], party.low[w : w + 1], party.high[w : w + 1])[0]
        )
        red = None if within else self.crossed_red_line(party, package)
        d = _decimals([(value, demand), (value, outside)], 2)
        shown = {
            "value": _fmt(value, d),
            "aspiration": _fmt(demand, d),
            "outside": _fmt(outside, d, signed=outside < 0),
        }
        name = PARTY_NAME[party.key]
        numbers = (
            f"worth {shown['value']} to it; it demands {shown['aspiration']} (aspiration), "
            f"fighting on is worth {shown['outside']}"
        )
        if proposer == "us":
            head = f"{name} {'accepts' if accepted else 'rejects'} the US package"
        elif proposer == party.key:
            head = f"{name} does not stand by its own package"
        else:
            head = (
                f"{PARTY_NAME[proposer]} counters with {_package_text(package)}; {name} "
                f"{'accepts' if accepted else 'rejects'}"
            )
        if accepted:
            text = f"{head}: {numbers}; it crosses none of {name}'s red lines."
            reason = "meets its aspiration and beats fighting on, within its red lines"
        elif red is not None:
            text = f"{head}: {_red_line_text(red, name)}; {numbers}."
            reason = f"red line on {red['issue']}"
        elif value < demand:
            text = f"{head}: {numbers}."
            reason = "below its aspiration" + (" and fighting on" if value < outside else "")
        else:
            text = f"{head}: {numbers}; fighting on is worth more."
            reason = "below fighting on"
        return self.add(
            "decision",
            text,
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
            shown=shown,
            reason=reason,
            why=reason.split(" and ")[0],
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
            f"Settlement track: the US package is {_package_text(table)}.",
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
                f"Settlement: Russia and Ukraine sign {whose}: {_package_text(terms)}.",
                terms=dict(zip(ISSUES, map(float, terms), strict=True)),
                package_of=whose,
            )

    # ..................................................................... lifecycle, levers

    def lifecycle(self) -> None:
        ws, w, m = self.ws, self.w, self.m
        if ws.violated[w]:
            cool = int(self.p_at("ceasefire.cooloff_weeks"))
            self.add(
                "violation",
                f"The ceasefire is violated and collapses; no new ceasefire is offered for "
                f"{cool} weeks.",
                cooloff_weeks=cool,
            )
        if ws.extended[w] or ws.lapsed[w]:
            halt = bool(m.ceasefire_halt[w])
            margins = ws.halt_margin if halt else ws.ceasefire_margin
            bits = []
            for party in (m.russia, m.ukraine):
                pause, fight, _ = self.ceasefire_values(party, halt)
                d = _decimals([(pause, fight)], 3)
                bits.append(
                    f"{PARTY_NAME[party.key]}: pause {_fmt(pause, d, True)} vs fighting "
                    f"{_fmt(fight, d, True)}"
                )
            detail = "; ".join(bits)
            if ws.extended[w]:
                length = int(self.p_at("ceasefire.length_weeks"))
                self.add(
                    "extension",
                    f"The ceasefire reaches its end and is extended {length} more weeks: "
                    f"both still prefer it to fighting ({detail}).",
                    margins={k: float(v[w]) for k, v in margins.items()},
                )
            else:
                against = [PARTY_NAME[k] for k in ("russia", "ukraine") if margins[k][w] < 0]
                self.add(
                    "lapse",
                    f"The ceasefire reaches its end and lapses: {' and '.join(against)} "
                    f"prefer(s) fighting on ({detail}).",
                    margins={k: float(v[w]) for k, v in margins.items()},
                )

    def levers(self) -> None:
        ws, w, m = self.ws, self.w, self.m
        if ws.aid_resumed[w]:
            rule = self.p["actors.us.resume_aid_on"]
            lag = int(self.p_at("actors.us.aid_lag_weeks"))
            why = {
                "ceasefire": "a ceasefire was agreed",
                "ukraine_acceptance": "Ukraine accepted a proposal",
                "settlement": "a settlement was signed",
            }.get(rule, rule)
            self.add(
                "aid",
                f"The US resumes military aid ({why}); it reaches the front in {lag} weeks.",
                resumed=True,
                lag_weeks=lag,
            )
        live = bool(m.live[w] or ws.settled_now[w] or ws.escalated_now[w])
        # Mirrors ConflictModel.move_levers: pressure grows where Russia is the holdout.
        holdout = (ws.ceasefire_accept["ukraine"][w] and not ws.ceasefire_accept["russia"][w]) or (
            ws.table_accept["ukraine"][w] and not ws.table_accept["russia"][w]
        )
        pressure = float(m.us.pressure[w])
        if holdout and live and self.p_at("actors.us.pressure_growth") > 0:
            self.add(
                "pressure",
                f"US pressure on Russia rises to {pressure:.2f} (Russia held "
                f"out while Ukraine said yes).",
                pressure=pressure,
            )
        if ws.escalated_now[w]:
            self.add("escalation", "A wider regional escalation breaks out; the run ends.")

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


def narrate_week(model: ConflictModel, week_state: WeekState, world: int) -> list[str]:
    """The story lines of one world's week, for a caller stepping the model (the dashboard).

    Call it from the model's observer (after the week): it reads the agents' state then.
    """
    return [r["text"] for r in week_records(model, week_state, world)]


# --------------------------------------------------------------------------- replay


@dataclass
class Series:
    """Per-week values of the followed world, for the timeline chart."""

    week: list[int] = field(default_factory=list)
    kursk: list[float] = field(default_factory=list)
    territory_change: list[float] = field(default_factory=list)
    momentum: list[float] = field(default_factory=list)
    belief: dict[str, list[float]] = field(default_factory=lambda: {"russia": [], "ukraine": []})
    ceasefire_margin: dict[str, list[float]] = field(
        default_factory=lambda: {"russia": [], "ukraine": []}
    )
    halt_margin: dict[str, list[float]] = field(
        default_factory=lambda: {"russia": [], "ukraine": []}
    )
    settlement_margin: dict[str, list[float]] = field(
        default_factory=lambda: {"russia": [], "ukraine": []}
    )
    red_line_blocks: dict[str, list[bool]] = field(
        default_factory=lambda: {"russia": [], "ukraine": []}
    )
    ceasefire_active: list[bool] = field(default_factory=list)
    aid_paused: list[bool] = field(default_factory=list)


class Follower:
    """Observer of a replayed block: keeps one world's records and chart series week by week."""

    def __init__(self, world: int):
        self.world = world
        self.weeks: list[list[dict]] = []
        self.series = Series()

    def __call__(self, model: ConflictModel, ws: WeekState) -> None:
        """Record one week of the followed world."""
        records = week_records(model, ws, self.world)
        if not records:
            return
        self.weeks.append(records)
        w, s, f = self.world, self.series, model.battlefield
        s.week.append(ws.week)
        s.kursk.append(100.0 * float(f.kursk[w]))
        s.territory_change.append(100.0 * float(f.territory[w] - f.territory_start[w]))
        s.momentum.append(float(f.momentum[w]))
        for party in model.parties:
            k = party.key
            s.belief[k].append(float(party.belief[w]))
            s.ceasefire_margin[k].append(float(ws.ceasefire_margin[k][w]))
            s.halt_margin[k].append(float(ws.halt_margin[k][w]))
            best = max(float(party.aspiration[w]), float(party.outside[w]))
            s.settlement_margin[k].append(float(ws.table_value[k][w]) - best)
            s.red_line_blocks[k].append(
                not bool(
                    neg.within_red_lines(
                        ws.table[w : w + 1], party.low[w : w + 1], party.high[w : w + 1]
                    )[0]
                )
            )
        s.ceasefire_active.append(bool(model.ceasefire[w]))
        s.aid_paused.append(bool(model.us.aid_paused[w]))


@dataclass
class Story:
    """One explained run: identity, its runs.csv-style row, the weekly records, chart series."""

    loaded: Loaded
    run: int
    seed: int
    row: dict[str, Any]
    weeks: list[list[dict]]
    series: Series
    aid_halt_version: bool

    @property
    def scenario(self) -> str:
        """The scenario's name."""
        return self.loaded.scenario.name

    @property
    def start(self) -> dt.date:
        """The date of week 0."""
        return self.loaded.scenario.simulation.start_date

    @property
    def outcome(self) -> str:
        """How the run ended (one of ``OUTCOMES``)."""
        return self.row["outcome"]


def replay(loaded: Loaded, run: int) -> Story:
    """Replay the block holding ``run`` with the scenario's seed and follow that run's world."""
    if run < 0:
        raise ExplainError(f"--run must be 0 or more (got {run})")
    block, world = divmod(run, BLOCK_SIZE)
    follower = Follower(world)
    model = ConflictModel(loaded.scenario, block=block, observer=follower)
    model.run_all()
    records = run_records(model, BLOCK_SIZE)
    row: dict[str, Any] = {}
    for name, values in records.items():
        value = values[world]
        if name == "outcome":
            row[name] = OUTCOMES[int(value)]
        elif name in ("ceasefire_week", "settlement_week"):
            row[name] = int(value) if value >= 0 else None
        elif name in ("run", "aid_paused_weeks", "proposals"):
            row[name] = int(value)
        else:
            row[name] = None if np.isnan(value) else float(value)
    return Story(
        loaded=loaded,
        run=run,
        seed=loaded.scenario.simulation.seed,
        row=row,
        weeks=follower.weeks,
        series=follower.series,
        aid_halt_version=model.russia.offers_aid_halt_version(),
    )


# --------------------------------------------------------------------------- run folders


def run_folder_scenario(folder: Path) -> Loaded:
    """The resolved scenario of a finished run folder, with the seed its summary records."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ExplainError(f"{folder}: no such run folder")
    missing = [n for n in ("scenario.yaml", "summary.json") if not (folder / n).is_file()]
    if missing:
        raise ExplainError(f"{folder}: not a finished run folder (missing {', '.join(missing)})")
    try:
        summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ExplainError(f"{folder / 'summary.json'}: cannot be read ({exc})") from None
    overrides = []
    if "seed" in summary:
        overrides.append(f"simulation.seed={int(summary['seed'])}")
    if "start_date" in summary:  # resolved YAML may hold the date as a quoted string
        overrides.append(f"simulation.start_date={summary['start_date']}")
    return load_scenario(folder / "scenario.yaml", overrides)


def _table_rows(folder: Path):
    """Rows of a folder's per-run table as dicts of strings (runs.csv, else runs.parquet)."""
    folder = Path(folder)
    if (folder / "runs.csv").is_file():
        with (folder / "runs.csv").open(encoding="utf-8", newline="") as handle:
            yield from csv.DictReader(handle)
        return
    if (folder / "runs.parquet").is_file():
        try:
            import pyarrow.parquet as pq
        except ImportError:
            raise ExplainError(
                f"{folder}: reading runs.parquet needs pyarrow: pip install 'negsim[parquet]'"
            ) from None
        table = pq.ParquetFile(folder / "runs.parquet")
        for batch in table.iter_batches(columns=["run", "outcome", *_CHECKED]):
            for row in batch.to_pylist():
                yield {k: "" if v is None or v != v else str(v) for k, v in row.items()}
        return
    raise ExplainError(
        f"{folder}: has no runs.csv (was it run with --runs-table none?); "
        f"explain a run by number instead: negsim explain {folder} --run I"
    )


_CHECKED = ("ceasefire_week", "settlement_week", *(f"terms.{k}" for k in ISSUES))


def find_run(folder: Path, outcome: str) -> tuple[int, dict[str, str]]:
    """The first run in a folder's runs table that ended in ``outcome``, and its row."""
    if outcome not in OUTCOMES:
        raise ExplainError(
            f"--outcome: unknown outcome '{outcome}'; choose one of: {', '.join(OUTCOMES)}"
        )
    for row in _table_rows(folder):
        if row.get("outcome") == outcome:
            return int(row["run"]), row
    raise ExplainError(f"{folder}: no run ended in '{outcome}'")


def table_row(folder: Path, run: int) -> dict[str, str] | None:
    """Row ``run`` of a folder's runs table, or None when it has no such row or no table."""
    try:
        for row in _table_rows(folder):
            if int(float(row["run"])) == run:
                return row
    except ExplainError:
        return None
    return None


def differences(story: Story, row: dict[str, str]) -> list[str]:
    """Where a replayed run disagrees with its runs.csv row (outcome, weeks, terms)."""
    out = []
    if row.get("outcome") != story.outcome:
        out.append(f"outcome {story.outcome} vs {row.get('outcome')}")
    for name in ("ceasefire_week", "settlement_week"):
        mine = "" if story.row[name] is None else str(story.row[name])
        theirs = row.get(name, "")
        theirs = str(int(float(theirs))) if theirs not in ("", None) else ""
        if theirs != mine:
            out.append(f"{name} {mine or 'none'} vs {row.get(name) or 'none'}")
    for issue in ISSUES:
        mine, theirs = story.row[f"terms.{issue}"], row.get(f"terms.{issue}", "")
        if (mine is None) != (theirs == "") or (
            mine is not None and abs(mine - float(theirs)) > 1e-5 * max(1.0, abs(mine))
        ):
            out.append(f"terms.{issue}")
    return out


def explain_target(
    target: str,
    *,
    run: int | None = None,
    outcome: str | None = None,
    seed: int | None = None,
    weeks: int | None = None,
    overrides: tuple[str, ...] | list[str] = (),
) -> tuple[Story, list[str]]:
    """Replay the run a user asked for; return its story and warnings for the user.

    ``target`` is a scenario (shipped name or YAML file) or a finished run folder. With a run
    folder, ``outcome`` picks its first run that ended so; the replay is checked against the
    folder's runs table and any difference is reported (the folder came from another version).
    """
    folder = Path(target)
    if outcome is not None and outcome not in OUTCOMES:
        raise ExplainError(
            f"--outcome: unknown outcome '{outcome}'; choose one of: {', '.join(OUTCOMES)}"
        )
    if folder.is_dir():
        given = [n for n, v in (("--seed", seed), ("--weeks", weeks)) if v is not None]
        given += ["--set"] if overrides else []
        if given:
            raise ExplainError(
                f"{' and '.join(given)} cannot be used with a run folder ({folder}): its run "
                f"is replayed as it was made; explain the scenario itself to change it"
            )
        if run is not None and outcome is not None:
            raise ExplainError("give either --run or --outcome, not both")
        loaded = run_folder_scenario(folder)
        row = None
        if outcome is not None:
            run, row = find_run(folder, outcome)
        run = 0 if run is None else run
        story = replay(loaded, run)
        row = row if row is not None else table_row(folder, run)
        warnings = []
        if row is not None and (diff := differences(story, row)):
            warnings.append(
                f"the replay of run {run} differs from {folder}'s runs table "
                f"({'; '.join(diff)}): the folder was made by another negsim version or model"
            )
        return story, warnings
    if outcome is not None:
        where = "does not exist" if not folder.exists() else "is not a folder"
        if folder.suffix in (".yaml", ".yml") or folder.name in _shipped_names():
            where = "is a scenario"
        raise ExplainError(
            f"--outcome needs a finished run folder (one holding runs.csv); {target} {where}"
        )
    overrides = list(overrides)
    if seed is not None:
        overrides.append(f"simulation.seed={seed}")
    if weeks is not None:
        overrides.append(f"simulation.weeks={weeks}")
    return replay(load_scenario(target, overrides), 0 if run is None else run), []


def _shipped_names() -> set[str]:
    from simulator.scenario.config import shipped_scenarios

    return set(shipped_scenarios())


# --------------------------------------------------------------------------- the story


def _decision_key(r: dict) -> tuple:
    """A decision without its numbers: who answered what, how, and for which kind of reason."""
    return (r["party"], r["track"], r["proposer"], r["accepted"], r["why"])


def _signature(records: list[dict]) -> tuple:
    """What a week's story says, without its numbers: equal signatures fold together."""
    out = []
    for r in records:
        if r["kind"] == "decision":
            out.append(_decision_key(r))
        elif r["kind"] in ("ceasefire_status", "cooloff", "proposal"):
            out.append((r["kind"], r.get("proposer"), r.get("track")))
    return tuple(out)


def short_text(r: dict) -> str:
    """A decision told again: the answer and its two numbers, the mechanism already told."""
    name, sh = PARTY_NAME[r["party"]], r["shown"]
    verb = "accepts" if r["accepted"] else "rejects"
    if r["track"] in ("ceasefire", "ceasefire_aid_halt"):
        numbers = f"pause {sh['pause']} vs fighting {sh['fight']}"
        if r["proposer"] == r["party"]:
            verb = "proposes" if r["accepted"] else "does not propose"
            return f"{name} again {verb} its aid-halt version ({numbers})."
        what = (
            "Russia's aid-halt version" if r["track"] == "ceasefire_aid_halt" else ("the ceasefire")
        )
        return f"{name} again {verb} {what} ({numbers})."
    numbers = f"worth {sh['value']}, demands {sh['aspiration']}, fighting on {sh['outside']}"
    if r["red_line"]:
        numbers = f"{_red_line_text(r['red_line'], 'its')}; {numbers}"
    if r["proposer"] == "us":
        return f"{name} again {verb} the US package ({numbers})."
    if r["proposer"] == r["party"]:
        return f"{name} again does not stand by its own package ({numbers})."
    return f"{name} again {verb} {PARTY_NAME[r['proposer']]}'s counter-package ({numbers})."


def _is_notable(records: list[dict]) -> bool:
    return any(r["kind"] in NOTABLE for r in records)


def story_records(story: Story) -> list[dict]:
    """All records of the story in order: header, weeks (folded stretches summarised), outcome.

    Weeks folded into a ``quiet`` record keep their own records, marked ``"folded": true``.
    """
    start = story.start
    out: list[dict] = [header_record(story)]
    previous: tuple | None = None
    pending: list[list[dict]] = []
    seen: set[tuple] = set()  # decisions already told in full: later ones are told short

    def flush():
        if pending:
            out.append(quiet_record(story, pending))
            for records in pending:
                for r in records:
                    out.append({**r, "folded": True})
            pending.clear()

    extended_before = False  # an extension of the running ceasefire was already told
    for records in story.weeks:
        week = records[0]["week"]
        kinds = {r["kind"] for r in records}
        for r in records:
            r.setdefault("date", week_date(start, week).isoformat())
        signature = _signature(records)
        # A routine extension (not the first of this ceasefire) is no news: it may fold.
        notable = _is_notable(records) and not (
            extended_before and kinds & NOTABLE == {"extension"}
        )
        if "ceasefire_start" in kinds or kinds & {"violation", "lapse"}:
            extended_before = False
        elif "extension" in kinds:
            extended_before = True
        if week > 0 and signature == previous and not notable:
            pending.append(records)
            continue
        flush()
        out.append(
            {
                "week": week,
                "kind": "week",
                "date": week_date(start, week).isoformat(),
                "text": f"Week {week} ({_date_text(week_date(start, week))})",
            }
        )
        for r in records:
            told = dict(r, folded=False)
            if r["kind"] == "decision":
                key = _decision_key(r)
                if key in seen:
                    told["text"] = short_text(r)
                seen.add(key)
            out.append(told)
        previous = signature
    flush()
    out.insert(1, brief_record(story))
    out.append(outcome_record(story))
    return out


def brief_record(story: Story) -> dict:
    """The turning points of the run in one paragraph, before the week-by-week story."""
    said = []
    end = {
        "violation": "violated",
        "lapse": "lapsed",
        "settlement": "replaced by a settlement",
        "escalation": "ended by escalation",
    }
    start, halted = None, ""
    for records in story.weeks:
        for r in records:
            kind, week = r["kind"], r["week"]
            if kind == "ceasefire_start":
                start = week
                halted = " (Western aid halted)" if r["aid_halt"] else ""
            elif kind in end and start is not None:
                said.append(f"ceasefire{halted} from week {start}, {end[kind]} in week {week}")
                start = None
                continue
            if kind == "withdrawal":
                said.append(f"Ukraine leaves Kursk in week {week}")
            elif kind == "aid":
                said.append(f"US aid resumes in week {week}")
            elif kind == "event":
                said.append(f"week {week}: {r['set']}")
            elif kind == "settlement":
                said.append(f"settlement signed in week {week}")
            elif kind == "escalation":
                said.append(f"escalation in week {week}")
    if start is not None:
        said.append(f"ceasefire{halted} from week {start}, holding at the horizon")
    text = (
        "In brief: "
        + ("; ".join(said) if said else "no ceasefire, no settlement")
        + (f". Outcome: {story.outcome}.")
    )
    return {"week": None, "kind": "brief", "text": text, "folded": False}


def header_record(story: Story) -> dict:
    """Which run this is, and the values its uncertain parameters drew."""
    drawn = {k[len("param.") :]: v for k, v in story.row.items() if k.startswith("param.")}
    block, world = divmod(story.run, BLOCK_SIZE)
    text = (
        f"negsim explain: scenario '{story.scenario}', seed {story.seed}, run {story.run} "
        f"(block {block}, world {world}); {story.loaded.scenario.simulation.weeks} weeks from "
        f"{_date_text(story.start)}."
    )
    if drawn:
        text += (
            " Drawn for this run: " + "; ".join(f"{k} = {v:.4g}" for k, v in drawn.items()) + "."
        )
    return {
        "week": None,
        "kind": "header",
        "text": text,
        "scenario": story.scenario,
        "seed": story.seed,
        "run": story.run,
        "block": block,
        "world": world,
        "drawn": drawn,
        "version": __version__,
    }


def quiet_record(story: Story, weeks: list[list[dict]]) -> dict:
    """One line for a stretch of weeks with the same answers and nothing else happening."""
    first, last = weeks[0][0]["week"], weeks[-1][0]["week"]
    span = f"Week {first}" if first == last else f"Weeks {first}–{last}"
    first_bf = next(r for r in weeks[0] if r["kind"] == "battlefield")
    last_bf = next(r for r in weeks[-1] if r["kind"] == "battlefield")
    in_force = any(r["kind"] == "ceasefire_status" for r in weeks[-1])
    cooloff = any(r["kind"] == "cooloff" for r in weeks[-1])
    state = (
        "the ceasefire holds"
        if in_force
        else "fighting continues, no ceasefire on offer (cool-off)"
        if cooloff
        else "fighting continues"
    )
    text = (
        f"{span}: {state}; no change in positions (the same answers for the same reasons). "
        f"Kursk {_span(first_bf['kursk_control'] * 100, last_bf['kursk_control'] * 100, 0)} %, "
        f"momentum {_span(first_bf['momentum'], last_bf['momentum'], 2, True)}."
    )
    extended = [ws[0]["week"] for ws in weeks if any(r["kind"] == "extension" for r in ws)]
    if extended:
        text += (
            f" The ceasefire was extended again in week {', '.join(map(str, extended))}: both "
            f"still preferred it to fighting."
        )
    said = [fold_clause(r) for r in weeks[-1] if r["kind"] == "decision"]
    if said:
        text += f" Week {last}: " + "; ".join(said) + "."
    return {"week": first, "kind": "quiet", "weeks": [first, last], "text": text, "folded": False}


def fold_clause(r: dict) -> str:
    """A decision inside a folded stretch: the answer and its two numbers, in a few words."""
    name, sh = PARTY_NAME[r["party"]], r["shown"]
    answer = "yes" if r["accepted"] else "no"
    if r["track"] in ("ceasefire", "ceasefire_aid_halt"):
        numbers = f"pause {sh['pause']} vs fighting {sh['fight']}"
        if r["proposer"] == r["party"]:
            verb = "offers" if r["accepted"] else "withholds"
            return f"{name} {verb} its aid-halt version ({numbers})"
        what = "Russia's version" if r["track"] == "ceasefire_aid_halt" else "the ceasefire"
        return f"{name} {answer} to {what} ({numbers})"
    red = f"red line on {r['red_line']['issue']}; " if r["red_line"] else ""
    numbers = f"{red}worth {sh['value']}, demands {sh['aspiration']}, fighting on {sh['outside']}"
    if r["proposer"] == "us":
        return f"{name} {answer} to the US package ({numbers})"
    if r["proposer"] == r["party"]:
        return f"{name} drops its own package ({numbers})"
    return f"{name} {answer} to {PARTY_NAME[r['proposer']]}'s counter ({numbers})"


def outcome_record(story: Story) -> dict:
    """The run's outcome, weeks and terms (the same as its runs.csv row)."""
    row = story.row
    cw, sw = row["ceasefire_week"], row["settlement_week"]
    horizon = story.loaded.scenario.simulation.weeks - 1
    terms = None
    if row["outcome"] == "comprehensive_settlement":
        terms = {k: row[f"terms.{k}"] for k in ISSUES}
    end_week = story.weeks[-1][0]["week"] if story.weeks else 0
    text = {
        "escalation": f"a wider regional escalation broke out in week {end_week}",
        "comprehensive_settlement": (
            f"comprehensive settlement signed in week {sw}"
            + (f" (first ceasefire in week {cw})" if cw is not None else "")
            + (f": {_package_text(np.array(list(terms.values())))}" if terms else "")
        ),
        "ceasefire_holding": f"a ceasefire (first agreed in week {cw}) holds at the horizon "
        f"(week {horizon})",
        "ceasefire_collapsed": f"a ceasefire was agreed in week {cw}, then collapsed or "
        f"lapsed; none holds at the horizon (week {horizon})",
        "war_continues": f"no agreement by the horizon (week {horizon})",
    }[row["outcome"]]
    text = (
        f"Outcome: {row['outcome']} — {text}. Russia ends with "
        f"{100 * row['kursk_control_final']:.0f} % of the Kursk salient, territory "
        f"{_fmt(row['territory_change'], 2, True)} pp; casualties Russia "
        f"{row['casualties.russia']:.0f}k, Ukraine {row['casualties.ukraine']:.0f}k; US aid "
        f"paused {row['aid_paused_weeks']} weeks."
    )
    return {
        "week": None,
        "kind": "outcome",
        "text": text,
        "outcome": row["outcome"],
        "ceasefire_week": cw,
        "settlement_week": sw,
        "terms": terms,
        "row": row,
        "folded": False,
    }


FOOTER = "Illustrative model output, not a forecast."


def render_text(records: list[dict], width: int = WIDTH) -> str:
    """The story for a terminal: weeks as headings, lines wrapped to ``width`` columns."""
    lines: list[str] = []
    for r in records:
        if r.get("folded"):
            continue
        kind = r["kind"]
        if kind in ("header", "brief", "outcome"):
            if lines and kind != "brief":
                lines.append("")
            lines.extend(textwrap.wrap(r["text"], width, subsequent_indent="  "))
            if kind == "brief":
                lines.append("")
        elif kind == "week":
            lines.append(r["text"])
        elif kind == "quiet":
            lines.extend(textwrap.wrap(r["text"], width, subsequent_indent="    "))
        else:
            lines.extend(
                textwrap.wrap(r["text"], width, initial_indent="  ", subsequent_indent="    ")
            )
    lines.append(FOOTER)
    return "\n".join(lines) + "\n"


def render_markdown(records: list[dict], chart: str | None = None) -> str:
    """The story as Markdown (``explain.md``), with the timeline chart when one was drawn."""
    header = records[0]
    out = [
        f"# Run {header['run']} of '{header['scenario']}', told week by week",
        "",
        header["text"],
        "",
    ]
    outcome = records[-1]
    out += [f"**{outcome['text']}**", ""]
    if chart:
        out += [f"![Timeline of run {header['run']}]({chart})", ""]
    for r in records[1:-1]:
        if r.get("folded"):
            continue
        if r["kind"] == "week":
            out += ["", f"## {r['text']}", ""]
        elif r["kind"] == "brief":
            out += [r["text"], ""]
        elif r["kind"] == "quiet":
            out += ["", f"*{r['text']}*", ""]
        else:
            out.append(f"- {r['text']}")
    out += ["", f"*{FOOTER} negsim {__version__}.*", ""]
    return "\n".join(out)


def render_json(records: list[dict]) -> str:
    """The records as one JSON list."""
    return json.dumps(records, indent=1, ensure_ascii=False) + "\n"


def write_outputs(story: Story, records: list[dict], out: Path) -> list[Path]:
    """Write explain.md, explain.json and the timeline chart (PNG, SVG) into ``out``.

    Each file is written to a temporary name and renamed into place, so an interrupted run
    leaves no half-written file; other files in the folder (a run folder, say) are kept.
    """
    from simulator.report.explain_chart import draw_timeline

    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExplainError(f"cannot write to {out}: {exc.strerror or exc}") from None
    names = {
        "png": out / "explain_timeline.png",
        "svg": out / "explain_timeline.svg",
        "md": out / "explain.md",
        "json": out / "explain.json",
    }
    temps = {k: v.with_name(f".{v.name}.partial") for k, v in names.items()}
    try:
        draw_timeline(story, records, [temps["png"], temps["svg"]])
        temps["md"].write_text(render_markdown(records, names["png"].name), encoding="utf-8")
        temps["json"].write_text(render_json(records), encoding="utf-8")
        for key, temp in temps.items():
            temp.replace(names[key])
    except BaseException:
        for temp in temps.values():
            temp.unlink(missing_ok=True)
        raise
    return list(names.values())

"""The dashboard's "one run" view: one world of the Monte Carlo, stepped a week per click.

Run ``i`` lives where ``simulator.montecarlo.blocks.locate`` says (block ``i // BLOCK_SIZE``,
world ``i % BLOCK_SIZE``); the whole block is replayed (a week of 8,192 worlds costs a few
milliseconds), so the world followed here is exactly run ``i`` of ``negsim run`` with the same
scenario and seed. Each week keeps what the bargaining theory of war looks at: each side's value
of fighting on against its value of the US package (net of the risk that the settlement breaks
down), and each side's belief about the other's resolve against the truth. The story line of
each week comes from ``simulator.report.explain_narration.narrate_week`` (the text of ``negsim
explain``); should that ever fail on a week, a short account built here from the same numbers
keeps the live page going.

A run is stepped to its horizon unless a wider escalation ends it: a signed settlement can still
break down, so a settled run is not over.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import numpy as np

from simulator.engine import ConflictModel, WeekState
from simulator.montecarlo import locate
from simulator.report import narrate_week
from simulator.rules import OUTCOMES
from simulator.scenario import Scenario

PARTIES = ("russia", "ukraine")
OTHER = {"russia": "ukraine", "ukraine": "russia"}


@dataclass
class WeekView:
    """What one world looked like at the end of one week.

    ``fight_value``, ``table_value`` and ``deal_margin`` are NaN in a week the world was not
    negotiating (a settlement held, or the run had ended); ``belief`` is each side's mean belief
    about the OTHER side's resolve after the week, ``resolve`` each side's own true resolve.
    """

    week: int
    date: dt.date
    kursk: float
    momentum: float
    territory: float
    casualties: dict[str, float]
    negotiating: bool  # the world was live (no settlement holding, no escalation) this week
    ceasefire_active: bool
    truce_active: bool
    settled: bool  # a settlement holds at the end of the week
    ceasefire_offered: bool
    ceasefire_margin: dict[str, float]
    ceasefire_accept: dict[str, bool]
    truce_offered: bool
    truce_accept: dict[str, bool]
    table: list[float]
    fight_value: dict[str, float]
    table_value: dict[str, float]
    deal_margin: dict[str, float]  # value of the US package minus value of fighting on
    table_accept: dict[str, bool]
    signed: str  # whose package was signed this week ("" if none)
    signed_terms: list[float]
    belief_before: dict[str, float]
    belief: dict[str, float]
    resolve: dict[str, float]
    aid_paused: bool
    pressure: float
    status: str  # outcome so far, one of OUTCOMES
    story: list[str] = field(default_factory=list)

    def belief_error(self, party: str) -> float:
        """How far ``party``'s belief about the other's resolve is from the truth (+: too high)."""
        return self.belief[party] - self.resolve[OTHER[party]]


def status_of(model: ConflictModel, world: int) -> str:
    """The outcome this world would have if the run stopped now."""
    return OUTCOMES[int(model.outcome_codes()[world])]


def _answer(yes: bool) -> str:
    return "accepts" if yes else "rejects"


def fallback_story(view: WeekView, state: WeekState, world: int) -> list[str]:
    """A short account of the week from its numbers (used if ``narrate_week`` fails)."""
    lines = []
    if view.ceasefire_offered:
        answers = ", ".join(
            f"{party.capitalize()} {_answer(view.ceasefire_accept[party])}"
            f" (margin {view.ceasefire_margin[party]:+.3f})"
            for party in PARTIES
        )
        lines.append(f"US offers the 30-day ceasefire: {answers}.")
    if state.halt_offered[world]:
        answer = "accepts" if state.new_ceasefire_halt[world] else "rejects"
        lines.append(f"Russia counters with a ceasefire that halts Western aid: Ukraine {answer}.")
    if state.new_ceasefire[world]:
        lines.append("A ceasefire begins.")
    if view.truce_offered:
        answers = ", ".join(f"{p.capitalize()} {_answer(view.truce_accept[p])}" for p in PARTIES)
        lines.append(f"Partial truce on energy strikes offered: {answers}.")
    if state.new_truce[world]:
        lines.append("A partial truce on energy strikes begins.")
    if state.violated[world]:
        lines.append("The ceasefire is violated and collapses.")
    if state.lapsed[world]:
        lines.append("The ceasefire lapses at the end of its term.")
    if state.extended[world]:
        lines.append("The ceasefire is extended.")
    if state.broke_down[world]:
        lines.append("The settlement breaks down: the war resumes.")
    if state.settled_now[world]:
        lines.append(f"Russia and Ukraine sign a comprehensive settlement: {view.signed}.")
    elif view.negotiating:
        worth = "; ".join(
            f"{party.capitalize()} {_answer(view.table_accept[party])}: it is worth"
            f" {view.table_value[party]:.3f} against {view.fight_value[party]:.3f} for"
            " fighting on"
            for party in PARTIES
        )
        lines.append(f"US package on the table: {worth}.")
    for party in PARTIES:
        other = OTHER[party]
        lines.append(
            f"{party.capitalize()} now puts {other.capitalize()}'s resolve at"
            f" {view.belief[party]:.2f} (was {view.belief_before[party]:.2f}; true"
            f" {view.resolve[other]:.2f})."
        )
    if state.aid_resumed[world]:
        lines.append("The US resumes military aid.")
    if state.withdrew[world]:
        lines.append("Ukraine withdraws from the Kursk salient.")
    if state.escalated_now[world]:
        lines.append("A wider regional escalation ends the run.")
    return lines


def signed_package(state: WeekState, world: int) -> str:
    """Whose package Russia and Ukraine signed this week: the US's or one side's counter."""
    if not state.settled_now[world]:
        return ""
    if state.table_accept["russia"][world] and state.table_accept["ukraine"][world]:
        return "the US package"
    for key in PARTIES:
        taken = state.counter_made[key][world] and state.counter_accept[key][world]
        if taken and np.array_equal(state.settled_terms[world], state.counters[key][world]):
            return f"{key.capitalize()}'s counter-offer"
    raise ValueError(f"week {state.week}: a settlement matches no package on the table")


def _sides(values: dict, world: int, keep: bool = True) -> dict[str, float]:
    """Each party's number in ``world`` (NaN where ``keep`` is false)."""
    return {k: float(values[k][world]) if keep else math.nan for k in PARTIES}


class OneRun:
    """One world of a scenario, stepped a week at a time, with every week kept for the chart."""

    def __init__(self, scenario: Scenario, run: int = 0):
        if run < 0:
            raise ValueError("run index must be 0 or more")
        self.run = run
        self.block, self.world = locate(run)
        self.scenario = scenario
        self._state: WeekState | None = None
        self.model = ConflictModel(scenario, block=self.block, observer=self._observe)
        self.history: list[WeekView] = []
        self.story_source = "the account of negsim explain"
        self.key: tuple = ()  # set by whoever caches it: what it was built from

    def _observe(self, model: ConflictModel, state: WeekState) -> None:
        self._state = state

    @property
    def week(self) -> int:
        """Weeks simulated so far."""
        return self.model.week

    @property
    def finished(self) -> bool:
        """Horizon reached, or a wider escalation ended the run (a settlement may still break)."""
        m = self.model
        return m.week >= m.weeks or bool(m.escalated[self.world])

    def step(self) -> WeekView | None:
        """Simulate one more week; return what the followed world looked like (None if done)."""
        if self.finished:
            return None
        negotiating = bool(self.model.live[self.world])
        self.model.step()
        view = self._view(self._state, negotiating)
        self.history.append(view)
        return view

    def _view(self, state: WeekState, negotiating: bool) -> WeekView:
        m, w = self.model, self.world
        field_ = m.battlefield
        fight = _sides(state.fight_value, w, negotiating)
        table = _sides(state.table_value, w, negotiating)
        view = WeekView(
            week=state.week,
            date=m.config.simulation.start_date + dt.timedelta(weeks=state.week),
            kursk=float(field_.kursk[w]),
            momentum=float(field_.momentum[w]),
            territory=float(field_.territory[w]),
            casualties={
                "russia": float(field_.casualties[0, w]),
                "ukraine": float(field_.casualties[1, w]),
            },
            negotiating=negotiating,
            ceasefire_active=bool(m.ceasefire[w]),
            truce_active=bool(m.truce[w]),
            settled=bool(m.settled[w]),
            ceasefire_offered=bool(state.ceasefire_offered[w]),
            ceasefire_margin=_sides(state.ceasefire_margin, w),
            ceasefire_accept={k: bool(state.ceasefire_accept[k][w]) for k in PARTIES},
            truce_offered=bool(state.truce_offered[w]),
            truce_accept={k: bool(state.truce_accept[k][w]) for k in PARTIES},
            table=[float(x) for x in state.table[w]] if negotiating else [],
            fight_value=fight,
            table_value=table,
            deal_margin={k: table[k] - fight[k] for k in PARTIES},
            table_accept={k: bool(state.table_accept[k][w]) for k in PARTIES},
            signed=signed_package(state, w),
            signed_terms=[float(x) for x in state.settled_terms[w]] if state.settled_now[w] else [],
            belief_before=_sides(state.belief_before, w),
            belief=_sides(state.belief_after, w),
            resolve={q.key: float(q.resolve[w]) for q in m.parties},
            aid_paused=bool(m.us.aid_paused[w]),
            pressure=float(m.us.pressure[w]),
            status=status_of(m, w),
        )
        try:
            view.story = [str(line) for line in narrate_week(m, state, w)]
        except Exception:  # a narrator bug must not break the live page
            view.story = fallback_story(view, state, w)
        return view

    def series(self, name: str) -> np.ndarray:
        """A week-by-week series of the followed world.

        ``kursk``, ``territory``, ``momentum``; ``margin.<party>`` (US package minus fighting
        on), ``cf_margin.<party>`` (NaN in weeks no ceasefire was offered), ``belief.<party>``
        (its belief about the other's resolve), ``resolve.<party>`` (its own true resolve).
        """
        kind, _, party = name.partition(".")
        values = []
        for v in self.history:
            if kind == "margin":
                values.append(v.deal_margin[party])
            elif kind == "cf_margin":
                values.append(v.ceasefire_margin[party] if v.ceasefire_offered else math.nan)
            elif kind == "belief":
                values.append(v.belief[party])
            elif kind == "resolve":
                values.append(v.resolve[party])
            else:
                values.append(getattr(v, kind))
        return np.asarray(values, dtype=float)

"""The dashboard's "one run" view: one world of the Monte Carlo, stepped a week per click.

Run ``i`` lives where ``simulator.montecarlo.blocks.locate`` says (block ``i // BLOCK_SIZE``,
world ``i % BLOCK_SIZE``); the whole block is replayed (a week of 8,192 worlds costs a few
milliseconds), so the world followed here is exactly run ``i`` of ``negsim run`` with the same
scenario and seed. The story line of each week comes from
``simulator.report.explain_narration.narrate_week`` (the text of ``negsim explain``); should that
ever fail on a week, a short account built here from the same numbers keeps the live page going.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from simulator.engine import ConflictModel, WeekState
from simulator.montecarlo import locate
from simulator.report import narrate_week
from simulator.rules import OUTCOMES
from simulator.scenario import Scenario

PARTIES = ("russia", "ukraine")


@dataclass
class WeekView:
    """What one world looked like at the end of one week."""

    week: int
    date: dt.date
    kursk: float
    momentum: float
    territory: float
    casualties: dict[str, float]
    ceasefire_active: bool
    ceasefire_offered: bool
    ceasefire_margin: dict[str, float]
    ceasefire_accept: dict[str, bool]
    table: list[float]
    table_value: dict[str, float]
    needs: dict[str, float]  # the larger of aspiration and outside option
    settlement_margin: dict[str, float]
    table_accept: dict[str, bool]
    aid_paused: bool
    pressure: float
    status: str  # outcome so far, one of OUTCOMES
    story: list[str] = field(default_factory=list)


def status_of(model: ConflictModel, world: int) -> str:
    """The outcome this world would have if the run stopped now."""
    return OUTCOMES[int(model.outcome_codes()[world])]


def fallback_story(view: WeekView, state: WeekState, world: int) -> list[str]:
    """A short account of the week from its numbers (used if ``narrate_week`` fails)."""
    lines = []
    if state.offered_ceasefire[world]:
        answers = ", ".join(
            f"{party.capitalize()} {'accepts' if view.ceasefire_accept[party] else 'rejects'}"
            f" (margin {view.ceasefire_margin[party]:+.3f})"
            for party in PARTIES
        )
        lines.append(f"US offers the 30-day ceasefire: {answers}.")
    if state.halt_offered[world]:
        answer = "accepts" if state.new_ceasefire_halt[world] else "rejects"
        lines.append(f"Russia counters with a ceasefire that halts Western aid: Ukraine {answer}.")
    if state.new_ceasefire[world]:
        lines.append("A ceasefire begins.")
    if state.violated[world]:
        lines.append("The ceasefire is violated and collapses.")
    if state.lapsed[world]:
        lines.append("The ceasefire lapses at the end of its term.")
    if state.extended[world]:
        lines.append("The ceasefire is extended.")
    if state.settled_now[world]:
        lines.append("Russia and Ukraine sign a comprehensive settlement.")
    else:
        worth = "; ".join(
            f"{party.capitalize()} values it {view.table_value[party]:.2f}, needs "
            f"{view.needs[party]:.2f}"
            for party in PARTIES
        )
        lines.append(f"Package on the table: {worth}.")
    if state.aid_resumed[world]:
        lines.append("The US resumes military aid.")
    if state.withdrew[world]:
        lines.append("Ukraine withdraws from the Kursk salient.")
    if state.escalated_now[world]:
        lines.append("A wider regional escalation ends the run.")
    return lines


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
        """Horizon reached, or the run ended (settlement or escalation)."""
        m, w = self.model, self.world
        return m.week >= m.weeks or bool(m.settled[w] or m.escalated[w])

    def step(self) -> WeekView | None:
        """Simulate one more week; return what the followed world looked like (None if done)."""
        if self.finished:
            return None
        self.model.step()
        view = self._view(self._state)
        self.history.append(view)
        return view

    def _view(self, state: WeekState) -> WeekView:
        m, w = self.model, self.world
        field_ = m.battlefield
        needs = {q.key: float(max(q.aspiration[w], q.outside[w])) for q in m.parties}
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
            ceasefire_active=bool(m.ceasefire[w]),
            ceasefire_offered=bool(state.offered_ceasefire[w]),
            ceasefire_margin={k: float(state.ceasefire_margin[k][w]) for k in PARTIES},
            ceasefire_accept={k: bool(state.ceasefire_accept[k][w]) for k in PARTIES},
            table=[float(x) for x in state.table[w]],
            table_value={k: float(state.table_value[k][w]) for k in PARTIES},
            needs=needs,
            settlement_margin={k: float(state.table_value[k][w]) - needs[k] for k in PARTIES},
            table_accept={k: bool(state.table_accept[k][w]) for k in PARTIES},
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
        """A week-by-week series of the followed world (``kursk``, ``margin.russia``, ...)."""
        kind, _, party = name.partition(".")
        values = []
        for v in self.history:
            if kind == "margin":
                values.append(v.settlement_margin[party])
            elif kind == "cf_margin":
                values.append(v.ceasefire_margin[party])
            else:
                values.append(getattr(v, kind))
        return np.asarray(values, dtype=float)

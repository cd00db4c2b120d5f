"""Replay one run of a Monte Carlo: its block again, with one world followed week by week.

Run ``i`` lives in the block and world ``simulator.montecarlo.blocks.locate(i)`` gives;
replaying that whole block with the same scenario and seed reproduces it exactly (same dice,
same drawn parameters), so the story ends in the same outcome, weeks and terms as row ``i`` of
``runs.csv``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from simulator import UserError
from simulator.analysis.explain_week import week_records
from simulator.engine import BLOCK_SIZE, ConflictModel, WeekState
from simulator.montecarlo import locate, run_records
from simulator.rules import OUTCOMES
from simulator.rules import negotiation as neg
from simulator.scenario import Loaded, Scenario

MAX_RUNS: int = next(
    m.le
    for m in Scenario.model_fields["simulation"].annotation.model_fields["runs"].metadata
    if hasattr(m, "le")
)
"""The most runs a scenario may have (the schema's bound), so runs are numbered below it."""


class ExplainError(UserError):
    """A run cannot be explained as asked (no such run folder, no run with that outcome...)."""


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
    if not 0 <= run < MAX_RUNS:
        raise ExplainError(f"--run must be a whole number from 0 to {MAX_RUNS - 1} (got {run})")
    block, world = locate(run)
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

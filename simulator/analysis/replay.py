"""Replay one run of a Monte Carlo: its block again, with one world followed week by week.

Run ``i`` lives in the block and world ``simulator.montecarlo.locate(i)`` gives; replaying that
whole block with the same scenario and seed reproduces it exactly (same dice, same drawn
parameters), so the story ends in the same outcome, weeks and terms as row ``i`` of
``runs.csv``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from simulator import UserError
from simulator.analysis.explain_week import WorldBefore, week_records, world_before
from simulator.engine import BLOCK_SIZE, ConflictModel, WeekState
from simulator.montecarlo import INT_COLUMNS, WEEK_COLUMNS, locate, run_records
from simulator.rules import OUTCOMES
from simulator.scenario import Loaded, Scenario

MAX_RUNS: int = next(
    m.le
    for m in Scenario.model_fields["simulation"].annotation.model_fields["runs"].metadata
    if hasattr(m, "le")
)
"""The most runs a scenario may have (the schema's bound), so runs are numbered below it."""

PARTIES = ("russia", "ukraine")


class ExplainError(UserError):
    """A run cannot be explained as asked (no such run folder, no run with that outcome...)."""


def _sides() -> dict[str, list]:
    return {k: [] for k in PARTIES}


@dataclass
class Series:
    """Per-week values of the followed world, for the timeline chart.

    ``belief[k]`` is side k's mean belief about the other's resolve after the week and
    ``truth[k]`` the other's true resolve; margins are what the rules compare with zero (NaN
    in weeks without talks): the ceasefire's pause minus fighting, the US package's value net
    of breakdown risk minus fighting on.
    """

    week: list[int] = field(default_factory=list)
    kursk: list[float] = field(default_factory=list)
    territory_change: list[float] = field(default_factory=list)
    momentum: list[float] = field(default_factory=list)
    battle: list[float] = field(default_factory=list)
    belief: dict[str, list[float]] = field(default_factory=_sides)
    truth: dict[str, float] = field(default_factory=dict)
    ceasefire_margin: dict[str, list[float]] = field(default_factory=_sides)
    halt_margin: dict[str, list[float]] = field(default_factory=_sides)
    settlement_margin: dict[str, list[float]] = field(default_factory=_sides)
    red_line_blocks: dict[str, list[bool]] = field(default_factory=_sides)
    ceasefire_active: list[bool] = field(default_factory=list)
    truce_active: list[bool] = field(default_factory=list)
    settled: list[bool] = field(default_factory=list)
    aid_paused: list[bool] = field(default_factory=list)


class Follower:
    """Observer of a replayed block: keeps one world's records and chart series week by week."""

    def __init__(self, world: int):
        self.world = world
        self.weeks: list[list[dict]] = []
        self.series = Series()
        self.before = WorldBefore()  # the model's starting state

    def __call__(self, model: ConflictModel, ws: WeekState) -> None:
        """Record one week of the followed world."""
        w = self.world
        before = self.before
        records = week_records(model, ws, w, before)
        self.before = world_before(model, w)
        if not records:
            return
        self.weeks.append(records)
        self.add_series(model, ws, before, records)

    def add_series(self, model, ws: WeekState, before: WorldBefore, records) -> None:
        """The chart's values of this week."""
        w, s, f = self.world, self.series, model.battlefield
        talks = before.live
        nan = float("nan")
        s.week.append(ws.week)
        s.kursk.append(100.0 * float(f.kursk[w]))
        s.territory_change.append(100.0 * float(f.territory[w] - f.territory_start[w]))
        s.momentum.append(float(f.momentum[w]))
        s.battle.append(float(ws.battle[w]) if talks and not before.ceasefire else nan)
        crossed = {
            r["party"]: not r["within_red_lines"]
            for r in records
            if r["kind"] == "decision" and r["track"] == "settlement"
        }
        for party, other in ((model.russia, model.ukraine), (model.ukraine, model.russia)):
            k = party.key
            s.truth[k] = float(other.resolve[w])
            s.belief[k].append(float(ws.belief_after[k][w]))
            s.ceasefire_margin[k].append(float(ws.ceasefire_margin[k][w]) if talks else nan)
            s.halt_margin[k].append(float(ws.halt_margin[k][w]) if talks else nan)
            margin = float(ws.table_value[k][w] - ws.fight_value[k][w]) if talks else nan
            s.settlement_margin[k].append(margin)
            s.red_line_blocks[k].append(crossed.get(k, False))
        s.ceasefire_active.append(bool(model.ceasefire[w]))
        s.truce_active.append(bool(model.truce[w]))
        s.settled.append(bool(model.settled[w]))
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
    ideals: dict[str, list[float]] = field(default_factory=dict)  # per side, in ISSUES order
    changes: tuple[str, ...] = ()  # the --set pairs that changed the scenario, as typed

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


def _row(records: dict[str, np.ndarray], world: int) -> dict[str, Any]:
    """One world's runs.csv row as Python values (None where the table has an empty field)."""
    row: dict[str, Any] = {}
    for name, values in records.items():
        value = values[world]
        if name == "outcome":
            row[name] = OUTCOMES[int(value)]
        elif name in WEEK_COLUMNS:
            row[name] = int(value) if value >= 0 else None
        elif name in INT_COLUMNS:
            row[name] = int(value)
        else:
            row[name] = None if np.isnan(value) else float(value)
    return row


def _check_run(run: int) -> None:
    if not 0 <= run < MAX_RUNS:
        raise ExplainError(f"--run must be a whole number from 0 to {MAX_RUNS - 1} (got {run})")


def replay(loaded: Loaded, run: int) -> Story:
    """Replay the block holding ``run`` with the scenario's seed and follow that run's world."""
    return replay_many(loaded, [run])[0]


def replay_many(loaded: Loaded, runs: list[int]) -> list[Story]:
    """The stories of several runs, in the order given, replaying each block they need once."""
    for run in runs:
        _check_run(run)
    stories: dict[int, Story] = {}
    blocks: dict[int, list[int]] = {}
    for run in runs:
        blocks.setdefault(locate(run)[0], []).append(run)
    for block, wanted in blocks.items():
        followers = {run: Follower(locate(run)[1]) for run in wanted}

        def observe(model, ws, followers=followers):
            for follower in followers.values():
                follower(model, ws)

        model = ConflictModel(loaded.scenario, block=block, observer=observe)
        model.run_all()
        records = run_records(model, BLOCK_SIZE)
        for run, follower in followers.items():
            world = follower.world
            stories[run] = Story(
                loaded=loaded,
                run=run,
                seed=loaded.scenario.simulation.seed,
                row=_row(records, world),
                weeks=follower.weeks,
                series=follower.series,
                aid_halt_version=model.russia.offers_aid_halt_version(),
                ideals={q.key: [float(x) for x in q.ideal[world]] for q in model.parties},
            )
    return [stories[run] for run in runs]

"""Monte Carlo runner: simulate whole blocks of worlds, merge their tallies in block order.

Block k is seeded from ``SeedSequence(seed)``'s k-th child and always simulated whole (a surplus
in the last block is discarded), so run i is the same whatever ``--runs`` or ``--workers`` is.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np

from simulator.config import Scenario
from simulator.model import BLOCK_SIZE, ConflictModel, WeekState
from simulator.negotiation import ISSUES
from simulator.results import OUTCOMES, Tally

RUN_COLUMNS: tuple[str, ...] = (
    "run",
    "outcome",
    "ceasefire_week",
    "settlement_week",
    *(f"terms.{issue}" for issue in ISSUES),
    "kursk_control_final",
    "territory_change",
    "casualties.russia",
    "casualties.ukraine",
    "aid_paused_weeks",
    "proposals",
)


@dataclass
class BlockResult:
    """One block's tally and, when asked for, its per-run records (first ``used`` worlds)."""

    block: int
    tally: Tally
    records: dict[str, np.ndarray] | None


def n_blocks(runs: int) -> int:
    """Blocks needed for ``runs`` runs."""
    return -(-runs // BLOCK_SIZE)


def used_in_block(runs: int, block: int) -> int:
    """How many worlds of block ``block`` count toward ``runs``."""
    return min(BLOCK_SIZE, runs - block * BLOCK_SIZE)


class WeeklyObserver:
    """Adds each week's state of the counted worlds to the weekly histograms."""

    def __init__(self, tally: Tally, used: int):
        self.weekly = tally.weekly
        self.used = used

    def __call__(self, model: ConflictModel, week: WeekState) -> None:
        """Record one week."""
        u = self.used
        w = week.week
        add = self.weekly.add
        field = model.battlefield
        add(w, "kursk_control", field.kursk[:u])
        add(w, "territory_change", 100.0 * (field.territory[:u] - field.territory_start[:u]))
        add(w, "momentum", field.momentum[:u])
        for party in model.parties:
            add(w, f"{party.key}.outside", party.outside[:u])
            add(w, f"{party.key}.aspiration", party.aspiration[:u])
        add(w, "us_aid_delivered", field.us_supply[:u])
        add(w, "casualties.russia", field.casualties[0, :u])
        add(w, "casualties.ukraine", field.casualties[1, :u])
        counts = self.weekly.counts
        counts["ceasefire_active"][w] += int(np.count_nonzero(model.ceasefire[:u]))
        counts["first_ceasefire"][w] += int(np.count_nonzero(model.ever_ceasefire[:u]))
        counts["settled"][w] += int(np.count_nonzero(model.settled[:u]))
        counts["escalated"][w] += int(np.count_nonzero(model.escalated[:u]))
        counts["aid_paused"][w] += int(np.count_nonzero(model.us.aid_paused[:u]))


def run_records(model: ConflictModel, used: int) -> dict[str, np.ndarray]:
    """Per-run records of the first ``used`` worlds of a finished block."""
    u = slice(0, used)
    field = model.battlefield
    records: dict[str, np.ndarray] = {
        "run": model.block * BLOCK_SIZE + np.arange(used),
        "outcome": model.outcome_codes()[u],
        "ceasefire_week": model.first_ceasefire_week[u],
        "settlement_week": model.settlement_week[u],
    }
    for j, issue in enumerate(ISSUES):
        records[f"terms.{issue}"] = model.terms[u, j]
    records |= {
        "kursk_control_final": field.kursk[u],
        "territory_change": 100.0 * (field.territory[u] - field.territory_start[u]),
        "casualties.russia": field.casualties[0, u],
        "casualties.ukraine": field.casualties[1, u],
        "aid_paused_weeks": model.aid_paused_weeks[u],
        "proposals": model.proposals[u],
    }
    for path, values in model.drawn.items():
        records[f"param.{path}"] = values[u]
    return records


def tally_records(tally: Tally, records: dict[str, np.ndarray], first: dict[str, np.ndarray]):
    """Fold per-run records into a tally."""
    used = len(records["run"])
    tally.runs += used
    tally.outcomes += np.bincount(records["outcome"], minlength=len(OUTCOMES))
    for key in tally.first_week:
        tally.first_week[key] += int(np.count_nonzero(first[key][:used]))
    metrics = tally.metrics
    for name in ("ceasefire_week", "settlement_week"):
        weeks = records[name]
        metrics[name].add(weeks[weeks >= 0])
    for name, hist in metrics.items():
        if name not in ("ceasefire_week", "settlement_week"):
            hist.add(records[name])


def simulate_block(
    scenario: Scenario, block: int, used: int, keep_records: bool = True
) -> BlockResult:
    """Simulate one whole block; tally its first ``used`` worlds."""
    tally = Tally(scenario.simulation.weeks)
    model = ConflictModel(scenario, block=block, observer=WeeklyObserver(tally, used))
    model.run_all()
    records = run_records(model, used)
    tally_records(tally, records, model.first_responses)
    return BlockResult(block, tally, records if keep_records else None)


def _simulate(args) -> BlockResult:
    return simulate_block(*args)


def resolve_workers(workers: int | str | None) -> int:
    """``auto`` means one worker per core."""
    if workers in (None, "auto"):
        return max(1, os.cpu_count() or 1)
    return max(1, int(workers))


def iter_blocks(
    scenario: Scenario, runs: int, workers: int = 1, keep_records: bool = True
) -> Iterator[BlockResult]:
    """Yield every block's result in block order, simulated here or in a process pool."""
    jobs = [(scenario, b, used_in_block(runs, b), keep_records) for b in range(n_blocks(runs))]
    if workers <= 1 or len(jobs) == 1:
        for job in jobs:
            yield _simulate(job)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=context) as pool:
        yield from pool.map(_simulate, jobs)


def run_monte_carlo(
    scenario: Scenario,
    runs: int,
    workers: int = 1,
    on_block: Callable[[BlockResult], None] | None = None,
    keep_records: bool = True,
) -> Tally:
    """Run ``runs`` worlds and return the merged tally; ``on_block`` sees each block in order."""
    total = Tally(scenario.simulation.weeks)
    for result in iter_blocks(scenario, runs, workers, keep_records):
        total.merge(result.tally)
        if on_block is not None:
            on_block(result)
    return total

"""Monte Carlo runner: simulate whole blocks of worlds, merge their tallies in block order.

Block k is seeded from ``SeedSequence(seed)``'s k-th child and always simulated whole (a surplus
in the last block is discarded), so run i is the same whatever ``--runs`` or ``--workers`` is.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from simulator.engine import ConflictModel
from simulator.montecarlo.blocks import n_blocks, used_in_block
from simulator.montecarlo.executor import ordered_map
from simulator.montecarlo.records import format_rows, run_records
from simulator.montecarlo.tally import WEEK_METRICS, Hist, Tally
from simulator.montecarlo.weekly_observer import WeeklyObserver
from simulator.rules import OUTCOMES
from simulator.scenario import Scenario


@dataclass
class BlockResult:
    """One block's tally and, when asked for, its per-run records (first ``used`` worlds)."""

    block: int
    tally: Tally
    records: dict[str, np.ndarray] | None
    rows: bytes | None = None  # the block's runs.csv rows, formatted where it was simulated

    def __getstate__(self) -> dict:
        """Pickle the tally's wide, mostly empty histograms sparsely (worker -> main process)."""
        tally = copy.copy(self.tally)
        tally.metrics = {name: _sparse_hist(hist) for name, hist in self.tally.metrics.items()}
        # A block's weekly counts are at most BLOCK_SIZE: 32 bits carry them exactly.
        tally.weekly = copy.copy(self.tally.weekly)
        tally.weekly.hists = {k: v.astype(np.int32) for k, v in self.tally.weekly.hists.items()}
        return {"block": self.block, "tally": tally, "records": self.records, "rows": self.rows}

    def __setstate__(self, state: dict) -> None:
        """Rebuild the dense, 64-bit histograms."""
        tally = state["tally"]
        tally.metrics = {name: _dense_hist(hist) for name, hist in tally.metrics.items()}
        tally.weekly.hists = {k: v.astype(np.int64) for k, v in tally.weekly.hists.items()}
        self.__dict__.update(state)


SPARSE_FROM_BINS = 4096


def _sparse_hist(hist: Hist) -> Hist:
    """A copy of ``hist`` whose counts are ``(indices, values)`` when the histogram is wide."""
    if hist.bins < SPARSE_FROM_BINS:
        return hist
    sparse = copy.copy(hist)
    where = np.flatnonzero(hist.counts)
    sparse.counts = (where.astype(np.int32), hist.counts[where].astype(np.int32))
    return sparse


def _dense_hist(hist: Hist) -> Hist:
    """Undo ``_sparse_hist``."""
    if isinstance(hist.counts, tuple):
        where, values = hist.counts
        counts = np.zeros(hist.bins, dtype=np.int64)
        counts[where] = values
        hist.counts = counts
    return hist


def tally_records(tally: Tally, records: dict[str, np.ndarray], first: dict[str, np.ndarray]):
    """Fold per-run records into a tally."""
    used = len(records["run"])
    tally.runs += used
    tally.outcomes += np.bincount(records["outcome"], minlength=len(OUTCOMES))
    for key, answers in first.items():
        count = int(np.count_nonzero(answers[:used]))
        tally.first_week[key] = tally.first_week.get(key, 0) + count
    metrics = tally.metrics
    for name in WEEK_METRICS:
        weeks = records[name]
        metrics[name].add(weeks[weeks >= 0])
    for name, hist in metrics.items():
        if name not in WEEK_METRICS:
            hist.add(records[name])


def simulate_block(
    scenario: Scenario,
    block: int,
    used: int,
    keep_records: bool | tuple[str, ...] = True,
    csv_columns: list[str] | None = None,
) -> BlockResult:
    """Simulate one whole block; tally its first ``used`` worlds.

    ``keep_records`` True returns every per-run record, a tuple of names only those columns
    (a forecast needs three: little to send back from a worker). With ``csv_columns`` the
    block's ``runs.csv`` rows are formatted here, so that with many workers the formatting is
    spread over them instead of piling up in the main process.
    """
    tally = Tally(scenario.simulation.weeks)
    observer = WeeklyObserver(tally, used)
    model = ConflictModel(scenario, block=block, observer=observer)
    model.run_all()
    observer.flush()
    records = run_records(model, used)
    tally_records(tally, records, model.first_responses)
    release(model)
    rows = None
    if csv_columns is not None:
        rows = format_rows(records, csv_columns, OUTCOMES)
    if not keep_records:
        return BlockResult(block, tally, None, rows)
    kept = records if keep_records is True else {k: records[k] for k in keep_records}
    return BlockResult(block, tally, {k: np.array(v) for k, v in kept.items()}, rows)


def release(model: ConflictModel) -> None:
    """Drop a finished block's arrays now instead of at the next full garbage collection.

    A Mesa model and its agents reference each other, so without this every finished block
    (tens of MB) waits for Python's cyclic collector, and the memory of a long run grows with
    the number of blocks until a full collection happens to run.
    """
    agents = list(model.agents)
    for agent in agents:
        agent.__dict__.clear()
    model.__dict__.clear()


def iter_blocks(
    scenario: Scenario,
    runs: int,
    workers: int = 1,
    keep_records: bool | tuple[str, ...] = True,
    dask: str | None = None,
    csv_columns: list[str] | None = None,
) -> Iterator[BlockResult]:
    """Yield every block's result in block order, through the executor (here, pool or Dask).

    Close the iterator (or let an exception pass through it) to stop the workers: queued blocks
    are cancelled and the pool is shut down before the exception goes on.
    """
    tasks = [
        (scenario, b, used_in_block(runs, b), keep_records, csv_columns)
        for b in range(n_blocks(runs))
    ]
    return ordered_map(simulate_block, tasks, workers, dask, name="block")


def run_monte_carlo(
    scenario: Scenario,
    runs: int,
    workers: int = 1,
    on_block: Callable[[BlockResult], None] | None = None,
    keep_records: bool | tuple[str, ...] = True,
    dask: str | None = None,
    csv_columns: list[str] | None = None,
) -> Tally:
    """Run ``runs`` worlds and return the merged tally; ``on_block`` sees each block in order.

    Tallies merge in block order, so the result is the same on one process, a pool or a
    cluster. An exception raised by ``on_block`` (Ctrl-C included) stops the workers first.
    """
    total = Tally(scenario.simulation.weeks)
    blocks = iter_blocks(scenario, runs, workers, keep_records, dask, csv_columns)
    with contextlib.closing(blocks):
        for result in blocks:
            total.merge(result.tally)
            if on_block is not None:
                on_block(result)
    return total

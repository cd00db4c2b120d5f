"""The Monte Carlo layer: many blocks of worlds, run anywhere, merged in block order.

Where a run lives (``locate``), per-run records, mergeable tallies, and the one executor: an
ordered map over tasks with sequential, process-pool and Dask backends, used by every study.

May import: engine, scenario, rules; ``distributed`` imported late (optional extra).
"""

from simulator.montecarlo.blocks import locate, n_blocks, used_in_block
from simulator.montecarlo.executor import ordered_map
from simulator.montecarlo.pool import resolve_workers
from simulator.montecarlo.records import (
    INT_COLUMNS,
    WEEK_COLUMNS,
    format_rows,
    run_records,
    table_columns,
    uncertain_paths,
)
from simulator.montecarlo.runner import BlockResult, run_monte_carlo
from simulator.montecarlo.tally import Z95, Tally, Weekly, wilson_interval

__all__ = [
    "INT_COLUMNS",
    "WEEK_COLUMNS",
    "Z95",
    "BlockResult",
    "Tally",
    "Weekly",
    "format_rows",
    "locate",
    "n_blocks",
    "ordered_map",
    "resolve_workers",
    "run_monte_carlo",
    "run_records",
    "table_columns",
    "uncertain_paths",
    "used_in_block",
    "wilson_interval",
]

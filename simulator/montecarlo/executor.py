"""One door for every study: an ordered map over tasks, run here, in a pool or on Dask.

``run``, ``compare``, ``sweep`` and ``sensitivity`` all hand their tasks (engine blocks or sample
points) to ``ordered_map``; the backend is chosen by ``workers`` and ``dask`` and never changes
the results, which always come back in task order. Close the iterator (or let an exception pass
through it) to stop the workers: queued tasks are cancelled first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from simulator.montecarlo.dask_cluster import map_dask
from simulator.montecarlo.pool import map_pool
from simulator.montecarlo.sequential import map_sequential


def ordered_map(
    function: Callable[..., Any],
    tasks: Sequence[tuple],
    workers: int = 1,
    dask: str | None = None,
    name: str = "task",
) -> Iterator[Any]:
    """``function(*task)`` for every task, yielded in task order.

    With ``dask`` (a scheduler address) the tasks run on that cluster; otherwise on
    ``min(workers, len(tasks))`` local processes, or here when that is one. ``name`` labels the
    tasks on a Dask dashboard.
    """
    if dask is not None:
        return map_dask(dask, function, tasks, name)
    workers = min(workers, len(tasks))
    if workers <= 1:
        return map_sequential(function, tasks)
    return map_pool(function, tasks, workers)

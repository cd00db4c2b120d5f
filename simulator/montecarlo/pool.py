"""The process-pool backend: tasks on local worker processes, results in task order.

Workers start from a ``forkserver`` that has imported the engine once (plain ``fork`` of a
process that may hold threads is unsafe); they leave Ctrl-C to the main process, which cancels
queued tasks and shuts the pool down before the interrupt goes on.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from simulator.montecarlo.ordered import in_order

TASKS_PER_WORKER_IN_FLIGHT = 2
PRELOAD = ["simulator.montecarlo.runner"]


def resolve_workers(workers: int | str | None) -> int:
    """``auto`` means one worker per core this process may run on."""
    if workers in (None, "auto"):
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except AttributeError:  # not on Linux
            return max(1, os.cpu_count() or 1)
    return max(1, int(workers))


def _ignore_interrupts() -> None:
    """Pool workers leave Ctrl-C to the main process, which shuts the pool down cleanly."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _pool_context():
    """``forkserver`` (workers fork from a server that has imported the engine once), else spawn."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


def map_pool(function: Callable[..., Any], tasks: Sequence[tuple], workers: int) -> Iterator[Any]:
    """``function(*task)`` for each task on ``workers`` processes, yielded in task order."""
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=_pool_context(), initializer=_ignore_interrupts
    )
    try:
        yield from in_order(
            lambda i: pool.submit(function, *tasks[i]),
            lambda future: future.result(),
            len(tasks),
            window=TASKS_PER_WORKER_IN_FLIGHT * workers,
        )
    finally:
        pool.shutdown(wait=True, cancel_futures=True)

"""The process-pool backend: tasks on local worker processes, results in task order.

Workers start from a ``forkserver`` that has imported the engine once (plain ``fork`` of a
process that may hold threads is unsafe); they leave Ctrl-C to the main process, which cancels
queued tasks and shuts the pool down before the interrupt goes on.

Ctrl-C, SIGTERM and SIGHUP are blocked while a task is submitted (which is when the forkserver
and the workers start), so a child never sees one before it has set its own handling: the
forkserver inherits the blocked set and waits for the main process to exit, a worker ignores
Ctrl-C and dies on SIGTERM or SIGHUP. The main process gets the signal as soon as the submit
returns, and stops the pool.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from simulator.montecarlo.ordered import in_order

TASKS_PER_WORKER_IN_FLIGHT = 2
PRELOAD = ["simulator.montecarlo.runner"]
STOP_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM, signal.SIGHUP})
"""Signals that stop a command; blocked while children start (see the module docstring)."""


def resolve_workers(workers: int | str | None) -> int:
    """``auto`` means one worker per core this process may run on."""
    if workers in (None, "auto"):
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except AttributeError:  # not on Linux
            return max(1, os.cpu_count() or 1)
    return max(1, int(workers))


def _ignore_interrupts() -> None:
    """Pool workers leave Ctrl-C to the main process, which shuts the pool down cleanly.

    A worker starts with the stop signals blocked (inherited from the submit that started it):
    Ctrl-C is ignored first, so one pressed during start-up is dropped, then they are unblocked.
    SIGTERM and SIGHUP keep their default action, so a worker sent one directly stops.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


@contextlib.contextmanager
def stop_signals_blocked():
    """Hold Ctrl-C, SIGTERM and SIGHUP while children start; they take effect when this ends.

    The signals are blocked (children started meanwhile inherit that) and, in the main thread,
    their handlers only note them: a signal can reach a helper thread (a BLAS thread, say)
    whose Python handler would otherwise raise in the middle of starting a worker, leaving it
    unregistered and unjoined. The first one noted is handled as usual at the end.
    """
    held: list[int] = []
    previous = {}
    if threading.current_thread() is threading.main_thread():
        previous = {sig: signal.signal(sig, lambda n, _f: held.append(n)) for sig in STOP_SIGNALS}
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if held:
            handler = previous[held[0]]
            if callable(handler):
                handler(held[0], None)
            elif handler == signal.SIG_DFL:
                signal.raise_signal(held[0])


def _pool_context():
    """``forkserver`` (workers fork from a server that has imported the engine once), else spawn."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


def map_pool(function: Callable[..., Any], tasks: Sequence[tuple], workers: int) -> Iterator[Any]:
    """``function(*task)`` for each task on ``workers`` processes, yielded in task order."""
    with stop_signals_blocked():
        pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=_pool_context(), initializer=_ignore_interrupts
        )

    def submit(i: int):
        with stop_signals_blocked():
            return pool.submit(function, *tasks[i])

    try:
        yield from in_order(
            submit,
            lambda future: future.result(),
            len(tasks),
            window=TASKS_PER_WORKER_IN_FLIGHT * workers,
        )
    finally:
        pool.shutdown(wait=True, cancel_futures=True)

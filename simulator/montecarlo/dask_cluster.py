"""The Dask backend: tasks on an existing Dask distributed cluster (``--dask ADDRESS``).

The scheduler receives one task per engine block or sample point; results come back
in block order and are merged exactly as on one machine, so the summary is identical to a
local run with the same seed. At most a bounded number of blocks is in flight, so the memory
of the client does not grow with the number of runs. Every worker must be able to import the
same version of negsim (``pip install 'negsim[distributed]'`` in the workers' environment).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from simulator import UserError, __version__
from simulator.montecarlo.ordered import in_order

CONNECT_TIMEOUT = "10s"
WAIT_FOR_WORKERS_SECONDS = 30
TASKS_PER_THREAD_IN_FLIGHT = 2


class ClusterError(UserError):
    """The Dask cluster cannot be used (not installed, unreachable, no workers, wrong version)."""


def worker_version() -> str:
    """The negsim version a Dask worker imports (checked before any block is sent).

    The function travels by reference, so on a worker ``__version__`` is the worker's own.
    """
    return __version__


def connect(address: str):
    """A ``distributed.Client`` to the scheduler at ``address``, or a ``ClusterError``."""
    try:
        from distributed import Client  # noqa: PLC0415 - optional extra, only with --dask
    except ImportError:
        raise ClusterError(
            "--dask needs the 'distributed' package: pip install 'negsim[distributed]'"
        ) from None
    try:
        return Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from None


def check_workers(client, address: str) -> int:
    """Wait briefly for workers, check they run this negsim version; return their thread count."""
    try:
        client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS_SECONDS)
    except (TimeoutError, OSError):
        raise ClusterError(f"the Dask scheduler at {address} has no workers") from None
    try:
        versions = client.run(worker_version)
    except Exception as exc:
        raise ClusterError(
            f"the Dask workers at {address} cannot import negsim ({exc}); "
            "install negsim in the workers' environment"
        ) from None
    wrong = {w: v for w, v in versions.items() if v != __version__}
    if wrong:
        raise ClusterError(
            f"the Dask workers at {address} run negsim {sorted(set(wrong.values()))}, "
            f"this client runs {__version__}: install the same version everywhere"
        )
    threads = client.nthreads()
    return max(1, sum(threads.values()))


def map_dask(
    address: str, function: Callable[..., Any], tasks: Sequence[tuple], name: str = "task"
) -> Iterator[Any]:
    """``function(*task)`` for every task on the cluster at ``address``, yielded in task order.

    At most ``TASKS_PER_THREAD_IN_FLIGHT`` tasks per worker thread are queued; closing the
    iterator (Ctrl-C, an error downstream) cancels the tasks still queued.
    """
    client = connect(address)
    pending = []
    try:
        threads = check_workers(client, address)
        token = uuid.uuid4().hex[:12]

        def submit(i: int):
            future = client.submit(
                function, *tasks[i], key=f"negsim-{name}-{token}-{i}", pure=False
            )
            pending.append(future)
            return future

        def result(future):
            value = future.result()
            pending.remove(future)
            future.release()
            return value

        yield from in_order(submit, result, len(tasks), window=TASKS_PER_THREAD_IN_FLIGHT * threads)
    finally:
        if pending:
            client.cancel(pending)
        client.close()

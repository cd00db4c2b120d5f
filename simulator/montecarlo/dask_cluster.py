"""Run the blocks of a Monte Carlo on an existing Dask distributed cluster (``--dask ADDRESS``).

The scheduler receives one task per block (``simulate_block`` of block k); results come back
in block order and are merged exactly as on one machine, so the summary is identical to a
local run with the same seed. At most a bounded number of blocks is in flight, so the memory
of the client does not grow with the number of runs. Every worker must be able to import the
same version of negsim (``pip install 'negsim[distributed]'`` in the workers' environment).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

from simulator import __version__
from simulator.scenario.config import Scenario

CONNECT_TIMEOUT = "10s"
WAIT_FOR_WORKERS_SECONDS = 30
BLOCKS_PER_THREAD_IN_FLIGHT = 2


class ClusterError(Exception):
    """The Dask cluster cannot be used (not installed, unreachable, no workers, wrong version)."""


def worker_version() -> str:
    """The negsim version a Dask worker imports (checked before any block is sent)."""
    import simulator

    return simulator.__version__


def connect(address: str):
    """A ``distributed.Client`` to the scheduler at ``address``, or a ``ClusterError``."""
    try:
        from distributed import Client
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


def iter_blocks_dask(
    address: str,
    scenario: Scenario,
    runs: int,
    keep_records: bool,
    csv_columns: list[str] | None = None,
) -> Iterator:
    """Yield every block's ``BlockResult`` in block order, simulated on the cluster at ``address``.

    Closing the iterator (Ctrl-C, an error downstream) cancels the blocks still queued.
    """
    from simulator.montecarlo.runner import in_order, n_blocks, simulate_block, used_in_block

    client = connect(address)
    pending = []
    try:
        threads = check_workers(client, address)
        [shared] = client.scatter([scenario], broadcast=True, hash=False)
        token = uuid.uuid4().hex[:12]

        def submit(b: int):
            future = client.submit(
                simulate_block,
                shared,
                b,
                used_in_block(runs, b),
                keep_records,
                csv_columns,
                key=f"negsim-block-{token}-{b}",
                pure=False,
            )
            pending.append(future)
            return future

        def result(future):
            value = future.result()
            pending.remove(future)
            future.release()
            return value

        yield from in_order(
            submit, result, n_blocks(runs), window=BLOCKS_PER_THREAD_IN_FLIGHT * threads
        )
    finally:
        if pending:
            client.cancel(pending)
        client.close()

"""``--dask ADDRESS``: blocks sent to a Dask scheduler give exactly what one process gives."""

from __future__ import annotations

import pytest

from simulator.engine.model import BLOCK_SIZE

distributed = pytest.importorskip("distributed")

RUNS = 2 * BLOCK_SIZE + 300
ARGS = ["--runs", str(RUNS), "--weeks", "12", "--seed", "11"]


@pytest.fixture(scope="module")
def scheduler():
    """A two-process cluster on loopback, for the module's tests.

    The scheduler's HTTP server takes a free port (``127.0.0.1:0``): with
    ``dashboard_address=None`` it still binds 8787, which another program on a shared machine
    may hold, and the resulting warning would fail the suite.
    """
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
    ) as cluster:
        yield cluster.scheduler_address


def run_cli(invoke, *args: str):
    return invoke(["run", "baseline", "--no-charts", *args])


def test_dask_cluster_writes_the_same_summary_and_runs_table_as_one_process(
    tmp_path, scheduler, invoke
):
    local, remote = tmp_path / "local", tmp_path / "dask"
    assert run_cli(invoke, *ARGS, "--out", str(local)).exit_code == 0
    result = run_cli(invoke, *ARGS, "--out", str(remote), "--dask", scheduler)
    assert result.exit_code == 0, result.output
    assert (local / "summary.json").read_bytes() == (remote / "summary.json").read_bytes()
    assert (local / "runs.csv").read_bytes() == (remote / "runs.csv").read_bytes()


def test_unreachable_scheduler_is_one_clear_error_and_no_folder(tmp_path, monkeypatch, invoke):
    monkeypatch.setattr("simulator.montecarlo.dask_cluster.CONNECT_TIMEOUT", "1s")
    out = tmp_path / "run"
    result = run_cli(invoke, "--runs", "10", "--out", str(out), "--dask", "tcp://127.0.0.1:9")
    assert result.exit_code == 2
    assert result.output.startswith("error: cannot reach the Dask scheduler at tcp://127.0.0.1:9")
    assert list(tmp_path.iterdir()) == []

"""``--workers``: blocks in a process pool give exactly what one process gives."""

from __future__ import annotations

import json
import multiprocessing

import pytest

from simulator.engine.model import BLOCK_SIZE
from simulator.montecarlo.ordered import in_order
from simulator.montecarlo.pool import resolve_workers
from simulator.montecarlo.runner import iter_blocks
from simulator.scenario.loader import load_scenario

RUNS = 2 * BLOCK_SIZE + 500  # three blocks, the last one partly used


def new_children(before: set) -> set:
    """Child processes started since ``before`` that are still running."""
    return set(multiprocessing.active_children()) - before


def run_cli(invoke, *args: str):
    result = invoke(["run", "baseline", "--no-charts", *args])
    assert result.exit_code == 0, result.output
    return result


def test_two_workers_write_the_same_summary_and_runs_table_as_one_process(tmp_path, invoke):
    before = set(multiprocessing.active_children())
    one, two = tmp_path / "one", tmp_path / "two"
    # 30 weeks reach the end of the shortest shipped forecast question: forecast.json too
    run_cli(invoke, "--runs", str(RUNS), "--weeks", "30", "--seed", "7", "--out", str(one))
    run_cli(
        invoke,
        "--runs",
        str(RUNS),
        "--weeks",
        "30",
        "--seed",
        "7",
        "--out",
        str(two),
        "--workers",
        "2",
    )
    assert (one / "summary.json").read_bytes() == (two / "summary.json").read_bytes()
    assert (one / "runs.csv").read_bytes() == (two / "runs.csv").read_bytes()
    assert (one / "forecast.json").read_bytes() == (two / "forecast.json").read_bytes()
    assert json.loads((two / "summary.json").read_text())["runs"] == RUNS
    assert not new_children(before), "the pool's processes were left running"


def test_blocks_come_back_in_block_order_from_the_pool():
    scenario = load_scenario("baseline", ["simulation.weeks=3"]).scenario
    blocks = [r.block for r in iter_blocks(scenario, RUNS, workers=2, keep_records=False)]
    assert blocks == [0, 1, 2]


def test_in_order_keeps_at_most_the_window_in_flight_and_yields_in_order():
    in_flight, most = set(), [0]

    def submit(i):
        in_flight.add(i)
        most[0] = max(most[0], len(in_flight))
        return i

    def result(i):
        in_flight.discard(i)
        return i * 10

    assert list(in_order(submit, result, 50, window=4)) == [i * 10 for i in range(50)]
    assert most[0] == 4


def test_workers_auto_means_one_per_available_core():
    assert resolve_workers("auto") >= 1
    assert resolve_workers("3") == 3


def test_workers_must_be_a_number_or_auto(tmp_path, invoke):
    result = invoke(
        ["run", "baseline", "--no-charts", "--workers", "many", "--out", str(tmp_path / "x")]
    )
    assert result.exit_code == 2
    assert "whole number of workers or 'auto'" in result.output
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_failing_block_stops_the_run_and_leaves_no_folder(tmp_path, monkeypatch, workers, invoke):
    before = set(multiprocessing.active_children())
    out = tmp_path / "run"
    monkeypatch.setattr(
        "simulator.folders.run.Progress.advance",
        lambda self, runs=1: (_ for _ in ()).throw(OSError("disk full")),
    )
    result = invoke(
        [
            "run",
            "baseline",
            "--no-charts",
            "--runs",
            str(RUNS),
            "--weeks",
            "4",
            "--workers",
            workers,
            "--out",
            str(out),
        ],
    )
    assert isinstance(result.exception, OSError)
    assert list(tmp_path.iterdir()) == []
    assert not new_children(before)

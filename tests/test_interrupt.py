"""Ctrl-C during a run: the workers stop, no run folder is left, one line says so, exit 130.

The interrupt is raised at a block boundary (from the per-block callback), not by racing a
real signal, so the test is deterministic.
"""

from __future__ import annotations

import multiprocessing

import pytest

from simulator.engine.model import BLOCK_SIZE
from simulator.montecarlo.runner import run_monte_carlo
from simulator.scenario.loader import load_scenario

RUNS = 4 * BLOCK_SIZE


def new_children(before: set) -> set:
    """Child processes started since ``before`` that are still running."""
    return set(multiprocessing.active_children()) - before


def interrupt_after(monkeypatch, blocks: int) -> list[int]:
    """Make the run's per-block callback raise KeyboardInterrupt after ``blocks`` blocks."""
    seen: list[int] = []

    def advance(self, runs=1):
        seen.append(runs)
        if len(seen) >= blocks:
            raise KeyboardInterrupt

    monkeypatch.setattr("simulator.folders.run.Progress.advance", advance)
    return seen


@pytest.mark.parametrize("workers", ["1", "2"])
@pytest.mark.parametrize("table", ["csv", "parquet"])
def test_ctrl_c_leaves_no_run_folder_and_says_so(tmp_path, monkeypatch, workers, table, invoke):
    before = set(multiprocessing.active_children())
    if table == "parquet":
        pytest.importorskip("pyarrow")
    seen = interrupt_after(monkeypatch, 2)
    out = tmp_path / "run"
    result = invoke(
        [
            "run",
            "baseline",
            "--no-charts",
            "--runs",
            str(RUNS),
            "--weeks",
            "6",
            "--workers",
            workers,
            "--runs-table",
            table,
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 130
    assert result.output.strip() == "interrupted: no run folder was written"
    assert len(seen) == 2
    assert list(tmp_path.iterdir()) == [], "a run folder or a .partial stage was left behind"
    assert not new_children(before), "pool workers were left running"


def test_ctrl_c_with_overwrite_keeps_the_previous_run_folder(tmp_path, monkeypatch, invoke):
    out = tmp_path / "run"
    out.mkdir()
    (out / "summary.json").write_text('{"previous": true}')
    interrupt_after(monkeypatch, 1)
    result = invoke(
        [
            "run",
            "baseline",
            "--no-charts",
            "--runs",
            str(RUNS),
            "--weeks",
            "4",
            "--out",
            str(out),
            "--overwrite",
        ],
    )
    assert result.exit_code == 130
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]
    assert (out / "summary.json").read_text() == '{"previous": true}'


def test_interrupt_in_the_pool_stops_it_after_the_block_in_hand():
    before = set(multiprocessing.active_children())
    scenario = load_scenario("baseline", ["simulation.weeks=4"]).scenario
    done: list[int] = []

    def on_block(result):
        done.append(result.block)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_monte_carlo(scenario, 40 * BLOCK_SIZE, workers=2, on_block=on_block)
    assert done == [0]
    assert not new_children(before)

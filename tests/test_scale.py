"""Scale: memory flat in the number of runs, and the run table written block by block.

Also: the batched weekly histograms are exact, and start-up imports only what a command needs.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from simulator.engine.model import BLOCK_SIZE, ConflictModel
from simulator.montecarlo.records import WEEK_COLUMNS, format_rows
from simulator.montecarlo.runner import simulate_block
from simulator.montecarlo.tally import Tally
from simulator.montecarlo.weekly_observer import WeeklyObserver
from simulator.rules.outcomes import OUTCOMES
from simulator.scenario.loader import load_scenario

PEAK_RSS_SCRIPT = textwrap.dedent(
    """
    import resource, sys
    from click.testing import CliRunner
    from simulator.cli import cli

    runs, out = sys.argv[1:3]
    args = ["run", "baseline", "--no-charts", "--runs", runs, "--weeks", "1",
            "--runs-table", "none", "--out", out]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)  # KiB on Linux
    """
)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss is in KiB on Linux")
def test_peak_memory_does_not_grow_with_the_number_of_runs(tmp_path):
    # Ten times the runs, each count in its own process (run side by side). Keeping every
    # block's tally would add ~90 MB, finished models waiting for a garbage collection ~50 MB.
    counts = (20_000, 200_000)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", PEAK_RSS_SCRIPT, str(n), str(tmp_path / str(n))],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in counts
    ]
    peaks = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        peaks.append(int(out.split()[-1]) / 1024)
    small, large = peaks
    assert large < small + 20, f"peak RSS {small:.0f} MiB at 20k runs, {large:.0f} MiB at 200k"


def records_of_block(weeks: int = 30) -> dict[str, np.ndarray]:
    scenario = load_scenario("baseline", [f"simulation.weeks={weeks}"]).scenario
    return simulate_block(scenario, 0, BLOCK_SIZE).records


def test_runs_csv_rows_match_the_records_to_six_significant_digits():
    records = records_of_block()
    columns = list(records)
    rows = list(csv.reader(format_rows(records, columns, OUTCOMES).decode().splitlines()))
    assert len(rows) == BLOCK_SIZE
    assert [row[0] for row in rows] == [str(i) for i in range(BLOCK_SIZE)]
    for j, name in enumerate(columns):
        cells = [row[j] for row in rows]
        values = records[name]
        if name == "outcome":
            assert cells == [OUTCOMES[v] for v in values]
        elif name in WEEK_COLUMNS:
            assert cells == ["" if v < 0 else str(v) for v in values]
        elif values.dtype.kind == "i":
            assert cells == [str(v) for v in values]
        else:
            shown = np.array([np.nan if c == "" else float(c) for c in cells])
            assert np.array_equal(np.isnan(shown), np.isnan(values)), name
            ok = ~np.isnan(values)
            assert np.allclose(shown[ok], values[ok], rtol=5e-6, atol=1e-12), name


def test_runs_csv_numbers_are_plain_and_short():
    records = {
        "run": np.arange(9),
        "outcome": np.array([0, 1, 2, 3, 4, 0, 1, 2, 3]),
        "value": np.array([0.0, -0.0, -1.5, 1e-7, 123456.7, 0.5, 1.0, np.nan, 2.0 / 3.0]),
        "weeks": np.array([3, 0, 0, 0, 0, 0, 0, 0, 0]),
    }
    text = format_rows(records, ["run", "outcome", "value", "weeks"], OUTCOMES).decode()
    values = [line.split(",")[2] for line in text.splitlines()]
    assert values == ["0", "0", "-1.5", "0.0000001", "123457", "0.5", "1", "", "0.666667"]
    assert text.splitlines()[0] == "0,escalation,0,3"


def test_runs_csv_keeps_six_significant_digits_at_every_magnitude():
    rng = np.random.default_rng(5)
    values = rng.uniform(-1, 1, 20_000) * 10.0 ** rng.integers(-6, 12, 20_000)
    records = {"run": np.arange(values.size), "outcome": np.zeros(values.size, int), "x": values}
    text = format_rows(records, ["run", "outcome", "x"], OUTCOMES).decode()
    cells = [line.rsplit(",", 1)[1] for line in text.splitlines()]
    assert all("e" not in cell for cell in cells)
    shown = np.array([float(cell) for cell in cells])
    assert np.allclose(shown, values, rtol=5.0001e-6, atol=5e-13)
    # 6 significant digits; numbers of a million or more are written whole (no exponent).
    small = np.abs(values) < 1e6
    shown_small = [cell for cell, keep in zip(cells, small, strict=True) if keep]
    digits = [len(cell.lstrip("-").replace(".", "").lstrip("0")) for cell in shown_small]
    assert max(digits) == 6


def test_runs_csv_falls_back_to_exact_formatting_for_huge_values():
    war = OUTCOMES.index("war_continues")
    records = {"run": np.arange(2), "outcome": np.array([war, war]), "x": np.array([2.5e20, 1.25])}
    text = format_rows(records, ["run", "outcome", "x"], OUTCOMES).decode()
    assert text == "0,war_continues,2.5e+20\n1,war_continues,1.25\n"


def test_runs_parquet_holds_the_same_rows_as_runs_csv(tmp_path, invoke):
    pq = pytest.importorskip("pyarrow.parquet")
    args = ["run", "baseline", "--no-charts", "--runs", "3000", "--weeks", "20"]
    for table in ("csv", "parquet"):
        result = invoke([*args, "--runs-table", table, "--out", str(tmp_path / table)])
        assert result.exit_code == 0, result.output
    with (tmp_path / "csv" / "runs.csv").open() as file:
        rows = list(csv.DictReader(file))
    frame = pq.read_table(tmp_path / "parquet" / "runs.parquet").to_pydict()
    assert list(frame) == list(rows[0])
    assert len(frame["run"]) == len(rows) == 3000
    assert frame["outcome"] == [row["outcome"] for row in rows]
    for name in ("ceasefire_week", "settlement_week", "proposals"):
        assert [None if v is None else str(v) for v in frame[name]] == [
            row[name] or None for row in rows
        ]
    for name in ("terms.territory", "casualties.russia"):
        for value, row in zip(frame[name], rows, strict=True):
            assert (value is None) == (row[name] == "")
            if value is not None:
                assert float(row[name]) == pytest.approx(value, rel=5e-6)
    summaries = [
        json.loads((tmp_path / t / "summary.json").read_text()) for t in ("csv", "parquet")
    ]
    assert summaries[0] == summaries[1]


def test_parquet_without_pyarrow_is_one_clear_error_and_no_folder(tmp_path, monkeypatch, invoke):
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    out = tmp_path / "run"
    result = invoke(
        [
            "run",
            "baseline",
            "--no-charts",
            "--runs",
            "10",
            "--runs-table",
            "parquet",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 2
    assert "--runs-table parquet needs pyarrow" in result.output
    assert list(tmp_path.iterdir()) == []


def test_runs_table_none_writes_no_table(tmp_path, invoke):
    out = tmp_path / "run"
    result = invoke(
        [
            "run",
            "baseline",
            "--no-charts",
            "--runs",
            "100",
            "--runs-table",
            "none",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert not (out / "runs.csv").exists()
    assert not (out / "runs.parquet").exists()
    assert (out / "summary.json").exists()


class DirectObserver(WeeklyObserver):
    """The reference: every week binned at once with ``Weekly.add``."""

    def add(self, week, name, values):
        """Bin this week's values now."""
        self.weekly.add(week, name, values)

    def flush(self):
        """Nothing is stashed."""


def test_batched_weekly_histograms_equal_binning_week_by_week():
    scenario = load_scenario("baseline", ["simulation.weeks=40"]).scenario
    used = BLOCK_SIZE - 100
    tallies = []
    for observer_class in (DirectObserver, WeeklyObserver):
        tally = Tally(40)
        observer = observer_class(tally, used)
        ConflictModel(scenario, block=3, observer=observer).run_all()
        observer.flush()
        tallies.append(tally.weekly)
    direct, batched = tallies
    for name, hist in direct.hists.items():
        assert np.array_equal(hist, batched.hists[name]), name
    for name, counts in direct.counts.items():
        assert np.array_equal(counts, batched.counts[name]), name


def test_listing_scenarios_does_not_import_the_engine():
    code = "import sys, simulator.cli; print('mesa' in sys.modules, 'numpy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split()[0] == "False"

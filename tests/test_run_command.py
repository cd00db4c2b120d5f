"""`negsim run`: the run folder, summary.json's contract, runs.csv, reproducibility."""

import csv
import json

import pytest

from simulator.cli import cli
from simulator.rules.metrics import METRICS as METRIC_TABLE
from simulator.rules.negotiation import ISSUES
from simulator.rules.outcomes import OUTCOMES
from simulator.scenario.loader import load_scenario

METRICS = [
    "ceasefire_week",
    "settlement_week",
    "truce_week",
    "truce_weeks",
    *(f"terms.{issue}" for issue in ISSUES),
    "kursk_control_final",
    "territory_change",
    "casualties.russia",
    "casualties.ukraine",
    "aid_paused_weeks",
    "proposals",
    "belief.russia_about_ukraine",
    "belief.ukraine_about_russia",
]


def run(invoke, args):
    result = invoke(["run", *args, "--no-charts"] if _has_no_charts() else ["run", *args])
    assert result.exit_code == 0, result.output
    return result


def _has_no_charts():
    return any(p.name == "no_charts" for p in cli.commands["run"].params)


@pytest.fixture(scope="module")
def seeded_baseline(tmp_path_factory, invoke):
    """``negsim run baseline --runs 2500 --seed 7`` (its own runs and seed): folder and output."""
    out = tmp_path_factory.mktemp("runs") / "baseline"
    result = run(invoke, ["baseline", "--runs", "2500", "--seed", "7", "--out", str(out)])
    return out, result.output


def test_run_prints_each_outcome_with_its_interval(seeded_baseline):
    _, output = seeded_baseline
    lines = output.splitlines()
    rows = [next(i for i, line in enumerate(lines) if line.startswith(name)) for name in OUTCOMES]
    assert rows == list(range(rows[0], rows[0] + len(OUTCOMES)))  # six rows, in this order
    assert "95 % interval" in output


def test_run_prints_the_new_metrics_and_the_week_0_answers(seeded_baseline):
    _, output = seeded_baseline
    for name in ("truce_week", "truce_weeks", "belief.russia_about_ukraine", "terms.armed_forces"):
        assert any(line.startswith(METRIC_TABLE[name].short) for line in output.splitlines()), name
    assert "Week 0, US 30-day ceasefire: Ukraine accepts in" in output
    assert "Week 0, energy-strike truce: Ukraine accepts in" in output
    assert max(len(line) for line in output.splitlines() if "Run folder" not in line) <= 80


def test_run_table_says_what_each_number_is_and_its_unit(seeded_baseline):
    out, output = seeded_baseline
    summary = json.loads((out / "summary.json").read_text())
    lines = output.splitlines()
    assert "How the 2,500 runs end after 52 weeks, in % of the runs:" in lines
    share = summary["outcomes"]["war_continues"]["probability"]
    assert any(
        line.startswith("war_continues") and f"{100 * share:.1f} %" in line for line in lines
    )
    rows = {line[:35].strip(): line[35:45].strip() for line in lines}
    assert rows["Russian killed and wounded"] == "thousands"
    assert rows["Claimed regions Russia gained"] == "% points"
    assert rows["Kursk salient Russia holds at end"] == "share 0-1"
    assert rows["Settlement signed (runs with one)"] == "week"
    assert "week 0 = 2025-03-13" in " ".join(lines)  # the key under the table dates week 0


def test_summary_has_the_contracted_keys(seeded_baseline):
    out, _ = seeded_baseline
    summary = json.loads((out / "summary.json").read_text())
    for key in (
        "scenario",
        "runs",
        "seed",
        "weeks",
        "outcomes",
        "metrics",
        "first_week_responses",
        "version",
        "scenario_sha256",
    ):
        assert key in summary
    assert summary["scenario"] == "baseline"
    assert summary["runs"] == 2500 and summary["seed"] == 7 and summary["weeks"] == 52
    assert list(summary["outcomes"]) == list(OUTCOMES)
    total = sum(row["probability"] for row in summary["outcomes"].values())
    assert total == pytest.approx(1.0)
    assert sum(row["count"] for row in summary["outcomes"].values()) == 2500
    for row in summary["outcomes"].values():
        low, high = row["ci95"]
        assert low <= row["probability"] <= high
    for name in METRICS:
        assert set(summary["metrics"][name]) >= {"n", "mean", "p10", "p50", "p90", "unit", "label"}
    assert set(summary["first_week_responses"]) == {
        "ukraine_accepts",
        "russia_accepts",
        "ukraine_accepts_truce",  # the baseline offers the partial truce from week 0
        "russia_accepts_truce",
    }


def test_runs_csv_has_one_row_per_run_with_the_contracted_columns(seeded_baseline):
    out, _ = seeded_baseline
    with (out / "runs.csv").open() as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 2500
    assert [row["run"] for row in rows[:3]] == ["0", "1", "2"]
    for column in (
        "run",
        "outcome",
        "ceasefire_week",
        "settlement_week",
        "truce_week",
        "truce_weeks",
        "kursk_control_final",
        "territory_change",
        "casualties.russia",
        "casualties.ukraine",
        "aid_paused_weeks",
        "proposals",
        "belief.russia_about_ukraine",
        "belief.ukraine_about_russia",
        *(f"terms.{i}" for i in ISSUES),
    ):
        assert column in rows[0]
    assert any(column.startswith("param.") for column in rows[0])
    for row in rows:
        signed = row["settlement_week"] != ""  # terms are the package each run signed first
        assert (row["terms.territory"] != "") == signed
        if row["outcome"] in ("comprehensive_settlement", "settlement_collapsed"):
            assert signed
        assert row["outcome"] in OUTCOMES


def test_resolved_scenario_is_written_and_loads_to_the_same_scenario(seeded_baseline):
    out, _ = seeded_baseline
    summary = json.loads((out / "summary.json").read_text())
    reloaded = load_scenario(
        str(out / "scenario.yaml"), ["simulation.seed=7", "simulation.runs=2500"]
    )
    assert reloaded.sha256 == summary["scenario_sha256"]


def test_same_seed_gives_the_same_summary_whatever_the_workers(tmp_path, invoke):
    one, two = tmp_path / "one", tmp_path / "two"
    run(invoke, ["baseline", "--runs", "4100", "--seed", "3", "--workers", "1", "--out", str(one)])
    run(invoke, ["baseline", "--runs", "4100", "--seed", "3", "--workers", "2", "--out", str(two)])
    assert (one / "summary.json").read_text() == (two / "summary.json").read_text()
    assert (one / "runs.csv").read_text() == (two / "runs.csv").read_text()


def test_an_existing_non_empty_folder_is_refused(tmp_path, invoke):
    out = tmp_path / "taken"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    result = invoke(["run", "baseline", "--runs", "10", "--out", str(out)])
    assert result.exit_code == 2
    assert "--overwrite" in result.output
    assert (out / "keep.txt").read_text() == "mine"


def test_list_shows_the_baseline(invoke):
    result = invoke(["list"])
    assert result.exit_code == 0
    assert "baseline" in result.output


def test_show_resolves_overrides(invoke):
    result = invoke(["show", "baseline", "--set", "actors.russia.resolve=0.95"])
    assert result.exit_code == 0
    assert "0.95" in result.output

"""``negsim compare``: paired runs on common random numbers, paired intervals, charts, JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from simulator.analysis.statistics import (
    INDICATORS,
    indicator,
    median_interval,
    paired_difference,
)
from simulator.report.compare_charts import INDICATOR_LABELS, comparison_chart, differences_chart
from simulator.report.compare_text import format_comparison
from simulator.report.palette import OUTCOME_LABELS, STYLES
from simulator.rules.outcomes import OUTCOME_CODE, OUTCOMES

RUNS = 1000
HIGH_HAZARD = """\
name: high_hazard
extends: baseline
description: The baseline with a ten times higher weekly risk of a wider escalation.
escalation:
  weekly_hazard: 0.02
"""


def compare(invoke, tmp: Path, *scenarios: str, extra: tuple[str, ...] = ()) -> dict:
    out = tmp / "cmp"
    result = invoke(["compare", *scenarios, "--runs", str(RUNS), "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    doc = json.loads((out / "comparison.json").read_text(encoding="utf-8"))
    doc["_output"] = result.output
    doc["_folder"] = out
    return doc


@pytest.fixture(scope="module")
def hazard_comparison(tmp_path_factory, invoke) -> dict:
    tmp = tmp_path_factory.mktemp("hazard")
    path = tmp / "high_hazard.yaml"
    path.write_text(HIGH_HAZARD, encoding="utf-8")
    return compare(invoke, tmp, "baseline", str(path))


def test_identical_scenarios_give_paired_differences_of_exactly_zero(tmp_path, invoke):
    doc = compare(invoke, tmp_path, "baseline", "baseline")
    assert [s["label"] for s in doc["scenarios"]] == ["baseline", "baseline (2)"]
    (diff,) = doc["paired_differences"]
    for name, row in diff["outcomes"].items():
        assert row["difference"] == 0.0, name
        assert row["ci95"] == [0.0, 0.0], name
        assert row["reference_only"] == row["other_only"] == 0
    first, second = doc["scenarios"]
    assert first["outcomes"] == second["outcomes"]


def test_raising_the_escalation_hazard_gives_a_difference_whose_interval_excludes_zero(
    hazard_comparison,
):
    diff = hazard_comparison["paired_differences"][0]
    assert (diff["reference"], diff["scenario"]) == ("baseline", "high_hazard")
    assert list(diff["outcomes"]) == list(INDICATORS)  # six outcomes, settlement, agreement
    escalation = diff["outcomes"]["escalation"]
    assert escalation["ci95"][0] > 0.0
    assert escalation["ci95"][0] <= escalation["difference"] <= escalation["ci95"][1]
    # Escalation ends runs before a deal: fewer settlements and fewer agreements of any kind.
    assert diff["outcomes"]["settlement"]["ci95"][1] < 0.0
    assert diff["outcomes"]["agreement"]["ci95"][1] < 0.0
    assert "*" in hazard_comparison["_output"]  # the table marks intervals that exclude zero


def test_settlement_counts_held_and_collapsed_settlements_and_agreement_adds_ceasefires(
    hazard_comparison,
):
    for block in hazard_comparison["scenarios"]:
        count = {k: block["outcomes"][k]["count"] for k in OUTCOMES}
        settled = count["comprehensive_settlement"] + count["settlement_collapsed"]
        assert block["settlement"]["count"] == settled
        assert block["agreement"]["count"] == (
            settled + count["ceasefire_holding"] + count["ceasefire_collapsed"]
        )
        # Median weeks are over every run that had the event, also those that later escalated.
        assert block["settlement_week"]["n"] >= settled
        assert block["agreement_week"]["n"] >= block["agreement"]["count"]
        assert block["agreement_week"]["n"] >= block["settlement_week"]["n"]


def test_indicators_are_read_from_outcome_codes():
    codes = np.array([OUTCOME_CODE[k] for k in OUTCOMES])  # one run ending in each outcome
    assert indicator(codes, "settlement_collapsed").tolist() == [0, 0, 1, 0, 0, 0]
    assert indicator(codes, "settlement").tolist() == [0, 1, 1, 0, 0, 0]
    assert indicator(codes, "agreement").tolist() == [0, 1, 1, 1, 1, 0]


def test_paired_interval_is_narrower_than_two_independent_intervals(hazard_comparison):
    base, high = hazard_comparison["scenarios"]
    paired = hazard_comparison["paired_differences"][0]["outcomes"]["escalation"]
    paired_half = (paired["ci95"][1] - paired["ci95"][0]) / 2
    halves = [
        (s["outcomes"]["escalation"]["ci95"][1] - s["outcomes"]["escalation"]["ci95"][0]) / 2
        for s in (base, high)
    ]
    assert paired_half < np.hypot(*halves)


def test_every_scenario_runs_with_one_seed_and_one_number_of_runs(hazard_comparison):
    assert hazard_comparison["runs"] == RUNS
    assert hazard_comparison["seed"] == 20250313  # the first scenario's seed
    for block in hazard_comparison["scenarios"]:
        counts = [block["outcomes"][k]["count"] for k in OUTCOMES]
        assert sum(counts) == RUNS
    folder = hazard_comparison["_folder"]
    assert sorted(p.name for p in folder.iterdir()) == [
        "comparison.json",
        "comparison.png",
        "comparison.svg",
        "differences.png",
        "differences.svg",
        "report.html",
        "scenario-1-baseline.yaml",
        "scenario-2-high_hazard.yaml",
    ]


def test_grouped_bar_chart_has_one_bar_per_outcome_and_scenario(hazard_comparison):
    fig = comparison_chart(hazard_comparison, STYLES["slides"])
    ax = fig.axes[0]
    assert len(ax.patches) == len(OUTCOMES) * 2
    heights = sorted(round(p.get_height(), 6) for p in ax.patches)
    expected = sorted(
        round(100 * s["outcomes"][k]["probability"], 6)
        for s in hazard_comparison["scenarios"]
        for k in OUTCOMES
    )
    assert heights == pytest.approx(expected)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["baseline", "high_hazard"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        *OUTCOME_LABELS.values(),
        "95 % interval (Wilson)",
    ]
    assert ax.get_ylabel() == "Share of runs (%)"
    assert ax.get_xlabel() == "Scenario (same random streams in every scenario)"
    assert fig._suptitle.get_text() == "Outcomes by scenario (1,000 paired runs each)"
    assert any("illustrative model output, not a forecast" in t.get_text() for t in fig.texts)


def test_differences_chart_has_a_point_and_interval_per_outcome(hazard_comparison):
    fig = differences_chart(hazard_comparison, STYLES["slides"])
    ax = fig.axes[0]
    assert len(ax.containers) == len(INDICATORS)  # six outcomes, any settlement, any agreement
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        INDICATOR_LABELS[k] for k in reversed(INDICATORS)
    ]
    assert ax.get_xlabel() == "Difference vs baseline (percentage points)"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["high_hazard"]
    escalation = ax.containers[0]
    x = escalation.lines[0].get_xdata()[0]
    assert x == pytest.approx(
        100 * hazard_comparison["paired_differences"][0]["outcomes"]["escalation"]["difference"]
    )


def test_paired_difference_of_known_indicators():
    a = np.array([1, 1, 0, 0, 0, 0, 0, 0], dtype=bool)
    b = np.array([1, 1, 1, 1, 0, 0, 0, 0], dtype=bool)
    row = paired_difference(a, b)
    assert row["difference"] == 0.25
    assert (row["other_only"], row["reference_only"], row["n"]) == (2, 0, 8)
    half = 1.959963984540054 * np.std(b.astype(float) - a, ddof=1) / np.sqrt(8)
    assert row["ci95"] == pytest.approx([0.25 - half, 0.25 + half], abs=1e-6)


def test_median_week_interval_brackets_the_median_and_skips_runs_without_agreement():
    weeks = np.array([-1, -1, *range(100)])
    row = median_interval(weeks)
    assert row["n"] == 100
    assert row["median"] == 49.5
    assert row["ci95"][0] < 49.5 < row["ci95"][1]
    assert median_interval(np.array([-1, -1]))["median"] is None


def test_terminal_table_has_a_row_per_indicator_and_the_median_weeks(hazard_comparison):
    text = format_comparison(hazard_comparison)
    rows = [line.split()[0] for line in text.splitlines() if line[:1].isalpha()]
    for key in INDICATORS:
        assert rows.count(key) == 2  # once for the probabilities, once for the differences
    assert "first settlement" in text and "first agreement" in text
    assert "not a forecast" in text


def test_compare_needs_two_scenarios_and_reports_bad_ones_clearly(tmp_path, invoke):
    one = invoke(["compare", "baseline", "--out", str(tmp_path / "a")])
    assert one.exit_code == 2
    assert "at least two scenarios" in one.output
    bad = invoke(["compare", "baseline", "no_such_scenario", "--out", str(tmp_path / "b")])
    assert bad.exit_code == 2
    assert "no scenario named 'no_such_scenario'" in bad.output
    assert not (tmp_path / "b").exists()


def test_comparison_report_shows_paired_differences_and_the_parameters_that_differ(
    hazard_comparison,
):
    page = (hazard_comparison["_folder"] / "report.html").read_text(encoding="utf-8")
    assert "Paired differences vs baseline" in page
    assert page.count("data:image/png;base64,") == 2
    row = re.search(r"<tr><td>escalation.weekly_hazard</td>(.*?)</tr>", page).group(1)
    assert "0.002" in row and "0.02" in row  # the one parameter that differs
    assert "high_hazard.yaml:5" in row  # and where the new value was read
    assert "negsim compare baseline" in page

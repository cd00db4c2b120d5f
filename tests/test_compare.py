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
    assert ax.get_title() == "high_hazard\nminus baseline"  # each scenario its own named panel
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
    lines = text.splitlines()
    for key in INDICATORS:
        name = {"settlement": "any settlement", "agreement": "any agreement"}.get(key, key)
        rows = [line for line in lines if line.startswith(name + "  ")]
        assert len(rows) == 2, key  # once for the shares, once for the differences
    assert "first settlement" in text and "first agreement" in text
    assert "not a forecast" in text
    assert max(len(line) for line in lines) <= 80


def test_terminal_explains_any_agreement_beside_the_runs_with_an_agreement(hazard_comparison):
    text = " ".join(format_comparison(hazard_comparison).split())
    assert (
        "any agreement = comprehensive_settlement + settlement_collapsed + ceasefire_holding + "
        "ceasefire_collapsed" in text
    )
    for s in hazard_comparison["scenarios"]:
        reached, ended = s["agreement_week"]["n"], s["agreement"]["count"]
        share = 100 * s["agreement"]["probability"]
        assert (
            f"{s['label']}: {reached:,} runs with an agreement = {ended:,} (any agreement, "
            f"{share:.1f} % of 1,000 runs) + {reached - ended:,} agreed, then escalated."
        ) in text
    high = hazard_comparison["scenarios"][1]
    assert high["agreement_week"]["n"] > high["agreement"]["count"]  # with a 2 % weekly hazard


def _one_difference(low: float, high: float) -> dict:
    """A comparison document with one paired difference of the given interval (shares)."""
    block = {
        "label": "a",
        "outcomes": {k: {"count": 0, "probability": 0.0, "ci95": [0.0, 0.0]} for k in OUTCOMES},
        "settlement": {"count": 0, "probability": 0.0, "ci95": [0.0, 0.0]},
        "agreement": {"count": 0, "probability": 0.0, "ci95": [0.0, 0.0]},
        "agreement_week": {"n": 0, "median": None, "ci95": [None, None]},
        "settlement_week": {"n": 0, "median": None, "ci95": [None, None]},
    }
    row = {"difference": (low + high) / 2, "ci95": [low, high], "reference_only": 0}
    row |= {"other_only": 0, "n": 100}
    return {
        "runs": 100,
        "seed": 1,
        "reference": "a",
        "scenarios": [block, {**block, "label": "b"}],
        "paired_differences": [
            {"scenario": "b", "reference": "a", "outcomes": dict.fromkeys(INDICATORS, row)}
        ],
    }


@pytest.mark.parametrize(
    ("low", "high", "shown", "starred"),
    [
        (-0.016, -0.00004, "[-1.6, 0.0]", False),  # rounds to zero: it cannot be told from zero
        (-0.016, -0.0006, "[-1.6, -0.1]", True),
        (0.0004, 0.02, "[0.0, +2.0]", False),
        (0.003, 0.02, "[+0.3, +2.0]", True),
        (-0.01, 0.01, "[-1.0, +1.0]", False),
    ],
)
def test_a_difference_is_starred_only_when_its_printed_interval_excludes_zero(
    low, high, shown, starred
):
    text = format_comparison(_one_difference(low, high))
    diff = [line for line in text.splitlines() if line.startswith("escalation")][-1]
    assert shown in diff and diff.endswith("*") == starred
    assert "-0.0" not in text
    assert "the 95 % paired interval, as printed, lies wholly above or wholly below zero" in (
        " ".join(text.split())
    )


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

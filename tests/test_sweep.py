"""``negsim sweep``: outcome probabilities against one parameter, sweep.csv and its chart."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from simulator.analysis.statistics import INDICATORS
from simulator.analysis.sweep import parse_values, sweep_notes
from simulator.report.palette import AGREEMENT_LABEL, OUTCOME_LABELS, SETTLEMENT_LABEL, STYLES
from simulator.report.sweep_charts import sweep_chart
from simulator.report.sweep_text import format_sweep
from simulator.rules.outcomes import OUTCOMES
from simulator.scenario.loader import load_scenario

RUNS = 1000


@pytest.fixture(scope="module")
def hazard_sweep(tmp_path_factory, invoke) -> Path:
    out = tmp_path_factory.mktemp("sweep") / "hazard"
    result = invoke(
        [
            "sweep",
            "baseline",
            "--param",
            "escalation.weekly_hazard",
            "--values",
            "0:0.02:3",
            "--runs",
            str(RUNS),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    return out


def test_range_values_are_evenly_spaced_with_both_ends():
    assert parse_values("0:0.01:5") == ["0", "0.0025", "0.005", "0.0075", "0.01"]
    assert parse_values("0:16:5") == ["0", "4", "8", "12", "16"]
    assert parse_values("0.1, 0.2,0.3") == ["0.1", "0.2", "0.3"]
    assert parse_values("ceasefire,never") == ["ceasefire", "never"]


@pytest.mark.parametrize("text", ["1:2", "a:b:3", "0:1:1", ",", "0:1:1000"])
def test_malformed_values_are_refused_with_the_form_expected(text):
    with pytest.raises(ValueError, match=r"LOW|STEPS|value"):
        parse_values(text)


def test_sweep_csv_has_one_row_per_value_with_probabilities_and_intervals(hazard_sweep):
    with (hazard_sweep / "sweep.csv").open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert [r["escalation.weekly_hazard"] for r in rows] == ["0", "0.01", "0.02"]
    for row in rows:
        assert int(row["runs"]) == RUNS
        total = sum(float(row[f"{k}.probability"]) for k in OUTCOMES)
        assert total == pytest.approx(1.0)
        settled = sum(
            float(row[f"{k}.probability"])
            for k in ("comprehensive_settlement", "settlement_collapsed")
        )
        assert float(row["settlement.probability"]) == pytest.approx(settled, abs=1e-6)
        # Runs that signed have a settlement week; so do those that broke down and escalated.
        assert int(row["settlement_week.n"]) >= round(settled * RUNS)
        if row["escalation.weekly_hazard"] == "0":
            assert int(row["settlement_week.n"]) == round(settled * RUNS)
        for k in INDICATORS:
            low, p, high = (
                float(row[f"{k}.{f}"]) for f in ("ci95_low", "probability", "ci95_high")
            )
            assert low <= p <= high
    escalation = [float(r["escalation.probability"]) for r in rows]
    assert escalation[0] == 0.0  # no hazard, no escalation
    assert escalation[0] < escalation[1] < escalation[2]


def test_sweep_chart_draws_a_line_and_band_per_outcome_and_the_median_week(hazard_sweep):
    doc = json.loads((hazard_sweep / "sweep.json").read_text(encoding="utf-8"))
    fig = sweep_chart(doc, STYLES["slides"])
    top, bottom = fig.axes[:2]
    assert len(top.get_lines()) == len(INDICATORS)  # six outcomes, any settlement, agreement
    assert len(top.collections) == len(INDICATORS)  # a 95 % band per line
    assert [t.get_text() for t in top.get_legend().get_texts()] == [
        *OUTCOME_LABELS.values(),
        SETTLEMENT_LABEL,
        AGREEMENT_LABEL,
    ]
    assert top.get_ylabel() == "Share of runs (%)"
    assert bottom.get_xlabel() == "escalation.weekly_hazard (value set for every run)"
    assert bottom.get_ylabel() == "Median week\nfrom the start"
    settlement, agreement = bottom.get_lines()
    assert [t.get_text() for t in bottom.get_legend().get_texts()] == [
        "Median week of first settlement (runs with one)",
        "Median week of first agreement (runs with one)",
    ]
    for line, key in ((settlement, "settlement_week"), (agreement, "agreement_week")):
        assert list(line.get_xdata()) == [0.0, 0.01, 0.02]
        assert list(line.get_ydata()) == [r[key]["median"] for r in doc["rows"]]
    assert fig._suptitle.get_text().replace("\n", " ") == (
        "baseline: sweep of escalation.weekly_hazard (1,000 runs per value)"
    )
    assert sorted(p.name for p in hazard_sweep.iterdir()) == [
        "report.html",
        "scenario.yaml",
        "sweep.csv",
        "sweep.json",
        "sweep.png",
        "sweep.svg",
    ]


def test_a_value_outside_the_allowed_range_is_one_clear_error_and_writes_nothing(tmp_path, invoke):
    out = tmp_path / "bad"
    result = invoke(
        [
            "sweep",
            "baseline",
            "--param",
            "escalation.weekly_hazard",
            "--values",
            "0.1,2",
            "--runs",
            "10",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 2
    assert "--values 2" in result.output
    assert "escalation.weekly_hazard" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_an_unknown_parameter_suggests_the_right_key(tmp_path, invoke):
    result = invoke(
        [
            "sweep",
            "baseline",
            "--param",
            "escalation.weekly_hazzard",
            "--values",
            "0.1",
            "--out",
            str(tmp_path / "x"),
        ],
    )
    assert result.exit_code == 2
    assert "did you mean 'weekly_hazard'" in result.output


def test_sweep_report_shows_the_table_chart_and_command(hazard_sweep):
    page = (hazard_sweep / "report.html").read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == 1
    assert "<td>0.01</td>" in page
    assert "negsim sweep baseline --param escalation.weekly_hazard --values 0,0.01,0.02" in page


def test_sweeping_a_private_resolve_warns_that_it_becomes_common_knowledge():
    base = load_scenario("baseline")
    (note,) = sweep_notes(base, "actors.russia.resolve")
    assert "private" in note and "every side knows it" in note
    assert "negsim sensitivity --param actors.russia.resolve" in note
    assert sweep_notes(base, "escalation.weekly_hazard") == []
    known = load_scenario("baseline", ["actors.russia.resolve=0.8"])  # common knowledge already
    assert sweep_notes(known, "actors.russia.resolve") == []


def test_sweep_terminal_tables_use_plain_words_and_fit_80_columns(hazard_sweep):
    doc = json.loads((hazard_sweep / "sweep.json").read_text(encoding="utf-8"))
    text = format_sweep(doc)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 80
    for short in ("escal ", "cf_hold", "cf_coll", "any_agr", "agree wk"):
        assert short not in text
    header = next(i for i, line in enumerate(lines) if "continues" in line)
    assert lines[header - 1].split() == [
        "wider",
        "settlement",
        "settlement",
        "ceasefire",
        "ceasefire",
        "war",
    ]
    assert lines[header].split() == [
        "value",
        "escalation",
        "holds",
        "collapsed",
        "holds",
        "collapsed",
        "continues",
    ]
    first = lines[header + 1].split()
    row = doc["rows"][0]
    assert first[0] == row["value"] == "0"
    assert first[1:3] == [f"{100 * row['escalation']['probability']:.1f}", "%"]
    words = " ".join(text.split())
    assert "any agreement = any settlement + ceasefire holds + ceasefire collapsed" in words
    assert "Median week [95 % interval]: over the runs that had one" in words
    assert "settlement holds = comprehensive_settlement" in words  # the names in sweep.csv
    assert doc["definitions"]["agreement_week"].startswith(
        "median week of first agreement (runs with one): "
    )

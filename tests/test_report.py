"""``report.html``: one self-contained page per run folder, opened without a network."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simulator.report.palette import OUTCOME_LABELS
from simulator.rules.outcomes import OUTCOMES


@pytest.fixture(scope="module")
def no_chart_run(tmp_path_factory, invoke) -> Path:
    out = tmp_path_factory.mktemp("report") / "run"
    result = invoke(
        [
            "run",
            "baseline",
            "--runs",
            "500",
            "--set",
            "actors.russia.resolve=0.75",
            "--no-charts",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    return out


def html_of(folder: Path) -> str:
    return (folder / "report.html").read_text(encoding="utf-8")


def test_report_needs_no_network(no_chart_run):
    page = html_of(no_chart_run)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<script" not in page
    assert "<link" not in page
    assert "@import" not in page


def test_report_holds_summary_assumptions_and_the_reproducing_command(no_chart_run):
    page = html_of(no_chart_run)
    for label in OUTCOME_LABELS.values():
        assert f"<td>{label}</td>" in page
    assert "95 % interval" in page
    assert "Model assumptions" in page
    assert "not a forecast" in page
    assert (
        f"<pre>negsim run baseline --runs 500 --set actors.russia.resolve=0.75 "
        f"--out {no_chart_run} --no-charts</pre>"
    ) in page
    assert "negsim run scenario.yaml --out NEW_FOLDER" in page


def test_report_lists_the_six_outcomes_in_order_and_the_new_metrics_in_plain_words(no_chart_run):
    page = html_of(no_chart_run)
    positions = [page.index(f"<td>{OUTCOME_LABELS[name]}</td>") for name in OUTCOMES]
    assert positions == sorted(positions)
    for name, words in (
        ("truce_week", "week of the first partial truce"),
        ("truce_weeks", "weeks a partial truce was in force"),
        ("belief.russia_about_ukraine", "Russia&#x27;s final mean belief about Ukraine&#x27;s"),
        ("belief.ukraine_about_russia", "Ukraine&#x27;s final mean belief about Russia&#x27;s"),
        ("terms.armed_forces", "Armed forces term of the signed settlement"),
    ):
        assert re.search(rf"<tr><td>{re.escape(name)}</td><td>{words}", page), name
    assert "terms are over the runs that signed a settlement" in page


def test_report_gives_the_week_0_answers_to_the_ceasefire_and_the_partial_truce(no_chart_run):
    page = html_of(no_chart_run)
    ceasefire = re.search(r"the US 30-day ceasefire proposal: Ukraine accepts in ([\d.]+) %", page)
    assert float(ceasefire.group(1)) >= 95.0  # the article: Ukraine agreed
    assert re.search(
        r"the partial truce on strikes on energy infrastructure: Ukraine accepts in [\d.]+ % "
        r"of runs, Russia in [\d.]+ %",
        page,
    )


def test_parameters_show_where_each_value_came_from(no_chart_run):
    page = html_of(no_chart_run)
    row = re.search(r"<tr><td>battlefield.kursk_russian_control</td>(.*?)</tr>", page).group(1)
    assert "scenarios/baseline.yaml:" in row
    assert "article:" in row and "86%" in row  # the comment on that line of the file
    resolve = re.search(r"<tr><td>actors.russia.resolve</td>(.*?)</tr>", page).group(1)
    assert "0.75" in resolve and "command line" in resolve
    uncertain = re.search(r"<tr><td>battlefield.russian_momentum</td>(.*?)</tr>", page).group(1)
    assert "triangular(" in uncertain


def test_without_charts_the_report_says_how_to_draw_them(no_chart_run):
    assert "negsim chart draws them" in html_of(no_chart_run)
    assert not list(no_chart_run.glob("*.png"))

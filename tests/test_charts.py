"""The classroom charts of a run folder: what each figure shows, and that redrawing is exact."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from simulator import __version__
from simulator.folders.read_back import read_run_folder
from simulator.folders.run_charts import build_run_figures, report_charts
from simulator.folders.staging import is_negsim_folder
from simulator.report.palette import (
    ACTOR_COLOURS,
    OUTCOME_COLOURS,
    STATE_COLOURS,
    STATE_LABELS,
    STYLES,
    TRUCE_LABEL,
)
from simulator.report.run_charts import CHARTS
from simulator.report.run_data import STATES, changes_text, scenario_label
from simulator.rules.outcomes import OUTCOMES
from tests.helpers import chart_stems

RUNS = 1000
AGREEABLE = """\
name: agreeable
extends: baseline
description: Ukraine shares Russia's positions, so nearly every run settles (to chart terms).
actors:
  ukraine:
    ideal: {neutrality: 1.0, territory: 0.95, armed_forces: 0.9, western_aid: 0.9, sanctions: 0.9,
            security_guarantees: 0.9}
    red_lines: {territory: {max: {dist: uniform, low: 0.96, high: 0.99}}}
escalation: {weekly_hazard: 0.0}
"""


def run_folder(invoke, tmp: Path, scenario: str, *extra: str) -> Path:
    out = tmp / "run"
    result = invoke(["run", scenario, "--runs", str(RUNS), "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def baseline_figures(baseline_folder):
    return build_run_figures(baseline_folder)


@pytest.fixture(scope="module")
def agreeable_folder(tmp_path_factory, invoke) -> Path:
    tmp = tmp_path_factory.mktemp("agreeable")
    path = tmp / "agreeable.yaml"
    path.write_text(AGREEABLE, encoding="utf-8")
    return run_folder(invoke, tmp, str(path), "--no-charts")


def summary_of(folder: Path) -> dict:
    return json.loads((folder / "summary.json").read_text(encoding="utf-8"))


def legend_texts(ax) -> list[str]:
    legend = ax.get_legend()
    return [] if legend is None else [t.get_text() for t in legend.get_texts()]


def test_run_writes_every_chart_as_png_and_svg(baseline_folder):
    for stem in CHARTS:
        png = baseline_folder / f"{stem}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert (
            (baseline_folder / f"{stem}.svg")
            .read_text(encoding="utf-8")
            .lstrip()
            .startswith("<?xml")
        )
    # 200 dpi on a 10 x 5.625 in slide: 2000 x 1125 pixels
    header = (baseline_folder / "outcomes.png").read_bytes()[16:24]
    assert (int.from_bytes(header[:4], "big"), int.from_bytes(header[4:], "big")) == (2000, 1125)


def test_every_chart_is_titled_with_scenario_and_runs_and_carries_the_footer(baseline_figures):
    footer = (
        f"Scenario: baseline · 1,000 runs · seed 20250313 · negsim {__version__} · "
        "illustrative model output, not a forecast"
    )
    assert set(baseline_figures) == set(CHARTS)
    for fig in baseline_figures.values():
        title = fig._suptitle.get_text()
        assert title.startswith("baseline: ")
        assert "1,000 runs" in title
        assert footer in [t.get_text() for t in fig.texts]


def test_outcome_chart_draws_one_bar_per_outcome_with_its_interval(
    baseline_figures, baseline_folder
):
    ax = baseline_figures["outcomes"].axes[0]
    summary = summary_of(baseline_folder)
    bars = ax.patches
    assert len(bars) == len(OUTCOMES)
    for bar, name in zip(bars, OUTCOMES, strict=True):
        assert bar.get_height() == pytest.approx(100 * summary["outcomes"][name]["probability"])
        assert bar.get_facecolor()[:3] == pytest.approx(_rgb(OUTCOME_COLOURS[name]))
    assert [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()] == [
        "Wider escalation",
        "Comprehensive settlement",
        "Settlement collapsed",
        "Ceasefire holding",
        "Ceasefire collapsed",
        "War continues",
    ]
    assert len({OUTCOME_COLOURS[name] for name in OUTCOMES}) == len(OUTCOMES)
    assert ax.get_ylabel() == "Share of runs (%)"
    assert ax.get_xlabel() == "Outcome at the horizon (week 52)"
    assert legend_texts(ax) == ["95 % interval (Wilson)"]
    assert len(ax.containers) == 2 * len(OUTCOMES)  # a bar and an error bar per outcome


def test_every_run_is_at_war_in_a_ceasefire_settled_or_escalated_each_week(baseline_folder):
    data = read_run_folder(baseline_folder)
    shares = data.state_shares()
    assert list(shares) == list(STATES)
    total = sum(shares.values())
    assert total.shape == (52,)
    assert total == pytest.approx(np.ones(52))
    counts = sum(data.weekly.counts[state] for state in STATES)
    assert (counts == RUNS).all()


def test_time_to_event_stacks_the_weekly_states_to_all_runs_beside_the_horizon_mix(
    baseline_figures, baseline_folder
):
    fig = baseline_figures["time_to_event"]
    weekly, mix = fig.axes[:2]
    data = read_run_folder(baseline_folder)
    summary = summary_of(baseline_folder)
    layers = weekly.collections
    assert len(layers) == len(STATES)  # one stacked layer per state, at war at the bottom
    tops = [layer.get_paths()[0].vertices[:, 1].max() for layer in layers]
    assert tops[-1] == pytest.approx(100.0)  # the layers stack to every run, every week
    for layer, state in zip(layers, reversed(STATES), strict=True):
        assert layer.get_facecolor()[0][:3] == pytest.approx(_rgb(STATE_COLOURS[state]))
    # the last week of the stack is the outcome mix at the horizon
    share = {k: 100.0 * v[-1] for k, v in data.state_shares().items()}
    outcome = {k: 100.0 * v["probability"] for k, v in summary["outcomes"].items()}
    assert share["escalated"] == pytest.approx(outcome["escalation"])
    assert share["settled"] == pytest.approx(outcome["comprehensive_settlement"])
    assert share["ceasefire_active"] == pytest.approx(outcome["ceasefire_holding"])
    at_war = ("settlement_collapsed", "ceasefire_collapsed", "war_continues")
    assert share["at_war"] == pytest.approx(sum(outcome[k] for k in at_war))
    # the partial truce is a line over the stack: the share of runs under one each week
    (truce,) = weekly.get_lines()
    truce_share = 100.0 * data.weekly.counts["truce_active"] / RUNS
    assert truce.get_ydata()[:-1] == pytest.approx(truce_share)
    assert truce.get_label() == TRUCE_LABEL
    assert weekly.get_ylabel() == "Share of runs (%)"
    assert weekly.get_xlabel() == "Week of the simulation (weeks)"
    # the horizon column: one segment per outcome, first outcome on top, summing to 100 %
    segments = mix.patches
    assert len(segments) == len(OUTCOMES)
    assert sum(p.get_height() for p in segments) == pytest.approx(100.0)
    assert [p.get_y() for p in segments] == sorted((p.get_y() for p in segments), reverse=True)
    for patch, name in zip(segments, OUTCOMES, strict=True):
        assert patch.get_height() == pytest.approx(outcome[name])
        assert patch.get_facecolor()[:3] == pytest.approx(_rgb(OUTCOME_COLOURS[name]))
    key = fig.axes[2]  # the legends: the weekly states first, then the outcomes at the horizon
    states, horizon = key.artists[0], key.get_legend()
    assert [t.get_text() for t in states.get_texts()] == [
        *(STATE_LABELS[s] for s in STATES),
        TRUCE_LABEL,
    ]
    assert [t.get_text().split(":")[0] for t in horizon.get_texts()] == [
        "Wider escalation",
        "Comprehensive settlement",
        "Settlement collapsed",
        "Ceasefire holding",
        "Ceasefire collapsed",
        "War continues",
    ]


def test_beliefs_chart_shows_each_sides_error_about_the_other_narrowing_toward_the_truth(
    baseline_figures, baseline_folder
):
    fig = baseline_figures["beliefs"]
    russia, ukraine = fig.axes[:2]
    assert russia.get_title() == "Russia's belief about Ukraine"
    assert ukraine.get_title() == "Ukraine's belief about Russia"
    assert "fighting corrects optimism" in fig._suptitle.get_text().replace("\n", " ")
    note = " ".join(t.get_text() for t in fig.texts)
    assert "Slantchev" in note and "Blainey" in note
    data = read_run_folder(baseline_folder)
    for ax, key in ((russia, "russia"), (ukraine, "ukraine")):
        assert legend_texts(ax) == ["10–90 % of runs", "Median of runs", "The truth"]
        median, truth = ax.get_lines()
        assert median.get_color() == ACTOR_COLOURS[key]
        assert set(truth.get_ydata()) == {0.0}
        other = "ukraine" if key == "russia" else "russia"
        low, mid, high = data.weekly.band(f"belief_error.{key}_about_{other}")
        assert median.get_ydata()[:-1] == pytest.approx(mid)
        # fighting reveals resolve: the spread of errors is narrower at the horizon than in
        # week 0, and the truth stays inside the band
        assert high[-1] - low[-1] < high[0] - low[0]
        assert (low <= 0).all() and (high >= 0).all()
    assert russia.get_ylabel() == "Belief about the other's resolve\nminus its true resolve"


def test_week_axes_also_show_calendar_dates_from_the_start_date(baseline_figures):
    for stem in ("time_to_event", "battlefield", "beliefs", "bargaining_range", "us_aid"):
        dated = [
            child
            for ax in baseline_figures[stem].axes
            for child in ax.child_axes
            if "13 Mar 2025" in child.get_xlabel()
        ]
        assert dated, stem


def test_terms_chart_shows_signed_settlements_with_ideal_points_and_red_lines(agreeable_folder):
    fig = build_run_figures(agreeable_folder, only=("settled_terms",))["settled_terms"]
    ax = fig.axes[0]
    summary = summary_of(agreeable_folder)
    n = summary["metrics"]["terms.territory"]["n"]  # every run that signed one, held or not
    outcomes = summary["outcomes"]
    held = outcomes["comprehensive_settlement"]["count"]
    assert held + outcomes["settlement_collapsed"]["count"] <= n
    assert n > 900
    title = fig._suptitle.get_text().replace("\n", " ")
    assert f"settled terms, {n:,} signed settlements (1,000 runs)" in title
    boxes = [
        p
        for p in ax.patches
        if p.get_facecolor()[:3] == pytest.approx(_rgb(OUTCOME_COLOURS["comprehensive_settlement"]))
    ]
    assert len(boxes) == 6  # one box per issue
    ticks = sorted(ax.get_yticklabels(), key=lambda t: -t.get_position()[1])  # top to bottom
    assert [t.get_text() for t in ticks] == [
        "Neutrality",
        "Territory",
        "Armed forces",
        "Western aid",
        "Sanctions",
        "Security guarantees",
    ]
    texts = legend_texts(ax)
    assert f"Settled terms, n = {n:,} (box 25–75 %, line 10–90 %)" in texts
    for actor in ("United States", "Russia", "Ukraine"):
        assert f"{actor} ideal" in texts
    assert "Russia red line (▶ min, ◀ max)" in texts
    assert "Ukraine red line (▶ min, ◀ max)" in texts
    # Russia's territory floor is the front ("never give back ground it holds"): drawn at the
    # front where the run starts, and named
    assert "front" in [t.get_text() for t in ax.texts]
    # Ukraine's ideal points: six markers at its (shifted) positions, in Ukraine's colour
    ukraine = [
        line
        for line in ax.get_lines()
        if line.get_color() == ACTOR_COLOURS["ukraine"] and line.get_marker() == "o"
    ]
    assert len(ukraine) == 6
    assert sorted(float(line.get_xdata()[0]) for line in ukraine) == [0.9, 0.9, 0.9, 0.9, 0.95, 1.0]
    assert ax.get_xlabel() == "Position on the issue (0 = Ukraine's preferred pole, 1 = Russia's)"


def test_terms_chart_says_so_when_no_run_settled(tmp_path, invoke):
    folder = run_folder(
        invoke,
        tmp_path,
        "baseline",
        "--no-charts",
        "--set",
        "actors.russia.red_lines.neutrality.min=0.9",
        "--set",
        "actors.ukraine.red_lines.neutrality.max=0.1",
    )
    fig = build_run_figures(folder, only=("settled_terms",))["settled_terms"]
    assert "settled terms, 0 signed settlements" in fig._suptitle.get_text().replace("\n", " ")
    assert "No run signed a settlement" in [t.get_text() for t in fig.axes[0].texts]


def test_battlefield_fan_chart_has_median_band_and_ceasefire_shading(baseline_figures):
    fig = baseline_figures["battlefield"]
    kursk, territory = fig.axes[:2]
    assert kursk.get_ylabel() == "Kursk salient\nheld by Russia (%)"
    assert territory.get_ylabel() == "Change in claimed\nregions held by\nRussia (pp)"
    assert territory.get_xlabel() == "Week of the simulation (weeks)"
    for ax in (kursk, territory):
        medians = [line for line in ax.get_lines() if line.get_label() == "Median"]
        assert len(medians) == 1
        assert len(medians[0].get_xdata()) == 53  # weeks 0..51 as steps, closed at week 52
    assert set(legend_texts(kursk)) == {
        "10–90 % of runs",
        "Median",
        "Ceasefire in force (darker = more runs)",
    }
    kursk_median = kursk.get_lines()[-1].get_ydata()
    assert min(kursk_median) >= 0
    assert max(kursk_median) <= 100


def test_bargaining_chart_sets_each_sides_value_of_fighting_on_against_the_us_package(
    baseline_figures, baseline_folder
):
    fig = baseline_figures["bargaining_range"]
    russia, ukraine = fig.axes[:2]
    assert (russia.get_title(), ukraine.get_title()) == ("Russia", "Ukraine")
    assert russia.get_ylabel() == "Utility (1 = the side's ideal package)"
    data = read_run_folder(baseline_folder)
    for ax, key in ((russia, "russia"), (ukraine, "ukraine")):
        assert legend_texts(ax) == [
            "10–90 % of runs (fighting on)",
            "Value of fighting on, median",
            "10–90 % of runs (package)",
            "Value of the US package (net of breakdown risk), median",
        ]
        fight, table = ax.get_lines()
        assert (fight.get_color(), table.get_color()) == (ACTOR_COLOURS[key], ACTOR_COLOURS["us"])
        assert fight.get_ydata()[:-1] == pytest.approx(
            data.weekly.band(f"{key}.fight_value")[1], nan_ok=True
        )
        assert len(ax.collections) == 2
        assert not any(
            "aspiration" in t.lower() or "outside" in t.lower() for t in legend_texts(ax)
        )
    note = " ".join(t.get_text() for t in fig.texts)
    assert "net of the risk that the settlement breaks down" in note


def test_us_aid_chart_shows_pause_and_delivery_by_week_and_weeks_paused(
    baseline_figures, baseline_folder
):
    fig = baseline_figures["us_aid"]
    weekly, hist = fig.axes[:2]
    (paused,) = weekly.get_lines()
    assert paused.get_ydata()[0] == pytest.approx(100.0)  # article: aid paused in week 0
    # aid reaching the front is a share of runs, drawn as a shaded area, not a line
    (front,) = [c for c in weekly.collections if c.get_label().startswith("US aid reaching")]
    top = front.get_paths()[0].vertices
    assert top[:, 1].max() == pytest.approx(100.0)  # the pipeline still delivers in week 0
    assert legend_texts(weekly) == [
        "US aid paused (the decision), with its 95 % interval",
        "US aid reaching the front (shaded), 8 weeks behind the decision",
    ]
    assert weekly.get_ylabel() == "Share of runs (%)"
    assert hist.get_xlabel() == "US aid pause per run (weeks)"
    assert len(hist.patches) == 53  # 0..52 weeks paused
    assert sum(p.get_height() for p in hist.patches) == pytest.approx(100.0)
    median = summary_of(baseline_folder)["metrics"]["aid_paused_weeks"]["p50"]
    assert any(t.startswith(f"Median {median:.0f} weeks") for t in legend_texts(hist))


def test_us_aid_legends_sit_above_the_data_and_every_bar_is_whole(baseline_figures):
    fig = baseline_figures["us_aid"]
    fig.draw_without_rendering()  # the layout the saved PNG has
    weekly, hist = fig.axes[:2]
    tallest = max(p.get_height() for p in hist.patches)
    for ax, data_top in ((weekly, 100.0), (hist, tallest)):
        legend = ax.get_legend().get_window_extent()
        assert legend.y0 > ax.transData.transform((0.0, data_top))[1]  # nothing drawn there
        assert ax.get_ylim()[1] > data_top
    low, high = hist.get_xlim()
    assert all(low <= p.get_x() and p.get_x() + p.get_width() <= high for p in hist.patches)
    median = [c for c in hist.collections if c.get_label().startswith("Median")]
    assert median[0].get_segments()[0][:, 1].max() == pytest.approx(tallest)


def test_slides_style_is_16_by_9_with_larger_type_than_paper(baseline_folder):
    slides = build_run_figures(baseline_folder, "slides", only=("outcomes",))["outcomes"]
    paper = build_run_figures(baseline_folder, "paper", only=("outcomes",))["outcomes"]
    width, height = slides.get_size_inches()
    assert width / height == pytest.approx(16 / 9)
    assert STYLES["slides"].font > 1.5 * STYLES["paper"].font
    assert slides._suptitle.get_fontsize() > paper._suptitle.get_fontsize()
    assert paper.get_size_inches()[0] < width


def test_chart_command_redraws_byte_identical_charts_and_report(baseline_folder, invoke):
    before = {p.name: p.read_bytes() for p in baseline_folder.glob("*.[ps][nv]g")}
    before["report.html"] = (baseline_folder / "report.html").read_bytes()
    for p in baseline_folder.glob("*.[ps][nv]g"):
        p.unlink()
    result = invoke(["chart", str(baseline_folder)])
    assert result.exit_code == 0, result.output
    after = {p.name: p.read_bytes() for p in baseline_folder.glob("*.[ps][nv]g")}
    after["report.html"] = (baseline_folder / "report.html").read_bytes()
    assert len(before) == 2 * len(chart_stems(baseline_folder)) + 1
    assert len(chart_stems(baseline_folder)) > len(CHARTS), "precondition: a forecast is drawn"
    assert after == before


def test_paper_charts_are_drawn_beside_the_slides_and_the_folder_stays_a_run_folder(
    baseline_folder, tmp_path, invoke
):
    folder = tmp_path / "run"
    shutil.copytree(baseline_folder, folder)
    slides = {p.name: p.read_bytes() for p in folder.glob("*.[ps][nv]g")}
    result = invoke(["chart", str(folder), "--style", "paper"])
    assert result.exit_code == 0, result.output
    paper = {f"{stem}.paper.{ext}" for stem in chart_stems(folder) for ext in ("png", "svg")}
    for name in paper:
        assert f"wrote {folder / name}" in result.output  # says where each file went
    assert {p.name: p.read_bytes() for p in folder.glob("*.[ps][nv]g") if p.name not in paper} == (
        slides
    )
    width = int.from_bytes((folder / "outcomes.paper.png").read_bytes()[16:20], "big")
    assert width == 1300  # 6.5 in at 200 dpi: the paper style
    assert not [p for p in folder.iterdir() if p.name.startswith(".negsim-")]  # stage swapped
    assert is_negsim_folder(folder)  # --overwrite still recognises it
    data = read_run_folder(folder)
    assert data.runs == RUNS
    pngs = [png.name for png, _ in report_charts(folder)]
    assert pngs == [f"{stem}.png" for stem in CHARTS]  # the report shows the slides
    for stem in CHARTS:
        (folder / f"{stem}.png").unlink()
    pngs = [png.name for png, _ in report_charts(folder)]
    assert pngs == [f"{stem}.paper.png" for stem in CHARTS]  # or the paper ones if alone


def test_a_changed_scenario_is_labelled_so_and_an_old_folder_reads_as_before():
    summary = {"scenario": "baseline", "changes": ["actors.us.pressure_on_russia=0.6"]}
    assert scenario_label(summary) == "baseline + 1 change"
    summary["changes"].append("actors.russia.resolve=0.9")
    assert scenario_label(summary) == "baseline + 2 changes"
    assert scenario_label({"scenario": "baseline"}) == "baseline"  # written before changes
    assert scenario_label({"scenario": "baseline", "changes": []}) == "baseline"
    assert changes_text(summary["changes"]) == (
        "actors.us.pressure_on_russia=0.6, actors.russia.resolve=0.9"
    )
    many = [f"actors.us.pressure_on_russia=0.{i}" for i in range(1, 10)]
    text = changes_text(many)
    assert len(text) <= 160
    assert text.startswith(f"{many[0]}, {many[1]}, ")
    assert text.endswith(" more (summary.json lists all)")
    kept = text.count("pressure_on_russia")
    assert f"… and {len(many) - kept} more" in text
    long = "description=" + "a very long description " * 5
    assert changes_text([long]) == long[:51] + "…"  # the key whole, the value cut at 40


def test_chart_on_a_folder_that_is_not_a_run_folder_is_one_clear_error(tmp_path, invoke):
    result = invoke(["chart", str(tmp_path)])
    assert result.exit_code == 2
    assert "is not a finished run folder" in result.output
    assert "summary.json" in result.output
    assert "Traceback" not in result.output


def test_run_with_no_charts_never_imports_matplotlib(tmp_path):
    code = (
        "import sys\n"
        "from simulator.cli import cli\n"
        f"cli(['run', 'baseline', '--runs', '10', '--no-charts', '--out', r'{tmp_path / 'r'}'],"
        " standalone_mode=False)\n"
        "print('matplotlib' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("False")
    assert not list((tmp_path / "r").glob("*.png"))
    assert (tmp_path / "r" / "report.html").is_file()


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    value = hex_colour.lstrip("#")
    return tuple(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))


def test_the_run_report_inlines_every_chart_in_order(baseline_folder):
    page = (baseline_folder / "report.html").read_text(encoding="utf-8")
    images = re.findall(r'<img alt="([^"]+)" src="data:image/png;base64,', page)
    captions = [caption for caption, _ in CHARTS.values()]
    assert [html.unescape(alt) for alt in images][: len(CHARTS)] == captions
    assert page.count("<img") == len(chart_stems(baseline_folder))  # and a chart per question

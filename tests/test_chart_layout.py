"""Every run chart fits a projector and a page: titles wrap, legends stay inside, no text overlaps.

``tests/layout.py`` measures each figure with matplotlib's own text extents. The charts are drawn
from small run folders (60 runs: layout does not depend on how many) of every shipped scenario,
and of a long-named scenario made with ``--set`` changes, in both styles. Every chart is checked
for the baseline and the long-named scenario; for the other shipped scenarios, the charts whose
texts move with the scenario's numbers (bar labels, red lines, the aid legend), to keep the file
fast.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from matplotlib.figure import Figure

from simulator.folders.read_back import read_run_folder
from simulator.folders.run import run_to_folder
from simulator.folders.run_folder import resolved_yaml, write_summary
from simulator.folders.staging import staged_folder
from simulator.montecarlo import run_monte_carlo
from simulator.report import CHARTS, draw_run_figure, style_of
from simulator.scenario import load_scenario, shipped_scenarios
from tests.layout import layout_problems

RUNS = 60
LONG_NAME = "war_of_attrition_long_haul_with_monitored_guarantees"
CHANGES = (
    "actors.us.pressure_on_russia=0.6",
    "description=Both sides dig in for a long war of attrition while monitors watch the line",
    "actors.russia.resolve={dist: uniform, low: 0.6, high: 0.95}",
    "actors.ukraine.red_lines.territory.max=0.9",
)
"""``--set`` pairs as typed: too many to list whole, and a description too long to show whole."""
STYLES = ("slides", "paper")
SCENARIO_DEPENDENT = ("outcomes", "settled_terms", "us_aid")
"""The charts whose texts and their places move most with a scenario's numbers."""
OTHERS = sorted(set(shipped_scenarios()) - {"baseline"})


def write_changed_run(path: Path, out: Path) -> Path:
    """A run folder of ``path`` with ``CHANGES`` applied and recorded, as ``negsim run --set``."""
    loaded = load_scenario(path, [*CHANGES, f"simulation.runs={RUNS}"])
    with staged_folder(out) as stage:
        (stage / "scenario.yaml").write_text(resolved_yaml(loaded), encoding="utf-8")
        write_summary(stage, loaded, run_monte_carlo(loaded.scenario, RUNS), CHANGES)
    return out


@pytest.fixture(scope="session")
def run_data(tmp_path_factory, baseline_folder):
    """``run_data(name)``: the read-back folder of a 60-run scenario, made once per session.

    The baseline is the session's shared 1,000-run folder.
    """
    made = {"baseline": read_run_folder(baseline_folder)}
    root = tmp_path_factory.mktemp("layout")

    def get(name: str):
        if name not in made:
            out = root / name
            if name == LONG_NAME:
                path = root / f"{LONG_NAME}.yaml"
                path.write_text(f"name: {LONG_NAME}\nextends: baseline\n", encoding="utf-8")
                write_changed_run(path, out)
            else:
                loaded = load_scenario(name, [f"simulation.runs={RUNS}"])
                run_to_folder(loaded, out, False, 1, "none")
            made[name] = read_run_folder(out)
        return made[name]

    return get


def drawn(data, stem: str, style: str) -> Figure:
    return draw_run_figure(stem, data, style_of(style))


@pytest.mark.parametrize("stem", list(CHARTS))
@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("scenario", ["baseline", LONG_NAME])
def test_every_run_chart_fits_for_the_baseline_and_a_long_named_changed_scenario(
    run_data, scenario, style, stem
):
    assert layout_problems(drawn(run_data(scenario), stem, style)) == []


@pytest.mark.parametrize("stem", SCENARIO_DEPENDENT)
@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("scenario", OTHERS)
def test_the_charts_that_move_with_the_numbers_fit_for_every_shipped_scenario(
    run_data, scenario, style, stem
):
    assert layout_problems(drawn(run_data(scenario), stem, style)) == []


def test_a_long_title_wraps_and_the_footer_names_the_changes(run_data):
    data = run_data(LONG_NAME)
    assert data.changes == list(CHANGES)
    for style in STYLES:
        fig = drawn(data, "settled_terms", style)
        title = fig._suptitle.get_text()
        assert "\n" in title  # wrapped, not clipped
        assert title.replace("\n", " ").startswith(f"{LONG_NAME} + 4 changes: settled terms, ")
        footer = " ".join(t.get_text() for t in fig.texts).replace("\n", " ")
        assert (
            f"Scenario: {LONG_NAME} (changed: actors.us.pressure_on_russia=0.6, "
            "description=Both sides dig in for a long war of att…, "
            "… and 2 more (summary.json lists all)) · 60 runs" in footer
        )
    summary = json.loads((data.folder / "summary.json").read_text(encoding="utf-8"))
    assert summary["changes"] == list(CHANGES)


def test_a_shipped_run_records_no_changes_and_is_titled_by_its_name(run_data):
    data = run_data("baseline")
    assert data.summary["changes"] == []
    fig = drawn(data, "outcomes", "slides")
    assert fig._suptitle.get_text() == "baseline: outcomes (1,000 runs)"
    assert not any("changed" in t.get_text() for t in fig.texts)


def test_the_layout_check_reports_a_clipped_title_an_outside_legend_and_overlapping_labels():
    fig = Figure(figsize=(6.5, 4.2), layout="constrained")
    ax = fig.subplots()
    ax.plot([0, 1], [0, 1], label="a line")
    fig.suptitle("A title far too long for this figure, " * 3)
    ax.legend(loc="center left", bbox_to_anchor=(1.4, 0.5))
    ax.text(0.2, 0.5, "first label")
    ax.text(0.22, 0.5, "second label")
    problems = layout_problems(fig)
    assert any(p.startswith("text outside the figure: 'A title far too long") for p in problems)
    assert any(p.startswith("legend outside the figure") for p in problems)
    assert "texts overlap: 'first label' and 'second label'" in problems
